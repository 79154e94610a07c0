import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerCache, cacheKey } from '../../extension/lib/cache.js';

const answer = (version, verdict = 'unknown') => ({ verdict, list_version: version });

test('an answer is reused until its time is up', () => {
  const cache = new AnswerCache({ ttlMs: 1000 });
  cache.set('https://www.amazon.com/dp/B004SNMXRS', answer(3), 0);
  assert.deepEqual(cache.get('https://www.amazon.com/dp/B004SNMXRS', 999), answer(3));
  assert.equal(cache.get('https://www.amazon.com/dp/B004SNMXRS', 1000), undefined);
});

test('the fragment does not make a new page', () => {
  const cache = new AnswerCache();
  cache.set('https://www.amazon.com/dp/B004SNMXRS#reviews', answer(1), 0);
  assert.ok(cache.get('https://www.amazon.com/dp/B004SNMXRS', 1));
  assert.equal(cacheKey('https://x.example/a?b=1#c'), 'https://x.example/a?b=1');
});

test('a newer list version drops every older answer', () => {
  const cache = new AnswerCache();
  cache.set('https://a.example/1', answer(1), 0);
  cache.set('https://a.example/2', answer(2), 0);
  assert.equal(cache.get('https://a.example/1', 1), undefined);
  assert.ok(cache.get('https://a.example/2', 1));
});

test('an answer from an older list than the known one is not served', () => {
  const cache = new AnswerCache();
  cache.set('https://a.example/new', answer(5), 0);
  cache.set('https://a.example/old', answer(4), 0);
  assert.equal(cache.get('https://a.example/old', 1), undefined);
  assert.equal(cache.listVersion, 5);
});

test('the oldest answers go when the cache is full', () => {
  const cache = new AnswerCache({ maxEntries: 2 });
  for (const n of [1, 2, 3]) cache.set(`https://a.example/${n}`, answer(1), 0);
  assert.equal(cache.get('https://a.example/1', 1), undefined);
  assert.ok(cache.get('https://a.example/3', 1));
});

test('the cache survives a round trip through storage, and clears', () => {
  const cache = new AnswerCache();
  cache.set('https://a.example/1', answer(7, 'counterfeit'), 10);
  const copy = AnswerCache.fromJSON(JSON.parse(JSON.stringify(cache)));
  assert.equal(copy.get('https://a.example/1', 20).verdict, 'counterfeit');
  copy.clear();
  assert.equal(copy.get('https://a.example/1', 20), undefined);
  assert.equal(AnswerCache.fromJSON(null).entries.size, 0);
});
