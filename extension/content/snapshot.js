// Page snapshot for the backend's extractors: the head's title, meta and JSON-LD, and the
// body without scripts (page-data JSON is kept), styles, SVG, frames, form values and the
// account/cart areas, capped in size. A classic script (manifest content scripts cannot
// be ES modules); it defines globalThis.radarSnapshot and touches no extension API.
(function defineSnapshot(root) {
  'use strict';

  // Kept: JSON-LD and page-data JSON such as Next.js's __NEXT_DATA__ (Walmart, others).
  const DATA_SCRIPT_TYPES = ['application/ld+json', 'application/json'];
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

  function isCanonicalLink(element) {
    return element.tagName.toLowerCase() === 'link'
      && /\bcanonical\b/i.test(element.getAttribute('rel') || '');
  }

  function isDataScript(script) {
    if (script.tagName.toLowerCase() !== 'script') return false;
    const type = (script.getAttribute('type') || '').trim().toLowerCase();
    return DATA_SCRIPT_TYPES.includes(type) || script.id === '__NEXT_DATA__';
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

  /** The head with only what describes the page: title, meta, canonical link, JSON-LD. */
  function keepDescriptiveHead(head) {
    for (const child of Array.from(head.children)) {
      const tag = child.tagName.toLowerCase();
      const keep = tag === 'title' || tag === 'meta'
        || isCanonicalLink(child) || isDataScript(child);
      if (!keep) child.remove();
    }
  }

  function removeComments(tree, doc) {
    const walker = doc.createTreeWalker(tree, 128 /* NodeFilter.SHOW_COMMENT */);
    const comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    for (const comment of comments) comment.remove();
  }

  /** The trimmed copy of the page as an HTML string of at most maxBytes UTF-8 bytes. */
  function takeSnapshot(doc, options) {
    const maxBytes = (options && options.maxBytes) || 256 * 1024;
    const tree = doc.documentElement.cloneNode(true);
    const head = tree.querySelector('head');
    if (head) keepDescriptiveHead(head);
    for (const element of tree.querySelectorAll(DROPPED)) {
      if (!isDataScript(element) && !isCanonicalLink(element)) element.remove();
    }
    for (const element of tree.querySelectorAll(PRIVATE_AREAS)) element.remove();
    clearFormValues(tree);
    removeComments(tree, doc);
    for (const element of tree.querySelectorAll('[style]')) element.removeAttribute('style');
    return capBytes(`<!DOCTYPE html>${tree.outerHTML}`, maxBytes);
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
