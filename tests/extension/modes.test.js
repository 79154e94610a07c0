// The two modes: settings and their migration, the first-run page, the private check's
// answer, and what reaches the (fake) backend in each mode, through the real worker modules
// against a fake extension API.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CONTENT_SCRIPTS, manifest, t } from './helpers.js';
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { mergeSettings, isFullMode, mayAskBackend, DEFAULT_SETTINGS, PRIVACY_POLICY_PAGE } from '../../extension/lib/config.js';
import { chosenMode, modeChoice } from '../../extension/lib/mode-choice.js';

function fakeArea() {
  const items = {};
  return {
    items,
    get: async (key) => (key === null ? { ...items } : (key in items ? { [key]: structuredClone(items[key]) } : {})),
    set: async (values) => { Object.assign(items, structuredClone(values)); },
    remove: async (key) => { delete items[key]; },
  };
}

const fake = { local: fakeArea(), session: fakeArea() };
const listeners = {};
const opened = [];
const injected = [];
const tabUrls = {};
globalThis.chrome = {
  storage: fake,
  i18n: { getMessage: (key, subs) => t(key, subs) },
  runtime: {
    id: 'radarid',
    getManifest: () => manifest,
    getURL: (p) => `chrome-extension://radarid/${p}`,
    onInstalled: { addListener: (listener) => { listeners.installed = listener; } },
  },
  action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {},
    setBadgeTextColor: async () => {}, setTitle: async () => {} },
  tabs: {
    get: async (id) => ({ id, url: tabUrls[id] }),
    create: async ({ url }) => { opened.push(url); },
    onRemoved: { addListener: () => {} },
    onUpdated: { addListener: (listener) => { listeners.updated = listener; } },
  },
  scripting: {
    executeScript: async ({ target, files, func, args }) => {
      injected.push({ tabId: target.tabId, files, func, args });
      return func ? [{ result: pageInTab(target.tabId, args) }] : [];
    },
  },
};

// What a report's "attach this page" reads in a tab (the content script's describePage().html).
let pageInTab = () => null;

// The fake backend: a list with one seller, one listing and one shop; every request recorded.
const LISTED_KEYS = ['seller:amazon:A0DEMOFAKE0001', 'domain:demo-fake-shop.example'];
const sha = (text) => createHash('sha256').update(text).digest('hex');
const LISTED_REASONS = {
  'seller:amazon:A0DEMOFAKE0001': [{ code: 'listed_seller', severity: 'high', message: 'This seller is on the list.', evidence_url: 'https://example.org/demo' }],
  'domain:demo-fake-shop.example': [{ code: 'listed_domain', severity: 'high', message: 'This shop is on the list.', evidence_url: null }],
};

function prefixSetBody(keys, version = 3) {
  const prefixes = [...new Set(keys.map((key) => Number.parseInt(sha(key).slice(0, 8), 16)))].sort((a, b) => a - b);
  const bytes = Buffer.alloc(prefixes.length * 4);
  prefixes.forEach((prefix, index) => bytes.writeUInt32BE(prefix, index * 4));
  return { version, prefix_bytes: 4, count: prefixes.length, prefixes: bytes.toString('base64'),
    sha256: createHash('sha256').update(bytes).digest('hex') };
}

let requests = [];
const CHECK_ANSWER = { verdict: 'counterfeit', score: 95, list_version: 3,
  page: { marketplace: 'amazon', domain: 'amazon.com', seller_id: 'A0DEMOFAKE0001' },
  reasons: LISTED_REASONS['seller:amazon:A0DEMOFAKE0001'] };
globalThis.fetch = async (url, init = {}) => {
  requests.push({ url, method: init.method || 'GET', body: init.body ? JSON.parse(init.body) : undefined });
  const path = new URL(url).pathname;
  let status = 200;
  let body;
  if (path === '/api/v1/prefixes') body = prefixSetBody(LISTED_KEYS);
  else if (path.startsWith('/api/v1/hashes/')) {
    const prefix = path.split('/').pop();
    body = { cache_seconds: 300, matches: LISTED_KEYS.filter((key) => sha(key).startsWith(prefix)).map((key) => ({
      hash: sha(key), kind: key.split(':')[0], marketplace: key.startsWith('seller') ? 'amazon' : null,
      status: 'counterfeit', reasons: LISTED_REASONS[key] })) };
  } else if (path === '/api/v1/check') body = CHECK_ANSWER;
  else if (path === '/api/v1/reports') body = { id: 'r1', status: 'pending' };
  else { status = 404; body = { error: { code: 'not_found', message: 'Not found' } }; }
  return { ok: status < 400, status, headers: new Headers(), json: async () => body };
};

