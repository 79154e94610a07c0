// Etsy: listing ids and shop names, ported from backend/marketplaces/etsy.py. A classic content
// script (after content/marketplace-pages.js): registers its entry on
// globalThis.radarMarketplacePages.
(function defineEtsy(root) {
  'use strict';

  const { register, jsonString } = root.radarMarketplacePages;
  const { currencyOfDomain, parsePrice } = root.radarPrices;
  const { emptyFacts, fromJsonLd } = root.radarFacts;

  const ETSY_SHOP_NAME = /"shop_name"\s*:\s*("(?:[^"\\]|\\.){1,80}")/;
  const ETSY_LISTING_ID = /"listing_id"\s*:\s*"?(\d{5,15})|"listingId"\s*:\s*"?(\d{5,15})/;
  const ETSY_SHOP_LINK = "//*[@id='listing-page-cart' or @id='shop-info' or contains(@class, 'shop-name')]//a[contains(@href, '/shop/')]";
  const ETSY_TITLE = "//h1[@data-buy-box-listing-title] | //*[@id='listing-page-cart']//h1";
  const ETSY_PRICES = ["//*[@data-buy-box-region='price']//p[contains(@class, 'wt-text-title')]", "//*[@data-selector='price-only']"];
  const etsyListing = (reader) => reader.search(ETSY_LISTING_ID, '"listing_id"', 200) || reader.search(ETSY_LISTING_ID, '"listingId"', 200);

  const etsy = {
    id: 'etsy',
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

  register(etsy);
}(globalThis));
