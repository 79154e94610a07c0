// The lookup keys of a page, exactly as the backend lists them (backend/lookups.py
// lookup_key, contract "Private lookups"): "domain:<registered domain>" for a shop,
// "seller:<marketplace>:<id>" and "listing:<marketplace>:<id>" on a marketplace. Hosts, domains
// and ids are read as backend/urls.py and backend/marketplaces/*.py read them; the parity test
// (tests/test_extension_keys.py) runs both over the same URLs.
import { MARKETPLACES } from './marketplaces.js';
import { isPublicSuffix, topDomainUnderPublicSuffix } from './psl.js';
import { isRetailSeller, listingKey, sellerKey, urlListingId, urlSellerId } from './market-ids.js';
import { webUrl } from './urls.js';

// The WHATWG URL parser's "ends in a number": such a host is an IPv4 address (backend
// is_ip_literal).
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/i;
// A label a listed shop's domain may have (backend _DOMAIN_LABEL).
const DOMAIN_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Whether a browser reads host as an IP address (v4 in any notation, or v6). */
export function isIpLiteral(host) {
  const name = String(host).trim().toLowerCase();
  if (name.startsWith('[') || name.split(':').length > 2) return true;
  const labels = name.split('.');
  if (labels.length > 1 && labels[labels.length - 1] === '') labels.pop();
  return NUMERIC_LABEL.test(labels[labels.length - 1]);
}

/**
 * A URL's host as the backend keeps it: lower case, ASCII (the browser's URL parser has made
 * IDN hosts punycode, as backend ascii_host does), no trailing dots; null if the backend would
 * refuse it (an empty or over-long label).
 */
export function canonicalHost(hostname) {
  const host = String(hostname || '').trim().toLowerCase().replace(/\.+$/, '');
  if (!host) return null;
  if (host.startsWith('[')) return host;
  return host.split('.').every((label) => label && label.length <= 63) ? host : null;
}

/**
 * The registered domain of a host (amazon.co.uk for www.amazon.co.uk, shop.myshopify.com for
 * itself: private suffixes count); the host itself when it has none, as the backend's
 * registered_domain; null for an IP address or a host no URL can have.
 */
export function registeredDomain(host) {
  const name = canonicalHost(host);
  if (!name || isIpLiteral(name)) return null;
  return topDomainUnderPublicSuffix(name) || name;
}

/** Whether a domain could be listed at all (backend domain_key_problem is None). */
function listable(domain) {
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label))
    && !isPublicSuffix(domain);
}

/**
 * {marketplace, domain} of a host: by the host itself or its registered domain, else by its
 * nearest listed parent, which is then its domain (UrlReader._listed_parent: www.amazon.com.be
 * is Amazon, domain amazon.com.be, although "com.be" is no public suffix).
 */
export function listedParent(host, domain) {
  const listed = (name) => MARKETPLACES.find((candidate) => candidate.domains.includes(name));
  const market = listed(host) || listed(domain);
  if (market) return { marketplace: market.id, domain };
  const labels = host.split('.');
  for (let start = 1; start < labels.length - 1; start += 1) {
    const parent = labels.slice(start).join('.');
    const found = listed(parent);
    if (found) return { marketplace: found.id, domain: parent };
  }
  return { marketplace: null, domain };
}

/** A query string's values by name, in order ('+' is a space), as Python's parse_qs. */
function queryValues(search) {
  const values = {};
  for (const [name, value] of new URLSearchParams(search)) (values[name] ||= []).push(value);
  return values;
}

/**
 * What a page's address (and the seller and listing ids its content script read) says:
 * {host, domain, marketplace, listingId, sellerId, keys}. keys are the lookup keys to check:
 * a shop's registered domain off marketplaces; on a marketplace, its seller keys (never its own
 * retail arm) and listing keys, from the URL and from the page, canonical; ids that cannot be
 * the marketplace's are dropped. Nothing for a URL that is not http(s).
 */
export function pageKeys({ url, sellerId = null, listingId = null } = {}) {
  const none = { host: null, domain: null, marketplace: null, listingId: null, sellerId: null, keys: [] };
  const parsed = webUrl(url);
  if (!parsed) return none;
  const host = canonicalHost(parsed.hostname);
  if (!host) return none;
  const registered = registeredDomain(host);
  if (!registered) return { ...none, host };
  const { marketplace, domain } = listedParent(host, registered);
  if (!marketplace) {
    return { ...none, host, domain,
      // Shops are listed by registered domain only (backend models/keys.py canonical_key).
      keys: listable(domain) ? [`domain:${domain}`] : [] };
  }
  const parts = { pathname: parsed.pathname || '/', hostname: host, query: queryValues(parsed.search) };
  const urlListing = urlListingId(marketplace, parts);
  const urlSeller = urlSellerId(marketplace, parts);
  const pageListing = listingKey(marketplace, listingId);
  const pageSeller = sellerKey(marketplace, sellerId);
  const keys = [];
  // As the backend: the page's seller id wins over the URL's, the URL's listing over the page's.
  for (const seller of [pageSeller, urlSeller]) {
    const key = `seller:${marketplace}:${seller}`;
    if (seller && !isRetailSeller(marketplace, seller) && !keys.includes(key)) keys.push(key);
  }
  for (const listing of [urlListing, pageListing]) {
    const key = `listing:${marketplace}:${listing}`;
    if (listing && !keys.includes(key)) keys.push(key);
  }
  return { host, domain, marketplace, listingId: urlListing ?? pageListing,
    sellerId: pageSeller ?? urlSeller, keys };
}

/** The lookup hash of a key: hex SHA-256 of its UTF-8 bytes. */
export async function keyHash(key) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