const { handlers: pages, start: startPages } = await import('../../extension/worker/pages.js');
const settingsModule = await import('../../extension/worker/settings.js');
const { handlers: reports } = await import('../../extension/worker/reports.js');
const { answerFrom, prepare, privateCheck, sortedReasons } = await import('../../extension/worker/private-check.js');
const { ruleFile } = await import('./rulefile-sample.js');
const { checkNavigation } = await import('../../extension/worker/navigation.js');
const settings = settingsModule.handlers;
startPages();
settingsModule.start();

const URL_LISTED = 'https://www.amazon.com/dp/B0DEMO0001?smid=A0DEMOFAKE0001';
const URL_UNLISTED = 'https://www.amazon.com/dp/B0057OC5O8?smid=A1CJB5SYI9X4XC';
const SHOP_LISTED = 'https://demo-fake-shop.example/products/air-max';
const SHOP_UNLISTED = 'https://www.honest-garden-supplies.com/product/42';
const sender = (url, id = 7) => ({ tab: { id, url }, url, frameId: 0 });
const paths = () => requests.map((request) => new URL(request.url).pathname);

async function chooseMode(mode) {
  await settings.saveSettings({ settings: { mode } });
}

beforeEach(async () => {
  for (const area of Object.values(fake)) for (const key of Object.keys(area.items)) delete area.items[key];
  await pages.clearCache({});
  requests = [];
  injected.length = 0;
  opened.length = 0;
});

// --- settings --------------------------------------------------------------------------------

test('the manifest loads every content script, in the order the node tests run them', () => {
  assert.deepEqual(manifest.content_scripts[0].js, [...CONTENT_SCRIPTS, 'content/banner.js', 'content/main.js']);
});

test('private is the default, and no mode counts as chosen until the shopper confirms one', () => {
  assert.deepEqual(DEFAULT_SETTINGS, { apiBase: 'http://127.0.0.1:5000', mode: 'private', modeChosen: false });
  assert.equal(mayAskBackend(mergeSettings({})), false);
  // A stored full mode that was never confirmed is not full.
  assert.equal(isFullMode(mergeSettings({ mode: 'full' })), false);
  assert.equal(isFullMode(mergeSettings({ mode: 'full', modeChosen: true })), true);
  assert.deepEqual(mergeSettings({ mode: 'turbo', modeChosen: true }), DEFAULT_SETTINGS);
});

test('older installs: sendSnapshots true (the unchosen default) becomes private and asks; false stays private', () => {
  assert.deepEqual(mergeSettings({ apiBase: 'https://radar.example.org', sendSnapshots: true }),
    { apiBase: 'https://radar.example.org', mode: 'private', modeChosen: false });
  assert.deepEqual(mergeSettings({ sendSnapshots: false }),
    { apiBase: 'http://127.0.0.1:5000', mode: 'private', modeChosen: true });
});

test('saving a mode records the choice; other settings keep it; an unknown mode is refused', async () => {
  const saved = await settings.saveSettings({ settings: { mode: 'full' } });
  assert.deepEqual(saved, { apiBase: 'http://127.0.0.1:5000', mode: 'full', modeChosen: true });
  assert.deepEqual(fake.local.items.settings, saved);
  const moved = await settings.saveSettings({ settings: { apiBase: 'https://radar.example.org/' } });
  assert.deepEqual(moved, { apiBase: 'https://radar.example.org', mode: 'full', modeChosen: true });
  await assert.rejects(settings.saveSettings({ settings: { mode: 'everything' } }), /Unknown mode: everything/);
  assert.equal(fake.local.items.settings.mode, 'full');
  // An older install's stored settings are read as the migration says, then saved in the new shape.
  fake.local.items.settings = { apiBase: 'http://127.0.0.1:5000', sendSnapshots: true };
  assert.deepEqual(await settings.getSettings({}), { apiBase: 'http://127.0.0.1:5000', mode: 'private', modeChosen: false });
});

