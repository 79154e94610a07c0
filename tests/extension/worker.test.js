// The service worker's feature modules against a fake extension API and a fake backend.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { manifest, t } from './helpers.js';

function fakeArea() {
  const items = {};
  return {
    items,
    get: async (key) => (key === null ? { ...items } : (key in items ? { [key]: structuredClone(items[key]) } : {})),
    set: async (values) => { Object.assign(items, structuredClone(values)); },
    remove: async (key) => { delete items[key]; },
  };
}

const badges = {};
const titles = {};
const fake = { local: fakeArea(), session: fakeArea() };
globalThis.chrome = {
  storage: fake,
  i18n: { getMessage: (key, subs) => t(key, subs) },
  runtime: { getManifest: () => manifest, getURL: (p) => `chrome-extension://id/${p}` },
  action: {
    setBadgeText: async ({ tabId, text }) => { badges[tabId] = text; },
    setBadgeBackgroundColor: async () => {},
    setBadgeTextColor: async () => {},
    setTitle: async ({ tabId, title }) => { titles[tabId] = title; },
  },
  tabs: {
    get: async (id) => ({ id, url: tabUrls[id] ?? 'https://shop.example/p/1' }),
    create: async () => {},
    onRemoved: { addListener: (listener) => { tabListeners.removed = listener; } },
    onUpdated: { addListener: (listener) => { tabListeners.updated = listener; } },
  },
};
const tabUrls = {};
const tabListeners = {};

let requests = [];
let respond = () => ({ status: 200, body: {} });
globalThis.fetch = async (url, init) => {
  requests.push({ url, init, body: init.body ? JSON.parse(init.body) : undefined });
  const answer = respond(url, init);
  if (answer instanceof Error) throw answer;
  return { ok: answer.status < 400, status: answer.status, json: async () => answer.body };
};

const { handlers: pages, start } = await import('../../extension/worker/pages.js');
start();
const { handlers: reports } = await import('../../extension/worker/reports.js');
const tabState = await import('../../extension/worker/state.js');

const URL_LISTED = 'https://www.amazon.com/dp/B0DEMO0001?smid=A0DEMOFAKE0001';
const sender = { tab: { id: 7 } };
const HTML = '<html></html>'; // the snapshot: full mode sends it with the check
const counterfeit = (version = 1) => ({ verdict: 'counterfeit', score: 95, list_version: version,
  page: { marketplace: 'amazon', seller_id: 'A0DEMOFAKE0001', seller_name: 'Demo' },
  reasons: [{ code: 'listed_seller', severity: 'high', message: 'Listed.', evidence_url: null }] });

/** A report as the popup sends it: previewed first, then sent as previewed. */
async function sendPreviewed(form) {
  const { body } = await reports.previewReport(form);
  return reports.sendReport({ ...form, preview: body });
}

beforeEach(async () => {
  await pages.clearCache({}); // the worker keeps its cache in memory too
  for (const area of Object.values(fake)) for (const key of Object.keys(area.items)) delete area.items[key];
  requests = [];
  respond = () => ({ status: 200, body: counterfeit() });
  tabUrls[7] = URL_LISTED;
  // These tests are about checks through POST /check: full mode (modes.test.js has private).
  fake.local.items.settings = { mode: 'full', modeChosen: true };
});

test('only product and seller pages are checked unasked, with a snapshot in full mode', async () => {
  assert.deepEqual(await pages.getPageState({ url: URL_LISTED }, sender),
    { check: true, snapshot: true, maxBytes: 262144 });
  badges[7] = '!!';
  assert.deepEqual(await pages.getPageState({ url: 'https://www.amazon.com/' }, sender), { check: false });
  assert.equal(badges[7], '', 'leaving a product clears the badge');
  assert.equal(requests.length, 0);
});

test('single-page sites: nothing is sent from their other pages, even if asked directly', async () => {
  for (const url of ['https://www.facebook.com/', 'https://www.facebook.com/groups/123',
    'https://www.walmart.com/search?q=watch', 'https://www.walmart.com/cart',
    'https://www.amazon.com/gp/cart/view.html', 'https://shop.example/p/1']) {
    assert.deepEqual(await pages.getPageState({ url }, sender), { check: false }, url);
    assert.deepEqual(await pages.checkPage({ url, title: 'x', html: HTML }, sender), { check: false }, url);
  }
  assert.equal(requests.length, 0);
  for (const url of ['https://www.facebook.com/marketplace/item/1234567890/',
    'https://www.walmart.com/ip/Demo/123456']) {
    assert.equal((await pages.getPageState({ url }, sender)).check, true, url);
  }
});

test('"Check this page" lets exactly the forced URL through', async () => {
  respond = () => ({ status: 200, body: { verdict: 'unknown', reasons: [], page: {} } });
  fake.session.items['forced:7'] = 'https://shop.example/p/1';
  assert.equal((await pages.getPageState({ url: 'https://shop.example/p/1' }, sender)).check, true);
  await pages.checkPage({ url: 'https://shop.example/p/1', html: HTML }, sender);
  assert.equal(requests.length, 1);
  assert.deepEqual(await pages.checkPage({ url: 'https://shop.example/p/2', html: HTML }, sender), { check: false });
  assert.deepEqual(await pages.checkPage({ url: 'https://shop.example/p/1', html: HTML }, { tab: { id: 8 } }),
    { check: false });
  assert.equal(requests.length, 1);
});

