// Temu: goods and mall ids, the store link, ported from backend/marketplaces/temu.py. A classic
// content script (after content/marketplace-pages.js): registers its entry on
// globalThis.radarMarketplacePages.
(function defineTemu(root) {
  'use strict';

  const { register, linkHeadingPrice } = root.radarMarketplacePages;
  const { currencyOfDomain } = root.radarPrices;

  const TEMU = { links: "//a[contains(@href, '-m-') or contains(@href, 'mall_id=')]", linkLimit: 20,
    sellerLink: /-m-(\d{4,20})\.html|[?&]mall_id=(\d{4,20})/, titles: ['//h1'], requireName: true,
    prices: ["//*[@data-type='price']", "//*[contains(@aria-label, 'price') or contains(@class, 'goods-price')]"],
    fallback: (reader) => currencyOfDomain(reader.domain) || 'USD' };
  const temu = {
    id: 'temu',
    region: ["a[href*='-m-'], a[href*='mall_id=']", "[data-type='price'], [aria-label*='price'], [class*='goods-price']"],
    read: linkHeadingPrice(TEMU),
  };

  register(temu);
}(globalThis));
