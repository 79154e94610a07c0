import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageKind, marketplaceForHost, MARKETPLACES } from '../../extension/lib/marketplaces.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { manifest, corpusPages, HERE } from './helpers.js';

const CASES = [
  ['https://www.amazon.com/dp/B0DEMO0001?smid=A0DEMOFAKE0001', 'amazon', 'product'],
  ['https://www.amazon.co.uk/Tefal-Piece/dp/B004SNMXRS', 'amazon', 'product'],
  ['https://www.amazon.co.jp/gp/product/B004SNMXRS', 'amazon', 'product'],
  ['https://www.amazon.de/gp/aw/d/B004SNMXRS', 'amazon', 'product'],
  ['https://www.amazon.com/sp?seller=A0DEMOFAKE0001', 'amazon', 'seller'],
  ['https://www.amazon.com/s?me=A0DEMOFAKE0001', 'amazon', 'seller'],
  ['https://www.ebay.com/itm/302474151804', 'ebay', 'product'],
  ['https://www.ebay.com.au/usr/somebody', 'ebay', 'seller'],
  ['https://www.ebay.de/str/someshop', 'ebay', 'seller'],
  ['https://www.aliexpress.us/item/3256801234567890.html', 'aliexpress', 'product'],
  ['https://es.aliexpress.com/store/1100000', 'aliexpress', 'seller'],
  ['https://www.alibaba.com/product-detail/Lemon_62320522213.html', 'alibaba', 'product'],
  ['https://wepromoteall.en.alibaba.com/company_profile.html', 'alibaba', 'seller'],
  ['https://www.walmart.com/ip/Some-Thing/123456', 'walmart', 'product'],
  ['https://www.walmart.ca/en/ip/some-thing/6000201', 'walmart', 'product'],
  ['https://www.walmart.com/seller/101', 'walmart', 'seller'],
  ['https://www.etsy.com/es/listing/550571276/el-original', 'etsy', 'product'],
  ['https://www.etsy.com/shop/OliveCreativeCompany', 'etsy', 'seller'],
  ['https://www.temu.com/rolex-style-watch-g-601099512345678.html', 'temu', 'product'],
  ['https://www.temu.com/some-mall-m-634418212345.html', 'temu', 'seller'],
  ['https://www.dhgate.com/product/watch/123456.html', 'dhgate', 'product'],
  ['https://www.dhgate.com/store/20001', 'dhgate', 'seller'],
  ['https://www.wish.com/product/5e0f', 'wish', 'product'],
  ['https://www.facebook.com/marketplace/item/1234567890/', 'facebook', 'product'],
];

test('product and seller pages of every marketplace are recognized', () => {
  for (const [url, marketplace, kind] of CASES) {
    assert.deepEqual(pageKind(url), { marketplace, kind }, url);
  }
});

test('other pages are not checked unasked', () => {
  for (const url of ['https://www.amazon.com/', 'https://www.amazon.com/gp/cart/view.html',
    'https://www.ebay.com/', 'https://www.facebook.com/somebody', 'https://www.facebook.com/marketplace/',
    'https://shop.example.com/item/1', 'https://amazon.com.evil.example/dp/B004SNMXRS',
    'https://notamazon.com/dp/B004SNMXRS', 'chrome://extensions', 'not a url',
    'https://www.temu.com/', 'https://www.etsy.com/', 'https://www.walmart.com/cart',
    'https://www.walmart.com/search?q=rolex', 'https://www.facebook.com/', 'https://www.facebook.com/watch/',
    'https://amzn.to/3xYz', 'https://a.co/d/abc', 'https://etsy.me/3abc', 'https://fb.me/abc']) {
    assert.equal(pageKind(url), null, url);
  }
});

test('hosts map to their marketplace, subdomains included, look-alikes not', () => {
  assert.equal(marketplaceForHost('WWW.Amazon.Com.MX').id, 'amazon');
  assert.equal(marketplaceForHost('m.ebay.ph').id, 'ebay');
  assert.equal(marketplaceForHost('amazon-deals.com'), null);
});

test('single-page sites run on the whole site, so in-app navigation into a product is seen', () => {
  const { matches } = manifest.content_scripts[0];
  for (const pattern of ['*://*.facebook.com/*', '*://*.walmart.com/*', '*://*.walmart.ca/*',
    '*://*.amazon.com/*', '*://*.temu.com/*']) {
    assert.ok(matches.includes(pattern), pattern);
  }
  assert.ok(!matches.includes('*://*.ebay.com/*') && matches.includes('*://*.ebay.com/itm/*'));
});

// manifest.json and lib/marketplace-data.js are generated together (python3 tasks.py
// gen-extension; tests/test_extension_gen.py fails when either is stale): they agree.
test('the manifest grants and matches exactly the domains of the data module', () => {
  const domains = MARKETPLACES.flatMap((market) => market.domains);
  assert.deepEqual(manifest.host_permissions,
    ['http://127.0.0.1/*', 'http://localhost/*', '*://*/*', ...domains.map((domain) => `*://*.${domain}/*`)]);
  const matched = new Set(manifest.content_scripts[0].matches.map((match) => match.match(/^\*:\/\/\*\.([^/]+)\//)[1]));
  assert.deepEqual([...matched].filter((domain) => domain !== 'en.alibaba.com'), domains);
});

test('every country domain of the issue is covered', () => {
  const domains = MARKETPLACES.flatMap((market) => market.domains);
  for (const expected of ['amazon.com.tr', 'amazon.sg', 'amazon.eg', 'ebay.com.hk', 'ebay.ph',
    'aliexpress.ru', 'walmart.com.mx', 'temu.com', 'dhgate.com', 'wish.com', 'facebook.com']) {
    assert.ok(domains.includes(expected), expected);
  }
  assert.equal(MARKETPLACES.length, 10);
});

test('every real corpus page is recognized as a product page', () => {
  const pages = corpusPages();
  for (const page of pages) {
    const kind = pageKind(page.url);
    if (page.marketplace === 'marketplace' || !page.marketplace) continue;
    assert.deepEqual(kind, { marketplace: page.marketplace, kind: 'product' }, page.url);
  }
});

test('every host of seed_data/marketplaces.csv is covered, by the module and the manifest', () => {
  const csv = readFileSync(path.resolve(HERE, '../../seed_data/marketplaces.csv'), 'utf8');
  const [header, ...rows] = csv.trim().split('\n');
  assert.match(header, /^marketplace,host,kind,/);
  const patterns = manifest.content_scripts[0].matches.map((match) => match.match(/^\*:\/\/\*\.([^/]+)\//)[1]);
  assert.ok(rows.length > 50);
  for (const row of rows) {
    const [marketplace, host, kind] = row.split(',');
    // Country and alternate domains are listed; mobile hosts (m.*) fall under *.domain.
    assert.equal(marketplaceForHost(host)?.id, marketplace, `${host} (${kind})`);
    assert.ok(patterns.some((domain) => host === domain || host.endsWith(`.${domain}`)),
      `no content-script match covers ${host}`);
    assert.ok(manifest.host_permissions.some((pattern) => {
      const domain = pattern.match(/^\*:\/\/\*\.([^/]+)\//)?.[1];
      return domain && (host === domain || host.endsWith(`.${domain}`));
    }), `no host permission covers ${host}`);
  }
});
