// content/snapshot.js: the snapshot is built from an allow-list; nothing about the shopper leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageWindow, corpusPages, corpusHtml } from './helpers.js';

const PAGE = `<!DOCTYPE html><html><head>
  <title>Amazon.com: Gorilla Tape</title>
  <meta property="og:title" content="Gorilla Tape, Black, 2 Pack">
  <meta name="description" content="Tough tape">
  <meta name="keywords" content="tape, gorilla">
  <link rel="canonical" href="https://www.amazon.com/dp/B00N150YS4/ref=sr_1_1?keywords=jane+secret&amp;qid=1">
  <link rel="stylesheet" href="/big.css"><style>body{color:red}</style>
  <script>window.tracking = 'secret';</script>
  <script type="application/ld+json">{"@type":"Product","name":"Gorilla Tape",
    "review":{"@type":"Review","author":{"@type":"Person","name":"Jane Shopper"},"reviewBody":"mail me jane@example.com"},
    "offers":{"@type":"Offer","price":"12.48","priceCurrency":"USD","seller":{"@type":"Organization","name":"Gorilla Store"}}}</script>
  <script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[{"name":"Jane's lists"}]}</script>
</head><body>
  <div id="nav-tools"><a id="nav-link-accountList">Hello, Jane Shopper</a><span id="nav-cart">3 items</span></div>
  <div id="glow-ingress-block"><span id="glow-ingress-line1">Deliver to Jane</span><span id="glow-ingress-line2">Springfield 90210</span></div>
  <div id="dp" data-asin="B00N150YS4" data-sp-cc='{"customerId":"A1CUSTOMERID"}'>
    <h1 id="title" style="color:blue"><span id="productTitle">Gorilla Tape <b>2-Pack</b></span></h1>
    <svg><text>logo</text></svg><iframe src="https://ads.example/"></iframe>
    <!-- a comment -->
    <div id="corePrice_feature_div"><span class="a-price"><span class="a-offscreen">$12.48</span><span aria-hidden="true">$12.48</span></span></div>
    <div id="contextualIngressPt"><span id="contextualIngressPtLabel_deliveryShortLine">Deliver to Jane – Springfield 90210</span></div>
    <form id="addToCart" action="/cart/add?session-id=257-2598488-2643024">
      <input type="hidden" id="ASIN" name="ASIN" value="B00N150YS4">
      <input type="hidden" id="merchantID" name="merchantID" value="ATVPDKIKX0DER">
      <input type="hidden" name="csrf-token" value="s3cr3t-token">
      <input type="text" name="q" value="jane's search">
      <input type="email" name="email" value="jane@example.com">
      <textarea name="note">my private note</textarea>
      <select name="qty"><option value="1">1</option><option value="5" selected>5</option></select>
    </form>
    <div id="merchant-info">Ships from and sold by <a id="sellerProfileTriggerId" href="/gp/help/seller/at-a-glance.html/ref=dp_merchant_link/257-2598488-2643024?ie=UTF8&amp;seller=A0DEMOFAKE0001&amp;session-id=257-2598488-2643024&amp;sid=SIDVALUE">Demo Outlet</a>.</div>
    <a id="bylineInfo" href="/stores/Gorilla/page/1">Visit the Gorilla Store</a>
    <div id="reviews"><p>Great tape! Call me on +1 555 123 4567 or mail jane@example.com. Order 112-1234567-1234567</p></div>
  </div>
  <script>var inline = 1; var twister = {"currentAsin":"B00N150YS4","parentAsin":"B00PARENT1","customerName":"Jane"};</script>
  <script type="application/json" id="account-data">{"customerName":"Jane Shopper","email":"jane@example.com"}</script>
  <noscript>enable js</noscript>
</body></html>`;
const URL_ = 'https://www.amazon.com/dp/B00N150YS4/ref=sr_1_1?k=jane+secret&crid=CRIDVALUE&smid=A0DEMOFAKE0001#reviews';

/** An object of the page's realm as one of ours (deepEqual compares prototypes). */
const plain = (value) => JSON.parse(JSON.stringify(value));

function snapshotOf(html, url = URL_, options) {
  const window = pageWindow(html, url);
  return window.radarSnapshot.takeSnapshot(window.document, options);
}

