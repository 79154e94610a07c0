// Config, badge, popup view, report bodies, localization: the small pure pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { DEFAULT_SETTINGS, normalizeApiBase, mergeSettings } from '../../extension/lib/config.js';
import { badgeFor } from '../../extension/lib/badge.js';
import { popupView, reportPreviewView } from '../../extension/lib/popup-model.js';
import { localize } from '../../extension/lib/page-i18n.js';
import { reportBody, REPORT_REASONS } from '../../extension/worker/reports.js';
import { EXTENSION, manifest, messages, t } from './helpers.js';

test('the default API base is the serve address, and addresses are cleaned', () => {
  assert.equal(DEFAULT_SETTINGS.apiBase, 'http://127.0.0.1:5000');
  assert.equal(normalizeApiBase(' https://radar.example.org/base/ '), 'https://radar.example.org/base');
  assert.throws(() => normalizeApiBase('ftp://x.example'));
  assert.throws(() => normalizeApiBase('nope'));
  assert.deepEqual(mergeSettings({ apiBase: 'garbage', mode: 'full', modeChosen: true, other: 1 }),
    { apiBase: 'http://127.0.0.1:5000', mode: 'full', modeChosen: true });
});

test('each verdict has its own badge, and so do an unreachable backend and an API error', () => {
  const looks = ['counterfeit', 'suspicious', 'authorized', 'unknown'].map((verdict) =>
    badgeFor({ status: 'checked', result: { verdict } }));
  looks.push(badgeFor({ status: 'offline' }));
  looks.push(badgeFor({ status: 'error', httpStatus: 429 }));
  assert.equal(new Set(looks.map((look) => look.text)).size, 6);
  assert.equal(new Set(looks.map((look) => look.color)).size, 6);
  for (const look of looks) assert.ok(messages[look.titleKey], look.titleKey);
  assert.equal(badgeFor(null).text, '');
  const error = badgeFor({ status: 'error', httpStatus: 429 });
  assert.equal(t(error.titleKey, error.titleArgs), 'Counterfeit Radar: the service answered with an error (HTTP 429)');
  assert.notEqual(error.titleKey, badgeFor({ status: 'offline' }).titleKey);
});

test('the popup shows verdict, reasons and page facts', () => {
  const view = popupView({ status: 'checked', result: {
    verdict: 'counterfeit',
    page: { marketplace: 'amazon', seller_id: 'A0DEMOFAKE0001', seller_name: 'Demo', title: 'Rolex',
      price: { amount: 25, currency: 'USD' } },
    reasons: [{ code: 'listed_seller', severity: 'high', message: 'Listed.', evidence_url: null }],
  } });
  assert.equal(view.verdictClass, 'counterfeit');
  assert.deepEqual(view.label, ['verdictCounterfeit']);
  assert.equal(view.reasons.length, 1);
  assert.deepEqual(view.facts, [['factMarketplace', 'amazon'], ['factSeller', 'Demo (A0DEMOFAKE0001)'],
    ['factListing', 'Rolex'], ['factPrice', '25 USD']]);
  assert.deepEqual(popupView({ status: 'checked', result: { verdict: 'unknown', page: {} } }).hint, ['verdictUnknownHint']);
  assert.equal(popupView({ status: 'offline' }).verdictClass, 'offline');
  assert.deepEqual(popupView({ status: 'error', error: 'Too many requests' }).label, ['popupErrorLabel']);
  assert.equal(popupView(null).verdictClass, 'none');
});

test('the popup shows unreviewed reports as information, not as a warning', () => {
  const view = popupView({ status: 'checked', result: {
    verdict: 'unknown',
    page: { marketplace: 'ebay', seller_id: 'shadyseller77' },
    reasons: [{ code: 'reported', severity: 'low', message: '3 people reported this; not yet reviewed.',
      evidence_url: null }],
  } });
  assert.equal(view.verdictClass, 'unknown');
  assert.deepEqual(view.hint, ['verdictUnreviewedReportsHint']);
  assert.match(t(...view.hint), /not a warning/);
  assert.deepEqual(view.reasons.map((reason) => [reason.code, reason.tone]), [['reported', 'info']]);
  const badge = badgeFor({ status: 'checked', result: { verdict: 'unknown' } });
  assert.equal(badge.text, '?');
});

test('the report form says which of its fields may become public', () => {
  const html = readFileSync(path.join(EXTENSION, 'popup.html'), 'utf8');
  const { document } = new JSDOM(html).window;
  localize(document, t);
  const privacy = document.getElementById('report-privacy');
  assert.ok(document.getElementById('report-form').contains(privacy));
  assert.match(privacy.textContent, /Maintainers see what you send/);
  assert.match(privacy.textContent, /details and evidence links are never published/);
  assert.match(privacy.textContent, /only the note and evidence the maintainer chooses to publish/);
  for (const field of ['report-details', 'report-evidence']) {
    const note = document.getElementById(document.getElementById(field).getAttribute('aria-describedby'));
    assert.equal(note.textContent, 'Seen by maintainers only; never published.', field);
  }
});

