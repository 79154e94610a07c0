// Where the extension checks pages on its own: the ten marketplaces, on every domain of
// seed_data/marketplaces.csv, product and seller pages only. The data (lib/marketplace-data.js)
// and manifest.json's match patterns are generated from the backend's marketplace modules
// (python3 tasks.py gen-extension); the service worker asks pageKind() before anything leaves
// the browser.
import { MARKETPLACES } from './marketplace-data.js';

export { MARKETPLACES };

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
  const host = parsed.hostname.toLowerCase();
  if (market.seller.some((pattern) => pattern.test(path))
      || market.sellerHosts.some((pattern) => pattern.test(host))) {
    return { marketplace: market.id, kind: 'seller' };
  }
  return null;
}