test('the head keeps the title, product meta tags, canonical link and JSON-LD products only', () => {
  const html = snapshotOf(PAGE);
  assert.match(html, /<title>Amazon.com: Gorilla Tape<\/title>/);
  assert.match(html, /property="og:title"/);
  assert.match(html, /name="description"/);
  assert.match(html, /<link rel="canonical" href="https:\/\/www.amazon.com\/dp\/B00N150YS4">/);
  assert.match(html, /"@type":"Product","name":"Gorilla Tape"/);
  assert.match(html, /"price":"12.48","priceCurrency":"USD","seller":\{"@type":"Organization","name":"Gorilla Store"\}/);
  for (const gone of [/stylesheet/, /body\{color:red\}/, /window.tracking/, /keywords/, /BreadcrumbList/, /Review/, /reviewBody/]) {
    assert.doesNotMatch(html, gone);
  }
});

test('the body holds the region the extractor reads and nothing else', () => {
  const html = snapshotOf(PAGE);
  for (const kept of ['id="productTitle">Gorilla Tape <b>2-Pack</b></span>', '<span class="a-offscreen">$12.48</span>',
    'id="ASIN" name="ASIN" type="hidden" value="B00N150YS4"', 'value="ATVPDKIKX0DER"',
    'id="dp" data-asin="B00N150YS4"', 'Ships from and sold by', '>Demo Outlet</a>', 'Visit the Gorilla Store',
    'href="/gp/help/seller/at-a-glance.html?seller=A0DEMOFAKE0001"', '"parentAsin":"B00PARENT1"']) {
    assert.ok(html.includes(kept), `${kept} was lost`);
  }
  for (const gone of [/var inline/, /<svg/, /<iframe/, /a comment/, /enable js/, /style=/, /Great tape/, /reviews/,
    /aria-hidden/, /data-sp-cc/, /A1CUSTOMERID/]) {
    assert.doesNotMatch(html, gone);
  }
});

test('nothing about the shopper leaves: names, addresses, e-mail, phone, orders, searches, sessions, forms', () => {
  const html = snapshotOf(PAGE);
  for (const gone of ['Jane', 'Springfield', '90210', 'jane@example.com', '555 123 4567', '112-1234567-1234567',
    '257-2598488-2643024', 'SIDVALUE', 'session-id', 's3cr3t-token', "jane's search", 'my private note',
    'selected', '3 items', 'jane+secret', 'CRIDVALUE', 'account-data', 'customerName', '/ref=', 'cart/add']) {
    assert.ok(!html.includes(gone), `${gone} survived`);
  }
});

test('what the shopper typed never leaves, even when not reflected in attributes', () => {
  const window = pageWindow(PAGE, URL_);
  window.document.querySelector('input[name=q]').value = 'typed later';
  const html = window.radarSnapshot.takeSnapshot(window.document);
  assert.doesNotMatch(html, /typed later/);
  assert.match(html, /value="ATVPDKIKX0DER"/);
});

test('the page itself is not changed by taking a snapshot', () => {
  const window = pageWindow(PAGE, URL_);
  const before = window.document.documentElement.outerHTML;
  window.radarSnapshot.describePage(window.document, { snapshot: true });
  assert.equal(window.document.documentElement.outerHTML, before);
});

test('snapshots are capped in UTF-8 bytes', () => {
  const big = `<html><head><title>t</title></head><body><h1>${'é漢字 text '.repeat(50000)}</h1></body></html>`;
  const html = snapshotOf(big, 'https://www.ebay.com/itm/123456789012', { maxBytes: 10000 });
  assert.ok(new TextEncoder().encode(html).length <= 10000);
  assert.ok(new TextEncoder().encode(html).length > 8000);
});

test('kept text is scrubbed of e-mail addresses, phone and order numbers; prices and item ids stay', () => {
  const window = pageWindow('<title>t</title>', 'https://www.ebay.com/itm/1');
  const { scrub } = window.radarSnapshot;
  for (const [text, expected] of [
    ['mail jane.doe+x@example.co.uk now', 'mail  now'], ['call (555) 123-4567', 'call '],
    ['call +44 20 7946 0958.', 'call .'], ['order 112-1234567-1234567', 'order '],
    ['order 12-34567-89012', 'order '], ['card 4111111111111111', 'card '],
    ['€ 1 234 567,00', '€ 1 234 567,00'], ['$1,299.00', '$1,299.00'], ['Item number: 395000000001', 'Item number: 395000000001'],
    ['12 345,67 zł', '12 345,67 zł'], ['Pack of 2, 1.88" x 12 yd', 'Pack of 2, 1.88" x 12 yd'], ['2024-01-15', '2024-01-15'],
  ]) {
    assert.equal(scrub(text), expected, text);
  }
});

