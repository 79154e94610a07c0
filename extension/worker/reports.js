// Volunteer reports from the popup: POST /api/v1/reports, and "My reports" with their status.
import * as browser from '../lib/browser.js';
import { Messages } from '../lib/messages.js';
import { safeHttpUrl } from '../lib/banner-model.js';
import { SNAPSHOT_MAX_BYTES } from '../lib/config.js';
import * as state from './state.js';

export const REPORT_REASONS = Object.freeze(['counterfeit', 'replica_wording', 'price_too_low',
  'seller_admitted', 'prohibited_item', 'other']);
const MAX_DETAILS = 2000;
const MAX_KEPT = 50;

/**
 * The POST /reports body for a tab's page and the form's fields; throws on bad input, worded
 * by t(key, substitutions) from _locales.
 */
export function reportBody({ url, reason, details, evidenceUrl }, page, t = (key) => key) {
  if (!safeHttpUrl(url)) throw new Error(t('errorReportNoUrl'));
  if (!REPORT_REASONS.includes(reason)) throw new Error(t('errorReportReason', [String(reason)]));
  const body = { url, reason };
  const text = String(details || '').trim();
  if (text) body.details = text.slice(0, MAX_DETAILS);
  if (evidenceUrl) {
    const link = safeHttpUrl(String(evidenceUrl).trim());
    if (!link) throw new Error(t('errorEvidenceUrl'));
    body.evidence_urls = [link];
  }
  if (page) {
    if (page.title) body.title = page.title;
    if (page.brand) body.brand = page.brand;
    if (page.price && typeof page.price.amount === 'number') body.price = page.price;
    const seller = {};
    if (page.seller_id) seller.id = page.seller_id;
    if (page.seller_name) seller.name = page.seller_name;
    if (Object.keys(seller).length) body.seller = seller;
  }
  return body;
}

/** The report of the page the tab shows now; what we read from it only if we checked that page. */
async function reportFor({ tabId, url, reason, details, evidenceUrl }) {
  const hasTab = tabId !== undefined && tabId !== null;
  const liveUrl = hasTab ? await browser.tabUrl(tabId) : null;
  const tabState = hasTab ? await state.currentTabState(tabId, liveUrl) : null;
  const pageUrl = liveUrl || tabState?.url || url;
  const body = reportBody({ url: pageUrl, reason, details, evidenceUrl }, tabState?.result?.page,
    browser.t);
  return { pageUrl, body };
}

/**
 * The tab's page as Full check sends it (content/snapshot.js: built from an allow-list, personal
 * data left out), or null where our content scripts do not run.
 */
async function pageSnapshot(tabId) {
  try {
    const html = await browser.runInTab(tabId, (maxBytes) => {
      const snapshot = globalThis.radarSnapshot;
      return snapshot ? snapshot.describePage(document, { snapshot: true, maxBytes }).html : null;
    }, [SNAPSHOT_MAX_BYTES]);
    return typeof html === 'string' && html ? html : null;
  } catch {
    return null; // a page we may not run in (the browser's own pages, a closed tab)
  }
}

/**
 * The page to attach when the shopper ticked "attach": taken once, at preview, and kept for the
 * send, so what is sent is what was shown even if the page changed since.
 */
async function attachedPage(message, pageUrl, fresh) {
  const { tabId } = message;
  if (!message.attachPage || tabId === undefined || tabId === null) return null;
  if (fresh) {
    const html = await pageSnapshot(tabId);
    await state.setReportPage(tabId, html ? { url: pageUrl, html } : null);
    return html;
  }
  const kept = await state.reportPage(tabId);
  return kept && kept.url === pageUrl ? kept.html : null;
}

/**
 * What sendReport would send, for the popup to show before the shopper presses Send: the
 * request line, the JSON body, and the header names (X-Install-Id's value is a random id).
 */
async function previewReport(message) {
  const { pageUrl, body } = await reportFor(message);
  const html = await attachedPage(message, pageUrl, true);
  if (html) body.html = html;
  const { apiBase } = await state.getSettings();
  return { method: 'POST', url: `${apiBase}/api/v1/reports`, headers: ['X-Install-Id'], body,
    pageAttached: Boolean(html) };
}

/** Send a report exactly as previewed (message.preview); refused if it would send anything else. */
async function sendReport(message) {
  const { pageUrl, body } = await reportFor(message);
  const html = await attachedPage(message, pageUrl, false);
  if (html) body.html = html;
  const { reason } = message;
  if (!message.preview || typeof message.preview !== 'object') throw new Error(browser.t('errorReportNotPreviewed'));
  if (JSON.stringify(message.preview) !== JSON.stringify(body)) throw new Error(browser.t('errorReportChanged'));
  const receipt = await state.api.sendReport(body, await state.installId());
  await state.setReportPage(message.tabId, null);
  const kept = [{ id: receipt.id, status: receipt.status, url: pageUrl, reason,
    title: body.title || null, sentAt: Date.now() }, ...(await state.myReports())];
  await state.saveMyReports(kept.slice(0, MAX_KEPT));
  return receipt;
}

/** My reports, newest first, with their status fetched again (kept as-is when offline). */
async function listReports() {
  const reports = await state.myReports();
  const updated = await Promise.all(reports.map(async (report) => {
    try {
      const current = await state.api.getReport(report.id);
      return { ...report, status: current.status, note: current.note ?? null,
        decidedAt: current.decided_at ?? null, stale: false };
    } catch {
      return { ...report, stale: true };
    }
  }));
  await state.saveMyReports(updated.map(({ stale, ...report }) => report));
  return updated;
}

export const handlers = {
  [Messages.previewReport]: previewReport,
  [Messages.sendReport]: sendReport,
  [Messages.listReports]: listReports,
};