test('the first-run page opens on install, and after an update only for a shopper who never chose', async () => {
  await listeners.installed({ reason: 'install' });
  assert.deepEqual(opened, ['chrome-extension://radarid/onboarding.html']);
  fake.local.items.settings = { sendSnapshots: true };
  await listeners.installed({ reason: 'update' });
  assert.equal(opened.length, 2);
  await chooseMode('private');
  await listeners.installed({ reason: 'update' });
  await listeners.installed({ reason: 'chrome_update' });
  assert.equal(opened.length, 2);
});

test('the first-run and options pages explain both modes alike and link the shipped policy', () => {
  const { document } = new JSDOM('<!DOCTYPE html><body></body>').window;
  const fieldset = modeChoice(document, t, { selected: 'private' });
  assert.equal(chosenMode(fieldset), 'private');
  assert.deepEqual([...fieldset.querySelectorAll('input[name=mode]')].map((input) => input.value), ['private', 'full']);
  const text = fieldset.textContent;
  for (const key of ['modePrivateSummary', 'modePrivateSends', 'modeFullSummary', 'modeFullSends', 'modeBoth']) {
    assert.ok(text.includes(t(key)), key);
  }
  assert.equal(fieldset.querySelector('#privacy-link').getAttribute('href'), PRIVACY_POLICY_PAGE);
  fieldset.querySelector('#mode-full').checked = true;
  assert.equal(chosenMode(fieldset), 'full');
  for (const page of ['onboarding.html', 'options.html']) {
    assert.match(readFileSync(new URL(`../../extension/${page}`, import.meta.url), 'utf8'), /id="mode-choice"/, page);
  }
});

// --- the private check's answer ---------------------------------------------------------------

test('the private answer has /check\'s shape: list and content reasons, most severe first', () => {
  const found = { host: 'www.amazon.com', domain: 'amazon.com', marketplace: 'amazon', listingId: 'B0DEMO0001',
    sellerId: 'A0DEMOFAKE0001', keys: ['seller:amazon:A0DEMOFAKE0001', 'listing:amazon:B0DEMO0001'] };
  const notorious = { code: 'notorious_market', severity: 'low', message: 'Named by USTR.', evidence_url: null };
  const phrase = { code: 'counterfeit_phrase', severity: 'medium', message: 'Says replica.', evidence_url: null };
  const answer = answerFrom({
    found,
    facts: { title: 'Diver watch', brand: 'Rolex', price: { amount: 45, currency: 'USD' }, sellerName: 'Demo' },
    matches: [{ key: found.keys[0], reasons: LISTED_REASONS['seller:amazon:A0DEMOFAKE0001'] }],
    contentReasons: [notorious, phrase, phrase],
    listVersion: 3,
  });
  assert.deepEqual(Object.keys(answer).sort(), ['list_version', 'page', 'reasons', 'score', 'verdict']);
  assert.equal(answer.verdict, 'counterfeit');
  assert.deepEqual(answer.reasons.map((reason) => reason.code), ['listed_seller', 'counterfeit_phrase', 'notorious_market']);
  assert.equal(answer.score, 95); // 1 - (0.1 * 0.55 * 0.9), as backend/matching/scoring.py
  assert.deepEqual(answer.page, { marketplace: 'amazon', domain: 'amazon.com', listing_id: 'B0DEMO0001',
    seller_id: 'A0DEMOFAKE0001', seller_name: 'Demo', title: 'Diver watch',
    price: { amount: 45, currency: 'USD' }, brand: 'Rolex' });
  assert.equal(answer.list_version, 3);
  const none = answerFrom({ found: { ...found, sellerId: null, listingId: null, keys: [] } });
  assert.equal(none.verdict, 'unknown');
  assert.equal(none.score, 0);
  assert.deepEqual(sortedReasons([notorious, { ...phrase, severity: 'high' }]).map((r) => r.severity), ['high', 'low']);
});

test('privateCheck looks up the page\'s keys, and nothing before the mode is chosen', async () => {
  const asked = [];
  const sources = {
    listedMatches: async (keys) => { asked.push(keys); return []; },
    lookupStatus: async () => ({ version: 9 }),
    currentRuleFile: async () => null,
  };
  const answer = await privateCheck({ url: URL_LISTED, facts: { title: 'Watch' } }, { sources });
  assert.deepEqual(asked, [['seller:amazon:A0DEMOFAKE0001', 'listing:amazon:B0DEMO0001']]);
  assert.equal(answer.list_version, 9);
  assert.equal(answer.page.seller_id, 'A0DEMOFAKE0001');
  await privateCheck({ url: URL_LISTED }, { sources, askList: false });
  assert.equal(asked.length, 1);
});

