// Private mode's rules (lib/rules.js) on a small hand-made rule file: what they find, what a
// hostile rule file cannot do (hang the worker with a backtracking pattern, grow without
// bound), Python's number formatting and rounding; and worker/rulefile.js keeping the file
// (ETag, 304, newer list versions, backoff, never throwing). Parity with the backend on the
// real catalog is tests/test_rulefile_parity.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pattern, PatternError, codePoints, stepBudget } from '../../extension/lib/rules-regex.js';
import { RuleFileError, brandOf, compileRuleFile, evaluate, scoreOf, validateRuleFile, verdictOf }
  from '../../extension/lib/rules.js';
import { formatNumber } from '../../extension/lib/rules-text.js';
import { decodePunycode } from '../../extension/lib/rules-lookalike.js';
import { createRuleFiles, REFRESH_MS, BACKOFF_BASE_MS } from '../../extension/worker/rulefile.js';
import { NOT_WORD, ruleFile } from './rulefile-sample.js';


const shop = (fields) => ({ url: 'https://www.example-shop.com/p', host: 'www.example-shop.com',
  domain: 'example-shop.com', marketplace: null, title: null, brand: null, price: null, ...fields });
const codes = (reasons) => reasons.map((reason) => reason.code);

test('title, price and site rules give the contract reasons, most severe first', () => {
  const reasons = evaluate(ruleFile(), shop({ title: 'Zorblax REPLICA watch, zap badge', price: { amount: 2.5, currency: 'usd' } }));
  assert.deepEqual(codes(reasons), ['prohibited_item', 'counterfeit_phrase', 'price_below_floor']);
  assert.equal(reasons[0].message, 'The title offers "zap badge": Zap badges are never sold legitimately.');
  assert.equal(reasons[0].evidence_url, 'https://law.example/zap');
  assert.equal(reasons[1].message, 'The title uses "replica", wording that sellers of replicas use.');
  assert.match(reasons[2].message, /^Priced at 2\.50 USD, .* genuine Zorblax watch \(about 100 USD\)\.$/);
  assert.equal(verdictOf(reasons), 'counterfeit');
});

test('needs_brand, except_pattern and the price exemptions hold', () => {
  assert.deepEqual(codes(evaluate(ruleFile(), shop({ title: 'cheap replica' }))), []);
  assert.deepEqual(codes(evaluate(ruleFile(), shop({ title: 'cheap replica', brand: 'Unknown' }))), ['counterfeit_phrase']);
  assert.deepEqual(codes(evaluate(ruleFile(), shop({ title: 'zap badge toy' }))), []);
  for (const title of ['Zorblax watch used', 'strap for zorblax watch', 'Zorblax watch strap']) {
    assert.deepEqual(codes(evaluate(ruleFile(), shop({ title, price: { amount: 1, currency: 'USD' } }))), [], title);
  }
  assert.deepEqual(codes(evaluate(ruleFile(), shop({ title: 'Zorblax watch with box', price: { amount: 1, currency: 'USD' } }))),
    ['price_below_floor']);
  assert.deepEqual(codes(evaluate(ruleFile(), shop({ title: 'Zorblax watch', price: { amount: 14400, currency: 'JPY' } }))), []);
  assert.deepEqual(codes(evaluate(ruleFile(), shop({ title: 'Zorblax watch', price: { amount: 1, currency: 'XXX' } }))), []);
});

test('a brand named only as what the product fits is not its brand (compatibility wording)', () => {
  const file = ruleFile();
  assert.equal(brandOf(file, shop({ title: 'watch band for Acme 2, Zorblax' })), null);
  assert.equal(brandOf(file, shop({ title: 'Zorblax watch for Acme' })), 'Zorblax');
  assert.equal(brandOf(file, shop({ title: 'watch for Acme (Zorblax)' })), 'Zorblax');
  assert.equal(brandOf(file, shop({ title: 'watch', brand: 'for Zorblax' })), null);
  assert.deepEqual(codes(evaluate(file, shop({ title: 'cheap replica for Zorblax' }))), ['counterfeit_phrase']);
  assert.throws(() => evaluate(ruleFile({ compatibility: { opener: {} } }), shop({ title: 'x' })), RuleFileError);
});

