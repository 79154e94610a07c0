// The popup (also opened as a page: popup.html?tab=<tabId>[#report] from the banner).
import * as browser from './lib/browser.js';
import { Messages } from './lib/messages.js';
import { localize } from './lib/page-i18n.js';
import { popupView, reportPreviewView } from './lib/popup-model.js';

const $ = (id) => document.getElementById(id);
let tabId = null;
let tabUrl = null;

async function currentTabId() {
  const fromUrl = new URLSearchParams(location.search).get('tab');
  if (fromUrl !== null) return Number(fromUrl);
  const tab = await browser.activeTab();
  return tab ? tab.id : null;
}

function item(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function renderState(state) {
  tabUrl = state.url || tabUrl;
  const view = popupView(state);
  const label = $('verdict-label');
  label.className = `verdict ${view.verdictClass}`;
  label.dataset.verdict = state.result ? state.result.verdict : state.status;
  label.textContent = browser.t(...view.label);
  $('verdict-hint').textContent = view.hint ? browser.t(...view.hint) : '';

  $('reasons').replaceChildren(...view.reasons.map((reason) => {
    // The tone, not only the severity: a low `reported` reads as information, not a warning.
    const entry = item('li', reason.message, `${reason.severity} tone-${reason.tone}`);
    if (reason.evidenceUrl) {
      const link = item('a', browser.t('bannerEvidence'));
      Object.assign(link, { href: reason.evidenceUrl, target: '_blank', rel: 'noopener noreferrer' });
      entry.append(' ', link);
    }
    return entry;
  }));
  $('reasons-section').hidden = view.reasons.length === 0;
  showDisputeLink(view.disputeUrl);

  $('facts').replaceChildren(...view.facts.flatMap(([key, value]) => [
    item('dt', browser.t(key)), item('dd', value ?? browser.t('factUnknown'))]));
  $('facts-section').hidden = view.facts.length === 0;
}

/** "Dispute this listing" under the reasons of a listed page (the backend's public page). */
function showDisputeLink(url) {
  let line = $('dispute-line');
  if (!url) {
    line?.remove();
    return;
  }
  if (!line) {
    line = item('p');
    line.id = 'dispute-line';
    const link = item('a', browser.t('disputeListing'));
    link.id = 'dispute-link';
    Object.assign(link, { target: '_blank', rel: 'noopener noreferrer' });
    line.append(link);
    $('reasons-section').append(line);
  }
  $('dispute-link').href = url;
}

async function refreshState() {
  if (tabId === null) return;
  renderState(await browser.sendMessage({ what: Messages.getTabState, tabId }));
}

async function checkThisPage() {
  const button = $('check-page');
  button.disabled = true;
  $('verdict-hint').textContent = browser.t('popupChecking');
  try {
    renderState(await browser.sendMessage({ what: Messages.checkTab, tabId, url: tabUrl }));
  } catch (error) {
    renderState({ status: 'error', error: error.message });
  } finally {
    button.disabled = false;
  }
}

function reportFields() {
  return { tabId, url: tabUrl, reason: $('report-reason').value, details: $('report-details').value,
    evidenceUrl: $('report-evidence').value, attachPage: $('report-attach-page').checked };
}

let preview = null; // the body the shopper saw; sendReport sends exactly this or nothing

function hidePreview() {
  preview = null;
  $('report-preview').hidden = true;
}

/** "Preview report": show exactly what would be sent; nothing is sent yet. */
async function previewReport(event) {
  event.preventDefault();
  const status = $('report-status');
  status.className = '';
  status.textContent = '';
  try {
    const shown = await browser.sendMessage({ what: Messages.previewReport, ...reportFields() });
    const view = reportPreviewView(shown);
    $('report-preview-to').textContent = browser.t(...view.to);
    $('report-preview-body').textContent = view.body;
    $('report-preview-page').hidden = !view.page;
    $('report-preview-page-summary').textContent = view.page ? browser.t(...view.page.summary) : '';
    $('report-preview-html').textContent = view.page ? view.page.html : '';
    if (reportFields().attachPage && !view.page) $('report-status').textContent = browser.t('reportNoPage');
    preview = shown.body;
    $('report-preview').hidden = false;
    $('report-send').focus();
  } catch (error) {
    hidePreview();
    status.className = 'error';
    status.textContent = browser.t('reportFailed', [error.message]);
  }
}

/** "Send report", under the preview: the worker sends it only if it is still the same. */
async function sendReport() {
  const status = $('report-status');
  const button = $('report-send');
  if (!preview) return;
  button.disabled = true;
  status.className = '';
  status.textContent = browser.t('reportSending');
  try {
    const receipt = await browser.sendMessage({ what: Messages.sendReport, ...reportFields(), preview });
    status.dataset.reportId = receipt.id;
    status.textContent = browser.t('reportReceipt', [receipt.id, receipt.status]);
    $('report-form').reset();
    hidePreview();
    await showMyReports();
  } catch (error) {
    status.className = 'error';
    status.textContent = browser.t('reportFailed', [error.message]);
  } finally {
    button.disabled = false;
  }
}

/** Which mode checks pages, under the verdict. */
async function showMode() {
  const settings = await browser.sendMessage({ what: Messages.getSettings });
  const key = !settings.modeChosen ? 'popupModeUnchosen'
    : settings.mode === 'full' ? 'popupModeFull' : 'popupModePrivate';
  $('mode-line').textContent = browser.t(key);
  document.body.dataset.mode = settings.modeChosen ? settings.mode : 'unchosen';
  // Full check already sends this page's snapshot with each check; private mode asks first.
  // defaultChecked too: the form's reset after a send goes back to it.
  const attach = $('report-attach-page');
  attach.defaultChecked = settings.modeChosen && settings.mode === 'full';
  attach.checked = attach.defaultChecked;
}

async function showMyReports() {
  const reports = await browser.sendMessage({ what: Messages.listReports });
  const list = $('my-reports');
  if (!reports.length) {
    list.replaceChildren(item('li', browser.t('myReportsEmpty')));
    return;
  }
  list.replaceChildren(...reports.map((report) => {
    const entry = item('li');
    entry.dataset.reportId = report.id;
    const statusKey = { pending: 'statusPending', approved: 'statusApproved', rejected: 'statusRejected' }[report.status];
    entry.append(item('span', report.title || report.url),
      ' — ', item('span', statusKey ? browser.t(statusKey) : report.status, `status-${report.status}`),
      ' ', item('span', report.id, 'report-id'));
    if (report.note) entry.append(' ', item('em', report.note));
    if (report.stale) entry.append(' ', item('span', browser.t('myReportsStale')));
    return entry;
  }));
}

async function start() {
  localize(document, browser.t);
  tabId = await currentTabId();
  $('check-page').addEventListener('click', checkThisPage);
  $('report-form').addEventListener('submit', previewReport);
  // Any change to the form makes the preview stale: it has to be looked at again.
  $('report-form').addEventListener('input', hidePreview);
  $('report-form').addEventListener('change', hidePreview);
  $('report-send').addEventListener('click', sendReport);
  $('report-edit').addEventListener('click', () => { hidePreview(); $('report-reason').focus(); });
  $('my-reports-refresh').addEventListener('click', () => showMyReports().catch(() => {}));
  $('options-link').addEventListener('click', (event) => {
    event.preventDefault();
    browser.openOptionsPage();
  });
  await refreshState().catch((error) => renderState({ status: 'error', error: error.message }));
  await showMode().catch(() => {});
  if (location.hash === '#report') {
    $('report').scrollIntoView();
    $('report-reason').focus();
  }
  document.body.dataset.ready = 'true';
  await showMyReports().catch(() => {});
}

start();
