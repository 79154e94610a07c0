// The options page: the mode (same explanation as the first-run page), the local list's
// status, the API address, access to shopping sites when missing, clear cached answers.
import * as browser from './lib/browser.js';
import { Messages } from './lib/messages.js';
import { localize } from './lib/page-i18n.js';
import { normalizeApiBase } from './lib/config.js';
import { chosenMode, modeChoice } from './lib/mode-choice.js';
import { showSiteAccess } from './lib/site-access.js';

const $ = (id) => document.getElementById(id);
let fieldset = null;

function say(text) {
  $('options-status').textContent = text;
}

function showSettings(settings) {
  $('api-base').value = settings.apiBase;
  fieldset = modeChoice(document, browser.t, { selected: settings.mode });
  $('mode-choice').replaceChildren(fieldset);
  $('mode-not-chosen').hidden = settings.modeChosen;
  document.body.dataset.mode = settings.modeChosen ? settings.mode : 'unchosen';
}

/** "Version V, N list codes, last updated WHEN." from worker/lookups.js lookupStatus(). */
async function showListStatus() {
  let status = null;
  try {
    status = await browser.sendMessage({ what: Messages.getListStatus });
  } catch {
    status = null;
  }
  const line = $('list-status');
  if (!status || status.version === null || status.version === undefined) {
    line.textContent = browser.t('optionsListNone');
    return;
  }
  const when = status.refreshedAt ? new Date(status.refreshedAt).toLocaleString() : browser.t('optionsListNever');
  line.textContent = browser.t('optionsListStatus', [String(status.version), String(status.count ?? 0), when]);
  line.dataset.version = String(status.version);
}

async function save(event) {
  event.preventDefault();
  try {
    const apiBase = normalizeApiBase($('api-base').value, browser.t);
    // Addresses the browser has not granted need the shopper's permission, asked within this
    // click: no await may come before requestOrigin() (Firefox would refuse it).
    if (!(await browser.requestOrigin(new URL(apiBase).origin))) {
      say(browser.t('optionsPermissionDenied'));
      return;
    }
    const settings = await browser.sendMessage({ what: Messages.saveSettings,
      settings: { apiBase, mode: chosenMode(fieldset) } });
    showSettings(settings);
    say(browser.t('optionsSaved'));
  } catch (error) {
    say(error.message);
  }
}

async function start() {
  localize(document, browser.t);
  showSettings(await browser.sendMessage({ what: Messages.getSettings }));
  $('options-form').addEventListener('submit', save);
  $('clear-cache').addEventListener('click', async () => {
    await browser.sendMessage({ what: Messages.clearCache });
    say(browser.t('optionsCacheCleared'));
  });
  await showSiteAccess(document, browser);
  await showListStatus();
  document.body.dataset.ready = 'true';
}

start();