test('full mode: a check without the snapshot asks for it, unless the answer is cached', async () => {
  const facts = { title: 'Watch', sellerId: 'A0DEMOFAKE0001' };
  assert.deepEqual(await pages.checkPage({ url: URL_LISTED, title: 'Watch', facts }, sender),
    { check: true, snapshot: true, maxBytes: 262144 });
  assert.equal(requests.length, 0);
  assert.equal((await pages.checkPage({ url: URL_LISTED, title: 'Watch', facts, html: HTML }, sender)).show, true);
  assert.equal((await pages.checkPage({ url: URL_LISTED, title: 'Watch', facts }, sender)).show, true);
  assert.equal(requests.length, 1);
});

test('a check asks the default backend once, then answers from the cache', async () => {
  const model = await pages.checkPage({ url: URL_LISTED, title: ' Watch ', html: '<html></html>' }, sender);
  assert.equal(model.show, true);
  assert.equal(model.verdict, 'counterfeit');
  assert.equal(requests[0].url, 'http://127.0.0.1:5000/api/v1/check');
  assert.deepEqual(requests[0].body, { url: URL_LISTED, title: 'Watch', html: '<html></html>' });
  await pages.checkPage({ url: `${URL_LISTED}#reviews` }, sender);
  assert.equal(requests.length, 1);
  assert.equal(badges[7], '!!');
  const state = await pages.getTabState({ tabId: 7 });
  assert.equal(state.status, 'checked');
  assert.equal(state.result.verdict, 'counterfeit');
});

test("a listed page's banner and tab state lead to the configured backend's dispute page", async () => {
  fake.local.items.settings = { apiBase: 'https://radar.example.org', mode: 'full', modeChosen: true };
  const model = await pages.checkPage({ url: URL_LISTED, title: 'Watch', html: HTML }, sender);
  assert.equal(model.disputeUrl, `https://radar.example.org/dispute?url=${encodeURIComponent(URL_LISTED)}`);
  const state = await pages.getTabState({ tabId: 7 });
  assert.equal(state.apiBase, 'https://radar.example.org');
  assert.equal(state.url, URL_LISTED);
});

test('checks go to the configured backend; no snapshot is asked for in private mode', async () => {
  fake.local.items.settings = { apiBase: 'https://radar.example.org', mode: 'full', modeChosen: true };
  await pages.checkPage({ url: URL_LISTED, title: 'Watch', html: HTML }, sender);
  assert.equal(requests[0].url, 'https://radar.example.org/api/v1/check');
  assert.deepEqual(requests[0].body, { url: URL_LISTED, title: 'Watch', html: HTML });
  fake.local.items.settings = { apiBase: 'https://radar.example.org', mode: 'private', modeChosen: true };
  const state = await pages.getPageState({ url: URL_LISTED }, sender);
  assert.equal(state.snapshot, false);
});

test('an unreachable backend shows no banner, only the badge', async () => {
  respond = () => new TypeError('Failed to fetch');
  assert.deepEqual(await pages.checkPage({ url: URL_LISTED, html: HTML }, sender), { show: false, status: 'offline' });
  assert.equal(badges[7], 'off');
  assert.equal((await pages.getTabState({ tabId: 7 })).status, 'offline');
});

test('an error answer (e.g. 429) has its own badge, not the unreachable one', async () => {
  respond = () => ({ status: 429, body: { error: { code: 'rate_limited', message: 'Too many requests' } } });
  assert.deepEqual(await pages.checkPage({ url: URL_LISTED, html: HTML }, sender), { show: false, status: 'error' });
  assert.equal(badges[7], 'err');
  assert.equal(titles[7], 'Counterfeit Radar: the service answered with an error (HTTP 429)');
  const state = await pages.getTabState({ tabId: 7 });
  assert.equal(state.status, 'error');
  assert.equal(state.httpStatus, 429);
  assert.equal(state.error, 'Too many requests');
});

test('a dismissed seller gets no banner, and clearing the cache asks again', async () => {
  await pages.checkPage({ url: URL_LISTED, html: HTML }, sender);
  await pages.dismissSeller({ key: 'seller:amazon:A0DEMOFAKE0001' }, sender);
  await pages.clearCache({});
  assert.deepEqual(await pages.checkPage({ url: URL_LISTED, html: HTML }, sender), { show: false });
  await pages.clearCache({});
  await pages.checkPage({ url: URL_LISTED, html: HTML }, sender);
  assert.equal(requests.length, 3);
  await assert.rejects(pages.dismissSeller({}, sender));
});