test('the private answer names the brand /check would: none for what the product only fits', async () => {
  const sources = { listedMatches: async () => [], lookupStatus: async () => ({ version: 9 }),
    currentRuleFile: async () => ruleFile() };
  const brand = async (facts) => (await privateCheck({ url: 'https://www.example-shop.com/p/1', facts }, { sources })).page.brand;
  assert.equal(await brand({ title: 'Watch band for Acme 2, Zorblax' }), null);
  assert.equal(await brand({ title: 'Zorblax watch band for Acme 2' }), 'Zorblax');
  assert.equal(await brand({ title: 'Watch band', brand: 'for Zorblax' }), null);
  assert.equal(await brand({ title: 'Watch band for Zorblax', brand: 'Acme' }), 'Acme');
});

test('the URL\'s part of a check, started as the tab loads, is reused: same answer, no lookup twice', async () => {
  const listed = { key: 'seller:amazon:A0DEMOFAKE0001', hash: 'h', kind: 'seller', marketplace: 'amazon',
    status: 'listed', reasons: LISTED_REASONS['seller:amazon:A0DEMOFAKE0001'] };
  const asked = [];
  let files = 0;
  const sources = {
    listedMatches: async (keys) => { asked.push(keys); return keys.includes(listed.key) ? [listed] : []; },
    lookupStatus: async () => ({ version: 9 }),
    currentRuleFile: async () => { files += 1; return null; },
  };
  const facts = { title: 'Watch', sellerId: 'A0DEMOFAKE0001', listingId: 'B0DEMO0001' };
  const fresh = await privateCheck({ url: URL_LISTED, facts }, { sources });
  asked.length = 0;
  files = 0;
  prepare(URL_LISTED, { sources });
  assert.deepEqual(asked, [['seller:amazon:A0DEMOFAKE0001', 'listing:amazon:B0DEMO0001']]);
  assert.deepEqual(await privateCheck({ url: URL_LISTED, facts }, { sources }), fresh);
  assert.equal(asked.length, 1, 'the URL\'s keys are not looked up again');
  assert.equal(files, 2, 'no rule file yet when prepared: the check asks again');
  // Used once: the next check of the page does it all again.
  assert.deepEqual(await privateCheck({ url: URL_LISTED, facts }, { sources }), fresh);
  assert.equal(asked.length, 2);
  // Keys only the page gives are looked up at the check; another URL's preparation is not used.
  const bare = 'https://www.amazon.com/dp/B0DEMO0001';
  prepare(bare, { sources });
  await privateCheck({ url: bare, facts }, { sources });
  assert.deepEqual(asked.slice(2), [['listing:amazon:B0DEMO0001'], ['seller:amazon:A0DEMOFAKE0001']]);
  prepare(bare, { sources, askList: false });
  await privateCheck({ url: bare, facts }, { sources });
  assert.deepEqual(asked.at(-1), ['seller:amazon:A0DEMOFAKE0001', 'listing:amazon:B0DEMO0001'],
    'prepared without the list (no mode chosen then): not used');
});

// --- what reaches the backend in each mode ---------------------------------------------------

test('private mode: a listed seller\'s page gets its banner from the list, with no /check and no page data sent', async () => {
  await chooseMode('private');
  const state = await pages.getPageState({ url: URL_LISTED }, sender(URL_LISTED));
  assert.deepEqual(state, { check: true, snapshot: false, maxBytes: 262144 });
  const model = await pages.checkPage({ url: URL_LISTED, title: 'Watch',
    facts: { title: 'Watch', sellerId: 'A0DEMOFAKE0001' } }, sender(URL_LISTED));
  assert.equal(model.show, true);
  assert.equal(model.verdict, 'counterfeit');
  assert.equal(model.dismissKey, 'seller:amazon:A0DEMOFAKE0001');
  const sellerPrefix = sha('seller:amazon:A0DEMOFAKE0001').slice(0, 8);
  assert.ok(paths().includes(`/api/v1/hashes/${sellerPrefix}`), paths());
  assert.ok(!paths().includes('/api/v1/check'), paths());
  assert.ok(requests.every((request) => request.body === undefined), 'nothing but GETs');
  const tab = await pages.getTabState({ tabId: 7 });
  assert.equal(tab.result.reasons[0].code, 'listed_seller');
});

