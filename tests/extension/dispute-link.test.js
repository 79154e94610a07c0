// "Dispute this listing": the banner model's and the popup's link to the backend's public
// dispute page, for a listed page only (docs/extension.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bannerModel, disputeUrl } from '../../extension/lib/banner-model.js';
import { popupView } from '../../extension/lib/popup-model.js';
import { t } from './helpers.js';

const PAGE = 'https://www.ebay.com/itm/123456789?hash=a&b=c#reviews';
const LISTED = [{ code: 'listed_seller', severity: 'high', message: 'Listed.', evidence_url: null }];
const counterfeit = { verdict: 'counterfeit', page: { marketplace: 'ebay', seller_id: 'knockoff' },
  reasons: LISTED };

test('the link is <API base>/dispute?url=<the page>, the page URL encoded whole', () => {
  const link = disputeUrl('https://radar.example.org/base', PAGE, LISTED);
  const parsed = new URL(link);
  assert.equal(parsed.origin + parsed.pathname, 'https://radar.example.org/base/dispute');
  assert.deepEqual([...parsed.searchParams.keys()], ['url']);
  assert.equal(parsed.searchParams.get('url'), PAGE);
  assert.equal(new URL(disputeUrl('http://127.0.0.1:5000', PAGE, LISTED)).pathname, '/dispute');
});

test('only a page on the list gets the link, and only with http(s) addresses', () => {
  for (const code of ['listed_seller', 'listed_listing', 'listed_domain']) {
    assert.ok(disputeUrl('http://127.0.0.1:5000', PAGE, [{ code }]));
  }
  for (const reasons of [[], undefined, [{ code: 'reported' }], [{ code: 'lookalike_domain' }]]) {
    assert.equal(disputeUrl('http://127.0.0.1:5000', PAGE, reasons), null);
  }
  assert.equal(disputeUrl('javascript:alert(1)', PAGE, LISTED), null);
  assert.equal(disputeUrl('http://127.0.0.1:5000', 'chrome://settings', LISTED), null);
  assert.equal(disputeUrl(null, PAGE, LISTED), null);
});

test('the banner model carries the link and its label', () => {
  const model = bannerModel(counterfeit, { t, apiBase: 'https://radar.example.org', pageUrl: PAGE });
  assert.equal(model.labels.dispute, 'Dispute this listing');
  assert.equal(new URL(model.disputeUrl).searchParams.get('url'), PAGE);
  assert.equal(bannerModel(counterfeit, { t }).disputeUrl, null);
});

test("the popup's details for a listed page carry the link; other pages none", () => {
  const checked = (result) => ({ status: 'checked', url: PAGE, apiBase: 'https://radar.example.org', result });
  const view = popupView(checked(counterfeit));
  assert.equal(view.disputeUrl, `https://radar.example.org/dispute?url=${encodeURIComponent(PAGE)}`);
  assert.equal(popupView(checked({ verdict: 'unknown', page: {}, reasons: [] })).disputeUrl, null);
  assert.equal(popupView({ status: 'offline' }).disputeUrl, null);
});
