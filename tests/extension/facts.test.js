// content/facts.js and content/marketplace-pages.js: page facts read as the backend reads them.
// (tests/test_extension_facts.py compares them with the backend on the whole shared corpus.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageWindow } from './helpers.js';
import { MARKETPLACES } from '../../extension/lib/marketplaces.js';

const plain = (value) => JSON.parse(JSON.stringify(value));

function factsOf(html, url) {
  const window = pageWindow(html, url);
  return plain(window.radarSnapshot.describePage(window.document, { snapshot: false }).facts);
}

test('the content scripts know the same marketplaces and hosts as lib/marketplaces.js', () => {
  const window = pageWindow('<title>t</title>', 'https://shop.example/');
  const pages = window.radarMarketplacePages;
  assert.deepEqual(plain(pages.MARKETPLACES.map((market) => market.id)), MARKETPLACES.map((market) => market.id));
  for (const market of MARKETPLACES) {
    for (const domain of market.domains) {
      assert.equal(pages.marketplaceOf(`www.${domain}`).marketplace.id, market.id, domain);
      assert.equal(pages.marketplaceOf(`www.${domain}`).registeredDomain, domain);
    }
  }
  assert.equal(pages.marketplaceOf('notamazon.com').marketplace, null);
});

test('any shop: JSON-LD first, then meta tags, then microdata', () => {
  const jsonLd = `<title>Shop</title><meta property="og:title" content="OG title">
    <meta property="product:price:amount" content="10"><meta property="product:price:currency" content="EUR">
    <script type="application/ld+json">{"@graph":[{"@type":"WebPage","name":"Page"},{"@type":"Product","name":"Omega Speedmaster",
      "brand":{"@type":"Brand","name":"Omega"},"offers":{"@type":"Offer","price":"189.00","priceCurrency":"EUR"}}]}</script>`;
  assert.deepEqual(factsOf(jsonLd, 'https://luxetime.example/p/1'), { title: 'Omega Speedmaster', brand: 'Omega',
    price: { amount: 189, currency: 'EUR' }, sellerId: null, sellerName: null, listingId: null });
  const meta = '<title>Shop</title><meta property="og:title" content="Watch"><meta property="product:price:amount" content="1299.000"><meta property="product:price:currency" content="usd">';
  assert.deepEqual(factsOf(meta, 'https://shop.example/p'), { title: 'Watch', brand: null,
    price: { amount: 1299, currency: 'USD' }, sellerId: null, sellerName: null, listingId: null });
  const microdata = `<title>Shop</title><div itemscope itemtype="https://schema.org/Product"><h2 itemprop="name">Bag</h2>
    <span itemprop="brand">Gucci</span><span itemprop="price">1.234,56 €</span></div>`;
  assert.deepEqual(factsOf(microdata, 'https://shop.example.de/p'), { title: 'Bag', brand: 'Gucci',
    price: { amount: 1234.56, currency: 'EUR' }, sellerId: null, sellerName: null, listingId: null });
});

test('ids in the URL win over ids on the page, as in a check; ids take the marketplace\'s form', () => {
  const page = `<title>eBay</title><h1 class="x-item-title__mainTitle"><span>Nike Air</span></h1>
    <div class="x-sellercard-atf"><div class="x-sellercard-atf__info__about-seller" title="Kicks_Vault"><a href="/str/kicksvault"><span class="ux-textspans ux-textspans--BOLD">Kicks Vault</span></a></div></div>
    <div class="x-price-primary"><span class="ux-textspans">US $189.99</span></div>
    <div class="ux-layout-section__textual-display--itemId"><span class="ux-textspans--BOLD">334455667788</span></div>`;
  assert.deepEqual(factsOf(page, 'https://www.ebay.com/itm/Nike/334455667788'), { title: 'Nike Air', brand: null,
    price: { amount: 189.99, currency: 'USD' }, sellerId: 'kicks_vault', sellerName: 'Kicks Vault', listingId: '334455667788' });
  // The URL names another seller: the page's seller name is not theirs.
  assert.deepEqual(factsOf(page, 'https://www.ebay.com/itm/Nike/000334455667799?_ssn=Other_Seller'), { title: 'Nike Air',
    brand: null, price: { amount: 189.99, currency: 'USD' }, sellerId: 'other_seller', sellerName: null, listingId: '334455667799' });
});

test('Amazon: merchant and ASIN inputs, "sold by Amazon", byline brand, price in the buy box', () => {
  const page = `<title>Amazon.co.uk</title><span id="productTitle"> Tefal Pans </span>
    <div id="corePriceDisplay_desktop_feature_div"><span class="a-price"><span class="a-offscreen">£48.99</span></span></div>
    <div id="tabular-buybox"><span class="tabular-buybox-text">Ships from and sold by Amazon.</span></div>
    <a id="bylineInfo" href="/s?field-lbr_brands_browse-bin=Tefal">Brand: Tefal</a>
    <div id="dp" data-asin="B07ZQ3XZ9V"></div>`;
  assert.deepEqual(factsOf(page, 'https://www.amazon.co.uk/Tefal/dp/B07ZQ3XZ9V?th=1'), { title: 'Tefal Pans', brand: 'Tefal',
    price: { amount: 48.99, currency: 'GBP' }, sellerId: 'A3P5ROKL5A1OLE', sellerName: 'Amazon', listingId: 'B07ZQ3XZ9V' });
});

test('a broken marketplace layout gives the structured data, never an error', () => {
  const window = pageWindow('<title>t</title><meta property="og:title" content="Fallback">', 'https://www.walmart.com/ip/x/55126398');
  window.radarMarketplacePages.MARKETPLACES.find((market) => market.id === 'walmart').read = () => { throw new Error('layout'); };
  const { facts } = window.radarSnapshot.describePage(window.document, {});
  assert.equal(facts.title, 'Fallback');
  assert.equal(facts.listingId, '55126398');
});
