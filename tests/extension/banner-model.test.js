import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bannerModel, shouldShowBanner, dismissKey, safeHttpUrl, orderedReasons, toneOf, hasUnreviewedReports } from '../../extension/lib/banner-model.js';
import { t } from './helpers.js';

const listed = {
  verdict: 'counterfeit',
  score: 95,
  page: { marketplace: 'amazon', domain: 'amazon.com', listing_id: 'B0DEMO0001',
    seller_id: 'A0DEMOFAKE0001', seller_name: 'Demo Replica Outlet (fictional)' },
  reasons: [
    { code: 'notorious_market', severity: 'low', message: 'Named by USTR.', evidence_url: null },
    { code: 'listed_seller', severity: 'high', message: 'This seller is on the list.',
      evidence_url: 'https://example.org/case/1' },
    { code: 'bad_link', severity: 'medium', message: 'Odd link.', evidence_url: 'javascript:alert(1)' },
    { code: 'official_site', severity: 'info', message: 'Info only.', evidence_url: null },
  ],
  list_version: 3,
};

test('counterfeit and suspicious warn; unknown and authorized never do', () => {
  assert.equal(shouldShowBanner(listed), true);
  assert.equal(shouldShowBanner({ ...listed, verdict: 'suspicious' }), true);
  assert.equal(shouldShowBanner({ ...listed, verdict: 'unknown' }), false);
  assert.equal(shouldShowBanner({ ...listed, verdict: 'authorized' }), false);
  assert.equal(shouldShowBanner(null), false);
  assert.deepEqual(bannerModel({ ...listed, verdict: 'unknown' }, { t }), { show: false });
});

test('a dismissed seller is not warned about again', () => {
  assert.equal(dismissKey(listed.page), 'seller:amazon:A0DEMOFAKE0001');
  assert.equal(shouldShowBanner(listed, ['seller:amazon:A0DEMOFAKE0001']), false);
  assert.equal(shouldShowBanner(listed, ['seller:amazon:SOMEONEELSE']), true);
});

test('without a seller the listing, then the domain, is what gets dismissed', () => {
  assert.equal(dismissKey({ marketplace: 'ebay', listing_id: '1' }), 'listing:ebay:1');
  assert.equal(dismissKey({ marketplace: null, domain: 'rolex-outlet.example' }), 'domain:rolex-outlet.example');
  assert.equal(dismissKey(null), null);
});

test('the model says what was found, most severe reason first, safe links only', () => {
  const model = bannerModel(listed, { t });
  assert.equal(model.show, true);
  assert.equal(model.verdict, 'counterfeit');
  assert.equal(model.heading, 'Likely counterfeit');
  assert.equal(model.seller, 'Seller: Demo Replica Outlet (fictional)');
  assert.deepEqual(model.reasons.map((reason) => reason.code), ['listed_seller', 'bad_link', 'notorious_market']);
  assert.equal(model.reasons[0].evidenceUrl, 'https://example.org/case/1');
  assert.equal(model.reasons[1].evidenceUrl, null);
  assert.deepEqual(Object.keys(model.labels).sort(), ['details', 'dismiss', 'dispute', 'evidence', 'region', 'report']);
  assert.equal(model.dismissKey, 'seller:amazon:A0DEMOFAKE0001');
});

test('a suspicious page gets its own wording', () => {
  const model = bannerModel({ verdict: 'suspicious', page: {}, reasons: [] }, { t });
  assert.equal(model.heading, 'Warning signs of a counterfeit');
  assert.equal(model.seller, '');
});

test('only http(s) links pass', () => {
  assert.equal(safeHttpUrl('https://a.example/x'), 'https://a.example/x');
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'nonsense', null, 5]) {
    assert.equal(safeHttpUrl(bad), null);
  }
  assert.deepEqual(orderedReasons(undefined), []);
  assert.equal(orderedReasons([{ severity: 'weird', message: 'm' }])[0].severity, 'info');
});

const unreviewed = {
  verdict: 'unknown',
  score: 10,
  page: { marketplace: 'ebay', domain: 'ebay.com', seller_id: 'shadyseller77' },
  reasons: [{ code: 'reported', severity: 'low', evidence_url: null,
    message: '3 people reported this; not yet reviewed.' }],
  list_version: 3,
};

test('unreviewed reports alone (low reported, verdict unknown) never make a banner', () => {
  assert.equal(hasUnreviewedReports(unreviewed), true);
  assert.equal(shouldShowBanner(unreviewed), false);
  assert.deepEqual(bannerModel(unreviewed, { t }), { show: false });
});

test('low and info reasons are information, high and medium are warnings', () => {
  assert.deepEqual(['high', 'medium', 'low', 'info'].map(toneOf), ['warning', 'warning', 'info', 'info']);
  assert.deepEqual(orderedReasons(unreviewed.reasons).map((reason) => reason.tone), ['info']);
  // Once a reporter with a track record is among them, `reported` is medium: a warning.
  const reviewedReporter = { ...unreviewed, verdict: 'suspicious',
    reasons: [{ ...unreviewed.reasons[0], severity: 'medium' }] };
  assert.equal(hasUnreviewedReports(reviewedReporter), false);
  assert.equal(bannerModel(reviewedReporter, { t }).reasons[0].tone, 'warning');
  assert.equal(hasUnreviewedReports({ reasons: null }), false);
  assert.equal(hasUnreviewedReports(null), false);
});
