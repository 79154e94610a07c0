// Wish: product and merchant ids, the merchant link, ported from backend/marketplaces/wish.py. A
// classic content script (after content/marketplace-pages.js): registers its entry on
// globalThis.radarMarketplacePages.
(function defineWish(root) {
  'use strict';

  const { register, linkHeadingPrice } = root.radarMarketplacePages;

  const WISH = { links: "//a[contains(@href, '/merchant/')]", linkLimit: 10,
    sellerLink: /\/merchant\/([0-9a-z_.-]{3,40})(?=[/?#]|$)/i, requireName: true,
    titles: ["//h1[contains(@class, 'ProductName') or contains(@class, 'product-name')]", '//h1'],
    prices: ["//*[contains(@class, 'ActualPrice') or contains(@class, 'actual-price')]", "//*[@data-testid='product-price']"],
    fallback: () => 'USD' };
  const wish = {
    id: 'wish',
    region: ["a[href*='/merchant/']", "h1[class*='ProductName'], h1[class*='product-name']",
      "[class*='ActualPrice'], [class*='actual-price'], [data-testid='product-price']"],
    read: linkHeadingPrice(WISH),
  };

  register(wish);
}(globalThis));