test('report bodies follow the contract', () => {
  const page = { title: 'Rolex 1:1', seller_id: 'A0DEMOFAKE0001', seller_name: null,
    price: { amount: 25, currency: 'USD' }, brand: 'Rolex' };
  assert.deepEqual(reportBody({ url: 'https://www.amazon.com/dp/B0DEMO0001', reason: 'replica_wording',
    details: '  says 1:1 ', evidenceUrl: 'https://example.org/proof' }, page), {
    url: 'https://www.amazon.com/dp/B0DEMO0001', reason: 'replica_wording', details: 'says 1:1',
    evidence_urls: ['https://example.org/proof'], title: 'Rolex 1:1', brand: 'Rolex',
    price: { amount: 25, currency: 'USD' }, seller: { id: 'A0DEMOFAKE0001' } });
  assert.throws(() => reportBody({ url: 'https://x.example', reason: 'because' }));
  assert.throws(() => reportBody({ url: 'https://x.example', reason: 'because' }, null, t),
    { message: 'Unknown report reason: because' });
  assert.throws(() => reportBody({ url: 'about:blank', reason: 'other' }, null, t),
    { message: 'This page has no web address to report.' });
  assert.throws(() => normalizeApiBase('ftp://x.example', t),
    { message: 'The API address must start with http:// or https://: ftp://x.example' });
  assert.throws(() => reportBody({ url: 'https://x.example', reason: 'other', evidenceUrl: 'javascript:1' }));
  assert.throws(() => reportBody({ url: 'chrome://newtab', reason: 'other' }));
  assert.equal(reportBody({ url: 'https://x.example', reason: 'other', details: 'x'.repeat(3000) }).details.length, 2000);
  assert.deepEqual(REPORT_REASONS, ['counterfeit', 'replica_wording', 'price_too_low', 'seller_admitted', 'prohibited_item', 'other']);
});

test('the report preview shows an attached page apart from the fields, whole', () => {
  const html = '<html><head><title>Zoë</title></head></html>';
  const body = { url: 'https://www.ebay.com/itm/395000000001', reason: 'counterfeit', html };
  const view = reportPreviewView({ method: 'POST', url: 'http://127.0.0.1:5000/api/v1/reports', body });
  assert.deepEqual(JSON.parse(view.body), { ...body, html: '…' });
  assert.equal(view.page.html, html);
  assert.deepEqual(view.page.summary, ['reportPreviewPage', [(new TextEncoder().encode(html).length / 1024).toFixed(1)]]);
  const plain = reportPreviewView({ method: 'POST', url: 'x', body: { url: body.url, reason: 'other' } });
  assert.equal(plain.page, null);
  assert.deepEqual(JSON.parse(plain.body), { url: body.url, reason: 'other' });
});

test('every message name used by the extension exists in _locales/en', () => {
  const used = new Set();
  const files = ['popup.html', 'options.html', 'manifest.json'];
  const walk = (dir) => readdirSync(path.join(EXTENSION, dir), { withFileTypes: true }).forEach((entry) => {
    const name = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(name);
    else if (name.endsWith('.js')) files.push(name);
  });
  walk('.');
  for (const file of files) {
    const text = readFileSync(path.join(EXTENSION, file), 'utf8');
    for (const match of text.matchAll(/data-i18n(?:-[a-z-]+)?="(\w+)"|__MSG_(\w+)__|\bt\('(\w+)'|titleKey: '(\w+)'|(?:Key|label|hint): \['(\w+)'|\b(verdict\w+|status[A-Z]\w+|banner[A-Z]\w+|popup[A-Z]\w+|options[A-Z]\w+|report[A-Z]\w+|fact[A-Z]\w+)'/g)) {
      for (const key of match.slice(1)) if (key) used.add(key);
    }
  }
  const missing = [...used].filter((key) => !messages[key]);
  assert.deepEqual(missing, []);
  assert.ok(used.size > 40, `found only ${used.size} message names`);
});

test('localize fills text and attributes from message names', () => {
  const { document } = new JSDOM('<p data-i18n="popupTitle">x</p><input data-i18n-placeholder="reportEvidence" data-i18n-aria-label="reportReason">').window;
  localize(document, t);
  assert.equal(document.querySelector('p').textContent, 'Counterfeit Radar');
  assert.equal(document.querySelector('input').placeholder, 'Evidence link (optional)');
  assert.equal(document.querySelector('input').getAttribute('aria-label'), 'Reason');
});

test('the manifest loads in Chromium and Firefox', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.background.service_worker, 'background.js');
  assert.deepEqual(manifest.background.scripts, ['background.js']);
  assert.equal(manifest.background.type, 'module');
  assert.ok(manifest.browser_specific_settings.gecko.id);
  assert.ok(manifest.host_permissions.includes('http://127.0.0.1/*'));
  for (const size of ['16', '32', '48', '128']) {
    const png = readFileSync(path.join(EXTENSION, manifest.icons[size]));
    assert.equal(png.readUInt32BE(16), Number(size), `icon ${size} width`);
  }
});

test('the prefix set of a list of millions can be stored: storage.local has no 10 MB quota', () => {
  // About 5.3 MB per million keys as stored (docs/extension.md, "Private lookups").
  assert.ok(manifest.permissions.includes('unlimitedStorage'));
});

test('only lib/browser.js touches the extension API (content/main.js talks to the worker)', () => {
  const offenders = [];
  const walk = (dir) => readdirSync(path.join(EXTENSION, dir), { withFileTypes: true }).forEach((entry) => {
    const name = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(name);
    else if (name.endsWith('.js') && /\bchrome\.|\bbrowser\.(runtime|storage|tabs)\./.test(readFileSync(path.join(EXTENSION, name), 'utf8'))) offenders.push(name);
  });
  walk('.');
  assert.deepEqual(offenders.sort(), ['content/main.js', 'lib/browser.js']);
});
