// A page's lookup keys in the browser. Parity with the backend over a table of URLs is
// tests/test_extension_keys.py; these are the rules a reader of keys.js should see at a glance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isIpLiteral, keyHash, pageKeys, registeredDomain } from '../../extension/lib/keys.js';
import { PSL_RULES, PSL_VERSION } from '../../extension/lib/psl-data.js';

test('registered domains follow the public suffix list, private suffixes included', () => {
  const cases = [
    ['www.amazon.co.uk', 'amazon.co.uk'],
    ['forums.bbc.co.uk', 'bbc.co.uk'],
    ['cool-shop.myshopify.com', 'cool-shop.myshopify.com'],
    ['www.fake-rolex.blogspot.com', 'fake-rolex.blogspot.com'],
    ['someone.github.io', 'someone.github.io'],
    // Wildcard *.kawasaki.jp with the exception !city.kawasaki.jp.
    ['a.b.kawasaki.jp', 'a.b.kawasaki.jp'],
    ['shop.city.kawasaki.jp', 'city.kawasaki.jp'],
    // A public suffix, or no known suffix at all, is its own "domain" as in the backend.
    ['co.uk', 'co.uk'],
    ['shop.invalidtld', 'shop.invalidtld'],
    // Case and trailing dots do not matter; IDN suffixes match in punycode.
    ['WWW.Example.COM..', 'example.com'],
    ['shop.xn--r8jz45g.jp', 'xn--r8jz45g.jp'],
    ['www.xn--55qx5d.cn', 'www.xn--55qx5d.cn'], // 公司.cn is a suffix
  ];
  for (const [host, domain] of cases) assert.equal(registeredDomain(host), domain, host);
  assert.ok(PSL_RULES.split('\n').length > 9000 && PSL_VERSION);
});

test('IP addresses in any notation have no domain and no keys', () => {
  for (const host of ['127.0.0.1', '[::1]', '0x7f.1', '2130706433', '10.0.0.1.']) {
    assert.ok(isIpLiteral(host), host);
    assert.equal(registeredDomain(host), null, host);
  }
  for (const url of ['http://127.0.0.1:5000/p', 'http://[2001:db8::1]/', 'http://0x7f.1/', 'http://2130706433/']) {
    assert.deepEqual(pageKeys({ url }).keys, [], url);
  }
  assert.ok(!isIpLiteral('shop.example') && !isIpLiteral('1.example'));
});

test('a shop gets its registered domain alone (domain entries are registered domains)', () => {
  const page = pageKeys({ url: 'https://deep.sub.Shop.Example.com./x?q=1#frag' });
  assert.deepEqual(page, { host: 'deep.sub.shop.example.com', domain: 'example.com', marketplace: null,
    listingId: null, sellerId: null, keys: ['domain:example.com'] });
  assert.deepEqual(pageKeys({ url: 'https://www.bücher.de/' }).keys, ['domain:xn--bcher-kva.de']);
});

test('what can never be listed gets no key: public suffixes, single labels, other schemes', () => {
  for (const url of ['https://co.uk/', 'https://github.io/', 'https://localhost/', 'chrome://extensions',
    'file:///etc/passwd', 'not a url', 'https://a..b.example/']) {
    assert.deepEqual(pageKeys({ url }).keys, [], url);
  }
});

test('marketplace pages get seller and listing keys, never a domain key', () => {
  assert.deepEqual(pageKeys({ url: 'https://www.amazon.co.uk/dp/b004snmxrs?smid=a1b2c3d4e5f6g7' }).keys,
    ['seller:amazon:A1B2C3D4E5F6G7', 'listing:amazon:B004SNMXRS']);
  assert.deepEqual(pageKeys({ url: 'https://m.ebay.de/itm/Thing/0302474151804?_ssn=Some.One' }).keys,
    ['seller:ebay:some.one', 'listing:ebay:302474151804']);
  assert.deepEqual(pageKeys({ url: 'https://acme-tools.en.alibaba.com/company_profile.html' }).keys,
    ['seller:alibaba:acme-tools']);
  assert.deepEqual(pageKeys({ url: 'https://www.amazon.com/gp/cart/view.html' }).keys, []);
  // A look-alike host is a shop, not the marketplace.
  assert.equal(pageKeys({ url: 'https://amazon.com.evil.example/dp/B004SNMXRS' }).marketplace, null);
});

test('ids from the page are canonical; ids that cannot be the marketplace\'s and the retail arm are dropped', () => {
  const url = 'https://www.amazon.com/dp/B004SNMXRS';
  assert.deepEqual(pageKeys({ url, sellerId: ' a9z8y7x6w5v4u3 ', listingId: 'b00child01' }).keys,
    ['seller:amazon:A9Z8Y7X6W5V4U3', 'listing:amazon:B004SNMXRS', 'listing:amazon:B00CHILD01']);
  assert.deepEqual(pageKeys({ url, sellerId: 'ATVPDKIKX0DER' }).keys, ['listing:amazon:B004SNMXRS']);
  assert.deepEqual(pageKeys({ url, sellerId: 'Jane Doe <jane@example.com>', listingId: '123' }).keys,
    ['listing:amazon:B004SNMXRS']);
  assert.deepEqual(pageKeys({ url: 'https://www.etsy.com/listing/550571276', sellerId: { id: 1 } }).keys,
    ['listing:etsy:550571276']);
});

test('keyHash is the hex SHA-256 of the key\'s UTF-8 bytes', async () => {
  for (const key of ['domain:example.com', 'seller:ebay:büro', 'listing:amazon:B004SNMXRS']) {
    assert.equal(await keyHash(key), createHash('sha256').update(key, 'utf8').digest('hex'));
  }
});