test('the URL sent keeps only the query parameters that identify the product', () => {
  const window = pageWindow('<title>t</title>', 'https://www.ebay.com/itm/1');
  const { canonicalUrl } = window.radarSnapshot;
  for (const [url, expected] of [
    [URL_, 'https://www.amazon.com/dp/B00N150YS4?smid=A0DEMOFAKE0001'],
    ['https://www.amazon.com/s?k=jane+secret&me=A0DEMOFAKE0001&crid=X&sprefix=j', 'https://www.amazon.com/s?me=A0DEMOFAKE0001'],
    ['https://www.amazon.de/gp/product/B00N150YS4/257-2598488-2643024?psc=1&seller=A0DEMOFAKE0001', 'https://www.amazon.de/gp/product/B00N150YS4?seller=A0DEMOFAKE0001'],
    ['https://www.ebay.com/itm/Slug/395000000001?hash=item5c&_trkparms=x&_ssn=demo_seller', 'https://www.ebay.com/itm/Slug/395000000001?_ssn=demo_seller'],
    ['https://www.temu.com/x-g-601099512345678.html?goods_id=601099512345678&_x_sessn_id=SESSION&refer_page_name=search', 'https://www.temu.com/x-g-601099512345678.html?goods_id=601099512345678'],
    ['https://www.aliexpress.us/item/3256805123456789.html?spm=a2g0o&gatewayAdapt=glo2usa&productId=3256805123456789', 'https://www.aliexpress.us/item/3256805123456789.html?productId=3256805123456789'],
    ['https://www.walmart.com/ip/Demo/55126398?athbdg=L1600&sellerId=101071354&from=/search', 'https://www.walmart.com/ip/Demo/55126398?sellerId=101071354'],
    ['https://www.facebook.com/marketplace/item/812345678901234/?ref=search&referral_code=null&tracking=browse', 'https://www.facebook.com/marketplace/item/812345678901234/'],
    ['https://shop.example/products/watch?variant=123&email=jane@example.com#top', 'https://shop.example/products/watch'],
    ['https://user:pass@shop.example:8443/p?id=1', 'https://shop.example:8443/p'],
  ]) {
    assert.equal(canonicalUrl(url), expected, url);
  }
});

test('page data keeps the product object only, on its own path, trimmed to its facts', () => {
  const nextData = { props: { pageProps: {
    user: { name: 'Jane Shopper', email: 'jane@example.com', price: 1, sellerId: 'x' },
    initialData: { data: {
      cart: { items: [{ name: 'Jane cart item', price: 9.99, usItemId: '999999' }] },
      product: { usItemId: '55126398', name: 'TRX Trainer', brand: 'TRX', catalogSellerId: 101071354,
        sellerDisplayName: 'Best Fitness Deals', description: 'x'.repeat(20000), reviews: [{ author: 'Jane' }],
        priceInfo: { currentPrice: { price: 27.99, currencyUnit: 'USD', priceString: '$27.99' } } },
    } },
  } }, query: { q: 'jane secret' } };
  const page = `<!DOCTYPE html><html><head><title>Walmart.com</title></head><body>
    <script id="__NEXT_DATA__" type="application/json">${JSON.stringify(nextData)}</script></body></html>`;
  const html = snapshotOf(page, 'https://www.walmart.com/ip/TRX/55126398');
  const kept = html.match(/<script id="__NEXT_DATA__" type="application\/json">(.*?)<\/script>/)[1];
  assert.deepEqual(JSON.parse(kept), { props: { pageProps: { initialData: { data: { product: {
    usItemId: '55126398', name: 'TRX Trainer', brand: 'TRX', catalogSellerId: 101071354,
    sellerDisplayName: 'Best Fitness Deals',
    priceInfo: { currentPrice: { price: 27.99, currencyUnit: 'USD', priceString: '$27.99' } } } } } } } });
  assert.ok(html.indexOf('__NEXT_DATA__') < html.indexOf('<body'), 'page data comes before the body');
});