test('a declared brand the rule file knows is kept, even one that begins like the wording', () => {
  const file = ruleFile({ brands: [...ruleFile().brands, { name: 'For Zorb', domains: [] }],
    brand_forms: [['for zorb', 1], ['zorblax', 0]] });
  assert.equal(brandOf(file, shop({ title: 'glasses', brand: 'For Zorb' })), 'For Zorb');
  assert.equal(brandOf(file, shop({ title: 'glasses', brand: 'for Zorblax' })), null);
  assert.equal(brandOf(file, shop({ title: 'Zorblax watch', brand: 'fits Acme' })), 'Zorblax');
});

test('an older server\'s rule file (no compatibility section) is read: no wording, its brands\' fits exempt the floor', () => {
  const older = ruleFile({ compatibility: undefined });
  delete older.compatibility;
  const price = { amount: 1, currency: 'USD' };
  assert.deepEqual(codes(evaluate(older, shop({ title: 'Zorblax watch', price }))), ['price_below_floor']);
  assert.deepEqual(codes(evaluate(older, shop({ title: 'watch for zorblax', price }))), []);
  // No lists without the section: a later item keeps the brand, as that server read it.
  assert.equal(brandOf(older, shop({ title: 'watch band for Acme 2, Zorblax' })), 'Zorblax');
  assert.equal(brandOf(older, shop({ title: 'watch', brand: 'for Zorblax' })), 'for Zorblax');
  assert.deepEqual(codes(evaluate(ruleFile({ compatibility: null }), shop({ title: 'Zorblax watch', price }))),
    ['price_below_floor']);
});

test('an extension built before the compatibility section reads the current file with its price floors', async () => {
  const legacy = await import('./legacy/rules-before-compatibility.js');
  const price = { amount: 1, currency: 'USD' };
  assert.deepEqual(codes(legacy.evaluate(ruleFile(), shop({ title: 'Zorblax watch', price }))), ['price_below_floor']);
  assert.deepEqual(codes(legacy.evaluate(ruleFile(), shop({ title: 'watch fits zorblax', price }))), []);
  // Without brands' fits (the file of commit c9c2767) it skipped every floor: what fits is for.
  const bare = ruleFile({ brands: [{ name: 'Zorblax', domains: ['zorblax.com'] }] });
  assert.deepEqual(codes(legacy.evaluate(bare, shop({ title: 'Zorblax watch', price }))), []);
});

test('official sites, lookalikes and notorious markets', () => {
  const site = (host, domain, marketplace = null) => evaluate(ruleFile(), shop({ host, domain, marketplace }));
  assert.deepEqual(codes(site('www.zorblax.com', 'zorblax.com')), ['official_site']);
  const lookalike = site('xn--zrblax-outlet-i7k.com', 'xn--zrblax-outlet-i7k.com');
  assert.deepEqual(codes(lookalike), ['lookalike_domain']);
  assert.match(lookalike[0].message, /shown as zоrblax-outlet\.com\) spells Zorblax with look-alike letters/);
  assert.match(site('z0rblax-shop.com', 'z0rblax-shop.com')[0].message, /numbers in place of letters/);
  assert.deepEqual(codes(site('zorblax-fans.com', 'zorblax-fans.com')), []);
  assert.deepEqual(codes(site('zorblax-outlet.com', 'zorblax-outlet.com', 'amazon')), []);
  assert.deepEqual(codes(site('www.bazaar.example', 'bazaar.example')), ['notorious_market']);
});

