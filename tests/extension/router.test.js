import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRouter, RefusedMessageError, UnknownMessageError } from '../../extension/lib/router.js';
import { Messages } from '../../extension/lib/messages.js';
import { allowedFor, senderKind, senderPolicy, Senders } from '../../extension/worker/senders.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION } from './helpers.js';

const SELF = { id: 'radarid', origin: 'chrome-extension://radarid/' };
const permit = senderPolicy(SELF);
const allowAll = () => ({ allowed: true, from: 'test' });

// Senders as Chromium and Firefox fill them in (runtime.MessageSender).
const SENDERS = {
  contentScript: { id: 'radarid', url: 'https://www.amazon.com/dp/B0DEMO0001', origin: 'https://www.amazon.com',
    tab: { id: 7, url: 'https://www.amazon.com/dp/B0DEMO0001' }, frameId: 0, documentId: 'D1' },
  firefoxContentScript: { id: 'radarid', url: 'https://www.ebay.com/itm/1', tab: { id: 3 }, frameId: 0 },
  toolbarPopup: { id: 'radarid', url: 'chrome-extension://radarid/popup.html', origin: 'chrome-extension://radarid' },
  popupAsPage: { id: 'radarid', url: 'chrome-extension://radarid/popup.html?tab=7#report',
    origin: 'chrome-extension://radarid', tab: { id: 9 }, frameId: 0 },
  optionsPage: { id: 'radarid', url: 'chrome-extension://radarid/options.html', tab: { id: 10 }, frameId: 0 },
  firefoxOptionsPage: { id: 'radarid', url: 'moz-extension://5f1c-uuid/options.html', tab: { id: 4 }, frameId: 0 },
};
const FOREIGN = {
  otherExtension: { id: 'evilid', url: 'chrome-extension://evilid/popup.html' },
  otherExtensionsContentScript: { id: 'evilid', url: 'https://www.amazon.com/dp/B0DEMO0001', tab: { id: 7 }, frameId: 0 },
  webPageNoId: { url: 'https://www.amazon.com/dp/B0DEMO0001', tab: { id: 7 }, frameId: 0 },
  contentScriptInSubframe: { id: 'radarid', url: 'https://ads.example/frame', tab: { id: 7 }, frameId: 5 },
  contentScriptWithoutTab: { id: 'radarid', url: 'https://www.amazon.com/dp/B0DEMO0001' },
  ourPageFramedInATab: { id: 'radarid', url: 'chrome-extension://radarid/options.html', tab: { id: 7 }, frameId: 3 },
  originDisagrees: { id: 'radarid', url: 'chrome-extension://radarid/options.html', origin: 'https://evil.example' },
  fileUrl: { id: 'radarid', url: 'file:///tmp/page.html', tab: { id: 7 }, frameId: 0 },
  lookalikeOrigin: { id: 'radarid', url: 'chrome-extension://radarid.evil/options.html' },
  none: undefined,
  empty: {},
};
// What content/main.js sends; everything else is for the popup and the options page.
const CONTENT_MESSAGES = ['getPageState', 'checkPage', 'dismissSeller', 'openPopupPage'];
const PAGE_MESSAGES = ['getTabState', 'checkTab', 'previewReport', 'sendReport', 'listReports',
  'getSettings', 'saveSettings', 'getListStatus', 'clearCache'];

test('content scripts may send exactly what content/main.js sends', () => {
  const source = readFileSync(path.join(EXTENSION, 'content/main.js'), 'utf8');
  const sent = [...new Set([...source.matchAll(/what: '(\w+)'/g)].map((match) => match[1]))].sort();
  assert.deepEqual(sent, [...CONTENT_MESSAGES].sort());
  assert.deepEqual(allowedFor(Senders.content).sort(), sent);
});

test('each sender is told apart as the browsers fill it in', () => {
  assert.equal(senderKind(SENDERS.contentScript, SELF), Senders.content);
  assert.equal(senderKind(SENDERS.firefoxContentScript, SELF), Senders.content);
  for (const name of ['toolbarPopup', 'popupAsPage', 'optionsPage']) {
    assert.equal(senderKind(SENDERS[name], SELF), Senders.extensionPage, name);
  }
  const firefox = { id: 'radarid', origin: 'moz-extension://5f1c-uuid/' };
  assert.equal(senderKind(SENDERS.firefoxOptionsPage, firefox), Senders.extensionPage);
  for (const [name, sender] of Object.entries(FOREIGN)) {
    assert.equal(senderKind(sender, SELF), Senders.foreign, name);
  }
});

