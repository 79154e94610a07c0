// Where the extension checks pages on its own: the ten marketplaces, on every country and
// alternate domain of seed_data/marketplaces.csv, product and seller pages only.
// manifest.json lists the same hosts (tests keep the three in step); the service worker asks
// pageKind() before anything leaves the browser.

/** Marketplaces, their registered domains, and the paths of their product and seller pages. */
export const MARKETPLACES = Object.freeze([
  {
    id: 'amazon',
    domains: ['amazon.com', 'amazon.ca', 'amazon.com.mx', 'amazon.com.br', 'amazon.co.uk',
      'amazon.de', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.nl', 'amazon.se', 'amazon.pl',
      'amazon.com.be', 'amazon.com.tr', 'amazon.ae', 'amazon.sa', 'amazon.eg', 'amazon.in',
      'amazon.co.jp', 'amazon.com.au', 'amazon.sg', 'amazon.co.za', 'amazon.ie', 'amazon.cn',
      // Share and short links that redirect to the country sites.
      'amzn.com', 'amzn.to', 'amzn.eu', 'amzn.asia', 'a.co'],
    // Amazon changes the URL without a reload, so the content script runs on every page
    // (singlePage: all paths); only product and seller pages are checked.
    singlePage: true,
    product: [/(?:^|\/)dp\/[A-Z0-9]{10}(?:[/?]|$)/i, /\/gp\/product\//, /\/gp\/aw\/d\//],
    seller: [/^\/sp(?:[/?]|$)/, /^\/s\/?\?(?:.*&)?me=/],
  },
  {
    id: 'ebay',
    domains: ['ebay.com', 'ebay.ca', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es',
      'ebay.at', 'ebay.ch', 'ebay.be', 'ebay.nl', 'ebay.ie', 'ebay.pl', 'ebay.com.au',
      'ebay.com.sg', 'ebay.com.my', 'ebay.ph', 'ebay.in', 'ebay.com.hk', 'ebay.us'],
    paths: ['/itm/*', '/usr/*', '/str/*'],
    product: [/^\/itm\//],
    seller: [/^\/usr\//, /^\/str\//],
  },
  {
    id: 'aliexpress',
    domains: ['aliexpress.com', 'aliexpress.us', 'aliexpress.ru'],
    singlePage: true,
    product: [/^\/item\//],
    seller: [/^\/store\//],
  },
  {
    id: 'alibaba',
    domains: ['alibaba.com'],
    paths: ['/product-detail/*'],
    // Supplier storefronts live on NAME.en.alibaba.com.
    extraMatches: ['*://*.en.alibaba.com/*'],
    product: [/^\/product-detail\//],
    seller: [],
    sellerHost: /\.en\.alibaba\.com$/,
  },
  {
    id: 'walmart',
    domains: ['walmart.com', 'walmart.ca', 'walmart.com.mx'],
    // A single-page app too: search results open products (/ip/...) without a reload.
    singlePage: true,
    product: [/(?:^|\/)ip\//],
    seller: [/^\/seller\//],
  },
  {
    id: 'etsy',
    domains: ['etsy.com', 'etsy.me'],
    // Etsy puts a language prefix before the path (/es/listing/...).
    paths: ['/*listing/*', '/*shop/*'],
    product: [/^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/listing\//i],
    seller: [/^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/shop\//i],
  },
  {
    id: 'temu',
    domains: ['temu.com'],
    singlePage: true,
    product: [/-g-\d+\.html$/],
    seller: [/-m-\d+\.html$/],
  },
  {
    id: 'dhgate',
    domains: ['dhgate.com'],
    paths: ['/product/*', '/store/*'],
    product: [/^\/product\//],
    seller: [/^\/store\//],
  },
  {
    id: 'wish',
    domains: ['wish.com'],
    paths: ['/product/*', '/merchant/*'],
    product: [/^\/product\//],
    seller: [/^\/merchant\//],
  },
  {
    id: 'facebook',
    domains: ['facebook.com', 'fb.com', 'fb.me'],
    // Marketplace is a single-page app inside facebook.com, entered from the feed without a
    // reload: the content script watches the whole site, pageKind() picks the items.
    singlePage: true,
    product: [/^\/marketplace\/item\//],
    seller: [/^\/marketplace\/profile\//],
  },
]);

/** The marketplace whose domain (or a subdomain of it) serves this host, or null. */
export function marketplaceForHost(host) {
  const name = String(host || '').toLowerCase().replace(/\.$/, '');
  return MARKETPLACES.find((market) =>
    market.domains.some((domain) => name === domain || name.endsWith(`.${domain}`))) || null;
}

/** {marketplace, kind: 'product'|'seller'} when the URL is a page we check unasked, else null. */
export function pageKind(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const market = marketplaceForHost(parsed.hostname);
  if (!market) return null;
  const path = parsed.pathname + parsed.search;
  if (market.product.some((pattern) => pattern.test(path))) {
    return { marketplace: market.id, kind: 'product' };
  }
  if (market.seller.some((pattern) => pattern.test(path))
      || (market.sellerHost && market.sellerHost.test(parsed.hostname.toLowerCase()))) {
    return { marketplace: market.id, kind: 'seller' };
  }
  return null;
}

/**
 * The marketplace hosts manifest.json's host_permissions carry (after the API's own), so the
 * service worker can read a marketplace tab's URL: it compares it with the page it last checked.
 * They add no install warning beyond the content scripts' own, which run on the same hosts.
 */
export function hostPermissions() {
  return MARKETPLACES.flatMap((market) => market.domains.map((domain) => `*://*.${domain}/*`));
}

/** The content-script match patterns manifest.json must carry, in the same order. */
export function contentScriptMatches() {
  const matches = [];
  for (const market of MARKETPLACES) {
    const paths = market.singlePage && !market.paths ? ['/*'] : market.paths;
    for (const domain of market.domains) {
      for (const path of paths) matches.push(`*://*.${domain}${path}`);
    }
    matches.push(...(market.extraMatches || []));
  }
  return matches;
}
