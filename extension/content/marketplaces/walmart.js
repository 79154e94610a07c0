// Walmart: item and seller ids, the product object of __NEXT_DATA__, ported from
// backend/marketplaces/walmart.py. A classic content script (after content/marketplace-pages.js):
// registers its entry on globalThis.radarMarketplacePages.
(function defineWalmart(root) {
  'use strict';

  const { register } = root.radarMarketplacePages;
  const { parsePrice, structuredPrice } = root.radarPrices;
  const { emptyFacts } = root.radarFacts;

  const dig = (data, ...keys) => keys.reduce((value, key) => (value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined), data);
  const textOf = (value) => {
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' ? value.trim() || null : null;
  };
  const WALMART_SELLER = "//a[@data-testid='seller-name-link'] | //*[@data-testid='product-seller-info']//a | //a[contains(@href, '/seller/')]";

  const walmart = {
    id: 'walmart',
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

  register(walmart);
}(globalThis));
