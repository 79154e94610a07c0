import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApi, ApiError, UnreachableError } from '../../extension/lib/api.js';
import { EXTENSION, t } from './helpers.js';

function fakeFetch(status, body) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init });
    return { ok: status < 400, status, json: async () => body };
  };
  return { calls, fetchImpl };
}

test('check posts JSON to /api/v1/check on the configured base', async () => {
  const { calls, fetchImpl } = fakeFetch(200, { verdict: 'unknown' });
  const api = createApi({ getBase: async () => 'http://127.0.0.1:5000', fetchImpl });
  assert.deepEqual(await api.check({ url: 'https://www.amazon.com/dp/B004SNMXRS' }), { verdict: 'unknown' });
  assert.equal(calls[0].url, 'http://127.0.0.1:5000/api/v1/check');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(calls[0].init.body), { url: 'https://www.amazon.com/dp/B004SNMXRS' });
  assert.equal(calls[0].init.credentials, 'omit');
});

test('reports carry the install id; report ids are escaped', async () => {
  const { calls, fetchImpl } = fakeFetch(201, { id: 'r1', status: 'pending' });
  const api = createApi({ getBase: async () => 'http://h', fetchImpl });
  await api.sendReport({ url: 'https://x.example', reason: 'other' }, 'install-1');
  assert.equal(calls[0].url, 'http://h/api/v1/reports');
  assert.equal(calls[0].init.headers['X-Install-Id'], 'install-1');
  await api.getReport('a/b');
  assert.equal(calls[1].url, 'http://h/api/v1/reports/a%2Fb');
  assert.equal(calls[1].init.method, 'GET');
});

test('an error body becomes an ApiError with its code and message', async () => {
  const { fetchImpl } = fakeFetch(400, { error: { code: 'invalid_field', message: 'url is required' } });
  const api = createApi({ getBase: async () => 'http://h', fetchImpl });
  await assert.rejects(api.check({}), (error) => error instanceof ApiError
    && error.status === 400 && error.code === 'invalid_field' && error.message === 'url is required');
});

test('a network failure means unreachable', async () => {
  const api = createApi({ getBase: async () => 'http://h', t, fetchImpl: async () => { throw new TypeError('Failed to fetch'); } });
  await assert.rejects(api.health(), (error) => error instanceof UnreachableError
    && error.message === 'The Counterfeit Radar service cannot be reached (Failed to fetch)');
});

test('an error answer without a body keeps its HTTP status, worded from _locales', async () => {
  const { fetchImpl } = fakeFetch(429, null);
  const api = createApi({ getBase: async () => 'http://h', t, fetchImpl });
  await assert.rejects(api.check({ url: 'https://x.example' }), (error) => error instanceof ApiError
    && error.status === 429 && error.code === 'http_error' && error.message === 'HTTP 429');
});

test('lib/api.js and worker/reports.js word no message themselves', () => {
  for (const file of ['lib/api.js', 'worker/reports.js', 'lib/config.js']) {
    const text = readFileSync(path.join(EXTENSION, file), 'utf8');
    assert.doesNotMatch(text, /new (?:Error|\w+Error)\((?:'|`)/, file);
    assert.doesNotMatch(text, /super\((?:'|`)/, file);
  }
});
