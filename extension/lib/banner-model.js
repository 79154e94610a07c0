// Whether a page gets a warning banner, and what it says. Pure: the service worker builds
// the model with the shopper's language; content/banner.js only draws it.
import { webUrl } from './urls.js';

/** Verdicts that warn on the page. "unknown" and "authorized" never do. */
export const WARNING_VERDICTS = Object.freeze(['counterfeit', 'suspicious']);

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2, info: 3 };
/** Severities that are warnings; low and info reasons are shown as information. */
const WARNING_SEVERITIES = Object.freeze(['high', 'medium']);

/**
 * 'warning' or 'info': how a reason is presented. A low `reported` ("N people reported
 * this; not yet reviewed") is information: unreviewed reports must not brand a seller.
 */
export function toneOf(severity) {
  return WARNING_SEVERITIES.includes(severity) ? 'warning' : 'info';
}

/** True when the answer has volunteer reports that no maintainer has reviewed (low `reported`). */
export function hasUnreviewedReports(answer) {
  return Array.isArray(answer?.reasons) && answer.reasons.some(
    (reason) => reason && reason.code === 'reported' && toneOf(reason.severity) === 'info');
}

/** The key a "Dismiss" is remembered under: the seller, else the listing, else the domain. */
export function dismissKey(page) {
  if (!page) return null;
  const market = page.marketplace || page.domain || '';
  if (page.seller_id) return `seller:${market}:${page.seller_id}`;
  if (page.listing_id) return `listing:${market}:${page.listing_id}`;
  if (page.domain) return `domain:${page.domain}`;
  return null;
}

/** True when the answer warrants a banner and the shopper has not dismissed its seller. */
export function shouldShowBanner(answer, dismissedKeys = []) {
  if (!answer || !WARNING_VERDICTS.includes(answer.verdict)) return false;
  const key = dismissKey(answer.page);
  return !(key && dismissedKeys.includes(key));
}

/** The URL if it is http(s), else null: only such links are put on a page. */
export function safeHttpUrl(value) {
  return typeof value === 'string' ? webUrl(value)?.href ?? null : null;
}

/** Reason codes that say the page's seller, listing or shop is on the list (and so disputable). */
export const LISTED_CODES = Object.freeze(['listed_seller', 'listed_listing', 'listed_domain']);

/**
 * "Dispute this listing": <API base>/dispute?url=<page URL> when the answer's reasons say the
 * page is on the list and both addresses are http(s), else null. The backend's public page
 * finds the listed seller, listing or shop from the URL (docs/curation.md, Disputes).
 */
export function disputeUrl(apiBase, pageUrl, reasons) {
  const listed = Array.isArray(reasons) && reasons.some((reason) => LISTED_CODES.includes(reason?.code));
  const base = webUrl(apiBase);
  const page = webUrl(pageUrl);
  if (!listed || !base || !page) return null;
  const url = new URL(`${base.href.replace(/\/+$/, '')}/dispute`);
  url.searchParams.set('url', page.href);
  return url.href;
}

/** Reasons worth showing, most severe first, each with its tone and only safe evidence links. */
export function orderedReasons(reasons) {
  return (Array.isArray(reasons) ? reasons : [])
    .filter((reason) => reason && typeof reason.message === 'string')
    .map((reason) => {
      const severity = SEVERITY_ORDER[reason.severity] === undefined ? 'info' : reason.severity;
      return {
        code: String(reason.code || ''),
        severity,
        tone: toneOf(severity),
        message: reason.message,
        evidenceUrl: safeHttpUrl(reason.evidence_url),
      };
    })
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/**
 * The banner to draw for an answer: {show: false} or {show: true, verdict, heading, summary,
 * reasons, labels, dismissKey, disputeUrl}. t(key, substitutions) looks up _locales messages;
 * apiBase (the settings') and pageUrl make the "Dispute this listing" link (disputeUrl()).
 */
export function bannerModel(answer, { dismissedKeys = [], t, apiBase = null, pageUrl = null }) {
  if (!shouldShowBanner(answer, dismissedKeys)) return { show: false };
  const verdict = answer.verdict;
  const page = answer.page || {};
  const seller = page.seller_name || page.seller_id;
  const summaryKey = verdict === 'counterfeit' ? 'bannerSummaryCounterfeit' : 'bannerSummarySuspicious';
  return {
    show: true,
    verdict,
    heading: t(verdict === 'counterfeit' ? 'bannerHeadingCounterfeit' : 'bannerHeadingSuspicious'),
    summary: t(summaryKey),
    seller: seller ? t('bannerSeller', [String(seller)]) : '',
    reasons: orderedReasons(answer.reasons).filter((reason) => reason.severity !== 'info'),
    labels: {
      report: t('bannerReport'),
      details: t('bannerDetails'),
      dismiss: t('bannerDismiss'),
      evidence: t('bannerEvidence'),
      region: t('bannerRegionLabel'),
      dispute: t('disputeListing'),
    },
    dismissKey: dismissKey(page),
    disputeUrl: disputeUrl(apiBase, pageUrl, answer.reasons),
  };
}
