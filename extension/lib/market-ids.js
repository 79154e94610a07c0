// How each marketplace's URLs name listings and sellers, and what its canonical ids look like:
// the backend's backend/marketplaces/*.py (MARKETPLACE = Marketplace(...)), copied pattern for
// pattern in Python's syntax, so the keys the extension hashes are the keys the backend lists.
// tests/test_extension_keys.py compares this table with the backend's and fails on any drift.

/** Where an id sits: a regex searched in the path or host, or matched against a query value. */
const path = (source, ignoreCase = true) => ({ where: 'path', source, ignoreCase });
const host = (source) => ({ where: 'host', source, ignoreCase: true });
const query = (param, source = '(.+)') => ({ where: 'query', source, ignoreCase: true, param });
const digits = (fewest, most) => `[1-9][0-9]{${fewest - 1},${most - 1}}`;

const ASIN = '([A-Z0-9]{10})(?=[/?#]|$)';
const MERCHANT = '(A[A-Z0-9]{9,20})';
const EBAY_USER = '([A-Za-z0-9][A-Za-z0-9._*-]{0,63})';
const WISH_HEX_ID = '([0-9a-f]{24})(?=[/?]|$)';

/**
 * Per marketplace: listing and seller patterns (first fitting id wins), the canonical form
 * ('upper' | 'lower' | 'decimal'), the shape a canonical id must have (Python regex, ASCII),
 * and the retail arm's seller ids (never listed: the backend refuses them as seller entries).
 */
export const MARKET_IDS = Object.freeze({
  amazon: {
    listing: [
      path(`/dp/(?:product/)?${ASIN}`),
      path(`/gp/(?:product|aw/d|offer-listing)/(?:glance/)?${ASIN}`),
      path(`/exec/obidos/(?:asin|tg/detail/-)/${ASIN}`),
      path(`/o/(?:asin/)?${ASIN}`),
      query('asin', '([A-Z0-9]{10})'),
    ],
    seller: [
      query('seller', MERCHANT),
      query('smid', MERCHANT),
      query('me', MERCHANT),
      query('merchant', MERCHANT),
      path(`/shops/${MERCHANT}(?=[/?]|$)`),
    ],
    canonicalListing: 'upper',
    canonicalSeller: 'upper',
    listingShape: '[A-Z0-9]{10}',
    sellerShape: 'A[A-Z0-9]{9,21}',
    retailSellerIds: ['ATVPDKIKX0DER', 'A3P5ROKL5A1OLE', 'A3JWKAKR8XB7XF', 'A1X6FK5RDHNB96',
      'A11IL2PNWYJU7H', 'A1AT7YVPFBWXBL', 'A3DWYIK6Y9EEQB', 'AN1VRQENFRJN5', 'ANEGB3WVEVKZB'],
  },
  ebay: {
    listing: [
      path('/itm/(?:[^/]+/)?(\\d{9,15})(?=[/?]|$)'),
      query('item', '(\\d{9,15})'),
      query('itm', '(\\d{9,15})'),
    ],
    seller: [
      path(`/usr/${EBAY_USER}(?=[/?]|$)`),
      query('_ssn', EBAY_USER),
      query('sid', EBAY_USER),
    ],
    canonicalListing: 'decimal',
    canonicalSeller: 'lower',
    listingShape: digits(9, 15),
    sellerShape: '[a-z0-9][a-z0-9._*-]{0,63}',
  },
  aliexpress: {
    listing: [
      path('/(?:item|i)/(?:[^/]+/)?(\\d{6,20})\\.html'),
      query('productId', '(\\d{6,20})'),
    ],
    seller: [
      path('/store/(?:[a-z-]+/)?(\\d{3,15})(?=[/?._]|$)'),
      query('storeId', '(\\d{3,15})'),
    ],
    canonicalListing: 'decimal',
    canonicalSeller: 'decimal',
    listingShape: digits(6, 20),
    sellerShape: digits(3, 15),
  },
  alibaba: {
    listing: [
      path('/product-detail/(?:[^/]*_)?(\\d{6,20})\\.html'),
      path('/product/(\\d{6,20})(?:[/-][^/]*)?(?:\\.html)?(?=[/?]|$)'),
    ],
    seller: [
      host('^(?!www\\.|m\\.)([a-z0-9][a-z0-9-]{1,62})\\.(?:m\\.)?en\\.alibaba\\.com$'),
    ],
    canonicalListing: 'decimal',
    canonicalSeller: 'lower',
    listingShape: digits(6, 20),
    sellerShape: '[a-z0-9][a-z0-9-]{1,62}',
  },
  walmart: {
    listing: [
      path('/ip/(?:[^/]+/)?(\\d{5,20}|[0-9A-Z]{10,14})(?=[/?]|$)', false),
    ],
    seller: [
      path('/seller/(\\d{1,20})(?=[/?]|$)'),
      query('sellerId', '(\\d{1,20})'),
    ],
    canonicalListing: 'decimal',
    canonicalSeller: 'decimal',
    listingShape: '[1-9][0-9]{4,19}|[0-9A-Z]{10,14}',
    sellerShape: digits(1, 20),
  },
  etsy: {
    listing: [path('/listing/(\\d{5,15})(?=[/?]|$)')],
    seller: [path('/shop/([A-Za-z0-9]{2,40})(?=[/?]|$)')],
    canonicalListing: 'decimal',
    canonicalSeller: 'lower',
    listingShape: digits(5, 15),
    sellerShape: '[a-z0-9]{2,40}',
  },
  temu: {
    listing: [path('-g-(\\d{6,20})\\.html'), query('goods_id', '(\\d{6,20})')],
    seller: [path('-m-(\\d{4,20})\\.html'), query('mall_id', '(\\d{4,20})')],
    canonicalListing: 'decimal',
    canonicalSeller: 'decimal',
    listingShape: digits(6, 20),
    sellerShape: digits(4, 20),
  },
  dhgate: {
    listing: [
      path('/product/(?:[^/]+/)?(\\d{5,15})\\.html'),
      path('/goods/(\\d{5,15})\\.html'),
    ],
    seller: [path('/store/(?:[a-z-]+/)?(\\d{3,15})(?=[/?._]|$)')],
    canonicalListing: 'decimal',
    canonicalSeller: 'decimal',
    listingShape: digits(5, 15),
    sellerShape: digits(3, 15),
  },
  wish: {
    listing: [path(`/(?:product|c)/(?:[^/]+-)?${WISH_HEX_ID}`), query('cid', '([0-9a-f]{24})')],
    seller: [path('/merchant/([0-9a-z_.-]{3,40})(?=[/?]|$)')],
    canonicalListing: 'lower',
    canonicalSeller: 'lower',
    listingShape: '[0-9a-f]{24}',
    sellerShape: '[0-9a-z_.-]{3,40}',
  },
  facebook: {
    listing: [
      path('/marketplace/(?:[^/]+/)?item/(\\d{5,25})(?=[/?]|$)'),
      path('/commerce/listing/(\\d{5,25})(?=[/?]|$)'),
    ],
    seller: [path('/marketplace/profile/(\\d{5,25})(?=[/?]|$)')],
    canonicalListing: 'decimal',
    canonicalSeller: 'decimal',
    listingShape: digits(5, 25),
    sellerShape: digits(5, 25),
  },
});

