// What the popup shows for a tab state (from the worker's getTabState). Pure.
import { disputeUrl, hasUnreviewedReports, orderedReasons } from './banner-model.js';

const VERDICT_KEYS = {
  counterfeit: 'verdictCounterfeit',
  suspicious: 'verdictSuspicious',
  authorized: 'verdictAuthorized',
  unknown: 'verdictUnknown',
};

function formatPrice(price) {
  if (!price || typeof price.amount !== 'number') return null;
  return price.currency ? `${price.amount} ${price.currency}` : String(price.amount);
}

/** The hint under an answer's verdict: unreviewed reports are said to be information. */
function hintFor(verdict, result) {
  if (verdict !== 'unknown') return null;
  return [hasUnreviewedReports(result) ? 'verdictUnreviewedReportsHint' : 'verdictUnknownHint'];
}

/**
 * {verdictClass, label: [key, subs], hint: [key, subs]|null, reasons, facts: [[labelKey, value]],
 * disputeUrl}: disputeUrl (or null) is "Dispute this listing" for a listed page, made from the
 * tab state's apiBase (the worker's settings) and url.
 */
export function popupView(tabState) {
  const status = tabState ? tabState.status : 'none';
  const plain = (verdictClass, label, hint) => ({ verdictClass, label, hint, reasons: [], facts: [],
    disputeUrl: null });
  if (status === 'offline') return plain('offline', ['badgeOffline'], ['popupOffline']);
  if (status === 'error') {
    return plain('error', ['popupErrorLabel'], ['popupError', [String(tabState.error || '')]]);
  }
  if (status === 'unavailable') return plain('none', ['popupUnavailable'], null);
  if (status !== 'checked' || !tabState.result) {
    return plain('none', ['popupNotCheckedLabel'], ['popupNotChecked']);
  }

  const { verdict, page = {}, reasons } = tabState.result;
  const known = VERDICT_KEYS[verdict] ? verdict : 'unknown';
  const seller = [page.seller_name, page.seller_id && page.seller_name !== page.seller_id
    ? `(${page.seller_id})` : null].filter(Boolean).join(' ') || page.seller_id || null;
  return {
    verdictClass: known,
    label: [VERDICT_KEYS[known]],
    hint: hintFor(known, tabState.result),
    reasons: orderedReasons(reasons),
    facts: [
      ['factMarketplace', page.marketplace || page.domain || null],
      ['factSeller', seller],
      ['factListing', page.title || page.listing_id || null],
      ['factPrice', formatPrice(page.price)],
    ],
    disputeUrl: disputeUrl(tabState.apiBase, tabState.url, reasons),
  };
}

/**
 * The report preview: to = [message key, [method, url]] and body, the JSON exactly as it will
 * be sent (pretty-printed; the same fields and values) but for an attached page, which is
 * shown apart: page = {summary: [message key, [size in KB]], html} or null.
 */
export function reportPreviewView(preview) {
  const { html, ...fields } = preview.body;
  const attached = typeof html === 'string' && html;
  const body = attached ? { ...fields, html: '…' } : preview.body;
  return {
    to: ['reportPreviewTo', [preview.method, preview.url]],
    body: JSON.stringify(body, null, 2),
    page: attached ? { summary: ['reportPreviewPage', [(new TextEncoder().encode(html).length / 1024).toFixed(1)]], html } : null,
  };
}
