// Page facts as the backend reads them: title, brand, price, seller and listing, from JSON-LD,
// meta tags, microdata and each marketplace's product region. One entry per marketplace in
// MARKETPLACES says where its ids sit in URLs, which query parameters identify the product,
// which parts of the page its extractor reads (`region`, XPaths as in backend/marketplaces/)
// and how to read them (`read`, a port of that module's extract()). content/snapshot.js keeps
// only those parts and reads the facts from what it kept. A classic content script: defines
// globalThis.radarFacts, needs radarPrices (content/prices.js), touches no extension API.
(function defineFacts(root) {
  'use strict';

  const { currencyOfDomain, parsePrice, structuredPrice } = root.radarPrices;
  // Python's \s (backend/text.py clean_text) rather than JavaScript's.
  const SPACES = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  const ORDERED_NODES = 7; // XPathResult.ORDERED_NODE_SNAPSHOT_TYPE

  /** Whitespace collapsed and trimmed, at most limit characters; null when empty. */
  function cleanText(text, limit = 500) {
    if (text === null || text === undefined) return null;
    const cleaned = String(text).replace(SPACES, ' ').trim();
    return Array.from(cleaned).slice(0, limit).join('') || null;
  }

  /** XPath lookups over a document, as backend/extraction/document.py offers them. */
  class Reader {
    constructor(doc, { domain = null, raw = '' } = {}) {
      this.doc = doc;
      this.domain = domain;
      this.raw = raw; // the page-data text that regex searches read (backend: the raw HTML)
      this.metaTags = null;
    }

    /** raw may be given as a function, called once when a search first needs the text. */
    get raw() {
      if (typeof this.rawText === 'function') this.rawText = String(this.rawText() || '');
      return this.rawText;
    }

    set raw(value) {
      this.rawText = value;
    }

    xpath(expression, context) {
      try {
        const result = this.doc.evaluate(expression, context || this.doc, null, ORDERED_NODES, null);
        const found = [];
        for (let index = 0; index < result.snapshotLength; index += 1) {
          const node = result.snapshotItem(index);
          found.push(node.nodeType === 2 ? node.value : node.nodeType === 3 ? node.data : node);
        }
        return found;
      } catch {
        return [];
      }
    }

    first(expression, context) {
      return this.xpath(expression, context)[0] ?? null;
    }

    css(selector) {
      try {
        return Array.from(this.doc.querySelectorAll(selector));
      } catch {
        return [];
      }
    }

    byId(id) {
      return this.doc.getElementById(id);
    }

    firstId(...ids) {
      for (const id of ids) {
        const found = this.byId(id);
        if (found) return found;
      }
      return null;
    }

    meta(...keys) {
      if (!this.metaTags) {
        this.metaTags = new Map();
        for (const element of this.doc.querySelectorAll('meta[content]')) {
          const key = element.getAttribute('property') || element.getAttribute('name') || element.getAttribute('itemprop');
          const name = key && key.trim().toLowerCase();
          if (name && !this.metaTags.has(name)) this.metaTags.set(name, element.getAttribute('content'));
        }
      }
      for (const key of keys) {
        const value = cleanText(this.metaTags.get(key));
        if (value) return value;
      }
      return null;
    }

    get canonicalUrl() {
      const link = this.first("//link[@rel='canonical']/@href");
      return cleanText(link, 2048) || this.meta('og:url');
    }

    get jsonLd() {
      const blocks = [];
      for (const script of Array.from(this.doc.querySelectorAll('script[type]')).slice(0, 30)) {
        if (!script.getAttribute('type').toLowerCase().includes('ld+json')) continue;
        const data = loadJson(script.textContent);
        if (data !== null) blocks.push(data);
      }
      return blocks;
    }

    scriptJson(id) {
      const script = this.byId(id);
      return script && script.tagName.toLowerCase() === 'script' ? loadJson(script.textContent) : null;
    }

    itemprop(name) {
      return this.css(`[itemprop~='${name}']`);
    }

    /** A regex match near the first occurrence of anchor in the page data, or null. */
    search(pattern, anchor, window = 4000, before = 0) {
      const at = this.raw.indexOf(anchor);
      if (at < 0) return null;
      const start = Math.max(0, at - before);
      return new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(this.raw.slice(start, at + window));
    }

    /** The element's visible text, whitespace collapsed; null if empty. */
    text(element, limit = 500) {
      if (element === null || element === undefined) return null;
      if (typeof element === 'string') return cleanText(element, limit);
      const pieces = [];
      let size = 0;
      for (const piece of this.xpath('descendant::text()[not(parent::script or parent::style or parent::noscript)]', element)) {
        pieces.push(piece);
        size += piece.length;
        if (size > limit * 4) break;
      }
      return cleanText(pieces.join(''), limit);
    }

    ownText(element, limit = 500) {
      if (!element) return null;
      const pieces = Array.from(element.childNodes).filter((node) => node.nodeType === 3).map((node) => node.data);
      return cleanText(pieces.join(''), limit);
    }

    firstText(expressions, limit = 500) {
      return this.firstTextIn(null, expressions, limit);
    }

    firstTextIn(element, expressions, limit = 500) {
      for (const expression of expressions) {
        for (const found of this.xpath(expression, element).slice(0, 5)) {
          const text = this.text(found, limit);
          if (text) return text;
        }
      }
      return null;
    }
  }

  function loadJson(text) {
    if (!text || text.length > 3 * 1024 * 1024) return null;
    let body = text.trim();
    if (body.startsWith('<!--')) body = body.slice(4, body.lastIndexOf('-->') >= 0 ? body.lastIndexOf('-->') : undefined);
    try {
      return JSON.parse(body);
    } catch {
      return null;
    }
  }

  const emptyFacts = () => ({ listingId: null, sellerId: null, sellerName: null, title: null,
    price: null, brand: null, parentListingId: null, notGeneric: [] });
  const GENERIC_FIELDS = ['listingId', 'sellerId', 'sellerName', 'title', 'price', 'brand'];

  function fillFrom(found, other) {
    for (const name of GENERIC_FIELDS) {
      if (found[name] === null && !found.notGeneric.includes(name)) found[name] = other[name];
    }
    return found;
  }

  // -- JSON-LD, meta tags and microdata (backend/extraction/generic.py) --------------------

  const PRODUCT_TYPES = new Set(['product', 'productgroup', 'individualproduct', 'productmodel',
    'vehicle', 'car', 'book', 'offer']);
  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

  function typeNames(node) {
    const kinds = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
    return new Set(kinds.filter(Boolean).map((kind) => String(kind).split('/').pop().toLowerCase()));
  }

  /** Every JSON-LD object the backend looks at (@graph, arrays unrolled; nothing else), in order. */
  function jsonLdNodes(blocks) {
    const nodes = [];
    const stack = blocks.slice().reverse().map((block) => [block, 0]);
    let seen = 0;
    while (stack.length && seen < 2000) {
      const [node, depth] = stack.pop();
      seen += 1;
      if (depth > 12) continue;
      if (Array.isArray(node)) {
        stack.push(...node.slice(0, 200).reverse().map((item) => [item, depth + 1]));
      } else if (isObject(node)) {
        nodes.push(node);
        if (Array.isArray(node['@graph'])) {
          stack.push(...node['@graph'].slice(0, 200).reverse().map((item) => [item, depth + 1]));
        }
      }
    }
    return nodes;
  }

  /** The JSON-LD Product-like objects (products first, bare offers after). */
  function jsonLdProducts(blocks) {
    const products = [];
    const offers = [];
    for (const node of jsonLdNodes(blocks)) {
      const kinds = typeNames(node);
      if ([...kinds].some((kind) => kind !== 'offer' && PRODUCT_TYPES.has(kind))) products.push(node);
      else if (kinds.has('offer')) offers.push(node);
    }
    return products.concat(offers);
  }

  function nameOf(value) {
    let name = Array.isArray(value) ? value[0] : value;
    if (isObject(name)) name = name.name;
    return typeof name === 'string' ? cleanText(name, 300) : null;
  }

  function offersOf(product) {
    const offers = 'offers' in product ? product.offers : (typeNames(product).has('offer') ? product : null);
    if (isObject(offers)) {
      const nested = Array.isArray(offers.offers) ? offers.offers.filter(isObject) : [];
      return [offers, ...nested];
    }
    return Array.isArray(offers) ? offers.slice(0, 50).filter(isObject) : [];
  }

  function offerPrice(offer) {
    let specification = offer.priceSpecification;
    if (Array.isArray(specification)) specification = specification[0];
    for (const source of [offer].concat(isObject(specification) ? [specification] : [])) {
      const currency = typeof source.priceCurrency === 'string' ? source.priceCurrency : null;
      for (const key of ['price', 'lowPrice', 'highPrice']) {
        const value = source[key];
        if (typeof value === 'string' || typeof value === 'number') {
          const price = structuredPrice(value, currency);
          if (price) return price;
        }
      }
    }
    return null;
  }

  function fromJsonLd(reader) {
    const found = emptyFacts();
    for (const product of jsonLdProducts(reader.jsonLd)) {
      found.title = found.title || nameOf(product.name);
      found.brand = found.brand || nameOf(product.brand);
      for (const offer of offersOf(product)) {
        found.price = found.price || offerPrice(offer);
        found.sellerName = found.sellerName || nameOf(offer.seller);
      }
      if (found.title && found.price) break;
    }
    return found;
  }

  function fromMeta(reader) {
    const found = emptyFacts();
    found.title = reader.meta('og:title', 'twitter:title');
    const amount = reader.meta('product:price:amount', 'og:price:amount', 'product:sale_price:amount');
    const currency = reader.meta('product:price:currency', 'og:price:currency', 'product:sale_price:currency');
    if (amount) found.price = structuredPrice(amount, currency);
    found.brand = reader.meta('product:brand', 'og:brand', 'brand');
    return found;
  }

  const PRODUCT_SCOPE = "[itemscope][itemtype*='schema.org/Product']";

  function fromMicrodata(reader) {
    const found = emptyFacts();
    if (!reader.css(PRODUCT_SCOPE).length) return found;
    const name = reader.itemprop('name')[0];
    if (name) found.title = cleanText(name.getAttribute('content'), 300) || reader.text(name, 300);
    const brand = reader.itemprop('brand')[0];
    if (brand) {
      const inner = reader.first(".//*[@itemprop='name']", brand);
      found.brand = cleanText(brand.getAttribute('content'), 100) || reader.text(inner || brand, 100);
    }
    const price = reader.itemprop('price').concat(reader.itemprop('lowPrice'))[0];
    const currency = reader.itemprop('priceCurrency')[0];
    if (price) {
      const code = currency ? (currency.getAttribute('content') || reader.text(currency, 10)) : null;
      const content = price.getAttribute('content');
      const pageCurrency = currencyOfDomain(reader.domain);
      found.price = content ? structuredPrice(content, code, pageCurrency)
        : parsePrice(reader.text(price, 60) || '', pageCurrency, code);
    }
    return found;
  }

  function genericFacts(reader) {
    return fillFrom(fillFrom(fromJsonLd(reader), fromMeta(reader)), fromMicrodata(reader));
  }

  /**
   * title without the marketplace's affixes (backend Marketplace.product_title): each whole-title
   * regex of affixes (marketplace-data.js titleAffixes) applied once, in order; group 1 is kept.
   */
  function productTitle(title, affixes) {
    let kept = title;
    for (const affix of affixes || []) {
      const match = affix.exec(kept || '');
      if (match && match[1].trim()) kept = match[1].trim();
    }
    return kept;
  }

  /** Whether the page declares a product (backend generic.has_product_data). */
  function hasProductData(reader) {
    return jsonLdProducts(reader.jsonLd).length > 0 || reader.css(PRODUCT_SCOPE).length > 0;
  }

  root.radarFacts = { cleanText, Reader, emptyFacts, fillFrom, genericFacts, fromJsonLd, jsonLdNodes,
    jsonLdProducts, typeNames, PRODUCT_TYPES, PRODUCT_SCOPE, productTitle, hasProductData };
}(globalThis));
