// DHgate: product and store ids, the sold-by store link, ported from
// backend/marketplaces/dhgate.py. A classic content script (after content/marketplace-pages.js):
// registers its entry on globalThis.radarMarketplacePages.
(function defineDhgate(root) {
  'use strict';

  const { register, STORE_LINK } = root.radarMarketplacePages;
  const { parsePrice } = root.radarPrices;
  const { emptyFacts } = root.radarFacts;

  const DHGATE_STORES = ["//*[@spm-c='soldby']//a[@spm-index='store']", "//*[@spm-c='soldby']//a[contains(@href, '/store/')]",
    "//*[contains(@class, 'store-name') or contains(@class, 'seller-name') or contains(@class, 'storeName')]//a[contains(@href, '/store/')]"];
  const DHGATE_TITLES = ["//h1[contains(@class, 'proTitle') or contains(@class, 'pro-title')]", '//h1'];
  const DHGATE_PRICE = "//*[contains(@class, 'productPrice_price') or contains(@class, 'pro-price') or contains(@class, 'min-price')]";
  const dhgate = {
    id: 'dhgate',
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

  register(dhgate);
}(globalThis));
