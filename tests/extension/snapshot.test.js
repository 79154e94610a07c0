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