test('private mode: an unlisted listing asks nothing about it (no /hashes, no /check)', async () => {
  await chooseMode('private');
  tabUrls[7] = URL_UNLISTED;
  const model = await pages.checkPage({ url: URL_UNLISTED, title: 'Relay module',
    facts: { title: 'Relay module', sellerId: 'A1CJB5SYI9X4XC' } }, sender(URL_UNLISTED));
  assert.equal(model.show, false);
  for (const path of paths()) assert.ok(['/api/v1/prefixes', '/api/v1/rulefile'].includes(path), path);
  assert.ok(!JSON.stringify(requests).includes('A1CJB5SYI9X4XC'));
  assert.ok(!JSON.stringify(requests).includes('B0057OC5O8'));
});

test('after a single-page navigation the page is the tab\'s URL, not the document\'s first one', async () => {
  await chooseMode('private');
  const moved = { url: URL_UNLISTED, tab: { id: 7, url: URL_LISTED }, frameId: 0 }; // pushState to the listed page
  await pages.checkPage({ url: URL_LISTED, facts: { sellerId: 'A0DEMOFAKE0001' } }, moved);
  tabUrls[7] = URL_LISTED;
  assert.equal((await pages.getTabState({ tabId: 7 })).url, URL_LISTED);
  // A tab already on another origin is another document loading: the content script's own page counts.
  const leaving = { url: URL_LISTED, tab: { id: 7, url: SHOP_UNLISTED }, frameId: 0 };
  await pages.checkPage({ url: URL_LISTED, facts: {} }, leaving);
  assert.equal(fake.session.items['tab:7'].url, URL_LISTED);
});

test('full mode: marketplace pages go to POST /check with the snapshot; switching back stops it', async () => {
  await chooseMode('full');
  assert.equal((await pages.getPageState({ url: URL_LISTED }, sender(URL_LISTED))).snapshot, true);
  await pages.checkPage({ url: URL_LISTED, title: 'Watch', html: '<html></html>' }, sender(URL_LISTED));
  assert.deepEqual(requests.filter((request) => request.method === 'POST').map((request) => request.body),
    [{ url: URL_LISTED, title: 'Watch', html: '<html></html>' }]);
  await chooseMode('private');
  requests = [];
  await pages.checkPage({ url: URL_LISTED, title: 'Watch', html: '<html></html>' }, sender(URL_LISTED));
  assert.ok(!paths().includes('/api/v1/check'), paths());
});

test('before the choice, a check sends nothing but the list download', async () => {
  const model = await pages.checkPage({ url: URL_LISTED, title: 'Watch', facts: { sellerId: 'A0DEMOFAKE0001' } },
    sender(URL_LISTED));
  assert.equal(model.show, false);
  for (const path of paths()) assert.ok(['/api/v1/prefixes', '/api/v1/rulefile'].includes(path), path);
});

test('navigation: a listed shop gets the content scripts, an unlisted one is asked about nowhere', async () => {
  await chooseMode('private');
  tabUrls[5] = SHOP_UNLISTED;
  await listeners.updated(5, { url: SHOP_UNLISTED, status: 'loading' }, { id: 5, url: SHOP_UNLISTED });
  await listeners.updated(5, { status: 'complete' }, { id: 5, url: SHOP_UNLISTED });
  assert.deepEqual(injected, []);
  for (const path of paths()) assert.ok(['/api/v1/prefixes', '/api/v1/rulefile'].includes(path), path);
  assert.ok(!JSON.stringify(requests).includes('honest-garden'));

  tabUrls[5] = SHOP_LISTED;
  await listeners.updated(5, { url: SHOP_LISTED, status: 'loading' }, { id: 5, url: SHOP_LISTED });
  assert.deepEqual(injected, [], 'not before the page has loaded');
  await listeners.updated(5, { status: 'complete' }, { id: 5, url: SHOP_LISTED });
  assert.equal(injected.length, 1);
  assert.deepEqual(injected[0].files, manifest.content_scripts[0].js);
  assert.ok(paths().includes(`/api/v1/hashes/${sha('domain:demo-fake-shop.example').slice(0, 8)}`));
  // The content scripts it injected may now check that shop's pages, and only that shop's.
  const other = 'https://demo-fake-shop.example/cart';
  assert.equal((await pages.getPageState({ url: other }, sender(other, 5))).check, true);
  assert.equal((await pages.getPageState({ url: SHOP_UNLISTED }, sender(SHOP_UNLISTED, 5))).check, false);
  const model = await pages.checkPage({ url: SHOP_LISTED, title: 'Air Max', facts: { title: 'Air Max' } },
    sender(SHOP_LISTED, 5));
  assert.equal(model.verdict, 'counterfeit');
  assert.equal(model.dismissKey, 'domain:demo-fake-shop.example');
  assert.ok(!paths().includes('/api/v1/check'));
});

