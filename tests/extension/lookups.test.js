// The worker's private lookups against a fake backend that records every request: nothing about
// an unlisted key leaves the browser; diffs, ETags, backoff, restarts and hostile answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createApi } from '../../extension/lib/api.js';
import { createLookups, LookupUnavailableError, REFRESH_MS, BACKOFF_BASE_MS, MAX_HASH_CACHE_SECONDS }
  from '../../extension/worker/lookups.js';

const sha = (text) => createHash('sha256').update(text).digest('hex');
const prefixOf = (key) => sha(key).slice(0, 8);

/** A backend holding listed keys, answering as backend/api/lookups.py does. */
function fakeBackend(listed) {
  const server = {
    keys: new Map(listed.map((key) => [key, { status: 'counterfeit' }])),
    version: 5,
    history: new Map(), // version → Set of prefixes
    requests: [],
    fail: null, // a function (url) → Response-ish or Error, when set
    tamper: (body) => body,
    cacheSeconds: 300,
  };
  const prefixes = () => new Set([...server.keys.keys()].map((key) => Number.parseInt(prefixOf(key), 16)));
  const encode = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const buffer = Buffer.alloc(sorted.length * 4);
    sorted.forEach((value, index) => buffer.writeUInt32BE(value, index * 4));
    return { base64: buffer.toString('base64'), sha256: createHash('sha256').update(buffer).digest('hex') };
  };
  server.change = (mutate) => {
    mutate(server.keys);
    server.version += 1;
    server.history.set(server.version, prefixes());
  };
  server.history.set(server.version, prefixes());
  const etagOf = () => `"prefixes-${server.version}-${encode(prefixes()).sha256.slice(0, 16)}"`;
  server.fetch = async (url, init) => {
    server.requests.push({ url, headers: { ...init.headers } });
    if (server.fail) {
      const failure = server.fail(url);
      if (failure instanceof Error) throw failure;
      if (failure) return failure;
    }
    const { pathname, searchParams } = new URL(url);
    const reply = (status, body, headers = {}) => ({ ok: status < 300, status,
      headers: new Headers(headers), json: async () => body });
    if (pathname === '/api/v1/prefixes') {
      const current = encode(prefixes());
      const since = searchParams.has('since') ? Number(searchParams.get('since')) : null;
      const etag = since === null ? etagOf() : etagOf().replace(/"$/, `-since-${since}"`);
      if (init.headers['If-None-Match'] === etag) return reply(304, null, { ETag: etag });
      const old = server.history.get(since);
      if (since === null || !old) {
        return reply(200, server.tamper({ version: server.version, prefix_bytes: 4,
          count: prefixes().size, prefixes: current.base64, sha256: current.sha256 }), { ETag: etag });
      }
      const now = prefixes();
      const added = [...now].filter((value) => !old.has(value));
      const removed = [...old].filter((value) => !now.has(value));
      return reply(200, server.tamper({ version: server.version, since, prefix_bytes: 4, count: now.size,
        added: encode(added).base64, removed: encode(removed).base64, sha256: current.sha256 }), { ETag: etag });
    }
    const hashes = pathname.match(/^\/api\/v1\/hashes\/([0-9a-f]{8})$/);
    if (hashes) {
      const matches = [...server.keys].filter(([key]) => prefixOf(key) === hashes[1]).map(([key, entry]) => ({
        hash: sha(key), kind: key.split(':')[0], marketplace: key.startsWith('domain:') ? null : key.split(':')[1],
        status: entry.status, reasons: [{ code: 'listed_domain', severity: 'high', message: `listed ${key}` }],
      }));
      return reply(200, { matches, cache_seconds: server.cacheSeconds });
    }
    return reply(404, { error: { code: 'not_found', message: 'no' } });
  };
  return server;
}

function fakeStorage() {
  const areas = { local: new Map(), session: new Map() };
  return {
    areas,
    get: async (area, key) => structuredClone(areas[area].get(key) ?? null),
    set: async (area, key, value) => { areas[area].set(key, structuredClone(value)); },
    remove: async (area, key) => { areas[area].delete(key); },
  };
}

function setup({ listed = ['domain:listed-shop.example'], server = fakeBackend(listed), storage = fakeStorage(),
  clock = { now: 1_000_000 }, random = () => 0.5, base = { value: 'http://127.0.0.1:5000' } } = {}) {
  const api = createApi({ getBase: async () => base.value, fetchImpl: server.fetch });
  const lookups = createLookups({ api, getBase: async () => base.value, storage, now: () => clock.now, random });
  return { server, storage, clock, base, lookups, api };
}

const UNLISTED = ['domain:unlisted-shop.example', 'domain:www.unlisted-shop.example',
  'seller:amazon:A1UNLISTED0001', 'listing:amazon:B00UNLISTED'];

/** Every piece of an unlisted key that could identify it: the key, its hash, its prefix. */
function leaks(requests, keys) {
  return requests.flatMap(({ url, headers }) => keys.filter((key) => {
    const text = `${url} ${JSON.stringify(headers)}`;
    return text.includes(key) || text.includes(encodeURIComponent(key)) || text.includes(sha(key).slice(0, 8))
      || text.includes(key.split(':').pop());
  }).map((key) => `${key} in ${url}`));
}

test('keys whose prefixes are not in the set send nothing: only the set is downloaded', async () => {
  const { server, lookups } = setup();
  // None of the unlisted keys shares a prefix with the listed one (else the test is void).
  assert.ok(UNLISTED.every((key) => prefixOf(key) !== prefixOf('domain:listed-shop.example')));
  assert.deepEqual(await lookups.listedMatches(UNLISTED), []);
  assert.deepEqual(await lookups.listedMatches(UNLISTED), []);
  assert.deepEqual(server.requests.map(({ url }) => url), ['http://127.0.0.1:5000/api/v1/prefixes']);
  assert.deepEqual(leaks(server.requests, UNLISTED), []);
});

test('a listed key asks /hashes for its prefix only, and comes back with the entry and the key', async () => {
  const key = 'domain:listed-shop.example';
  const { server, lookups } = setup({ listed: [key, 'seller:amazon:A1OTHERLISTED01'] });
  const found = await lookups.listedMatches([...UNLISTED, key]);
  assert.deepEqual(found, [{ key, hash: sha(key), kind: 'domain', marketplace: null, status: 'counterfeit',
    reasons: [{ code: 'listed_domain', severity: 'high', message: `listed ${key}` }] }]);
  assert.deepEqual(server.requests.map(({ url }) => new URL(url).pathname),
    ['/api/v1/prefixes', `/api/v1/hashes/${prefixOf(key)}`]);
  assert.deepEqual(leaks(server.requests, UNLISTED), []);
});

test('the /hashes answer is kept for its cache_seconds, then asked again', async () => {
  const key = 'domain:listed-shop.example';
  const { server, lookups, clock } = setup({ listed: [key] });
  await lookups.listedMatches([key]);
  await lookups.listedMatches([key]);
  const asked = () => server.requests.filter(({ url }) => url.includes('/hashes/')).length;
  assert.equal(asked(), 1);
  clock.now += 301 * 1000;
  await lookups.listedMatches([key]);
  assert.equal(asked(), 2);
});

test('a hostile /hashes answer cannot name other keys or pin itself for long', async () => {
  const key = 'domain:listed-shop.example';
  const server = fakeBackend([key]);
  server.cacheSeconds = 10 ** 9;
  const original = server.fetch;
  server.fetch = async (url, init) => {
    const response = await original(url, init);
    if (!url.includes('/hashes/')) return response;
    const body = await response.json();
    body.matches.push({ hash: sha('domain:other.example'), kind: 'domain', status: 'counterfeit' },
      { hash: `${prefixOf(key)}${'0'.repeat(56)}`, kind: 'domain', status: 'counterfeit' },
      { hash: 'not a hash', kind: 'domain' }, null);
    return { ...response, json: async () => body };
  };
  const { lookups, clock } = setup({ server });
  assert.deepEqual((await lookups.listedMatches([key, 'domain:other.example'])).map((match) => match.key), [key]);
  const asked = () => server.requests.filter(({ url }) => url.includes('/hashes/')).length;
  clock.now += (MAX_HASH_CACHE_SECONDS + 1) * 1000;
  await lookups.listedMatches([key]);
  assert.equal(asked(), 2, 'cache_seconds is capped');
});

test('after REFRESH_MS a lookup refreshes with ?since=V; the diff adds and removes keys', async () => {
  const first = 'domain:listed-shop.example';
  const second = 'domain:newly-listed.example';
  const { server, lookups, clock } = setup({ listed: [first] });
  assert.equal((await lookups.listedMatches([first])).length, 1);
  server.change((keys) => { keys.delete(first); keys.set(second, { status: 'counterfeit' }); });
  clock.now += REFRESH_MS + 1;
  // The stale set answers at once; the refresh runs alongside.
  await lookups.listedMatches([second]);
  await lookups.idle();
  const refresh = server.requests.filter(({ url }) => url.includes('/prefixes')).at(-1);
  assert.equal(new URL(refresh.url).search, '?since=5');
  assert.deepEqual((await lookups.listedMatches([first, second])).map((match) => match.key), [second]);
  assert.equal((await lookups.lookupStatus()).version, 6);
});

test('an unchanged list answers 304 to the ETag of the same request, and the set is kept', async () => {
  const { server, lookups, clock } = setup();
  await lookups.listedMatches(UNLISTED); // full set, version 5
  clock.now += REFRESH_MS + 1;
  await lookups.listedMatches(UNLISTED);
  await lookups.idle(); // ?since=5: an empty diff, with its ETag
  clock.now += REFRESH_MS + 1;
  await lookups.listedMatches(UNLISTED);
  await lookups.idle(); // ?since=5 with If-None-Match: 304
  const refreshes = server.requests.filter(({ url }) => url.includes('/prefixes'));
  assert.equal(refreshes.length, 3);
  assert.equal(refreshes[1].headers['If-None-Match'], undefined);
  assert.match(refreshes[2].headers['If-None-Match'], /^"prefixes-5-[0-9a-f]{16}-since-5"$/);
  assert.equal(new URL(refreshes[2].url).search, '?since=5');
  const status = await lookups.lookupStatus();
  assert.equal(status.version, 5);
  assert.equal(status.refreshedAt, clock.now);
  assert.equal(status.lastError, null);
});

test('a diff that does not match its sha256 makes the worker download the whole set', async () => {
  const listed = 'domain:listed-shop.example';
  const { server, lookups, clock } = setup({ listed: [listed] });
  await lookups.listedMatches([listed]);
  server.change((keys) => keys.set('domain:another.example', { status: 'counterfeit' }));
  server.tamper = (body) => ('added' in body ? { ...body, added: '' } : body); // drops the new prefix
  clock.now += REFRESH_MS + 1;
  await lookups.listedMatches([listed]);
  await lookups.idle();
  const urls = server.requests.map(({ url }) => new URL(url).pathname + new URL(url).search)
    .filter((url) => url.startsWith('/api/v1/prefixes'));
  assert.deepEqual(urls, ['/api/v1/prefixes', '/api/v1/prefixes?since=5', '/api/v1/prefixes']);
  assert.equal((await lookups.lookupStatus()).count, 2);
  assert.equal((await lookups.listedMatches(['domain:another.example'])).length, 1);
});

test('a corrupt or hostile set is refused: the old set stays in use, and retries back off', async () => {
  const listed = 'domain:listed-shop.example';
  const { server, lookups, clock } = setup({ listed: [listed], random: () => 1 });
  await lookups.listedMatches([listed]);
  const added = 'domain:added-later.example';
  server.change((keys) => keys.set(added, { status: 'counterfeit' }));
  server.tamper = (body) => ({ ...body, sha256: '0'.repeat(64) }); // diff and full set alike
  clock.now += REFRESH_MS + 1;
  await lookups.listedMatches(UNLISTED);
  await lookups.idle();
  let status = await lookups.lookupStatus();
  assert.equal(status.version, 5, 'the old set is kept');
  assert.match(status.lastError, /sha256/);
  const count = () => server.requests.filter(({ url }) => url.includes('/prefixes')).length;
  const before = count();
  // Within the backoff, lookups use the old set and ask nothing.
  clock.now += BACKOFF_BASE_MS - 1;
  assert.equal((await lookups.listedMatches([listed])).length, 1);
  await lookups.idle();
  assert.equal(count(), before);
  // After it, one more try; it fails again and the wait doubles.
  clock.now += 2;
  await lookups.listedMatches(UNLISTED);
  await lookups.idle();
  assert.equal(count(), before + 2); // the diff, then the full set
  clock.now += 2 * BACKOFF_BASE_MS - 10;
  await lookups.listedMatches(UNLISTED);
  await lookups.idle();
  assert.equal(count(), before + 2);
  server.tamper = (body) => body;
  clock.now += 20;
  await lookups.listedMatches(UNLISTED);
  await lookups.idle();
  status = await lookups.lookupStatus();
  assert.equal(status.version, 6);
  assert.equal(status.count, 2);
  assert.equal(status.lastError, null);
  assert.equal((await lookups.listedMatches([added])).length, 1);
});

test('backoff is jittered: between half and all of the doubled wait', async () => {
  for (const [random, wait] of [[0, BACKOFF_BASE_MS / 2], [1, BACKOFF_BASE_MS]]) {
    const { server, lookups, clock } = setup({ random: () => random });
    server.fail = () => new Error('connection refused');
    await assert.rejects(lookups.listedMatches(UNLISTED), LookupUnavailableError);
    const count = server.requests.length;
    clock.now += wait - 1;
    await assert.rejects(lookups.listedMatches(UNLISTED), LookupUnavailableError);
    assert.equal(server.requests.length, count, `random ${random}: no retry before ${wait} ms`);
    clock.now += 1;
    await assert.rejects(lookups.listedMatches(UNLISTED), LookupUnavailableError);
    assert.equal(server.requests.length, count + 1);
  }
});

test('with no set and no server, a lookup fails and sends nothing about its keys', async () => {
  const { server, lookups } = setup();
  server.fail = () => ({ ok: false, status: 503, headers: new Headers(),
    json: async () => ({ error: { code: 'unavailable', message: 'down' } }) });
  await assert.rejects(lookups.listedMatches(UNLISTED), LookupUnavailableError);
  assert.deepEqual(server.requests.map(({ url }) => url), ['http://127.0.0.1:5000/api/v1/prefixes']);
  assert.deepEqual(leaks(server.requests, UNLISTED), []);
  assert.match((await lookups.lookupStatus()).lastError, /down/);
});

test('a restarted worker uses the stored set and backoff without downloading again', async () => {
  const listed = 'domain:listed-shop.example';
  const first = setup({ listed: [listed] });
  await first.lookups.listedMatches([listed]);
  const { server, storage, clock } = first;
  const requests = server.requests.length;
  const restarted = setup({ server, storage, clock });
  await restarted.lookups.start();
  assert.equal((await restarted.lookups.listedMatches([listed])).length, 1);
  assert.equal(server.requests.length, requests, 'the set and the /hashes answer came from storage');
  // A failure's backoff survives a restart too.
  server.fail = () => new Error('offline');
  clock.now += REFRESH_MS + 1;
  await restarted.lookups.start();
  const afterFailure = server.requests.length;
  await setup({ server, storage, clock }).lookups.start();
  assert.equal(server.requests.length, afterFailure);
});

test('a damaged stored set is not used: the set is downloaded again', async () => {
  const { server, storage, clock } = setup();
  const first = setup({ server, storage, clock });
  await first.lookups.listedMatches(UNLISTED);
  const stored = storage.areas.local.get('lookupSet');
  storage.areas.local.set('lookupSet', { ...stored, prefixes: Buffer.alloc(8).toString('base64') });
  const restarted = setup({ server, storage, clock });
  await restarted.lookups.listedMatches(UNLISTED);
  assert.equal(server.requests.filter(({ url }) => url.endsWith('/prefixes')).length, 2);
});

test('another API address drops the set of the old one', async () => {
  const { server, lookups, base } = setup();
  await lookups.listedMatches(UNLISTED);
  base.value = 'https://radar.example.org';
  await lookups.listedMatches(UNLISTED);
  assert.deepEqual(server.requests.map(({ url }) => url),
    ['http://127.0.0.1:5000/api/v1/prefixes', 'https://radar.example.org/api/v1/prefixes']);
});

test('start() downloads the set once, and lookupStatus() reports it', async () => {
  const { server, lookups, clock } = setup({ listed: ['domain:a.example', 'domain:b.example'] });
  assert.deepEqual(await lookups.lookupStatus(), { version: null, count: 0, refreshedAt: null, lastError: null });
  await Promise.all([lookups.start(), lookups.listedMatches(UNLISTED)]);
  assert.equal(server.requests.length, 1);
  assert.deepEqual(await lookups.lookupStatus(), { version: 5, count: 2, refreshedAt: clock.now, lastError: null });
});
