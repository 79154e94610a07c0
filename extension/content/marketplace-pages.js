// What each marketplace's product page gives away, one entry per marketplace, ported from
// backend/marketplaces/<name>.py: where its ids sit in URLs (listing/seller patterns, the query
// parameters that identify the product: `params`, and those links may keep: `linkParams`),
// the parts of the page its extractor reads (`region`: CSS selectors matching what its XPaths
// read, kept whole; `shallow`: kept without their content), page-data values it finds with regexes (`pageIds`), and `read`, its
// extract(). Hosts repeat lib/marketplaces.js (a test keeps them in step). A classic content
// script: defines globalThis.radarMarketplacePages; needs radarPrices and radarFacts.
(function defineMarketplacePages(root) {
  'use strict';

  const { currencyOfDomain, parsePrice, structuredPrice } = root.radarPrices;
  const { emptyFacts, fromJsonLd, cleanText } = root.radarFacts;

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

  // -- Amazon ----------------------------------------------------------------------------

  const AMAZON_RETAIL = { 'amazon.com': 'ATVPDKIKX0DER', 'amazon.co.uk': 'A3P5ROKL5A1OLE',
    'amazon.de': 'A3JWKAKR8XB7XF', 'amazon.fr': 'A1X6FK5RDHNB96', 'amazon.it': 'A11IL2PNWYJU7H',
    'amazon.es': 'A1AT7YVPFBWXBL', 'amazon.ca': 'A3DWYIK6Y9EEQB', 'amazon.co.jp': 'AN1VRQENFRJN5',
    'amazon.com.au': 'ANEGB3WVEVKZB' };
  const AMAZON_RETAIL_IDS = new Set(Object.values(AMAZON_RETAIL));
  const PARENT_ASIN = /"currentAsin"\s*:\s*"[A-Z0-9]{10}"\s*,\s*"parentAsin"\s*:\s*"([A-Z0-9]{10})"/;
  const SOLD_BY_AMAZON = /(?:sold\s+by|vendu\s+par|durch|venduto\s+da|vendido\s+por|verkocht\s+door|sprzedawca:?|販売元:?)\s*Amazon(?:\.[a-z.]{2,6})?(?![\w-]|\s+(?:Warehouse|Resale))/i;
  const BYLINE = [/^(?:Brand|Marke|Marque|Marca|Merk|Marka|ブランド)\s*:\s*(.+)$/i, /^Visit the (.+?) Store$/,
    /^Besuchen Sie den (.+?)-Store$/, /^Visiter la boutique (.+)$/, /^Visita la tienda de (.+)$/,
    /^Visita lo Store di (.+)$/];
  const AMAZON_PRICE_IDS = ['priceblock_dealprice', 'priceblock_saleprice', 'priceblock_ourprice',
    'price_inside_buybox', 'newBuyBoxPrice', 'price'];
  const AMAZON_PRICE_BLOCKS = ['corePrice_feature_div', 'corePriceDisplay_desktop_feature_div',
    'apex_desktop', 'tp_price_block_total_price_ww'];
  const AMAZON_HOLDER = '#dp[data-asin], #dp-container[data-asin], #ppd[data-asin]';

  function amazonAsin(reader) {
    const input = reader.byId('ASIN');
    const value = input && (input.getAttribute('value') || '').trim().toUpperCase();
    if (value && /^[A-Z0-9]{10}$/.test(value)) return value;
    for (const named of reader.css("input[name='ASIN'][value]").slice(0, 3)) {
      const text = named.getAttribute('value').trim().toUpperCase();
      if (/^[A-Z0-9]{10}$/.test(text)) return text;
    }
    const holder = reader.css(AMAZON_HOLDER)[0];
    return holder ? holder.getAttribute('data-asin') : null;
  }

  function amazonSeller(reader, domain) {
    const merchantInput = reader.byId('merchantID');
    const merchant = (merchantInput && (merchantInput.getAttribute('value') || '').trim().toUpperCase()) || null;
    const link = reader.byId('sellerProfileTriggerId');
    const linkSeller = link ? (queryOf(link.getAttribute('href')).get('seller') || '').trim().toUpperCase() || null : null;
    let info = reader.text(reader.byId('merchant-info'));
    if (info === null && merchant === null && link === null) {
      info = reader.firstText(["//*[@offer-display-feature-name='desktop-merchant-info']//*[contains(@class, 'offer-display-feature-text')]",
        "//*[@id='tabular-buybox']//*[contains(@class, 'tabular-buybox-text')]"]);
    }
    const retail = AMAZON_RETAIL[domain || ''];
    let sellerId = merchant || linkSeller;
    let name = null;
    if (link && (linkSeller === null || linkSeller === sellerId)) name = reader.text(link, 200);
    const soldByAmazon = Boolean(info && SOLD_BY_AMAZON.test(info));
    if (sellerId === null && soldByAmazon) sellerId = retail || null;
    if (name === null && (AMAZON_RETAIL_IDS.has(sellerId) || (soldByAmazon && sellerId === retail))) name = 'Amazon';
    return [sellerId, name];
  }

  function amazonPrice(reader) {
    const fallback = currencyOfDomain(reader.domain);
    for (const id of AMAZON_PRICE_IDS) {
      const element = reader.byId(id);
      const price = element && parsePrice(reader.text(element, 80), fallback);
      if (price) return price;
    }
    for (const id of AMAZON_PRICE_BLOCKS) {
      const element = reader.byId(id);
      if (!element) continue;
      for (const text of reader.xpath(".//span[contains(@class, 'a-offscreen')]/text()", element).slice(0, 3)) {
        const price = parsePrice(text, fallback);
        if (price) return price;
      }
    }
    return null;
  }

  function amazonBrand(reader) {
    const byline = reader.byId('bylineInfo');
    if (!byline || (byline.getAttribute('class') || '').includes('bylineHidden')) return null;
    const text = reader.text(byline, 200);
    if (text) {
      for (const pattern of BYLINE) {
        const match = pattern.exec(text);
        if (match) return match[1].trim();
      }
    }
    const href = byline.getAttribute('href') || '';
    const store = /\/stores\/([^/]+)\/page\//.exec(href);
    if (store) return decodeURIComponent(store[1].replace(/\+/g, ' ')).trim() || null;
    const params = queryOf(href);
    for (const key of ['field-lbr_brands_browse-bin', 'field-keywords', 'field-brandtextbin']) {
      if (params.get(key)) return params.get(key).trim() || null;
    }
    return null;
  }

  function amazonParent(reader, asin) {
    const match = reader.search(PARENT_ASIN, `"currentAsin" : "${asin}"`, 200)
      || reader.search(PARENT_ASIN, `"currentAsin":"${asin}"`, 200);
    return match && match[1] !== asin ? match[1] : null;
  }

  const amazon = {
    id: 'amazon',
    domains: ['amazon.com', 'amazon.ca', 'amazon.com.mx', 'amazon.com.br', 'amazon.co.uk',
      'amazon.de', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.nl', 'amazon.se', 'amazon.pl',
      'amazon.com.be', 'amazon.com.tr', 'amazon.ae', 'amazon.sa', 'amazon.eg', 'amazon.in',
      'amazon.co.jp', 'amazon.com.au', 'amazon.sg', 'amazon.co.za', 'amazon.ie', 'amazon.cn',
      'amzn.com', 'amzn.to', 'amzn.eu', 'amzn.asia', 'a.co'],
    listing: [path(/\/dp\/(?:product\/)?([A-Z0-9]{10})(?=[/?]|$)/i),
      path(/\/gp\/(?:product|aw\/d|offer-listing)\/(?:glance\/)?([A-Z0-9]{10})(?=[/?]|$)/i),
      path(/\/exec\/obidos\/(?:asin|tg\/detail\/-)\/([A-Z0-9]{10})(?=[/?]|$)/i),
      path(/\/o\/(?:asin\/)?([A-Z0-9]{10})(?=[/?]|$)/i), query('asin', /^([A-Z0-9]{10})$/i)],
    seller: ['seller', 'smid', 'me', 'merchant'].map((param) => query(param, /^(A[A-Z0-9]{9,20})$/i))
      .concat([path(/\/shops\/(A[A-Z0-9]{9,20})(?=[/?]|$)/i)]),
    canonicalListing: upper,
    canonicalSeller: upper,
    listingShape: /^[A-Z0-9]{10}$/,
    sellerShape: /^A[A-Z0-9]{9,21}$/,
    params: ['asin', 'seller', 'smid', 'me', 'merchant'],
    // The byline's link names the brand in its query (a brand search, not the shopper's).
    linkParams: ['asin', 'seller', 'smid', 'me', 'merchant', 'field-lbr_brands_browse-bin',
      'field-keywords', 'field-brandtextbin'],
    region: [
      '#productTitle', "input#ASIN, input[name='ASIN'], input#merchantID", '#sellerProfileTriggerId',
      '#merchant-info', "[offer-display-feature-name='desktop-merchant-info'], #tabular-buybox",
      AMAZON_PRICE_IDS.map((id) => `#${id}`).join(', '),
      AMAZON_PRICE_BLOCKS.map((id) => `#${id} span[class*='a-offscreen']`).join(', '),
      '#bylineInfo',
    ],
    shallow: [AMAZON_HOLDER],
    pageIds(reader) {
      const asin = amazonAsin(reader);
      const parent = asin && amazonParent(reader, asin);
      return parent ? { currentAsin: asin, parentAsin: parent } : {};
    },
    read(reader) {
      const found = emptyFacts();
      found.listingId = amazonAsin(reader);
      if (found.listingId) found.parentListingId = amazonParent(reader, found.listingId);
      [found.sellerId, found.sellerName] = amazonSeller(reader, reader.registeredDomain);
      const title = reader.byId('productTitle');
      found.title = title ? (reader.text(title, 500) || title.getAttribute('value')) : null;
      found.price = amazonPrice(reader);
      found.brand = amazonBrand(reader);
      return found;
    },
  };

  // -- eBay ------------------------------------------------------------------------------

  const EBAY_USER = '([A-Za-z0-9][A-Za-z0-9._*-]{0,63})';
  const EBAY_BRAND_LABEL = "//td[contains(@class, 'attrLabels')][starts-with(normalize-space(), 'Brand') or "
    + "starts-with(normalize-space(), 'Marke') or starts-with(normalize-space(), 'Marque') or "
    + "starts-with(normalize-space(), 'Marca') or starts-with(normalize-space(), 'Merk')]";

  function ebayUser(href) {
    if (!href) return null;
    let text = href;
    try {
      text = decodeURIComponent(href);
    } catch { /* keep it encoded */ }
    for (const pattern of [new RegExp(`/usr/${EBAY_USER}(?=[/?#]|$)`),
      new RegExp(`/fdbk/(?:feedback_profile|mweb_profile)/${EBAY_USER}(?=[/?#]|$)`)]) {
      const match = pattern.exec(text);
      if (match) return match[1];
    }
    const params = queryOf(text);
    for (const key of ['_ssn', 'requested', 'sid']) if (params.get(key)) return params.get(key);
    return null;
  }

  function ebaySeller(reader) {
    const card = reader.first("//*[contains(@class, 'x-sellercard-atf')]");
    if (card) {
      const about = reader.first(".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]", card);
      const name = reader.firstTextIn(card, [
        ".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]//*[contains(@class, 'ux-textspans--BOLD')]",
        ".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]//a"]);
      let user = null;
      for (const href of reader.xpath('.//a/@href', card).slice(0, 20)) {
        user = ebayUser(href);
        if (user) break;
      }
      if (user === null && about && about.getAttribute('title')) user = about.getAttribute('title').trim();
      return [user, name || user];
    }
    let link = reader.byId('mbgLink');
    if (!link) link = reader.first("//*[contains(@class, 'si-inner')]//a[contains(@href, '/usr/')]");
    let user = link ? ebayUser(link.getAttribute('href')) : null;
    const name = reader.firstText(["//span[@class='mbg-nw']"], 100);
    if (user === null && name) user = name;
    return [user, name || user];
  }

  function ebayPrice(reader) {
    const fallback = currencyOfDomain(reader.domain);
    const currency = reader.itemprop('priceCurrency').map((element) => element.getAttribute('content')).find(Boolean) || null;
    for (const element of reader.itemprop('price').slice(0, 3)) {
      const content = element.getAttribute('content');
      const price = content ? structuredPrice(content, currency, fallback)
        : parsePrice(reader.text(element, 60) || '', fallback, currency);
      if (price) return price;
    }
    const text = reader.firstText(["//*[contains(@class, 'x-price-primary')]//*[contains(@class, 'ux-textspans')]",
      "//*[contains(@class, 'x-price-primary')]"], 80)
      || reader.text(reader.firstId('prcIsum', 'mm-saleDscPrc', 'prcIsum_bidPrice'), 80);
    return text ? parsePrice(text, fallback) : null;
  }

  function ebayBrand(reader) {
    const brand = reader.firstText(["//*[contains(@class, 'ux-labels-values--brand')]//*[contains(@class, 'ux-labels-values__values')]"], 100)
      || reader.firstText([`${EBAY_BRAND_LABEL}/following-sibling::td[1]`], 100);
    if (brand) return brand;
    const element = reader.itemprop('brand')[0];
    if (!element) return null;
    return reader.text(reader.first(".//*[@itemprop='name']", element) || element, 100);
  }

  function ebayTitle(reader) {
    const current = reader.firstText(["//h1[contains(@class, 'x-item-title__mainTitle')]"], 300);
    if (current) return current;
    const older = reader.byId('itemTitle');
    const title = older && reader.ownText(older, 300);
    if (title) return title;
    const og = reader.meta('og:title');
    return og ? og.replace(/\s*\|\s*eBay\s*$/i, '') : null;
  }

  const ebay = {
    id: 'ebay',
    domains: ['ebay.com', 'ebay.ca', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es',
      'ebay.at', 'ebay.ch', 'ebay.be', 'ebay.nl', 'ebay.ie', 'ebay.pl', 'ebay.com.au',
      'ebay.com.sg', 'ebay.com.my', 'ebay.ph', 'ebay.in', 'ebay.com.hk', 'ebay.us'],
    listing: [path(/\/itm\/(?:[^/]+\/)?(\d{9,15})(?=[/?]|$)/i), query('item', /^(\d{9,15})$/i), query('itm', /^(\d{9,15})$/i)],
    seller: [path(new RegExp(`/usr/${EBAY_USER}(?=[/?]|$)`, 'i')), query('_ssn', new RegExp(`^${EBAY_USER}$`, 'i')),
      query('sid', new RegExp(`^${EBAY_USER}$`, 'i'))],
    canonicalListing: decimal,
    canonicalSeller: lower,
    listingShape: digits(9, 15),
    sellerShape: /^[a-z0-9][a-z0-9._*-]{0,63}$/,
    params: ['item', 'itm', '_ssn', 'sid'],
    linkParams: ['item', 'itm', '_ssn', 'sid', 'requested'],
    region: [
      "#descItemNumber, [class*='ux-layout-section__textual-display--itemId']",
      "[class*='x-sellercard-atf'], #mbgLink, [class*='si-inner'] a[href*='/usr/'], span[class='mbg-nw']",
      "h1[class*='x-item-title__mainTitle'], #itemTitle",
      "[class*='x-price-primary'], #prcIsum, #mm-saleDscPrc, #prcIsum_bidPrice",
      "[class*='ux-labels-values--brand']",
    ],
    // Of the item specifics, the "Brand:" row only.
    keepIf: [[`${EBAY_BRAND_LABEL} | ${EBAY_BRAND_LABEL}/following-sibling::td[1]`]],
    read(reader) {
      const found = emptyFacts();
      const itemText = reader.text(reader.byId('descItemNumber'), 80) || reader.firstText([
        "//*[contains(@class, 'ux-layout-section__textual-display--itemId')]//*[contains(@class, 'ux-textspans--BOLD')]",
        "//*[contains(@class, 'ux-layout-section__textual-display--itemId')]"], 80);
      const item = firstMatch(itemText, /\b(\d{9,15})\b/);
      found.listingId = item ? item[1] : null;
      [found.sellerId, found.sellerName] = ebaySeller(reader);
      found.title = ebayTitle(reader);
      found.price = ebayPrice(reader);
      found.brand = ebayBrand(reader);
      return found;
    },
  };

  // -- AliExpress, Alibaba ---------------------------------------------------------------

  const STORE_LINK = /\/store\/(?:[a-z-]+\/)?(\d{3,15})(?=[/?#._]|$)/;
  const ALIEXPRESS_STORE_ANCHORS = ["//a[@data-pl='store-name' and contains(@href, '/store/')]",
    "//*[contains(@class, 'store-name') or contains(@class, 'storeName') or contains(@class, 'shop-name') or "
    + "contains(@class, 'store-header')]//a[contains(@href, '/store/')]",
    "//a[(contains(@class, 'store-name') or contains(@class, 'storeName')) and contains(@href, '/store/')]"];
  const ALIEXPRESS_TITLES = ["//h1[@data-pl='product-title']", "//*[contains(@class, 'product-title-text')]",
    "//*[contains(@class, 'title--wrap')]//h1"];
  const ALIEXPRESS_PRICES = ["//*[contains(@class, 'product-price-current')]",
    "//*[contains(@class, 'price--currentPriceText')]", "//*[contains(@class, 'uniform-banner-box-price')]"];
  const RUN_PARAMS = {
    storeName: [new RegExp(`"storeName"\\s*:\\s*${JSON_STRING}`), '"storeName"', 400],
    storeNum: [/"storeNum"\s*:\s*"?(\d{3,15})/, '"storeNum"', 100],
    subject: [new RegExp(`"subject"\\s*:\\s*${JSON_STRING}`), '"subject"', 400],
    formatedActivityPrice: [new RegExp(`"formatedActivityPrice"\\s*:\\s*${JSON_STRING}`), '"formatedActivityPrice"', 200],
    formatedPrice: [new RegExp(`"formatedPrice"\\s*:\\s*${JSON_STRING}`), '"formatedPrice"', 200],
  };
  const runParam = (reader, key) => reader.search(...RUN_PARAMS[key]);

  const aliexpress = {
    id: 'aliexpress',
    domains: ['aliexpress.com', 'aliexpress.us', 'aliexpress.ru'],
    listing: [path(/\/(?:item|i)\/(?:[^/]+\/)?(\d{6,20})\.html/i), query('productId', /^(\d{6,20})$/i)],
    seller: [path(/\/store\/(?:[a-z-]+\/)?(\d{3,15})(?=[/?._]|$)/i), query('storeId', /^(\d{3,15})$/i)],
    canonicalListing: decimal,
    canonicalSeller: decimal,
    listingShape: digits(6, 20),
    sellerShape: digits(3, 15),
    params: ['productId', 'storeId'],
    linkParams: ['productId', 'storeId'],
    region: [
      "a[data-pl='store-name'][href*='/store/'], a[class*='store-name'][href*='/store/'], a[class*='storeName'][href*='/store/']",
      ['store-name', 'storeName', 'shop-name', 'store-header'].map((name) => `[class*='${name}'] a[href*='/store/']`).join(', '),
      "h1[data-pl='product-title'], [class*='product-title-text'], [class*='title--wrap'] h1",
      "[class*='product-price-current'], [class*='price--currentPriceText'], [class*='uniform-banner-box-price']",
    ],
    pageIds(reader) {
      const values = {};
      for (const key of Object.keys(RUN_PARAMS)) {
        const match = runParam(reader, key);
        if (match) values[key] = key === 'storeNum' ? match[1] : jsonString(match);
      }
      return values;
    },
    read(reader) {
      const found = emptyFacts();
      for (const expression of ALIEXPRESS_STORE_ANCHORS) {
        for (const anchor of reader.xpath(expression).slice(0, 5)) {
          const match = STORE_LINK.exec(anchor.getAttribute('href') || '');
          if (match) {
            found.sellerId = match[1];
            found.sellerName = reader.text(anchor, 200);
            break;
          }
        }
        if (found.sellerId) break;
      }
      found.title = reader.firstText(ALIEXPRESS_TITLES, 300);
      const fallback = currencyOfDomain(reader.domain);
      const priceText = reader.firstText(ALIEXPRESS_PRICES, 80);
      found.price = priceText ? parsePrice(priceText, fallback) : null;
      if (!(found.sellerId && found.sellerName && found.title && found.price)) {
        if (found.sellerName === null) found.sellerName = jsonString(runParam(reader, 'storeName'));
        if (found.sellerId === null) {
          const match = runParam(reader, 'storeNum');
          found.sellerId = match ? match[1] : null;
        }
        if (found.title === null) found.title = jsonString(runParam(reader, 'subject'));
        if (found.price === null) {
          const text = jsonString(runParam(reader, 'formatedActivityPrice') || runParam(reader, 'formatedPrice'));
          found.price = text ? parsePrice(text, fallback) : null;
        }
      }
      if (found.title) found.title = found.title.replace(/\s*-\s*AliExpress(?:\s+\d+)?$/, '');
      return found;
    },
  };

  const SUPPLIER_HOST = /^([a-z0-9][a-z0-9-]{1,62})\.(?:m\.)?en\.alibaba\.com$/i;
  const SUPPLIER_IN_PAGE = /https?:(?:\\?\/){2}([a-z0-9][a-z0-9-]{1,62})\.en\.alibaba\.com/i;
  const ALIBABA_PRODUCT_ID = /"(?:productId|bbProductId)"\s*:\s*"?(\d{6,20})/;
  const ALIBABA_COMPANY = "//a[@data-aui='company-name'] | //*[contains(@class, 'company-name')]//a[@href] | //a[contains(@class, 'company-name')]";
  const ALIBABA_TITLE = "//h1[contains(@class, 'ma-title')] | //*[contains(@class, 'product-title')]//h1 | //h1[@title]";
  const ALIBABA_PRICES = ["//*[contains(@class, 'ma-ref-price')]", "//*[contains(@class, 'ma-spec-price')]",
    "//*[contains(@class, 'sku-price')]", "//*[contains(@class, 'price-item')]//*[contains(@class, 'price')]"];
  const ALIBABA_BRAND = "//*[contains(@class, 'do-entry-item')][.//*[starts-with(normalize-space(), 'Brand Name')]]"
    + "//*[contains(@class, 'do-entry-item-val')]";

  function supplierOf(href) {
    if (!href) return null;
    try {
      const hostName = new URL(href.includes('//') ? href : `//${href}`, 'https://radar.invalid/').hostname;
      const match = SUPPLIER_HOST.exec(hostName);
      return match ? match[1] : null;
    } catch {
      return null;
    }
  }

  const alibabaProduct = (reader) => reader.search(ALIBABA_PRODUCT_ID, '"productId"', 200)
    || reader.search(ALIBABA_PRODUCT_ID, '"bbProductId"', 200);

  const alibaba = {
    id: 'alibaba',
    domains: ['alibaba.com'],
    listing: [path(/\/product-detail\/(?:[^/]*_)?(\d{6,20})\.html/i),
      path(/\/product\/(\d{6,20})(?:[/-][^/]*)?(?:\.html)?(?=[/?]|$)/i)],
    seller: [host(/^(?!www\.|m\.)([a-z0-9][a-z0-9-]{1,62})\.(?:m\.)?en\.alibaba\.com$/i)],
    canonicalListing: decimal,
    canonicalSeller: lower,
    listingShape: digits(6, 20),
    sellerShape: /^[a-z0-9][a-z0-9-]{1,62}$/,
    params: [],
    linkParams: [],
    region: [
      "a[data-aui='company-name'], [class*='company-name'] a[href], a[class*='company-name']",
      "h1[class*='ma-title'], [class*='product-title'] h1, h1[title]",
      "[class*='ma-ref-price'], [class*='ma-spec-price'], [class*='sku-price'], [class*='price-item'] [class*='price']",
      "[class*='do-entry-item']",
    ],
    pageIds(reader) {
      const values = {};
      const product = alibabaProduct(reader);
      if (product) values.productId = product[1];
      const supplier = reader.search(SUPPLIER_IN_PAGE, '.en.alibaba.com', 20, 80);
      if (supplier) values.supplier = `https://${supplier[1].toLowerCase()}.en.alibaba.com`;
      return values;
    },
    read(reader) {
      const found = emptyFacts();
      found.notGeneric = ['brand']; // its JSON-LD brand is a placeholder ("Ali")
      const company = reader.first(ALIBABA_COMPANY);
      if (company) {
        found.sellerId = supplierOf(company.getAttribute('href'));
        found.sellerName = (company.getAttribute('title') || '').trim() || reader.text(company, 200);
      }
      if (found.sellerId === null) {
        const match = reader.search(SUPPLIER_IN_PAGE, '.en.alibaba.com', 20, 80);
        found.sellerId = match ? match[1].toLowerCase() : null;
      }
      const heading = reader.first(ALIBABA_TITLE);
      if (heading) found.title = (heading.getAttribute('title') || '').trim() || reader.text(heading, 300);
      if (found.title === null) {
        const og = reader.meta('og:title');
        found.title = og ? og.replace(/\s+-\s+Buy\s[\s\S]*$/, '') : null;
      }
      const priceText = reader.firstText(ALIBABA_PRICES, 80);
      found.price = priceText ? parsePrice(priceText, 'USD') : null;
      found.brand = reader.firstText([ALIBABA_BRAND], 100);
      const product = alibabaProduct(reader);
      found.listingId = product ? product[1] : null;
      return found;
    },
  };

  // -- Walmart, Etsy ---------------------------------------------------------------------

  const dig = (data, ...keys) => keys.reduce((value, key) => (value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined), data);
  const textOf = (value) => {
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' ? value.trim() || null : null;
  };
  const WALMART_SELLER = "//a[@data-testid='seller-name-link'] | //*[@data-testid='product-seller-info']//a | //a[contains(@href, '/seller/')]";

  const walmart = {
    id: 'walmart',
    domains: ['walmart.com', 'walmart.ca', 'walmart.com.mx'],
    listing: [{ where: 'path', regex: /\/ip\/(?:[^/]+\/)?(\d{5,20}|[0-9A-Z]{10,14})(?=[/?]|$)/ }],
    seller: [path(/\/seller\/(\d{1,20})(?=[/?]|$)/i), query('sellerId', /^(\d{1,20})$/i)],
    canonicalListing: decimal,
    canonicalSeller: decimal,
    listingShape: /^(?:[1-9][0-9]{4,19}|[0-9A-Z]{10,14})$/,
    sellerShape: digits(1, 20),
    params: ['sellerId'],
    linkParams: ['sellerId'],
    // Where __NEXT_DATA__ keeps the product (the snapshot keeps that object, trimmed).
    productPath: ['props', 'pageProps', 'initialData', 'data', 'product'],
    region: [
      "a[data-testid='seller-name-link'], [data-testid='product-seller-info'] a, a[href*='/seller/']",
      "h1[itemprop='name'], h1#main-title, a[data-testid='brand-link'], [itemprop='brand'], [itemprop='price']",
    ],
    read(reader) {
      const found = emptyFacts();
      const product = dig(reader.scriptJson('__NEXT_DATA__'), 'props', 'pageProps', 'initialData', 'data', 'product');
      if (product && typeof product === 'object' && !Array.isArray(product)) {
        found.listingId = textOf(product.usItemId);
        found.title = textOf(product.name);
        found.brand = textOf(product.brand);
        found.sellerId = textOf(product.catalogSellerId) || textOf(product.sellerId);
        found.sellerName = textOf(product.sellerDisplayName) || textOf(product.sellerName);
        const current = dig(product, 'priceInfo', 'currentPrice');
        if (current && typeof current === 'object' && !Array.isArray(current)) {
          const currency = typeof current.currencyUnit === 'string' ? current.currencyUnit : 'USD';
          found.price = structuredPrice(current.price, currency, 'USD')
            || parsePrice(textOf(current.priceString) || '', 'USD', currency);
        }
      }
      if (found.sellerId === null || found.sellerName === null) {
        const link = reader.first(WALMART_SELLER);
        if (link) {
          const match = /\/seller\/(\d{1,20})(?=[/?#]|$)/.exec(link.getAttribute('href') || '');
          found.sellerId = found.sellerId || (match ? match[1] : null);
          found.sellerName = found.sellerName || reader.text(link, 200);
        }
      }
      if (found.title === null) found.title = reader.firstText(["//h1[@itemprop='name']", "//h1[@id='main-title']"], 300);
      if (found.brand === null) found.brand = reader.firstText(["//a[@data-testid='brand-link']", "//*[@itemprop='brand']"], 100);
      if (found.price === null) {
        const element = reader.first("//*[@itemprop='price']");
        if (element) {
          const content = element.getAttribute('content');
          found.price = content ? structuredPrice(content, null, 'USD') : parsePrice(reader.text(element, 60), 'USD');
        }
      }
      return found;
    },
  };

  const ETSY_SHOP_NAME = /"shop_name"\s*:\s*("(?:[^"\\]|\\.){1,80}")/;
  const ETSY_LISTING_ID = /"listing_id"\s*:\s*"?(\d{5,15})|"listingId"\s*:\s*"?(\d{5,15})/;
  const ETSY_SHOP_LINK = "//*[@id='listing-page-cart' or @id='shop-info' or contains(@class, 'shop-name')]//a[contains(@href, '/shop/')]";
  const ETSY_TITLE = "//h1[@data-buy-box-listing-title] | //*[@id='listing-page-cart']//h1";
  const ETSY_PRICES = ["//*[@data-buy-box-region='price']//p[contains(@class, 'wt-text-title')]", "//*[@data-selector='price-only']"];
  const etsyListing = (reader) => reader.search(ETSY_LISTING_ID, '"listing_id"', 200) || reader.search(ETSY_LISTING_ID, '"listingId"', 200);

  const etsy = {
    id: 'etsy',
    domains: ['etsy.com', 'etsy.me'],
    listing: [path(/\/listing\/(\d{5,15})(?=[/?]|$)/i)],
    seller: [path(/\/shop\/([A-Za-z0-9]{2,40})(?=[/?]|$)/i)],
    canonicalListing: decimal,
    canonicalSeller: lower,
    listingShape: digits(5, 15),
    sellerShape: /^[a-z0-9]{2,40}$/,
    params: [],
    linkParams: [],
    region: [
      ['#listing-page-cart', '#shop-info', "[class*='shop-name']"].map((holder) => `${holder} a[href*='/shop/']`).join(', '),
      'h1[data-buy-box-listing-title], #listing-page-cart h1',
      "[data-buy-box-region='price'] p[class*='wt-text-title'], [data-selector='price-only']",
    ],
    shallow: ['[data-shop-name]'],
    pageIds(reader) {
      const values = {};
      const shop = reader.search(ETSY_SHOP_NAME, '"shop_name"', 200);
      const name = shop && jsonString(shop);
      if (name) values.shop_name = name;
      const listing = etsyListing(reader);
      if (listing) values.listing_id = listing[1] || listing[2];
      return values;
    },
    read(reader) {
      const found = emptyFacts();
      found.notGeneric = ['brand']; // its JSON-LD brand is the shop's name
      found.sellerName = jsonString(reader.search(ETSY_SHOP_NAME, '"shop_name"', 200));
      if (found.sellerName === null) {
        const holder = reader.first('//*[@data-shop-name]');
        found.sellerName = holder ? holder.getAttribute('data-shop-name') : null;
      }
      if (found.sellerName === null) {
        const match = /\/shop\/([A-Za-z0-9]{2,40})(?=[/?#"']|$)/.exec(reader.first(`${ETSY_SHOP_LINK}/@href`) || '');
        found.sellerName = match ? match[1] : null;
      }
      found.sellerId = found.sellerName;
      const listing = etsyListing(reader);
      found.listingId = listing ? (listing[1] || listing[2]) : null;
      const heading = reader.first(ETSY_TITLE);
      found.title = heading ? reader.text(heading, 300) : null;
      const priceText = reader.firstText(ETSY_PRICES, 80);
      found.price = fromJsonLd(reader).price || (priceText ? parsePrice(priceText, currencyOfDomain(reader.domain)) : null);
      return found;
    },
  };

  // -- Temu, DHgate, Wish, Facebook: a store link, the heading, a price ------------------

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

  const TEMU = { links: "//a[contains(@href, '-m-') or contains(@href, 'mall_id=')]", linkLimit: 20,
    sellerLink: /-m-(\d{4,20})\.html|[?&]mall_id=(\d{4,20})/, titles: ['//h1'], requireName: true,
    prices: ["//*[@data-type='price']", "//*[contains(@aria-label, 'price') or contains(@class, 'goods-price')]"],
    fallback: (reader) => currencyOfDomain(reader.domain) || 'USD' };
  const temu = {
    id: 'temu',
    domains: ['temu.com'],
    listing: [path(/-g-(\d{6,20})\.html/i), query('goods_id', /^(\d{6,20})$/i)],
    seller: [path(/-m-(\d{4,20})\.html/i), query('mall_id', /^(\d{4,20})$/i)],
    canonicalListing: decimal,
    canonicalSeller: decimal,
    listingShape: digits(6, 20),
    sellerShape: digits(4, 20),
    params: ['goods_id', 'mall_id'],
    linkParams: ['goods_id', 'mall_id'],
    region: ["a[href*='-m-'], a[href*='mall_id=']", "[data-type='price'], [aria-label*='price'], [class*='goods-price']"],
    read: linkHeadingPrice(TEMU),
  };

  const DHGATE_STORES = ["//*[@spm-c='soldby']//a[@spm-index='store']", "//*[@spm-c='soldby']//a[contains(@href, '/store/')]",
    "//*[contains(@class, 'store-name') or contains(@class, 'seller-name') or contains(@class, 'storeName')]//a[contains(@href, '/store/')]"];
  const DHGATE_TITLES = ["//h1[contains(@class, 'proTitle') or contains(@class, 'pro-title')]", '//h1'];
  const DHGATE_PRICE = "//*[contains(@class, 'productPrice_price') or contains(@class, 'pro-price') or contains(@class, 'min-price')]";
  const dhgate = {
    id: 'dhgate',
    domains: ['dhgate.com'],
    listing: [path(/\/product\/(?:[^/]+\/)?(\d{5,15})\.html/i), path(/\/goods\/(\d{5,15})\.html/i)],
    seller: [path(/\/store\/(?:[a-z-]+\/)?(\d{3,15})(?=[/?._]|$)/i)],
    canonicalListing: decimal,
    canonicalSeller: decimal,
    listingShape: digits(5, 15),
    sellerShape: digits(3, 15),
    params: [],
    linkParams: [],
    region: [
      "[spm-c='soldby'] a[spm-index='store'], [spm-c='soldby'] a[href*='/store/']",
      ['store-name', 'seller-name', 'storeName'].map((name) => `[class*='${name}'] a[href*='/store/']`).join(', '),
      "h1[class*='proTitle'], h1[class*='pro-title']",
      "[class*='productPrice_price'], [class*='pro-price'], [class*='min-price']",
    ],
    read(reader) {
      const found = emptyFacts();
      for (const expression of DHGATE_STORES) {
        const anchor = reader.first(expression);
        if (!anchor) continue;
        const match = STORE_LINK.exec(anchor.getAttribute('href') || '');
        found.sellerId = match ? match[1] : null;
        found.sellerName = (anchor.getAttribute('title') || '').trim() || reader.text(anchor, 200);
        break;
      }
      found.title = reader.firstText(DHGATE_TITLES, 300);
      const priceText = reader.firstText([DHGATE_PRICE], 80);
      found.price = priceText ? parsePrice(priceText, 'USD') : null;
      return found;
    },
  };

  const WISH = { links: "//a[contains(@href, '/merchant/')]", linkLimit: 10,
    sellerLink: /\/merchant\/([0-9a-z_.-]{3,40})(?=[/?#]|$)/i, requireName: true,
    titles: ["//h1[contains(@class, 'ProductName') or contains(@class, 'product-name')]", '//h1'],
    prices: ["//*[contains(@class, 'ActualPrice') or contains(@class, 'actual-price')]", "//*[@data-testid='product-price']"],
    fallback: () => 'USD' };
  const wish = {
    id: 'wish',
    domains: ['wish.com'],
    listing: [path(/\/(?:product|c)\/(?:[^/]+-)?([0-9a-f]{24})(?=[/?]|$)/i), query('cid', /^([0-9a-f]{24})$/i)],
    seller: [path(/\/merchant\/([0-9a-z_.-]{3,40})(?=[/?]|$)/i)],
    canonicalListing: lower,
    canonicalSeller: lower,
    listingShape: /^[0-9a-f]{24}$/,
    sellerShape: /^[0-9a-z_.-]{3,40}$/,
    params: ['cid'],
    linkParams: ['cid'],
    region: ["a[href*='/merchant/']", "h1[class*='ProductName'], h1[class*='product-name']",
      "[class*='ActualPrice'], [class*='actual-price'], [data-testid='product-price']"],
    read: linkHeadingPrice(WISH),
  };

  const PRICE_LIKE = /^(?:[A-Z]{0,3}\s?[$£€¥₹]\s?[\d.,\s]+|[\d.,\s]+\s?(?:[$£€¥₹]|[A-Z]{3}))$/;
  const facebook = {
    id: 'facebook',
    domains: ['facebook.com', 'fb.com', 'fb.me'],
    listing: [path(/\/marketplace\/(?:[^/]+\/)?item\/(\d{5,25})(?=[/?]|$)/i), path(/\/commerce\/listing\/(\d{5,25})(?=[/?]|$)/i)],
    seller: [path(/\/marketplace\/profile\/(\d{5,25})(?=[/?]|$)/i)],
    canonicalListing: decimal,
    canonicalSeller: decimal,
    listingShape: digits(5, 25),
    sellerShape: digits(5, 25),
    params: [],
    linkParams: [],
    // Class names are obfuscated: the seller's profile links, the heading, and of the 15 short
    // texts after it only those that look like a price (never messages or names).
    region: ["a[href*='/marketplace/profile/']"],
    keepIf: [["(//h1)[1]/following::span[not(*)][position() <= 15]",
      (element) => { const text = element.textContent.trim(); return text.length <= 20 && PRICE_LIKE.test(text); }]],
    read(reader) {
      const found = emptyFacts();
      for (const anchor of reader.xpath("//a[contains(@href, '/marketplace/profile/')]").slice(0, 10)) {
        const match = /\/marketplace\/profile\/(\d{5,25})(?=[/?#]|$)/.exec(anchor.getAttribute('href') || '');
        if (!match) continue;
        found.sellerId = found.sellerId || match[1];
        const name = reader.text(anchor, 200);
        if (name && match[1] === found.sellerId) {
          found.sellerName = name;
          break;
        }
      }
      found.title = reader.firstText(['//h1'], 300);
      for (const raw of reader.xpath('(//h1)[1]/following::span[not(*)]/text()').slice(0, 15)) {
        const text = raw.trim();
        if (text.length <= 20 && PRICE_LIKE.test(text)) {
          found.price = parsePrice(text, currencyOfDomain(reader.domain) || 'USD');
          if (found.price) break;
        }
      }
      return found;
    },
  };

  const MARKETPLACES = Object.freeze([amazon, ebay, aliexpress, alibaba, walmart, etsy, temu, dhgate, wish, facebook]);

  /** {marketplace, registeredDomain} of a host: the marketplace whose domain serves it, else nulls. */
  function marketplaceOf(hostName) {
    const name = String(hostName || '').toLowerCase().replace(/\.$/, '');
    for (const market of MARKETPLACES) {
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

  root.radarMarketplacePages = Object.freeze({ MARKETPLACES, marketplaceOf, idInUrl, same, cleanText });
}(globalThis));