test('navigation in full mode is the same prefix lookup: a shop never goes to /check', async () => {
  await chooseMode('full');
  const answer = await checkNavigation(6, SHOP_LISTED, { complete: true });
  assert.equal(answer.verdict, 'counterfeit');
  assert.ok(!paths().includes('/api/v1/check'));
  assert.equal(await checkNavigation(6, 'https://www.amazon.com/dp/B0DEMO0001'), null, 'marketplaces: their content scripts');
  assert.equal(await checkNavigation(6, 'chrome://extensions/'), null);
});

test('a report is sent only as previewed', async () => {
  await chooseMode('private');
  tabUrls[7] = URL_LISTED;
  await pages.checkPage({ url: URL_LISTED, facts: { sellerId: 'A0DEMOFAKE0001', sellerName: 'Demo' } }, sender(URL_LISTED));
  requests = [];
  const form = { tabId: 7, reason: 'counterfeit', details: 'fake', evidenceUrl: '' };
  const preview = await reports.previewReport(form);
  assert.deepEqual(preview, { method: 'POST', url: 'http://127.0.0.1:5000/api/v1/reports', headers: ['X-Install-Id'],
    body: { url: URL_LISTED, reason: 'counterfeit', details: 'fake', seller: { id: 'A0DEMOFAKE0001', name: 'Demo' } },
    pageAttached: false });
  assert.equal(requests.length, 0, 'a preview sends nothing');
  await assert.rejects(reports.sendReport(form), /only after its preview/);
  await assert.rejects(reports.sendReport({ ...form, details: 'changed', preview: preview.body }), /changed since its preview/);
  assert.equal(requests.length, 0);
  await reports.sendReport({ ...form, preview: preview.body });
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0].body, preview.body);
});

test('an attached page is the one the preview showed, taken once from the tab', async () => {
  await chooseMode('private');
  tabUrls[7] = URL_LISTED;
  await pages.checkPage({ url: URL_LISTED, facts: { sellerId: 'A0DEMOFAKE0001', sellerName: 'Demo' } }, sender(URL_LISTED));
  requests = [];
  injected.length = 0;
  let taken = 0;
  pageInTab = (tabId, args) => { taken += 1; return `<html><!-- tab ${tabId}, cap ${args[0]}, take ${taken} --></html>`; };
  try {
    const form = { tabId: 7, reason: 'counterfeit', details: '', evidenceUrl: '' };
    const plain = await reports.previewReport(form);
    assert.equal(plain.body.html, undefined, 'unticked: no page');
    assert.equal(plain.pageAttached, false);
    assert.equal(injected.length, 0, 'unticked: nothing runs in the tab');

    const preview = await reports.previewReport({ ...form, attachPage: true });
    assert.equal(preview.body.html, '<html><!-- tab 7, cap 262144, take 1 --></html>');
    assert.equal(preview.pageAttached, true);
    assert.equal(requests.length, 0, 'a preview sends nothing');
    // The page changes before Send: what was shown is what goes, not a new snapshot.
    await reports.sendReport({ ...form, attachPage: true, preview: preview.body });
    assert.equal(taken, 1);
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0].body, preview.body);

    // After a navigation in the tab the kept page is not this page's: refused, nothing sent.
    const again = await reports.previewReport({ ...form, attachPage: true });
    tabUrls[7] = URL_LISTED.replace('B0DEMO0001', 'B0DEMO0002');
    await assert.rejects(reports.sendReport({ ...form, attachPage: true, preview: again.body }), /changed since its preview/);
    assert.equal(requests.length, 1);
  } finally {
    pageInTab = () => null;
    tabUrls[7] = URL_LISTED;
  }
});

test('where the content scripts do not run, the report goes without a page', async () => {
  await chooseMode('private');
  const preview = await reports.previewReport({ tabId: 7, reason: 'other', details: '', evidenceUrl: '', attachPage: true });
  assert.equal(preview.body.html, undefined);
  assert.equal(preview.pageAttached, false);
});
