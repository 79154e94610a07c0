// The marketplaces' product pages as the content scripts read them: one entry per marketplace,
// each in its own module under content/marketplaces/ (a port of backend/marketplaces/<name>.py)
// that registers it here. What the backend declares comes from content/marketplace-data.js
// (generated: python3 tasks.py gen-extension): the domains, where ids sit in URLs (`listing`/
// `seller` patterns), canonical forms, id shapes and the query parameters that identify the
// product (`params`). A module adds the query parameters links may keep besides those
// (`linkParams`), the parts of the page its extractor reads (`region`: CSS selectors matching
// what its XPaths read, kept whole; `shallow`: kept without their content; `keepIf`), page-data
// values it finds with regexes (`pageIds`), and `read`, its extract(). This core holds the
// registry, the lookups by host and URL, and the helpers the modules share. A classic content
// script: defines globalThis.radarMarketplacePages; needs radarMarketplaceData, radarPrices and
// radarFacts; the modules load after it (manifest.json, generated too).
(function defineMarketplacePages(root) {
  'use strict';

  const { parsePrice } = root.radarPrices;
  const { emptyFacts, cleanText } = root.radarFacts;

  const DATA = root.radarMarketplaceData;
  const CANONICAL = {
    same: (value) => value,
    upper: (value) => value.toUpperCase(),
    lower: (value) => value.toLowerCase(),
    // Only ASCII digits are numbers (Python's str.isascii() and str.isdigit()).
    decimal: (value) => (/^[0-9]+$/.test(value) ? value.replace(/^0+/, '') || '0' : value),
  };
  const firstMatch = (text, regex) => { const match = regex.exec(text || ''); return match ? match : null; };
  const queryOf = (href) => {
    try {
      return new URL(href || '', 'https://radar.invalid/').searchParams;
    } catch {
      return new URLSearchParams();
    }
  };
  const JSON_STRING = '("(?:[^"\\\\]|\\\\.){1,300}")';
  const jsonString = (match) => {
    const text = match && match.slice(1).find(Boolean);
    try {
      return text ? (JSON.parse(text).trim() || null) : null;
    } catch {
      return null;
    }
  };
  const STORE_LINK = /\/store\/(?:[a-z-]+\/)?(\d{3,15})(?=[/?#._]|$)/;

  /** A reader for pages that name the seller in a link and show a heading and a price. */
  function linkHeadingPrice({ links, linkLimit, sellerLink, titles, prices, fallback, requireName }) {
    return function read(reader) {
      const found = emptyFacts();
      for (const anchor of reader.xpath(links).slice(0, linkLimit)) {
        const match = sellerLink.exec(anchor.getAttribute('href') || '');
        if (!match) continue;
        found.sellerId = match.slice(1).find(Boolean);
        found.sellerName = reader.text(anchor, 200);
        if (found.sellerName || !requireName) break;
      }
      found.title = reader.firstText(titles, 300);
      const priceText = reader.firstText(prices, 80);
      found.price = priceText ? parsePrice(priceText, fallback(reader)) : null;
      return found;
    };
  }

  const registered = [];

  /**
   * Add a marketplace's entry (each module under content/marketplaces/ calls it; again replaces
   * it): the module's reading of pages over the backend's data for the same id.
   */
  function register(module) {
    const data = DATA.find((known) => known.id === module.id);
    if (!data) throw new Error(`no backend marketplace ${module.id} (content/marketplace-data.js)`);
    const entry = { ...data, canonicalListing: CANONICAL[data.canonicalListing],
      canonicalSeller: CANONICAL[data.canonicalSeller], ...module,
      linkParams: [...data.params, ...(module.linkParams || [])] };
    const at = registered.findIndex((known) => known.id === entry.id);
    if (at >= 0) registered[at] = entry;
    else registered.push(entry);
  }

  /** {marketplace, registeredDomain} of a host: the marketplace whose domain serves it, else nulls. */
  function marketplaceOf(hostName) {
    const name = String(hostName || '').toLowerCase().replace(/\.$/, '');
    for (const market of registered) {
      const domain = market.domains.find((item) => name === item || name.endsWith(`.${item}`));
      if (domain) return { marketplace: market, registeredDomain: domain };
    }
    return { marketplace: null, registeredDomain: null };
  }

  /** The canonical id the first matching pattern finds in url (a URL object), or null. */
  function idInUrl(patterns, url, canonical, shape) {
    for (const pattern of patterns) {
      let found = null;
      if (pattern.where === 'query') {
        for (const value of url.searchParams.getAll(pattern.param)) {
          const match = pattern.regex.exec(value);
          if (match) {
            found = match[1] ?? match[0];
            break;
          }
        }
      } else {
        const match = pattern.regex.exec(pattern.where === 'path' ? url.pathname : url.hostname);
        found = match ? match[1] : null;
      }
      const key = found ? canonical(found) : null;
      if (key && shape.test(key)) return key;
    }
    return null;
  }

  root.radarMarketplacePages = Object.freeze({
    register,
    /** The registered entries, in the order their modules loaded. */
    get MARKETPLACES() {
      return Object.freeze(registered.slice());
    },
    marketplaceOf, idInUrl, same: CANONICAL.same, cleanText,
    // For the modules:
    firstMatch, queryOf, JSON_STRING, jsonString, STORE_LINK, linkHeadingPrice,
  });
}(globalThis));
