import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bannerModel } from '../../extension/lib/banner-model.js';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION, pageWindow, t } from './helpers.js';

// jsdom's wrapper ↔ implementation map: the only way to make an event with isTrusted true,
// which in a browser only the browser itself can do (a real click or key press).
const jsdomUtils = createRequire(import.meta.url)('jsdom/lib/jsdom/living/generated/utils.js');

const answer = {
  verdict: 'counterfeit',
  page: { marketplace: 'amazon', seller_id: 'A0DEMOFAKE0001', seller_name: 'Demo Replica Outlet' },
  reasons: [{ code: 'listed_seller', severity: 'high', message: 'This seller is on the list <b>x</b>.',
    evidence_url: 'https://example.org/case/1' }],
};
const PAGE = '<html><head><style>* { display: none !important; color: red }</style></head><body><div id="app">shop</div></body></html>';

/**
 * The banner shown in a jsdom page. jsdom has no isolated world, so the test reaches the
 * closed shadow root the way only the content script's own world could: by watching
 * attachShadow, wrapped before banner.js runs.
 */
function shown(actions = {}) {
  const window = pageWindow(PAGE, 'https://www.amazon.com/dp/B0DEMO0001', ['content/page-data.js', 'content/snapshot.js']);
  const roots = [];
  const attachShadow = window.Element.prototype.attachShadow;
  window.Element.prototype.attachShadow = function watched(init) {
    const shadow = attachShadow.call(this, init);
    roots.push({ init, shadow });
    return shadow;
  };
  window.eval(readFileSync(path.join(EXTENSION, 'content/banner.js'), 'utf8'));
  const host = window.radarBanner.show(window.document, bannerModel(answer, { t }), actions);
  return { window, host, shadow: roots.at(-1).shadow, mode: roots.at(-1).init.mode };
}

/** A click as the browser makes it for a real shopper (isTrusted true). */
function trustedClick(window, target) {
  const event = new window.MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
  const eventImpl = jsdomUtils.implForWrapper(event);
  eventImpl.isTrusted = true;
  // dispatchEvent() would mark it untrusted again, as browsers do: dispatch it as jsdom does.
  jsdomUtils.implForWrapper(target)._dispatch(eventImpl);
  assert.equal(event.isTrusted, true);
}

test('the banner sits first in the body on its own element in a closed shadow root', () => {
  const { window, host, shadow, mode } = shown();
  assert.equal(window.document.body.firstElementChild, host);
  assert.equal(host.tagName.toLowerCase(), 'counterfeit-radar-banner');
  assert.equal(host.getAttribute('data-radar-verdict'), 'counterfeit');
  assert.ok(shadow);
  assert.equal(mode, 'closed');
  assert.equal(host.shadowRoot, null, "the page's scripts cannot reach into it");
  assert.equal(window.document.querySelector('button, [role="alert"]'), null);
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
  for (const button of buttons) trustedClick(window, button);
  assert.deepEqual(calls, ['report', 'details', 'dismiss']);
  assert.equal(window.document.querySelector('counterfeit-radar-banner'), null, 'Dismiss removes it');
});

test("clicks made by the page's scripts do nothing: the warning stays", () => {
  const calls = [];
  const { window, host, shadow } = shown({ report: () => calls.push('report'),
    details: () => calls.push('details'), dismiss: () => calls.push('dismiss') });
  for (const button of shadow.querySelectorAll('button')) {
    button.click();
    button.dispatchEvent(new window.MouseEvent('click', { bubbles: true, composed: true }));
    button.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  }
  host.click();
  host.dispatchEvent(new window.MouseEvent('click', { bubbles: true, composed: true }));
  assert.deepEqual(calls, []);
  assert.equal(window.document.querySelector('counterfeit-radar-banner'), host, 'still shown');
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
