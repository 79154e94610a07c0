// Facebook Marketplace: item and profile ids, the heading and a price-like text after it, ported
// from backend/marketplaces/facebook.py. A classic content script (after
// content/marketplace-pages.js): registers its entry on globalThis.radarMarketplacePages.
(function defineFacebook(root) {
  'use strict';

  const { register } = root.radarMarketplacePages;
  const { currencyOfDomain, parsePrice } = root.radarPrices;
  const { emptyFacts } = root.radarFacts;

  const PRICE_LIKE = /^(?:[A-Z]{0,3}\s?[$£€¥₹]\s?[\d.,\s]+|[\d.,\s]+\s?(?:[$£€¥₹]|[A-Z]{3}))$/;
  const facebook = {
    id: 'facebook',
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

  register(facebook);
}(globalThis));