test('a tab can dismiss only the warning it shows, not another seller', async () => {
  await pages.checkPage({ url: URL_LISTED, html: HTML }, sender);
  for (const key of ['seller:amazon:SOMEONEELSE', 'domain:replica.example']) {
    await assert.rejects(pages.dismissSeller({ key }, sender), /no warning for that key/, key);
  }
  // Another tab that shows nothing cannot dismiss this tab's seller either.
  await assert.rejects(pages.dismissSeller({ key: 'seller:amazon:A0DEMOFAKE0001' }, { tab: { id: 8 } }));
  assert.deepEqual(fake.local.items.dismissed ?? [], []);
});

test('reports carry the install id and are listed with their current status', async () => {
  await pages.checkPage({ url: URL_LISTED, html: HTML }, sender);
  respond = (url, init) => (init.method === 'POST'
    ? { status: 201, body: { id: 'r1', status: 'pending' } }
    : { status: 200, body: { id: 'r1', status: 'approved', note: 'Thanks', decided_at: '2026-11-29' } });
  const receipt = await sendPreviewed({ tabId: 7, reason: 'counterfeit', details: 'fake', evidenceUrl: '' });
  assert.deepEqual(receipt, { id: 'r1', status: 'pending' });
  const post = requests.at(-1);
  assert.equal(post.url, 'http://127.0.0.1:5000/api/v1/reports');
  assert.match(post.init.headers['X-Install-Id'], /^[0-9a-f-]{36}$/);
  assert.deepEqual(post.body, { url: URL_LISTED, reason: 'counterfeit', details: 'fake', seller: { id: 'A0DEMOFAKE0001', name: 'Demo' } });
  const [mine] = await reports.listReports({});
  assert.equal(mine.status, 'approved');
  assert.equal(mine.note, 'Thanks');
  assert.equal(requests.at(-1).url, 'http://127.0.0.1:5000/api/v1/reports/r1');
  respond = () => new TypeError('offline');
  const [stale] = await reports.listReports({});
  assert.equal(stale.status, 'approved');
  assert.equal(stale.stale, true);
});

test('after a navigation in the tab, the old verdict is neither shown nor reported', async () => {
  await pages.checkPage({ url: URL_LISTED, html: HTML }, sender);
  assert.equal(badges[7], '!!');
  // The page changes (a link, or a single-page app) before any new check has answered.
  const OTHER = 'https://www.amazon.com/dp/B0OTHER001';
  tabUrls[7] = OTHER;
  const stale = await pages.getTabState({ tabId: 7 });
  assert.deepEqual(stale, { tabId: 7, url: OTHER, status: 'none' });
  respond = () => ({ status: 201, body: { id: 'r2', status: 'pending' } });
  await sendPreviewed({ tabId: 7, url: URL_LISTED, reason: 'counterfeit' });
  assert.deepEqual(requests.at(-1).body, { url: OTHER, reason: 'counterfeit' },
    'the report is about the page shown now, without the previous seller');
  // The browser tells the worker about the new URL: the state and the badge go.
  await tabListeners.updated(7, { url: OTHER });
  assert.equal(badges[7], '');
  assert.equal(fake.session.items['tab:7'], undefined);
});

test('a navigation forgets the last page, not the new page\'s check that came first', async () => {
  await pages.checkPage({ url: URL_LISTED, html: HTML }, sender);
  const NEXT = 'https://www.amazon.com/dp/B0NEXT0001?smid=A0DEMOFAKE0001';
  // The navigation reads the tab's state (the last page's), and is held there while the new
  // page's check runs: as when a fast check answers before the browser's navigation event.
  const realGet = fake.session.get;
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  let held = false;
  fake.session.get = async (key) => {
    const value = await realGet(key);
    if (key === 'tab:7' && !held) {
      held = true;
      await gate;
    }
    return value;
  };
  try {
    tabUrls[7] = NEXT;
    const navigated = tabListeners.updated(7, { url: NEXT });
    const checked = pages.checkPage({ url: NEXT, html: HTML }, sender);
    await new Promise((resolve) => { setTimeout(resolve, 20); });
    release();
    await Promise.all([navigated, checked]);
    await tabState.updateTabState(7, () => undefined); // after the updates queued before it
  } finally {
    fake.session.get = realGet;
    tabUrls[7] = URL_LISTED;
  }
  assert.ok(held, 'the navigation read the state');
  assert.equal(fake.session.items['tab:7']?.url, NEXT, 'the new page\'s verdict is kept');
  assert.equal(badges[7], '!!');
});

test('a new fragment is the same page: the verdict stays', async () => {
  await pages.checkPage({ url: URL_LISTED, html: HTML }, sender);
  tabUrls[7] = `${URL_LISTED}#reviews`;
  await tabListeners.updated(7, { url: tabUrls[7] });
  assert.equal(badges[7], '!!');
  assert.equal((await pages.getTabState({ tabId: 7 })).status, 'checked');
  await tabListeners.updated(7, { title: 'no url change' });
  assert.equal(badges[7], '!!');
  tabUrls[7] = ''; // a URL the browser hides from us cannot be compared: the last check stays
  assert.equal((await pages.getTabState({ tabId: 7 })).status, 'checked');
});
