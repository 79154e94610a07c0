// Trimming what a page says to what the backend reads, for content/snapshot.js: text scrubbed
// of e-mail addresses, phone and order numbers; JSON-LD trimmed to products and offers; the
// product object of page data such as __NEXT_DATA__ found by shape, with subtrees named like
// the shopper's own (user, account, cart, order, search, ...) never walked into.
// A classic content script: defines globalThis.radarPageData; needs radarFacts; touches no
// extension API.
(function definePageData(root) {
  'use strict';

  const facts = () => root.radarFacts;

  const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
  const ORDER_NUMBER = /\b\d{2,4}-\d{5,8}-\d{5,8}\b|\d{16,}/g;
  const PHONE = /(?<![\p{L}\p{N}])(?:\+\d{1,3}[ .\u00a0-]?)?(?:\(\d{1,5}\)[ .\u00a0-]?|\d{1,5}[ .\u00a0-])(?:\d{2,5}[ .\u00a0-]){0,3}\d{2,5}(?![\p{L}\p{N}])/gu;
  const THOUSANDS = /^\d{1,3}([ .,\u00a0])\d{3}(?:\1\d{3})*$/;
  // Page data: keys under which a product's facts sit; subtrees named like the shopper's own.
  const PRODUCT_KEYS = new Set(['name', 'title', 'brand', 'usItemId', 'itemId', 'productId', 'goodsId',
    'goods_id', 'sku', 'catalogSellerId', 'sellerId', 'sellerDisplayName', 'sellerName', 'mallId',
    'mall_id', 'storeName', 'storeId', 'priceInfo', 'currentPrice', 'price', 'priceString',
    'currencyUnit', 'currency', 'priceCurrency', 'offers', 'lowPrice', 'highPrice', '@type']);
  const PRODUCT_SIGNS = /^(?:priceInfo|currentPrice|price|offers|usItemId|catalogSellerId|sellerId|goodsId|goods_id|productId|itemId|sku)$/;
  const PERSONAL_KEYS = /user|account|customer|viewer|session|cart|basket|order|address|profile|wishlist|history|recent|login|auth|token|message|chat|search|query/i;
  const JSON_LD_KEPT = new Set(['@context', '@type', 'name', 'brand', 'sku', 'mpn', 'gtin', 'gtin8',
    'gtin12', 'gtin13', 'gtin14', 'productID', 'offers', 'price', 'lowPrice', 'highPrice',
    'priceCurrency', 'priceSpecification', 'seller', 'availability', 'itemCondition', '@graph']);

  /** text without e-mail addresses, phone numbers and order-number-like digit runs. */
  function scrub(text) {
    if (!text || !/[@\d]/.test(text)) return text;
    return text.replace(EMAIL, '').replace(ORDER_NUMBER, '').replace(PHONE, (found) => {
      const count = found.replace(/\D/g, '').length;
      return count >= 9 && !THOUSANDS.test(found.trim()) ? '' : found;
    });
  }

  // -- structured data -----------------------------------------------------------------

  function trimJson(value, keys, depth = 0) {
    if (depth > 8) return undefined;
    if (typeof value === 'string') return scrub(value).slice(0, 500);
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    if (Array.isArray(value)) return value.slice(0, 50).map((item) => trimJson(item, keys, depth + 1)).filter((item) => item !== undefined);
    if (typeof value === 'object') {
      const trimmed = {};
      for (const [key, item] of Object.entries(value)) {
        if (!keys.has(key)) continue;
        const kept = trimJson(item, keys, depth + 1);
        if (kept !== undefined) trimmed[key] = kept;
      }
      return trimmed;
    }
    return undefined;
  }

  /** JSON-LD products and offers only (reviews, authors, breadcrumbs go), in the backend's order. */
  function trimmedJsonLd(reader) {
    const nodes = facts().jsonLdNodes(reader.jsonLd).filter((node) => {
      const kinds = facts().typeNames(node);
      return [...kinds].some((kind) => facts().PRODUCT_TYPES.has(kind));
    });
    return nodes.map((node) => {
      const trimmed = trimJson(node, JSON_LD_KEPT);
      delete trimmed['@graph'];
      return trimmed;
    });
  }

  /** The product object of page data (and the path to it), found by shape, trimmed; or null. */
  function trimmedPageData(data, market, listingId) {
    if (!data || typeof data !== 'object') return null;
    let best = null;
    const stack = [[data, []]];
    let seen = 0;
    while (stack.length && seen < 50000) {
      const [node, trail] = stack.pop();
      seen += 1;
      if (!node || typeof node !== 'object' || trail.length > 14) continue;
      if (!Array.isArray(node)) {
        const keys = Object.keys(node);
        const named = typeof node.name === 'string' || typeof node.title === 'string';
        const signs = keys.filter((key) => PRODUCT_SIGNS.test(key)).length;
        if (named && signs) {
          const known = market && market.productPath && market.productPath.join('/') === trail.join('/');
          const mentionsListing = listingId && keys.some((key) => String(node[key]) === listingId);
          const score = (known ? 1000 : 0) + (mentionsListing ? 100 : 0) + signs - trail.length / 100;
          if (!best || score > best.score) best = { node, trail, score };
        }
      }
      for (const [key, child] of Object.entries(node)) {
        if (child && typeof child === 'object' && !PERSONAL_KEYS.test(key)) stack.push([child, trail.concat(key)]);
      }
    }
    if (!best) return null;
    let wrapped = trimJson(best.node, PRODUCT_KEYS);
    for (const key of best.trail.slice().reverse()) wrapped = /^\d+$/.test(key) ? [wrapped] : { [key]: wrapped };
    return wrapped;
  }

  /** text without e-mail addresses (link values, which must stay whole otherwise). */
  function withoutEmails(text) {
    return text.replace(EMAIL, '');
  }

  root.radarPageData = Object.freeze({ scrub, withoutEmails, trimJson, trimmedJsonLd, trimmedPageData });
}(globalThis));
