// How each marketplace's URLs name listings and sellers, and what its canonical ids look like:
// the tables (lib/marketplace-data.js) are generated from the backend's backend/marketplaces/*.py
// (python3 tasks.py gen-extension), regexes translated to match what Python's match, so the keys
// the extension hashes are the keys the backend lists. tests/test_extension_keys.py runs both.
import { MARKET_IDS } from './marketplace-data.js';

export { MARKET_IDS };

const CANONICAL = {
  same: (value) => value,
  upper: (value) => value.toUpperCase(),
  lower: (value) => value.toLowerCase(),
  // Only ASCII digits are numbers (Python's str.isascii() and str.isdigit()).
  decimal: (value) => (/^[0-9]+$/.test(value) ? value.replace(/^0+/, '') || '0' : value),
};

function compile(market) {
  return { listing: market.listing, seller: market.seller,
    canonicalListing: CANONICAL[market.canonicalListing], canonicalSeller: CANONICAL[market.canonicalSeller],
    listingShape: market.listingShape.regex, sellerShape: market.sellerShape.regex,
    retailSellerIds: new Set(market.retailSellerIds) };
}

const COMPILED = Object.fromEntries(Object.entries(MARKET_IDS).map(([name, market]) =>
  [name, compile(market)]));

// Python's str.strip(): its whitespace, not JavaScript's (\x1c-\x1f and \x85 yes, \ufeff no).
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'gu');

/** One pattern's id in the URL (path, host, query values of {name: [values]}), or null. */
function find(pattern, { pathname, hostname, query }) {
  if (pattern.where === 'query') {
    for (const value of query[pattern.param] || []) {
      const match = pattern.regex.exec(value);
      if (match) return match.length > 1 ? match[1] : match[0];
    }
    return null;
  }
  const match = pattern.regex.exec(pattern.where === 'path' ? pathname : hostname);
  return match ? match[1] : null;
}

function first(patterns, parts, canonical, shape) {
  for (const pattern of patterns) {
    const found = find(pattern, parts);
    const key = found ? canonical(found) : null;
    if (key && shape.test(key)) return key;
  }
  return null;
}

/** The canonical listing id a URL's parts name on a marketplace, or null (Marketplace.listing_id). */
export function urlListingId(marketplace, parts) {
  const market = COMPILED[marketplace];
  return market ? first(market.listing, parts, market.canonicalListing, market.listingShape) : null;
}

/** The canonical seller id a URL's parts name on a marketplace, or null (Marketplace.seller_id). */
export function urlSellerId(marketplace, parts) {
  const market = COMPILED[marketplace];
  return market ? first(market.seller, parts, market.canonicalSeller, market.sellerShape) : null;
}

function key(marketplace, value, which) {
  const market = COMPILED[marketplace];
  if (!market || typeof value !== 'string') return null;
  const canonical = which === 'listing' ? market.canonicalListing : market.canonicalSeller;
  const result = canonical(value.replace(PY_STRIP, ''));
  return (which === 'listing' ? market.listingShape : market.sellerShape).test(result) ? result : null;
}

/** An id read from the page as a canonical listing id, or null if it cannot be one (listing_key). */
export function listingKey(marketplace, value) {
  return key(marketplace, value, 'listing');
}

/** An id read from the page as a canonical seller id, or null if it cannot be one (seller_key). */
export function sellerKey(marketplace, value) {
  return key(marketplace, value, 'seller');
}

/** Whether a canonical seller id is the marketplace's own retail arm (is_retail_seller). */
export function isRetailSeller(marketplace, sellerId) {
  return Boolean(COMPILED[marketplace]?.retailSellerIds.has(sellerId));
}
