import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bannerModel } from '../../extension/lib/banner-model.js';
import { pageWindow, t } from './helpers.js';

const answer = {
  verdict: 'counterfeit',
  page: { marketplace: 'amazon', seller_id: 'A0DEMOFAKE0001', seller_name: 'Demo Replica Outlet' },
  reasons: [{ code: 'listed_seller', severity: 'high', message: 'This seller is on the list <b>x</b>.',
    evidence_url: 'https://example.org/case/1' }],
};
const PAGE = '<html><head><style>* { display: none !important; color: red }</style></head><body><div id="app">shop</div></body></html>';

function shown(actions = {}) {
  const window = pageWindow(PAGE, 'https://www.amazon.com/dp/B0DEMO0001');
  const host = window.radarBanner.show(window.document, bannerModel(answer, { t }), actions);
  return { window, host, shadow: host.shadowRoot };
}

test('the banner sits first in the body on its own element in a shadow root', () => {
  const { window, host, shadow } = shown();
  assert.equal(window.document.body.firstElementChild, host);
  assert.equal(host.tagName.toLowerCase(), 'counterfeit-radar-banner');
  assert.equal(host.getAttribute('data-radar-verdict'), 'counterfeit');
  assert.ok(shadow);
  assert.equal(window.document.querySelector('#app').textContent, 'shop');
});

test('it is an alert that says what was found, with reasons and evidence links', () => {
  const { shadow } = shown();
  const alert = shadow.querySelector('[role="alert"]');
  assert.ok(alert);
  assert.equal(alert.getAttribute('aria-label'), 'Counterfeit Radar warning');
  assert.equal(shadow.querySelector('h2').textContent, 'Likely counterfeit');
  assert.match(alert.textContent, /Seller: Demo Replica Outlet/);
  const item = shadow.querySelector('li');
  assert.match(item.textContent, /This seller is on the list <b>x<\/b>\./, 'server text is text, not HTML');
  const link = item.querySelector('a');
  assert.equal(link.href, 'https://example.org/case/1');
  assert.equal(link.rel, 'noopener noreferrer');
});

test('Report, Details and Dismiss are buttons that call their actions', () => {
  const calls = [];
  const { window, shadow } = shown({ report: () => calls.push('report'),
    details: () => calls.push('details'), dismiss: () => calls.push('dismiss') });
  const buttons = [...shadow.querySelectorAll('button')];
  assert.deepEqual(buttons.map((button) => button.textContent), ['Report', 'Details', 'Dismiss']);
  for (const button of buttons) assert.equal(button.getAttribute('type'), 'button');
  buttons[0].click();
  buttons[1].click();
  buttons[2].click();
  assert.deepEqual(calls, ['report', 'details', 'dismiss']);
  assert.equal(window.document.querySelector('counterfeit-radar-banner'), null, 'Dismiss removes it');
});

test('showing again replaces the banner; remove takes it away', () => {
  const { window } = shown();
  window.radarBanner.show(window.document, bannerModel({ ...answer, verdict: 'suspicious' }, { t }), {});
  const hosts = window.document.querySelectorAll('counterfeit-radar-banner');
  assert.equal(hosts.length, 1);
  assert.equal(hosts[0].getAttribute('data-radar-verdict'), 'suspicious');
  window.radarBanner.remove(window.document);
  assert.equal(window.document.querySelectorAll('counterfeit-radar-banner').length, 0);
});

/** WCAG contrast ratio of two #RRGGBB colours. */
function contrast(first, second) {
  const luminance = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

test('banner text is readable: at least 4.5:1 contrast for each verdict', () => {
  const style = shown().shadow.querySelector('style').textContent;
  for (const verdict of ['counterfeit', 'suspicious']) {
    const rule = style.match(new RegExp(`\\.${verdict} \\{ background: (#[0-9A-F]{6}); color: (#[0-9A-F]{6})`));
    assert.ok(rule, verdict);
    assert.ok(contrast(rule[1], rule[2]) >= 4.5, `${verdict}: ${contrast(rule[1], rule[2])}`);
    const mark = style.match(new RegExp(`\\.${verdict} \\.mark \\{ background: (#[0-9A-F]{6})`));
    assert.ok(contrast(mark[1], '#FFFFFF') >= 4.5, `${verdict} mark`);
  }
});
