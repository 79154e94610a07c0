// AliExpress: item and store ids, the store link, the run-params page data, ported from
// backend/marketplaces/aliexpress.py. A classic content script (after
// content/marketplace-pages.js): registers its entry on globalThis.radarMarketplacePages.
(function defineAliexpress(root) {
  'use strict';

  const { register, JSON_STRING, jsonString, STORE_LINK } = root.radarMarketplacePages;
  const { currencyOfDomain, parsePrice } = root.radarPrices;
  const { emptyFacts } = root.radarFacts;

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

  register(aliexpress);
}(globalThis));