test('the message table: every type from every sender, allowed or refused', async () => {
  assert.deepEqual([...CONTENT_MESSAGES, ...PAGE_MESSAGES].sort(), Object.values(Messages).sort(),
    'a new message type needs a row here and in worker/senders.js');
  const handlers = Object.fromEntries(Object.values(Messages).map((what) => [what, async () => `ran ${what}`]));
  const logged = [];
  const route = createRouter(handlers, permit, (line) => logged.push(line));
  const cases = [];
  for (const what of CONTENT_MESSAGES) {
    cases.push([what, 'contentScript', true], [what, 'firefoxContentScript', true],
      [what, 'toolbarPopup', false], [what, 'optionsPage', false], [what, 'popupAsPage', false]);
  }
  for (const what of PAGE_MESSAGES) {
    cases.push([what, 'contentScript', false], [what, 'firefoxContentScript', false],
      [what, 'toolbarPopup', true], [what, 'optionsPage', true], [what, 'popupAsPage', true]);
  }
  for (const what of Object.values(Messages)) {
    for (const name of Object.keys(FOREIGN)) cases.push([what, name, false]);
  }
  for (const [what, name, allowed] of cases) {
    const sender = SENDERS[name] ?? FOREIGN[name];
    const reply = route({ what, url: 'https://secret.example/?q=private', tabId: 1 }, sender);
    if (allowed) assert.equal(await reply, `ran ${what}`, `${what} from ${name}`);
    else await assert.rejects(reply, RefusedMessageError, `${what} from ${name}`);
  }
  assert.equal(logged.length, cases.filter(([, , allowed]) => !allowed).length);
  for (const line of logged) {
    assert.doesNotMatch(line, /secret|private|amazon|evil|http/, 'logs name the type and kind of sender only');
  }
});

test('allowedFor lists exactly what content scripts and extension pages may send', () => {
  assert.deepEqual(allowedFor(Senders.content), CONTENT_MESSAGES);
  assert.deepEqual(allowedFor(Senders.extensionPage), PAGE_MESSAGES);
  assert.deepEqual(allowedFor(Senders.foreign), []);
});

test('saveSettings from a content script never reaches its handler', async () => {
  let saved = 0;
  const route = createRouter({ [Messages.saveSettings]: async () => { saved += 1; } }, permit, () => {});
  await assert.rejects(route({ what: 'saveSettings', settings: { apiBase: 'https://evil.example' } },
    SENDERS.contentScript), /Refused: a content script may not send saveSettings/);
  await route({ what: 'saveSettings', settings: {} }, SENDERS.optionsPage);
  assert.equal(saved, 1);
});

test('a message goes to the handler named by its type', async () => {
  const route = createRouter({ [Messages.getSettings]: async (message, sender) => ({ message, sender }) }, allowAll);
  const reply = await route({ what: 'getSettings', extra: 1 }, { tab: { id: 4 } });
  assert.deepEqual(reply, { message: { what: 'getSettings', extra: 1 }, sender: { tab: { id: 4 } } });
});

test('an unknown or missing type throws, and is logged without its content', async () => {
  const logged = [];
  const route = createRouter({ [Messages.getSettings]: async () => 1 }, permit, (line) => logged.push(line));
  for (const message of [{ what: 'dropTables' }, { what: 'toString' }, {}, null, 'getSettings',
    { what: 'https://secret.example/' }]) {
    await assert.rejects(route(message, SENDERS.optionsPage), UnknownMessageError);
  }
  assert.equal(logged.length, 6);
  assert.ok(logged.every((line) => !line.includes('secret') && !line.includes('dropTables')));
});

test('handlers for undeclared types are refused up front, and so is a router without a sender check', () => {
  assert.throws(() => createRouter({ notAMessage: () => 1 }, allowAll), UnknownMessageError);
  assert.throws(() => createRouter({ [Messages.getSettings]: () => 1 }), TypeError);
});

test('message types are verbNoun names equal to their keys', () => {
  for (const [key, value] of Object.entries(Messages)) {
    assert.equal(key, value);
    assert.match(value, /^[a-z]+[A-Z][A-Za-z]*$/);
  }
});

test('the service worker routes every message type', async () => {
  const { handlers: pages } = await import('../../extension/worker/pages.js');
  const { handlers: reports } = await import('../../extension/worker/reports.js');
  const { handlers: settings } = await import('../../extension/worker/settings.js');
  const routed = Object.keys({ ...pages, ...reports, ...settings }).sort();
  assert.deepEqual(routed, Object.values(Messages).sort());
});
