import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageWindow, corpusPages, corpusHtml } from './helpers.js';

const PAGE = `<!DOCTYPE html><html><head>
  <title>Amazon.com: Gorilla Tape</title>
  <meta property="og:title" content="Gorilla Tape, Black, 2 Pack">
  <meta name="description" content="Tough tape">
  <link rel="canonical" href="https://www.amazon.com/dp/B00N150YS4">
  <link rel="stylesheet" href="/big.css"><style>body{color:red}</style>
  <script>window.tracking = 'secret';</script>
  <script type="application/ld+json">{"@type":"Product","name":"Gorilla Tape"}</script>
</head><body>
  <div id="nav-tools"><a id="nav-link-accountList">Hello, Jane Shopper</a><span id="nav-cart">3 items</span></div>
  <h1 id="title" style="color:blue">Gorilla Tape <b>2-Pack</b></h1>
  <svg><text>logo</text></svg><iframe src="https://ads.example/"></iframe>
  <!-- a comment -->
  <form id="addToCart">
    <input type="hidden" id="merchantID" name="merchantID" value="ATVPDKIKX0DER">
    <input type="hidden" name="csrf-token" value="s3cr3t-token">
    <input type="text" name="q" value="jane's search">
    <input type="email" name="email" value="jane@example.com">
    <textarea name="note">my private note</textarea>
    <select name="qty"><option value="1">1</option><option value="5" selected>5</option></select>
  </form>
  <script>var inline = 1;</script>
  <script id="__NEXT_DATA__" type="application/json">{"props":{"sellerId":"101"}}</script>
  <noscript>enable js</noscript>
</body></html>`;

function snapshotOf(html, url = 'https://www.amazon.com/dp/B00N150YS4', options) {
  const window = pageWindow(html, url);
  return window.radarSnapshot.takeSnapshot(window.document, options);
}

test('the head keeps title, meta, canonical link and JSON-LD only', () => {
  const html = snapshotOf(PAGE);
  assert.match(html, /<title>Amazon.com: Gorilla Tape<\/title>/);
  assert.match(html, /og:title/);
  assert.match(html, /rel="canonical"/);
  assert.match(html, /"@type":"Product"/);
  assert.doesNotMatch(html, /stylesheet|body\{color:red\}|window.tracking/);
});

test('the body loses scripts, styles, SVG, frames and comments but keeps page data', () => {
  const html = snapshotOf(PAGE);
  assert.match(html, /__NEXT_DATA__/);
  assert.match(html, /"sellerId":"101"/);
  assert.match(html, /Gorilla Tape <b>2-Pack<\/b>/);
  for (const gone of [/var inline/, /<svg/, /<iframe/, /a comment/, /enable js/, /style=/]) {
    assert.doesNotMatch(html, gone);
  }
});

test('form values, secrets and account/cart areas are removed; page ids are kept', () => {
  const html = snapshotOf(PAGE);
  assert.match(html, /id="merchantID" name="merchantID" value="ATVPDKIKX0DER"/);
  for (const gone of [/s3cr3t-token/, /jane's search/, /jane@example.com/, /my private note/,
    /Hello, Jane Shopper/, /3 items/, /selected/]) {
    assert.doesNotMatch(html, gone);
  }
});

test('what the shopper typed never leaves, even when not reflected in attributes', () => {
  const window = pageWindow(PAGE, 'https://www.amazon.com/dp/B00N150YS4');
  window.document.querySelector('input[name=q]').value = 'typed later';
  const html = window.radarSnapshot.takeSnapshot(window.document);
  assert.doesNotMatch(html, /typed later/);
});

test('the page itself is not changed by taking a snapshot', () => {
  const window = pageWindow(PAGE, 'https://www.amazon.com/dp/B00N150YS4');
  const before = window.document.documentElement.outerHTML;
  window.radarSnapshot.takeSnapshot(window.document);
  assert.equal(window.document.documentElement.outerHTML, before);
});

test('snapshots are capped in UTF-8 bytes', () => {
  const big = `<html><head><title>t</title></head><body>${'<p>é漢字 text</p>'.repeat(50000)}</body></html>`;
  const html = snapshotOf(big, 'https://www.ebay.com/itm/1', { maxBytes: 10000 });
  assert.ok(new TextEncoder().encode(html).length <= 10000);
  assert.ok(new TextEncoder().encode(html).length > 8000);
});

