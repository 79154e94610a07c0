// The marketplaces' product pages as the content scripts read them: one entry per marketplace,
// each in its own module under content/marketplaces/ (a port of backend/marketplaces/<name>.py)
// that registers it here. An entry says where its ids sit in URLs (`listing`/`seller` patterns,
// the query parameters that identify the product: `params`, and those links may keep:
// `linkParams`), the parts of the page its extractor reads (`region`: CSS selectors matching what
// its XPaths read, kept whole; `shallow`: kept without their content; `keepIf`), page-data
// values it finds with regexes (`pageIds`), and `read`, its extract(). Hosts repeat
// lib/marketplaces.js, in the same order (a test keeps them in step). This core holds the
// registry, the lookups by host and URL, and the helpers the modules share. A classic content
// script: defines globalThis.radarMarketplacePages; needs radarPrices and radarFacts; the
// modules load after it, in lib/marketplaces.js's order (manifest.json).
(function defineMarketplacePages(root) {
  'use strict';

  const { parsePrice } = root.radarPrices;
  const { emptyFacts, cleanText } = root.radarFacts;

  const path = (regex) => ({ where: 'path', regex });
  const host = (regex) => ({ where: 'host', regex });
  const query = (param, regex) => ({ where: 'query', param, regex });
  const upper = (value) => value.toUpperCase();
  const lower = (value) => value.toLowerCase();
  const decimal = (value) => (/^[0-9]+$/.test(value) ? value.replace(/^0+/, '') || '0' : value);
  const same = (value) => value;
  const digits = (fewest, most) => new RegExp(`^[1-9][0-9]{${fewest - 1},${most - 1}}$`);
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

  /** Add a marketplace's entry (each module under content/marketplaces/ calls it; again replaces it). */
  function register(entry) {
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
    marketplaceOf, idInUrl, same, cleanText,
    // For the modules:
    path, host, query, upper, lower, decimal, digits, firstMatch, queryOf, JSON_STRING, jsonString,
    STORE_LINK, linkHeadingPrice,
  });
}(globalThis));
