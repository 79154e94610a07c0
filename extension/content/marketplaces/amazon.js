// Amazon: where its ASINs and seller ids sit, its product region and how to read it, ported from
// backend/marketplaces/amazon.py. A classic content script (after content/marketplace-pages.js):
// registers its entry on globalThis.radarMarketplacePages.
(function defineAmazon(root) {
  'use strict';

  const { register, queryOf } = root.radarMarketplacePages;
  const { currencyOfDomain, parsePrice } = root.radarPrices;
  const { emptyFacts } = root.radarFacts;

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
    // The byline's link names the brand in its query (a brand search, not the shopper's).
    linkParams: ['field-lbr_brands_browse-bin', 'field-keywords', 'field-brandtextbin'],
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

  register(amazon);
}(globalThis));