test('the product title comes from og:title, else h1, else the document title', () => {
  const window = pageWindow(PAGE, 'https://www.amazon.com/dp/B00N150YS4');
  assert.equal(window.radarSnapshot.productTitle(window.document), 'Gorilla Tape, Black, 2 Pack');
  const noOg = pageWindow('<title>Doc</title><h1> Rolex  Submariner 1:1 </h1>', 'https://www.temu.com/x-g-1.html');
  assert.equal(noOg.radarSnapshot.productTitle(noOg.document), 'Rolex Submariner 1:1');
  const bare = pageWindow('<title>Only the title</title>', 'https://www.temu.com/x-g-1.html');
  assert.equal(bare.radarSnapshot.productTitle(bare.document), 'Only the title');
});

test('describePage sends the snapshot only when asked', () => {
  const window = pageWindow(PAGE, 'https://www.amazon.com/dp/B00N150YS4');
  const withHtml = window.radarSnapshot.describePage(window.document, { snapshot: true, maxBytes: 262144 });
  assert.equal(withHtml.url, 'https://www.amazon.com/dp/B00N150YS4');
  assert.ok(withHtml.html.startsWith('<!DOCTYPE html><html>'));
  const without = window.radarSnapshot.describePage(window.document, { snapshot: false });
  assert.deepEqual(Object.keys(without).sort(), ['title', 'url']);
});

test('real corpus pages keep what identifies the seller and shrink under the cap', () => {
  const pages = corpusPages().filter((page) => page.seller_id && page.marketplace === 'amazon').slice(0, 4);
  for (const page of pages) {
    const window = pageWindow(corpusHtml(page.file), page.url);
    const html = window.radarSnapshot.takeSnapshot(window.document, { maxBytes: 256 * 1024 });
    assert.ok(new TextEncoder().encode(html).length <= 256 * 1024, page.file);
    assert.ok(html.includes(page.seller_id), `${page.file} lost seller ${page.seller_id}`);
    assert.doesNotMatch(html, /<script(?![^>]*(ld\+json|application\/json))[^>]*>/i, page.file);
    window.close();
  }
});

const ACCOUNT_PAGE = `<!DOCTYPE html><html><head>
  <title>Amazon.com: Demo Watch</title>
  <meta name="description" content="A demo watch">
  <meta name="keywords" content="watch, diver">
  <meta property="og:title" content="Demo Watch">
  <meta property="og:url" content="https://www.amazon.com/dp/B0DEMO0001/ref=sr_1_1?keywords=my+private+search&amp;qid=1700000000">
  <meta property="product:price:amount" content="19.99">
  <meta name="twitter:card" content="summary">
  <meta name="encrypted-slate-token" content="AnYxSLATETOKEN">
  <meta name="csrf_nonce" content="3:1700000000:NONCEVALUE">
  <meta name="session-id" content="SESSIONMETA">
  <meta http-equiv="set-cookie" content="ubid=COOKIEVALUE">
  <script type="application/json" id="account-data">{"customerName":"Jane Shopper","email":"jane@example.com"}</script>
  <script type="application/ld+json" nonce="NONCEATTR">{"@type":"Product","name":"Demo Watch","sku":"B0DEMO0001"}</script>
</head><body>
  <div id="dp" data-asin="B0DEMO0001" data-sp-cc='{"customerId":"A1CUSTOMERID","sessionId":"257-2598488-2643024","userId":"USERID42"}'>
    <h1 id="title" data-buy-box-listing-title="true" data-csa-c-content-id="CSACONTENT">Demo Watch</h1>
    <a id="sellerProfileTriggerId" href="/gp/help/seller/at-a-glance.html/ref=dp_merchant_link/257-2598488-2643024?ie=UTF8&amp;seller=A0DEMOFAKE0001&amp;session-id=257-2598488-2643024&amp;sid=SIDVALUE">Demo Replica Outlet</a>
    <a href="https://www.amazon.com/Demo-Watch/dp/B0DEMO0001/ref=sr_1_3/257-2598488-2643024?crid=CRIDVALUE&amp;sprefix=my+priv&amp;smid=A0DEMOFAKE0001">other offer</a>
    <img src="https://images.example/a.jpg?sid=IMGSID" alt="watch">
    <span class="a-price" data-a-state='{"key":"VAL"}' data-testid="price">$19.99</span>
    <form action="/cart/add?session-id=257-2598488-2643024"><input type="hidden" id="merchantID" name="merchantID" value="A0DEMOFAKE0001"></form>
  </div>
  <script type="application/json" id="shopper-state">{"userId":"USERID42","cartCount":3}</script>
  <script id="__NEXT_DATA__" type="application/json">{"props":{"sellerId":"101"}}</script>
</body></html>`;