test('verdict and score are scoring.py\'s, rounding halves to even', () => {
  const of = (...severities) => severities.map((severity) => ({ code: 'x', severity }));
  assert.equal(scoreOf(of('medium', 'low')), 50);
  assert.equal(scoreOf(of('medium', 'medium')), 70);
  assert.equal(scoreOf(of('high', 'medium', 'low')), 95);
  assert.equal(scoreOf(of('low', 'low', 'low')), 27);
  assert.equal(scoreOf(of('medium', 'medium', 'low', 'low')), 75);
  assert.equal(verdictOf([{ code: 'official_site', severity: 'info' }]), 'authorized');
  assert.equal(verdictOf([]), 'unknown');
});

test('numbers are formatted as Python formats them', () => {
  for (const [value, decimals, expected] of [[0.125, 2, '0.12'], [2.5, 0, '2'], [3.5, 0, '4'],
    [1234567.891, 2, '1,234,567.89'], [3000, 0, '3,000'], [0.005, 2, '0.01'], [1e12, 2, '1,000,000,000,000.00'],
    [2.675, 2, '2.67'], [999.995, 2, '1,000.00']]) {
    assert.equal(formatNumber(value, decimals), expected, `${value}`);
  }
});

test('punycode decodes as idna does', () => {
  assert.equal(decodePunycode('rlex-outlet-rnj'), 'rоlex-outlet');
  assert.equal(decodePunycode('80ak6aa92e'), 'аррӏе');
  assert.equal(decodePunycode('99999999999'), null);
});

test('backtracking patterns run in linear time and finish', { timeout: 60000 }, () => {
  const long = codePoints(`${'a'.repeat(5000)}!`);
  for (const source of ['(a+)+b', '(a|a)*c', '(?:a*)*$x', '(a|aa)+b', '(.*a){20}b']) {
    assert.equal(new Pattern({ source, flags: 'u' }).search(long), null, source);
  }
  const budget = stepBudget(1_000_000);
  assert.equal(new Pattern({ source: '(?=(a+)+b)a', flags: 'u' }).search(long, 0, budget), null);
  assert.equal(budget.exhausted, true);
});

test('a pattern outside the translated subset is refused', () => {
  for (const source of ['(a)\\1', '(?i:a)', '(?<name>a)', '(?<=a+)b', 'a{1001}', '(?:a{1000}){1000}',
    '[', 'a)', '\\k', '(?<=a', '[z-a]', '*a', 'a{2,1}']) {
    assert.throws(() => new Pattern({ source, flags: 'u' }), PatternError, source);
  }
  assert.throws(() => new Pattern({ source: 'a', flags: 'g' }), PatternError);
  assert.throws(() => new Pattern({ source: 'a'.repeat(30000), flags: 'u' }), PatternError);
});

test('a malformed or oversized rule file is refused whole', () => {
  for (const bad of [null, [], ruleFile({ format: 2 }), ruleFile({ list_version: 'x' }),
    ruleFile({ brand_forms: [['zorblax', 5]] }), ruleFile({ brands: 'none' }),
    ruleFile({ title_rules: { replica_phrase: new Array(5001).fill({ pattern: {} }) } }),
    ruleFile({ lookalike: { token_brand: [['x'.repeat(101), 0]], words: {} } })]) {
    assert.throws(() => validateRuleFile(bad), RuleFileError);
    assert.throws(() => evaluate(bad, shop({ title: 'x' })), RuleFileError);
  }
});

test('a pattern that does not compile leaves out its rule only', () => {
  const file = ruleFile({ title_rules: { prohibited_item: [], replica_phrase: [
    { name: 'broken', pattern: { source: '(a+)\\1', flags: 'iu' }, except: null, needs_brand: false },
    { name: 'fine', pattern: { source: 'dupes?', flags: 'iu' }, except: null, needs_brand: false },
  ] } });
  assert.deepEqual(codes(evaluate(file, shop({ title: 'a dupe' }))), ['counterfeit_phrase']);
});

test('a hostile rule file cannot make evaluate() hang: its steps are bounded', { timeout: 120000 }, () => {
  const heavy = { pattern: { source: '(?=(?:a|a)*(?:a+)+b)(?:a|aa)+c', flags: 'iu' }, except: null, needs_brand: false };
  const file = ruleFile({ title_rules: { prohibited_item: new Array(2000).fill(0).map((_, i) => ({ ...heavy, name: `r${i}` })),
    replica_phrase: [] } });
  assert.deepEqual(evaluate(file, shop({ title: 'a'.repeat(1000) })), []);
});

