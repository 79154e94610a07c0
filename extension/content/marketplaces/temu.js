// Temu: goods and mall ids, the store link, ported from backend/marketplaces/temu.py. A classic
// content script (after content/marketplace-pages.js): registers its entry on
// globalThis.radarMarketplacePages.
(function defineTemu(root) {
  'use strict';

  const { register, path, query, decimal, digits, linkHeadingPrice } = root.radarMarketplacePages;
  const { currencyOfDomain } = root.radarPrices;

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

  register(temu);
}(globalThis));