test('account and session identifiers never leave; the product facts do', () => {
  const html = snapshotOf(ACCOUNT_PAGE, 'https://www.amazon.com/dp/B0DEMO0001');
  for (const gone of ['data-sp-cc', 'A1CUSTOMERID', 'USERID42', '257-2598488-2643024', 'sessionId',
    'encrypted-slate-token', 'SLATETOKEN', 'csrf_nonce', 'NONCEVALUE', 'SESSIONMETA', 'COOKIEVALUE',
    'Jane Shopper', 'jane@example.com', 'account-data', 'shopper-state', 'cartCount', 'NONCEATTR',
    'SIDVALUE', 'session-id', 'IMGSID', 'CRIDVALUE', 'my+priv', 'my+private+search', 'qid=',
    '/ref=', 'data-a-state', 'data-csa-c-content-id', 'CSACONTENT']) {
    assert.ok(!html.includes(gone), `${gone} survived`);
  }
  for (const kept of ['<title>Amazon.com: Demo Watch</title>', 'name="description"',
    'name="keywords"', 'property="og:title"', 'property="product:price:amount"',
    'name="twitter:card"', '"@type":"Product"', 'data-asin="B0DEMO0001"',
    'data-buy-box-listing-title="true"', 'data-testid="price"', '$19.99',
    'value="A0DEMOFAKE0001"', '"sellerId":"101"', 'id="__NEXT_DATA__"',
    'href="/gp/help/seller/at-a-glance.html?ie=UTF8&amp;seller=A0DEMOFAKE0001"',
    'href="https://www.amazon.com/Demo-Watch/dp/B0DEMO0001?smid=A0DEMOFAKE0001"',
    'content="https://www.amazon.com/dp/B0DEMO0001"', 'action="/cart/add"']) {
    assert.ok(html.includes(kept), `${kept} was lost`);
  }
});

test('data scripts go before the body, so the cap cuts the body and not them', () => {
  const nextData = JSON.stringify({ props: { pageProps: { initialData: { data: { product: {
    usItemId: '123456', sellerId: 'F0DEMO', name: 'Demo item', filler: 'x'.repeat(20000) } } } } } });
  const page = `<!DOCTYPE html><html><head><title>Walmart.com</title></head><body>
    <h1 itemprop="name">Demo item</h1>${'<p>filler text of the page</p>'.repeat(4000)}
    <script type="application/ld+json">{"@type":"Product","name":"Demo item"}</script>
    <script id="__NEXT_DATA__" type="application/json">${nextData}</script></body></html>`;
  const html = snapshotOf(page, 'https://www.walmart.com/ip/Demo-item/123456', { maxBytes: 64 * 1024 });
  assert.ok(new TextEncoder().encode(html).length <= 64 * 1024);
  assert.ok(html.includes(nextData), 'the page data was cut');
  assert.ok(html.includes('{"@type":"Product","name":"Demo item"}'));
  assert.ok(html.indexOf('__NEXT_DATA__') < html.indexOf('<body'), 'page data comes before the body');
  assert.match(html, /<h1 itemprop="name">Demo item<\/h1>/);
  // Page data too big to fit before the body is left out whole, never cut in half.
  const small = snapshotOf(page, 'https://www.walmart.com/ip/Demo-item/123456', { maxBytes: 10000 });
  assert.ok(!small.includes('__NEXT_DATA__'));
  assert.ok(small.includes('{"@type":"Product","name":"Demo item"}'));
});
