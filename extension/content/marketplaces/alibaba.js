// Alibaba: product ids, the supplier host, the company link, ported from
// backend/marketplaces/alibaba.py. A classic content script (after content/marketplace-pages.js):
// registers its entry on globalThis.radarMarketplacePages.
(function defineAlibaba(root) {
  'use strict';

  const { register } = root.radarMarketplacePages;
  const { parsePrice } = root.radarPrices;
  const { emptyFacts } = root.radarFacts;

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

  register(alibaba);
}(globalThis));
