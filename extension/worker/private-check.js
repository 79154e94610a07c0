// The private check: a page's verdict worked out in the browser, with the same shape as
// POST /check's answer (so the banner, badge and popup need not know which mode answered).
// Listed keys come from the local prefix set (worker/lookups.js asks GET /hashes only on a
// prefix hit); the page-content rules run from the backend's rule file (lib/rules.js).
// Nothing about the page itself is sent anywhere.
import { pageKeys } from '../lib/keys.js';
import { brandOf, evaluate, scoreOf, verdictOf } from '../lib/rules.js';
import { listedMatches, lookupStatus } from './lookups.js';
import { currentRuleFile } from './rulefile.js';

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2, info: 3 };

/** The network-touching parts, replaceable in tests. */
export const defaultSources = Object.freeze({ listedMatches, lookupStatus, currentRuleFile });

/** Reasons, each once (by code and message), most severe first; ties keep their order. */
export function sortedReasons(reasons) {
  const seen = new Set();
  const unique = [];
  for (const reason of reasons) {
    if (!reason || typeof reason.code !== 'string') continue;
    const id = `${reason.code}\u0000${reason.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    // As given: fields beyond the four (a listed entry's dates, `disputed`) pass through.
    unique.push({ ...reason, evidence_url: reason.evidence_url ?? null });
  }
  return unique
    .map((reason, index) => ({ reason, index }))
    .sort((a, b) => ((SEVERITY_ORDER[a.reason.severity] ?? 4) - (SEVERITY_ORDER[b.reason.severity] ?? 4))
      || a.index - b.index)
    .map(({ reason }) => reason);
}

/**
 * POST /check's answer for a page, from what is known in the browser: `found` is
 * pageKeys()'s {host, domain, marketplace, listingId, sellerId, keys} (canonical ids); facts the content script's
 * {title, brand, price, sellerName}; matches listedMatches()'s; contentReasons
 * lib/rules.js evaluate()'s.
 */
export function answerFrom({ found, facts = {}, matches = [], contentReasons = [], listVersion = null,
  brand = facts.brand || null }) {
  const listReasons = matches.flatMap((match) => (Array.isArray(match.reasons) ? match.reasons : []));
  const reasons = sortedReasons([...listReasons, ...contentReasons]);
  const price = facts.price && typeof facts.price.amount === 'number' ? facts.price : null;
  return {
    verdict: verdictOf(reasons),
    score: scoreOf(reasons),
    page: {
      marketplace: found.marketplace ?? null,
      domain: found.domain ?? null,
      listing_id: found.listingId ?? null,
      seller_id: found.sellerId ?? null,
      seller_name: facts.sellerName || null,
      title: facts.title || null,
      price,
      brand,
    },
    reasons,
    list_version: Number.isInteger(listVersion) ? listVersion : null,
  };
}

// What prepare() started for a page, by URL: used once by the check of that URL, if it comes
// within PREPARED_MS (a tab's load); a few at most (tabs loading at once).
const PREPARED_MS = 30 * 1000;
const PREPARED_MAX = 8;
const prepared = new Map(); // url → {at, askList, sources, work: Promise<{keys, matches, ruleFile}>}

/**
 * Start what a page's private check needs from its URL alone (its keys hashed and looked up,
 * the rule file loaded) when its tab starts loading, so that the content script's check finds
 * it done. Sends nothing a check of that page would not send; never throws.
 */
export function prepare(url, { askList = true, sources = defaultSources } = {}) {
  const { keys } = pageKeys({ url });
  const work = Promise.all([askList && keys.length ? sources.listedMatches(keys) : [], sources.currentRuleFile()])
    .then(([matches, ruleFile]) => ({ keys, matches, ruleFile }));
  work.catch(() => {}); // the check does the work again itself
  prepared.delete(url);
  prepared.set(url, { at: Date.now(), askList, sources, work });
  while (prepared.size > PREPARED_MAX) prepared.delete(prepared.keys().next().value);
}

/** What prepare() found for url with these options, or null (then the check does it all). */
async function takePrepared(url, askList, sources) {
  const entry = prepared.get(url);
  if (!entry) return null;
  prepared.delete(url);
  if (entry.askList !== askList || entry.sources !== sources || Date.now() - entry.at > PREPARED_MS) return null;
  return entry.work.catch(() => null);
}

/** The listed matches among keys, reusing those prepare() looked up already, in keys' order. */
async function matchesFor(keys, early, sources) {
  if (!early) return sources.listedMatches(keys);
  const known = new Set(early.keys);
  const rest = keys.filter((key) => !known.has(key));
  const order = new Map(keys.map((key, index) => [key, index]));
  const reused = early.matches.filter((match) => order.has(match.key));
  const all = rest.length ? reused.concat(await sources.listedMatches(rest)) : reused;
  return all.sort((a, b) => order.get(a.key) - order.get(b.key)); // stable: as one lookup orders them
}

/**
 * The private check of the page at url with the content script's facts ({} for a bare
 * navigation: then only the site rules can fire). askList false (the shopper has not chosen
 * a mode yet) skips the listed-key lookup, which may ask GET /hashes.
 */
export async function privateCheck({ url, facts = {} }, { askList = true, sources = defaultSources } = {}) {
  const found = pageKeys({ url, sellerId: facts.sellerId ?? null, listingId: facts.listingId ?? null });
  const early = await takePrepared(url, askList, sources);
  // The set's version is read after the lookup, which may have downloaded the first set.
  const listed = async () => {
    const matches = askList && found.keys.length ? await matchesFor(found.keys, early, sources) : [];
    return [matches, await sources.lookupStatus()];
  };
  const [[matches, status], ruleFile] = await Promise.all([listed(),
    early && early.ruleFile ? early.ruleFile : sources.currentRuleFile()]);
  const pageFacts = {
    url, host: found.host, domain: found.domain, marketplace: found.marketplace,
    title: facts.title || null, brand: facts.brand || null,
    price: facts.price && typeof facts.price.amount === 'number' ? facts.price : null,
  };
  const contentReasons = ruleFile ? evaluate(ruleFile, pageFacts) : [];
  // The brand /check would answer: "for iPhone 15, Xiaomi, Samsung" names no maker.
  const brand = ruleFile ? brandOf(ruleFile, pageFacts) : pageFacts.brand;
  return answerFrom({ found, facts, matches, contentReasons, listVersion: status?.version ?? null, brand });
}