test('page data too big to fit is left out whole, never cut in half', () => {
  const product = { usItemId: '55126398', name: 'n'.repeat(400), sellerName: 's'.repeat(400) };
  const page = `<html><head><title>t</title></head><body><h1>${'title '.repeat(3000)}</h1>
    <script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { product } })}</script></body></html>`;
  const small = snapshotOf(page, 'https://www.walmart.com/ip/x/55126398', { maxBytes: 600 });
  assert.ok(!small.includes('__NEXT_DATA__'));
  assert.ok(new TextEncoder().encode(small).length <= 600);
  assert.ok(snapshotOf(page, 'https://www.walmart.com/ip/x/55126398', { maxBytes: 2000 }).includes('__NEXT_DATA__'));
});

test('Facebook Marketplace: the seller link, heading and price; no chats, messages or the shopper', () => {
  const page = `<!DOCTYPE html><html><head><title>Marketplace – Parka | Facebook</title></head><body>
    <div role="banner"><a href="/profile.php?id=100000000000001">Jane Shopper</a><a href="/messages/t/123456789">Chats</a></div>
    <div><h1><span>Canada Goose Parka</span></h1><span>$120</span><span>Listed 2 days ago in Springfield, IL</span>
      <a href="/marketplace/profile/100087654321098/?ref=share">Jordan Miles</a>
      <div role="dialog"><span>Jane: is it still available? call 555-123-4567</span><a href="/messages/t/987">Open chat</a></div></div>
  </body></html>`;
  const window = pageWindow(page, 'https://www.facebook.com/marketplace/item/812345678901234/?ref=search');
  const answer = window.radarSnapshot.describePage(window.document, { snapshot: true });
  assert.deepEqual(plain(answer.facts), { title: 'Canada Goose Parka', brand: null, price: { amount: 120, currency: 'USD' },
    sellerId: '100087654321098', sellerName: 'Jordan Miles', listingId: '812345678901234' });
  for (const gone of ['Jane', '/messages/', 'profile.php', 'Springfield', 'still available', '555', '?ref=']) {
    assert.ok(!answer.html.includes(gone), `${gone} survived`);
  }
});

test('describePage sends the snapshot only when asked, and always reads the facts', () => {
  const window = pageWindow(PAGE, URL_);
  const withHtml = window.radarSnapshot.describePage(window.document, { snapshot: true, maxBytes: 262144 });
  assert.equal(withHtml.url, 'https://www.amazon.com/dp/B00N150YS4?smid=A0DEMOFAKE0001');
  assert.equal(withHtml.title, 'Gorilla Tape 2-Pack');
  assert.ok(withHtml.html.startsWith('<!DOCTYPE html><html>'));
  const without = window.radarSnapshot.describePage(window.document, { snapshot: false });
  assert.deepEqual(Object.keys(without).sort(), ['facts', 'title', 'url']);
  // As a check reads it: the URL's seller (smid) wins; the buy box names another (merchantID,
  // Amazon itself), so no name is this seller's.
  assert.deepEqual(plain(without.facts), { title: 'Gorilla Tape 2-Pack', brand: 'Gorilla', price: { amount: 12.48, currency: 'USD' },
    sellerId: 'A0DEMOFAKE0001', sellerName: null, listingId: 'B00N150YS4' });
});

test('real corpus pages keep what identifies the seller, in a few kilobytes, without scripts', () => {
  const pages = corpusPages().filter((page) => page.seller_id && page.marketplace === 'amazon').slice(0, 3);
  for (const page of pages) {
    const window = pageWindow(corpusHtml(page.file), page.url);
    const html = window.radarSnapshot.takeSnapshot(window.document, { maxBytes: 256 * 1024 });
    assert.ok(new TextEncoder().encode(html).length <= 32 * 1024, page.file);
    assert.ok(html.includes(page.seller_id), `${page.file} lost seller ${page.seller_id}`);
    assert.doesNotMatch(html, /<script(?![^>]*(ld\+json|application\/json))[^>]*>/i, page.file);
    window.close();
  }
});
