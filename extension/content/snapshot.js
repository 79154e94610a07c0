// What the content script knows about a page, built from an allow-list: a new document holding
// only the page's title, product meta tags, canonical link, JSON-LD products (trimmed to the
// product), the product object of page data such as __NEXT_DATA__ (trimmed), the page-data ids
// the backend finds with regexes, and the product region each marketplace's extractor reads
// (content/marketplace-pages.js). Everything else, in particular what identifies the shopper
// (names, addresses, e-mail, phone and order numbers, messages, searches, session ids), is
// never copied; kept text is scrubbed of e-mail addresses, phone and order numbers all the same.
// describePage() reads the facts from that document and, in Full check mode, serialises it; in
// private mode it reads them from the live page with the same code (no copy is built).
// A classic content script: defines globalThis.radarSnapshot; needs radarFacts,
// radarMarketplacePages and radarPageData (content/page-data.js); touches no extension API.
(function defineSnapshot(root) {
  'use strict';

  const facts = () => root.radarFacts;
  const pages = () => root.radarMarketplacePages;
  const data = () => root.radarPageData;

  // Meta tags the extractors read, by name or property; og:image and the like say nothing.
  const META_KEPT = /^(?:description|title|brand|twitter:title|twitter:description|product:[\w:.-]+|og:(?:title|description|type|site_name|url|brand|price:[\w]+|availability))$/i;
  const LINK_ATTRIBUTES = new Set(['href']);
  // Attributes the extractors read; any other (event handlers, data-* page state with customer
  // and session ids such as Amazon's data-sp-cc, styles) goes.
  const ATTRIBUTES = new Set(['id', 'class', 'itemprop', 'itemscope', 'itemtype', 'content', 'href',
    'title', 'name', 'rel', 'aria-label', 'data-asin', 'data-aui', 'data-pl', 'data-shop-name',
    'data-buy-box-listing-title', 'data-buy-box-region', 'data-selector', 'data-testid', 'data-type',
    'spm-c', 'spm-index', 'offer-display-feature-name']);
  // Ancestors of kept parts keep only what XPaths test them by, never text or links.
  const ANCESTOR_ATTRIBUTES = new Set(['id', 'class', 'itemscope', 'itemtype', 'data-testid',
    'data-buy-box-region', 'spm-c', 'offer-display-feature-name', 'data-asin']);
  const DROPPED = 'script, style, link, meta:not([itemprop]), svg, iframe, frame, frameset, object, '
    + 'embed, noscript, template, canvas, video, audio, picture, source, img, base, form input, '
    + 'input, textarea, select, button, counterfeit-radar-banner, [data-radar-private]';
  // The form fields whose value is a page id the extractors read (Amazon's ASIN and merchant).
  const ID_INPUTS = "input[id='ASIN'], input[name='ASIN'], input[id='merchantID']";
  // Second line of defence: personal areas that may sit inside a kept region.
  const PERSONAL = '#contextualIngressPt, #contextualIngressPtLabel_deliveryShortLine, '
    + '#glow-ingress-block, #glow-ingress-line1, #glow-ingress-line2, #nav-global-location-slot, '
    + '#deliveryBlockMessage, #mir-layout-DELIVERY_BLOCK, #nav-tools, #gh-ug, #gh-eb-u';
  /** The marketplace entry, registered domain and URL ids of a page address. */
  function pageOf(href) {
    const url = new URL(href);
    const { marketplace, registeredDomain } = pages().marketplaceOf(url.hostname);
    return { url, marketplace, registeredDomain };
  }

  /** url (a URL object) with only the allowed query parameters, no fragment, no ref=/session path parts. */
  function cleanUrl(url, allowed) {
    const clean = new URL(url.href);
    clean.hash = '';
    clean.username = '';
    clean.password = '';
    clean.pathname = clean.pathname.split('/')
      .filter((segment) => !/^ref[=_]/i.test(segment) && !/\d{3}-\d{7}-\d{7}/.test(segment)).join('/');
    const kept = new URLSearchParams();
    for (const [name, value] of url.searchParams) if (allowed.includes(name)) kept.append(name, data().withoutEmails(value));
    clean.search = kept.toString();
    return clean;
  }

  /** The address sent for a page: scheme, host and path, plus the query parameters that identify
   * the product on its marketplace (Amazon's smid, eBay's item ...); none elsewhere. */
  function canonicalUrl(href) {
    const { url, marketplace } = pageOf(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol}//`;
    return cleanUrl(url, marketplace ? marketplace.params : []).href;
  }

  /** A link as kept in a snapshot: relative links stay relative, query trimmed to linkParams. */
  function cleanLink(value, base, allowed) {
    let url;
    try {
      url = new URL(value, base);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const text = cleanUrl(url, allowed).href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return text;
    if (value.startsWith('//')) return text.slice(url.protocol.length);
    return text.slice(url.origin.length);
  }

  function copyAttributes(from, to, allowed, context) {
    for (const attribute of Array.from(from.attributes)) {
      const name = attribute.name.toLowerCase();
      if (!allowed.has(name)) continue;
      let value = attribute.value;
      if (LINK_ATTRIBUTES.has(name)) value = cleanLink(value, context.base, context.linkParams);
      else if (name === 'content' && /^(?:https?:)?\/\//i.test(value)) value = cleanLink(value, context.base, context.linkParams);
      // Addresses keep their ids (AliExpress items have 16 digits); only e-mail addresses go.
      if (value !== null) to.setAttribute(attribute.name, value === attribute.value ? data().scrub(value) : data().withoutEmails(value));
    }
  }

  /** A copy of element and its content with only allowed attributes, no form values, scrubbed text. */
  function keptCopy(element, out, context) {
    const copy = out.importNode(element, true);
    const isIdInput = (node) => node.matches(ID_INPUTS);
    for (const node of copy.querySelectorAll(`${DROPPED}, ${PERSONAL}`)) if (!isIdInput(node)) node.remove();
    const walker = out.createTreeWalker(copy, 0x80 | 0x4); // comments and text
    const comments = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.nodeType === 8) comments.push(node);
      else node.data = data().scrub(node.data);
    }
    for (const comment of comments) comment.remove();
    for (const node of [copy, ...copy.querySelectorAll('*')]) {
      const clean = out.createElement('span');
      copyAttributes(node, clean, ATTRIBUTES, context);
      // The value of an id input is the page's (the attribute), never what the shopper typed.
      const value = isIdInput(node) ? node.getAttribute('value') : null;
      for (const attribute of Array.from(node.attributes)) node.removeAttribute(attribute.name);
      for (const attribute of Array.from(clean.attributes)) node.setAttribute(attribute.name, attribute.value);
      if (value !== null) {
        node.setAttribute('type', 'hidden');
        node.setAttribute('value', data().scrub(value));
      }
    }
    return copy;
  }

  /** Elements the marketplace's extractor reads, in document order: [element, 'deep'|'shallow']. */
  function regionOf(doc, market, reader) {
    const kept = new Map();
    const add = (selector, how, test) => {
      for (const element of reader.css(selector).slice(0, 20)) {
        if ((!test || test(element)) && !kept.has(element)) kept.set(element, how);
      }
    };
    add('h1', 'deep', (element) => element === doc.querySelector('h1'));
    add(facts().PRODUCT_SCOPE, 'shallow');
    // Microdata: the first of each item the generic extractor reads, unless it describes a person.
    for (const name of ['name', 'brand', 'priceCurrency']) {
      const first = reader.itemprop(name).find((element) => !inPersonScope(element));
      if (first) kept.set(first, 'deep');
    }
    for (const element of reader.itemprop('price').concat(reader.itemprop('lowPrice')).slice(0, 3)) kept.set(element, 'deep');
    if (market) {
      for (const expression of market.region) add(expression, 'deep');
      for (const expression of market.shallow || []) add(expression, 'shallow');
      for (const [expression, test] of market.keepIf || []) {
        for (const element of reader.xpath(expression).slice(0, 20)) {
          if ((!test || test(element)) && !kept.has(element)) kept.set(element, 'deep');
        }
      }
    }
    return kept;
  }

  function inPersonScope(element) {
    const scope = element.parentElement && element.parentElement.closest('[itemscope]');
    return Boolean(scope && /Person|Review|Rating|Organization|Comment|Answer|Question/i.test(scope.getAttribute('itemtype') || ''));
  }

  /** The body: kept parts whole, their ancestors as empty shells (so XPaths like //X//Y still match). */
  function buildBody(doc, out, kept, context) {
    const shells = new Set();
    for (const element of kept.keys()) {
      for (let parent = element.parentElement; parent && parent !== doc.body && parent !== doc.documentElement; parent = parent.parentElement) {
        if (shells.has(parent)) break;
        shells.add(parent);
      }
    }
    const body = out.body;
    const visit = (element, into) => {
      for (const child of element.children) {
        const how = kept.get(child);
        if (how === 'deep') {
          into.append(keptCopy(child, out, context));
        } else if (how === 'shallow' || shells.has(child)) {
          const shell = out.createElement(child.tagName.toLowerCase());
          copyAttributes(child, shell, ANCESTOR_ATTRIBUTES, context);
          into.append(shell);
          visit(child, shell);
        }
      }
    };
    if (doc.body) visit(doc.body, body);
    return body;
  }

  const jsonScript = (out, attributes, value) => {
    const script = out.createElement('script');
    for (const [name, content] of Object.entries(attributes)) script.setAttribute(name, content);
    // "<" escaped: the JSON can never end the script element early.
    script.textContent = JSON.stringify(value).replace(/</g, '\\u003c');
    return script;
  };

  function pageScriptsText(doc) {
    return Array.from(doc.querySelectorAll('script:not([src])'))
      .filter((script) => !/ld\+json/i.test(script.getAttribute('type') || ''))
      .map((script) => script.textContent).join('\n');
  }

  /** The allow-listed copy of doc: {document, head data scripts, facts}. */
  function allowListed(doc) {
    const { url, marketplace, registeredDomain } = pageOf(doc.location.href);
    const linkParams = marketplace ? marketplace.linkParams : [];
    const out = doc.implementation.createHTMLDocument('');
    out.head.replaceChildren();
    const live = new (facts().Reader)(doc, { domain: url.hostname });
    const context = { base: url.href, linkParams };
    // Head: title, product meta, canonical link.
    const title = out.createElement('title');
    title.textContent = data().scrub(facts().cleanText(doc.title, 500) || '');
    out.head.append(title);
    for (const meta of doc.querySelectorAll('meta[content]')) {
      const key = (meta.getAttribute('property') || meta.getAttribute('name') || '').trim();
      if (!META_KEPT.test(key)) continue;
      const copy = out.createElement('meta');
      copyAttributes(meta, copy, new Set(['property', 'name', 'content']), context);
      out.head.append(copy);
    }
    const canonical = doc.querySelector("link[rel='canonical'][href]");
    if (canonical) {
      const link = out.createElement('link');
      link.setAttribute('rel', 'canonical');
      const href = cleanLink(canonical.getAttribute('href'), url.href, marketplace ? marketplace.params : []);
      if (href) {
        link.setAttribute('href', href);
        out.head.append(link);
      }
    }
    // Data: JSON-LD products, the page data's product, the ids found in page scripts.
    const dataScripts = [];
    const jsonLd = data().trimmedJsonLd(live);
    if (jsonLd.length) dataScripts.push(jsonScript(out, { type: 'application/ld+json' }, jsonLd));
    const urlListing = marketplace
      ? pages().idInUrl(marketplace.listing, url, marketplace.canonicalListing, marketplace.listingShape) : null;
    const nextData = data().trimmedPageData(live.scriptJson('__NEXT_DATA__'), marketplace, urlListing);
    if (nextData) dataScripts.push(jsonScript(out, { id: '__NEXT_DATA__', type: 'application/json' }, nextData));
    if (marketplace && marketplace.pageIds) {
      live.raw = pageScriptsText(doc);
      const values = marketplace.pageIds(live);
      if (Object.keys(values).length) {
        dataScripts.push(jsonScript(out, { id: 'radar-page-ids', type: 'application/json' }, data().trimJson(values, new Set(Object.keys(values)))));
      }
    }
    for (const script of dataScripts) out.head.append(script);
    buildBody(doc, out, regionOf(doc, marketplace, live), context);
    return { out, url, marketplace, registeredDomain, dataScripts };
  }

  /**
   * Facts as the backend reads them from doc (URL ids first, as a check does): the allow-listed
   * document, or the live page itself. raw: the page-data text regex searches read, or a
   * function that makes it (only called when a search needs it).
   */
  function readFacts(doc, url, marketplace, registeredDomain, raw) {
    const reader = new (facts().Reader)(doc, { domain: url.hostname, raw });
    reader.registeredDomain = registeredDomain;
    let found = facts().emptyFacts();
    if (marketplace) {
      try {
        found = marketplace.read(reader) || found;
      } catch {
        found = facts().emptyFacts(); // one broken layout rule must not break the check
      }
    }
    const complete = ['title', 'price', 'brand'].every((name) => found[name] !== null || found.notGeneric.includes(name));
    if (!complete) facts().fillFrom(found, facts().genericFacts(reader));
    if (found.brand && /^(?:unbranded|generic|no\s*brand|non\s*branded|brand\s*less|n\/?a|none|does\s+not\s+apply|sans\s+marque|sin\s+marca|markenlos|ohne\s+marke|senza\s+marca|unknown)$/i.test(found.brand)) {
      found.brand = null;
    }
    if (!marketplace) return found;
    const market = marketplace;
    found.title = facts().productTitle(found.title, market.titleAffixes);
    if (found.listingId === null && reader.canonicalUrl) {
      try {
        found.listingId = pages().idInUrl(market.listing, new URL(reader.canonicalUrl, url.href), market.canonicalListing, market.listingShape);
      } catch { /* not a URL */ }
    }
    const canonical = (value, form) => (value ? form(String(value).trim()) : value);
    const pageListing = canonical(found.listingId, market.canonicalListing);
    const pageSeller = canonical(found.sellerId, market.canonicalSeller);
    const urlListing = pages().idInUrl(market.listing, url, market.canonicalListing, market.listingShape);
    const urlSeller = pages().idInUrl(market.seller, url, market.canonicalSeller, market.sellerShape);
    const sellerId = urlSeller || pageSeller;
    // A page that is no product page (home, store, search) shows no product, and only a seller's
    // own page names its seller (a home page links to many stores): backend extraction.extract.
    const search = url.pathname + (url.search.length > 1 ? url.search : '');
    if (!urlListing && !(market.productPages || []).some((page) => page.test(search))
        && !facts().hasProductData(reader)) {
      found.title = null;
      found.price = null;
      found.brand = null;
      const sellerPage = urlSeller || (market.sellerPages || []).some((page) => page.test(search))
        || (market.sellerHosts || []).some((host) => host.test(url.hostname.toLowerCase()));
      if (!sellerPage) return { ...found, listingId: urlListing || pageListing, sellerId: null, sellerName: null };
    }
    return { ...found, listingId: urlListing || pageListing, sellerId,
      sellerName: pageSeller === null || pageSeller === sellerId ? found.sellerName : null };
  }

  function byteLength(text) {
    return new TextEncoder().encode(text).length;
  }

  /** text cut so that its UTF-8 encoding is at most maxBytes long. */
  function capBytes(text, maxBytes) {
    const encoder = new TextEncoder();
    if (encoder.encode(text).length <= maxBytes) return text;
    let end = Math.min(text.length, maxBytes);
    let cut = text.slice(0, end);
    while (encoder.encode(cut).length > maxBytes) {
      end = Math.floor(end * 0.9);
      cut = text.slice(0, end);
    }
    return cut;
  }

  /** The allow-listed document as HTML of at most maxBytes: data scripts whole or not at all. */
  function serialise(built, maxBytes) {
    const { out, dataScripts } = built;
    for (const script of dataScripts) script.remove();
    let used = byteLength(`<!DOCTYPE html>${out.head.outerHTML}<body></body></html>`);
    for (const script of dataScripts) {
      const size = byteLength(script.outerHTML);
      if (used + size > maxBytes) continue;
      out.head.append(script);
      used += size;
    }
    return capBytes(`<!DOCTYPE html>${out.documentElement.outerHTML}`, maxBytes);
  }

  /** The allow-listed snapshot of doc as HTML (at most options.maxBytes UTF-8 bytes). */
  function takeSnapshot(doc, options) {
    return serialise(allowListed(doc), (options && options.maxBytes) || 256 * 1024);
  }

  /** Every inline script's text, JSON-LD included: what the backend's regexes read in the raw page. */
  function inlineScriptsText(doc) {
    return Array.from(doc.querySelectorAll('script:not([src])')).map((script) => script.textContent).join('\n');
  }

  /** The page's facts read straight from the live document (no snapshot is built). */
  function liveFacts(doc) {
    const { url, marketplace, registeredDomain } = pageOf(doc.location.href);
    return readFacts(doc, url, marketplace, registeredDomain, () => inlineScriptsText(doc));
  }

  /** The page's facts read from its allow-listed copy, and that copy (for the snapshot). */
  function snapshotFacts(doc) {
    const built = allowListed(doc);
    const found = readFacts(built.out, built.url, built.marketplace, built.registeredDomain,
      inlineScriptsText(built.out));
    return { built, found };
  }

  /**
   * Whether the address itself names a listing or seller (a marketplace's product or seller
   * page, by the ids in its URL), or is on no marketplace (a shop the worker flagged, or the
   * page the shopper asked about): the content script then sends the facts with its first
   * message. Only a shortcut: the worker asks for them when it checks a page this misses.
   */
  function namesItem(href) {
    let url;
    try {
      url = new URL(href);
    } catch {
      return false;
    }
    const { marketplace } = pages().marketplaceOf(url.hostname);
    if (!marketplace) return true;
    const market = marketplace;
    return Boolean(pages().idInUrl(market.listing, url, market.canonicalListing, market.listingShape)
      || pages().idInUrl(market.seller, url, market.canonicalSeller, market.sellerShape));
  }

  /**
   * What the content script knows about the page: {url (canonical), title, facts: {title, brand,
   * price, sellerId, sellerName, listingId}, html (the snapshot, only when state.snapshot)}.
   * Without a snapshot (private mode) the facts are read from the live page with the same code,
   * which is faster than building the allow-listed copy first; the facts stay in the browser
   * unless the worker sends them (Full check mode).
   */
  function describePage(doc, state) {
    const wantSnapshot = Boolean(state && state.snapshot);
    const { built, found } = wantSnapshot ? snapshotFacts(doc) : { built: null, found: liveFacts(doc) };
    const title = found.title || facts().cleanText(doc.title, 500) || '';
    const page = {
      url: canonicalUrl(doc.location.href),
      title: title.slice(0, 500),
      facts: { title: found.title, brand: found.brand, price: found.price, sellerId: found.sellerId,
        sellerName: found.sellerName, listingId: found.listingId },
    };
    if (wantSnapshot) page.html = serialise(built, state.maxBytes || 256 * 1024);
    return page;
  }

  root.radarSnapshot = Object.freeze({ takeSnapshot, describePage, namesItem, canonicalUrl,
    scrub: (text) => data().scrub(text), capBytes });
}(globalThis));