// --- worker/rulefile.js --------------------------------------------------------------------

function fakeServer() {
  const server = { file: ruleFile(), etag: '"rulefile-1-7-aaaa"', requests: [], fail: null };
  server.api = {
    ruleFile: async (etag) => {
      server.requests.push(etag);
      if (server.fail) throw server.fail;
      if (etag === server.etag) return { notModified: true, etag };
      return { data: server.file, etag: server.etag };
    },
  };
  return server;
}

function fakeStorage() {
  const values = new Map();
  return { values, get: async (area, key) => values.get(`${area}:${key}`) ?? null,
    set: async (area, key, value) => { values.set(`${area}:${key}`, structuredClone(value)); } };
}

function setup({ base = 'http://api.test' } = {}) {
  const server = fakeServer();
  const storage = fakeStorage();
  const clock = { now: 1_000_000 };
  const address = { base };
  const make = () => createRuleFiles({ api: server.api, getBase: async () => address.base, storage,
    now: () => clock.now, random: () => 0.5 });
  return { server, storage, clock, address, make };
}

test('the rule file is fetched once, kept, and revalidated by ETag when old', async () => {
  const { server, clock, make } = setup();
  const files = make();
  assert.equal((await files.currentRuleFile()).list_version, 7);
  await files.currentRuleFile();
  assert.deepEqual(server.requests, [null]);
  const restarted = make(); // a new worker life reads storage.local
  assert.equal((await restarted.currentRuleFile()).list_version, 7);
  assert.deepEqual(server.requests, [null]);
  clock.now += REFRESH_MS;
  assert.equal((await restarted.currentRuleFile()).list_version, 7);
  assert.deepEqual(server.requests, [null, '"rulefile-1-7-aaaa"']);
});

test('a newer list version seen elsewhere fetches the file again', async () => {
  const { server, make } = setup();
  const files = make();
  await files.currentRuleFile({ listVersion: 7 });
  server.file = ruleFile({ list_version: 8 });
  server.etag = '"rulefile-1-8-bbbb"';
  assert.equal((await files.currentRuleFile({ listVersion: 8 })).list_version, 8);
  assert.equal(server.requests.length, 2);
});

test('a bad answer keeps the last good file, backs off, and never throws', async () => {
  const { server, clock, make } = setup();
  const files = make();
  server.fail = new Error('offline');
  assert.equal(await files.currentRuleFile(), null);
  assert.equal(await files.currentRuleFile(), null);
  assert.equal(server.requests.length, 1); // backing off
  server.fail = null;
  clock.now += BACKOFF_BASE_MS;
  assert.equal((await files.currentRuleFile()).list_version, 7);
  server.file = { ...ruleFile({ list_version: 9 }), format: 99 };
  server.etag = '"rulefile-99"';
  assert.equal((await files.currentRuleFile({ listVersion: 9 })).list_version, 7);
  assert.match((await files.ruleFileStatus()).lastError, /format 99/);
  server.file = { ...ruleFile({ list_version: 9 }), padding: 'x'.repeat(5 * 1024 * 1024) };
  clock.now += 10 * BACKOFF_BASE_MS;
  assert.equal((await files.currentRuleFile({ listVersion: 9 })).list_version, 7);
  assert.match((await files.ruleFileStatus()).lastError, /too big/);
});

test('a new API address drops the file of the old one', async () => {
  const { server, address, make } = setup();
  const files = make();
  await files.currentRuleFile();
  address.base = 'http://other.test';
  server.fail = new Error('offline');
  assert.equal(await files.currentRuleFile(), null);
});

test('the compiled rule file is reused for the same object', () => {
  const file = ruleFile();
  assert.equal(compileRuleFile(file), compileRuleFile(file));
});
