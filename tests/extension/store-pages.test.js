// Private mode on store pages: the seller a store page's own card names (read in the page, as
// the backend reads it) is the seller key looked up, so a listed seller's eBay store (/str/NAME,
// a URL that names no seller) gets the listed verdict without a check being sent; links that
// the store's description or other stores' cards hold are never looked up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTENT_SCRIPTS, HERE, pageWindow } from './helpers.js';

const { privateCheck } = await import('../../extension/worker/private-check.js');

const SNAPSHOTS = path.resolve(HERE, '../snapshots');
const LISTED = {
  'seller:ebay:acme_watch_outlet': 'Acme Watch Outlet',
  'seller:ebay:replica_kings_uk': 'Replica Kings',
};

/** The private check of a snapshot page served at url, with the list above; the keys asked. */
async function checkPrivately(file, url) {
  const window = pageWindow(readFileSync(path.join(SNAPSHOTS, file), 'utf8'), url, CONTENT_SCRIPTS);
  const { facts } = window.radarSnapshot.describePage(window.document, { snapshot: false });
  window.close();
  const asked = [];
  const sources = {
    listedMatches: async (keys) => {
      asked.push(...keys);
      return keys.filter((key) => key in LISTED).map((key) => ({ key, hash: 'h', kind: 'seller',
        marketplace: 'ebay', status: 'counterfeit',
        reasons: [{ code: 'listed_seller', severity: 'high', message: `${LISTED[key]} is on the list.`, evidence_url: null }] }));
    },
    lookupStatus: async () => ({ version: 4 }),
    currentRuleFile: async () => null,
  };
  return { answer: await privateCheck({ url, facts }, { sources }), asked };
}

test('a listed seller\'s eBay store page is counterfeit in private mode', async () => {
  const { answer, asked } = await checkPrivately('ebay_store.html', 'https://www.ebay.com/str/acmewatchoutlet');
  assert.deepEqual(asked, ['seller:ebay:acme_watch_outlet']);
  assert.equal(answer.verdict, 'counterfeit');
  assert.deepEqual([answer.page.seller_id, answer.page.seller_name, answer.page.title, answer.page.price],
    ['acme_watch_outlet', 'Acme Watch Outlet', null, null]);
});

test('users named outside the store\'s own card are never looked up', async () => {
  const { answer, asked } = await checkPrivately('ebay_store_hostile.html', 'https://www.ebay.co.uk/str/honesttraderuk');
  assert.deepEqual(asked, ['seller:ebay:honest_trader_uk']);
  assert.notEqual(answer.verdict, 'counterfeit');
});

test('a store page that names no seller, or two, asks nothing and is unknown', async () => {
  for (const [file, url] of [['ebay_store_unnamed.html', 'https://www.ebay.com/str/vintagetimepieces'],
    ['ebay_store_ambiguous.html', 'https://www.ebay.com/str/watchdealsdirect']]) {
    const { answer, asked } = await checkPrivately(file, url);
    assert.deepEqual(asked, [], file);
    assert.equal(answer.verdict, 'unknown', file);
    assert.equal(answer.page.seller_id, null, file);
  }
});
