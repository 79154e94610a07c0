// Volunteer reports from the popup: POST /api/v1/reports, and "My reports" with their status.
import * as browser from '../lib/browser.js';
import { Messages } from '../lib/messages.js';
import { safeHttpUrl } from '../lib/banner-model.js';
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
 * What sendReport would send, for the popup to show before the shopper presses Send: the
 * request line, the JSON body, and the header names (X-Install-Id's value is a random id).
 */
async function previewReport(message) {
  const { body } = await reportFor(message);
  const { apiBase } = await state.getSettings();
  return { method: 'POST', url: `${apiBase}/api/v1/reports`, headers: ['X-Install-Id'], body };
}

/** Send a report exactly as previewed (message.preview); refused if it would send anything else. */
async function sendReport(message) {
  const { pageUrl, body } = await reportFor(message);
  const { reason } = message;
  if (!message.preview || typeof message.preview !== 'object') throw new Error(browser.t('errorReportNotPreviewed'));
  if (JSON.stringify(message.preview) !== JSON.stringify(body)) throw new Error(browser.t('errorReportChanged'));
  const receipt = await state.api.sendReport(body, await state.installId());
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
