// Page snapshot for the backend's extractors: the head's title, descriptive meta and JSON-LD,
// and the body without scripts (JSON-LD and page-data JSON are kept, moved before the body),
// styles, SVG, frames, form values, the account/cart areas, data-* attributes the backend
// does not read, secret-looking meta and session ids in links; capped in size. A classic
// script (manifest content scripts cannot be ES modules); it defines globalThis.radarSnapshot
// and touches no extension API.
(function defineSnapshot(root) {
  'use strict';

  // Kept: JSON-LD, and page-data JSON the backend reads by id (Next.js's __NEXT_DATA__ on
  // Walmart and others). Other application/json scripts can hold account data: dropped.
  const PAGE_DATA_IDS = ['__NEXT_DATA__'];
  const DROPPED = 'script, style, link, svg, iframe, frame, frameset, object, embed, noscript, '
    + 'template, canvas, video, audio, picture source, base';
  // Signed-in and cart areas of the marketplaces' headers: personal, never needed.
  const PRIVATE_AREAS = [
    '#nav-tools', '#nav-link-accountList', '#nav-flyout-accountList', '#nav-orders',
    '#nav-cart', '#nav-flyout-anchor', '#nav-global-location-slot', '#glow-ingress-block',
    '#gh-ug', '#gh-ug-flex', '#gh-eb-u', '#gh-eb-My', '#gh-minicart-hover', '#gh-cart',
    '[data-testid="header-account"]', '[data-testid="header-cart"]',
    '[data-automation-id="header-account"]', '[data-automation-id="cart"]',
    '[aria-label="Account"]', '[aria-label="Cart"]', '[data-radar-private]',
    'counterfeit-radar-banner',
  ].join(', ');
  const HIDDEN_SECRET = /token|csrf|xsrf|session|auth|nonce|secret|password|signature|key/i;
  // <meta> named like a secret goes (Amazon's encrypted-slate-token, Etsy's csrf_nonce), unless
  // it is one of the descriptive kinds the extractors read.
  const META_SECRET = /token|csrf|xsrf|nonce|session|auth|key|sig|secret|cookie|user|customer/i;
  const META_DESCRIPTIVE = /^(?:description|keywords|title|author|(?:og|product|twitter|article|al|fb):.*)$/i;
  // The only data-* attributes kept: those the backend's extractors read (backend/marketplaces).
  // Others carry page state, some of it personal (Amazon's data-sp-cc: customer and session ids).
  const DATA_ATTRIBUTES_KEPT = new Set(['data-asin', 'data-aui', 'data-pl', 'data-shop-id',
    'data-shop-name', 'data-buy-box-listing-title', 'data-buy-box-region', 'data-selector',
    'data-testid', 'data-type']);
  // Amazon session ids (257-2598488-2643024) wherever they appear in links or attributes.
  const SESSION_ID = /\b\d{3}-\d{7}-\d{7}\b/g;
  // Link query parameters that identify the session or repeat what the shopper searched for.
  const DROPPED_PARAMS = /^(?:session-?id|sid|ref_?|ref|qid|sr|crid|sprefix|keywords|field-keywords|k|_nkw|pf_rd_.*|pd_rd_.*|dib|dib_tag)$|token|csrf|xsrf|nonce|session|auth|sig/i;
  const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'cite', 'poster'];

  function isCanonicalLink(element) {
    return element.tagName.toLowerCase() === 'link'
      && /\bcanonical\b/i.test(element.getAttribute('rel') || '');
  }

  function isJsonLd(script) {
    return (script.getAttribute('type') || '').trim().toLowerCase() === 'application/ld+json';
  }

  function isDataScript(script) {
    if (script.tagName.toLowerCase() !== 'script') return false;
    return isJsonLd(script) || PAGE_DATA_IDS.includes(script.id);
  }

  /** Whether a <meta> looks like it carries a token, session or account id. */
  function isSecretMeta(meta) {
    const names = ['name', 'property', 'http-equiv', 'itemprop']
      .map((attribute) => (meta.getAttribute(attribute) || '').trim()).filter(Boolean);
    if (meta.hasAttribute('http-equiv')
        && !/^content-(?:type|language)$/i.test(meta.getAttribute('http-equiv').trim())) return true;
    return names.some((name) => META_SECRET.test(name) && !META_DESCRIPTIVE.test(name));
  }

  /** A link without session ids, ref= segments and session/search parameters. */
  function cleanUrl(value, base) {
    if (!/[?=]|\d{3}-\d{7}-\d{7}/.test(value)) return value;
    let url;
    try {
      url = new URL(value, base);
    } catch {
      return value.replace(SESSION_ID, '');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return value.replace(SESSION_ID, '');
    url.pathname = url.pathname.split('/')
      .filter((segment) => !/\d{3}-\d{7}-\d{7}/.test(segment) && !/^ref[=_]/i.test(segment))
      .join('/');
    for (const name of Array.from(new Set(url.searchParams.keys()))) {
      if (DROPPED_PARAMS.test(name)
          || url.searchParams.getAll(name).some((v) => /\d{3}-\d{7}-\d{7}/.test(v))) {
        url.searchParams.delete(name);
      }
    }
    const text = url.href.replace(SESSION_ID, '');
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return text; // absolute stays absolute
    if (value.startsWith('//')) return text.slice(url.protocol.length);
    return text.slice(url.origin.length); // relative links become root-relative
  }

  /** Drop data-* attributes the backend does not read; clean links and session ids. */
  function cleanAttributes(tree, base) {
    for (const element of tree.querySelectorAll('*')) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('data-') && !DATA_ATTRIBUTES_KEPT.has(name)) {
          element.removeAttribute(attribute.name);
        } else if (URL_ATTRIBUTES.includes(name)
            || (name === 'content' && /^(?:https?:)?\/\//i.test(attribute.value))) {
          const cleaned = cleanUrl(attribute.value, base);
          if (cleaned !== attribute.value) element.setAttribute(attribute.name, cleaned);
        } else if (/\d{3}-\d{7}-\d{7}/.test(attribute.value)) {
          element.setAttribute(attribute.name, attribute.value.replace(SESSION_ID, ''));
        }
      }
    }
  }

  /** Drop what the shopper typed or chose, and secrets the page hid in forms. */
  function clearFormValues(tree) {
    for (const input of tree.querySelectorAll('input')) {
      const type = (input.getAttribute('type') || 'text').toLowerCase();
      const name = `${input.getAttribute('name') || ''} ${input.id || ''}`;
      if (type !== 'hidden' || HIDDEN_SECRET.test(name)) input.removeAttribute('value');
      input.removeAttribute('checked');
    }
    for (const area of tree.querySelectorAll('textarea')) area.textContent = '';
    for (const option of tree.querySelectorAll('option[selected]')) option.removeAttribute('selected');
  }

  /** The head with only what describes the page: title, meta, canonical link (data scripts
   * are taken out and put back by takeSnapshot). */
  function keepDescriptiveHead(head) {
    for (const child of Array.from(head.children)) {
      const tag = child.tagName.toLowerCase();
      const keep = tag === 'title' || tag === 'meta' || isCanonicalLink(child);
      if (!keep) child.remove();
    }
  }

  function removeComments(tree, doc) {
    const walker = doc.createTreeWalker(tree, 128 /* NodeFilter.SHOW_COMMENT */);
    const comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    for (const comment of comments) comment.remove();
  }

  function byteLength(text) {
    return new TextEncoder().encode(text).length;
  }

  /**
   * The trimmed copy of the page as an HTML string of at most maxBytes UTF-8 bytes. Kept data
   * scripts go at the end of the head, ahead of the body, so the cap cuts the body, never
   * them: each is kept whole or, when it does not fit before the body, not at all (the body's
   * DOM is then what the extractors read).
   */
  function takeSnapshot(doc, options) {
    const maxBytes = (options && options.maxBytes) || 256 * 1024;
    const tree = doc.documentElement.cloneNode(true);
    const dataScripts = Array.from(tree.querySelectorAll('script')).filter(isDataScript);
    for (const script of dataScripts) script.remove();
    let head = tree.querySelector('head');
    if (!head) {
      head = doc.createElement('head');
      tree.prepend(head);
    }
    keepDescriptiveHead(head);
    for (const element of tree.querySelectorAll(DROPPED)) {
      if (!isCanonicalLink(element)) element.remove();
    }
    for (const element of tree.querySelectorAll(PRIVATE_AREAS)) element.remove();
    for (const meta of tree.querySelectorAll('meta')) if (isSecretMeta(meta)) meta.remove();
    clearFormValues(tree);
    removeComments(tree, doc);
    for (const element of tree.querySelectorAll('[style]')) element.removeAttribute('style');
    cleanAttributes(tree, doc.baseURI || (doc.location && doc.location.href));
    // JSON-LD first (small, read on every marketplace), then page data such as __NEXT_DATA__.
    dataScripts.sort((a, b) => Number(!isJsonLd(a)) - Number(!isJsonLd(b)));
    let used = byteLength(`<!DOCTYPE html><html>${head.outerHTML}<body>`);
    for (const script of dataScripts) {
      for (const attribute of Array.from(script.attributes)) {
        if (attribute.name !== 'type' && attribute.name !== 'id') script.removeAttribute(attribute.name);
      }
      const size = byteLength(script.outerHTML);
      if (used + size > maxBytes) continue;
      head.append(script);
      used += size;
    }
    // Session and order ids (Amazon's 123-1234567-1234567) anywhere else, text included.
    return capBytes(`<!DOCTYPE html>${tree.outerHTML}`.replace(SESSION_ID, ''), maxBytes);
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

  /** The product title as shown: og:title, else the first h1, else the document title. */
  function productTitle(doc) {
    const og = doc.querySelector('meta[property="og:title"], meta[name="og:title"]');
    const ogTitle = og && (og.getAttribute('content') || '').trim();
    if (ogTitle) return ogTitle;
    const heading = doc.querySelector('h1');
    const headingText = heading && heading.textContent.replace(/\s+/g, ' ').trim();
    if (headingText) return headingText;
    return (doc.title || '').trim();
  }

  /** What the content script sends with a check: {url, title, html?}. */
  function describePage(doc, options) {
    const page = { url: doc.location.href, title: productTitle(doc).slice(0, 500) };
    if (options && options.snapshot) page.html = takeSnapshot(doc, options);
    return page;
  }

  root.radarSnapshot = Object.freeze({ takeSnapshot, productTitle, describePage, capBytes });
}(globalThis));