/**
 * A Python regex (str pattern, re.IGNORECASE or not) as a JavaScript one that matches the same
 * strings: Python's \d is any Unicode decimal digit, and under IGNORECASE Python also matches
 * dotless ı and dotted İ to i (JavaScript's case folding does not); K and ſ fold alike in both.
 */
function pythonRegex(source, ignoreCase, anchored) {
  let text = source.replace(/\\d/g, '\\p{Nd}');
  if (ignoreCase) text = text.replace(/A-Z|a-z/g, (range) => `${range}\u0130\u0131`);
  return new RegExp(anchored ? `^(?:${text})$` : text, ignoreCase ? 'iu' : 'u');
}

const CANONICAL = {
  upper: (value) => value.toUpperCase(),
  lower: (value) => value.toLowerCase(),
  // Only ASCII digits are numbers (Python's str.isascii() and str.isdigit()).
  decimal: (value) => (/^[0-9]+$/.test(value) ? value.replace(/^0+/, '') || '0' : value),
};

function compile(market) {
  const patterns = (list) => list.map((pattern) => ({ ...pattern,
    regex: pythonRegex(pattern.source, pattern.ignoreCase, pattern.where === 'query') }));
  const shape = (source) => new RegExp(`^(?:${source})$`, 'u');
  return { listing: patterns(market.listing), seller: patterns(market.seller),
    canonicalListing: CANONICAL[market.canonicalListing], canonicalSeller: CANONICAL[market.canonicalSeller],
    listingShape: shape(market.listingShape), sellerShape: shape(market.sellerShape),
    retailSellerIds: new Set(market.retailSellerIds || []) };
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
