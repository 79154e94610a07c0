// content/main.js in jsdom, with a fake chrome.runtime standing in for the service worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { CONTENT_SCRIPTS, EXTENSION } from './helpers.js';

function contentWindow(url, reply) {
  const dom = new JSDOM('<title>t</title><h1>Demo</h1>', { url, runScripts: 'outside-only' });
  const { window } = dom;
  window.TextEncoder ??= TextEncoder;
  const sent = [];
  window.chrome = { runtime: { id: 'test', sendMessage: async (message) => {
    sent.push(message);
    return { ok: true, value: await reply(message, window) };
  } } };
  for (const script of [...CONTENT_SCRIPTS, 'content/banner.js', 'content/main.js']) {
    window.eval(readFileSync(path.join(EXTENSION, script), 'utf8'));
  }
  return { window, sent };
}

const settle = () => new Promise((resolve) => { setTimeout(resolve, 50); });

test('a page left while the worker answered is not snapshotted or sent', async () => {
  const { window, sent } = contentWindow('https://www.amazon.com/dp/B0DEMO0001', (message, win) => {
    if (message.what === 'getPageState') {
      // The single-page app moves on before the answer arrives.
      win.history.pushState({}, '', '/gp/cart/view.html');
      return { check: true, snapshot: true, maxBytes: 262144 };
    }
    return { show: false };
  });
  try {
    await settle();
    assert.deepEqual(sent.map((message) => message.what), ['getPageState']);
  } finally {
    window.close(); // stops the content script's URL poller
  }
});

test('a page still shown is checked with its own URL', async () => {
  const { window, sent } = contentWindow('https://www.amazon.com/dp/B0DEMO0001', (message) => (
    message.what === 'getPageState' ? { check: true, snapshot: true, maxBytes: 262144 } : { show: false }));
  try {
    await settle();
    assert.deepEqual(sent.map((message) => message.what), ['getPageState', 'checkPage']);
    assert.equal(sent[1].url, 'https://www.amazon.com/dp/B0DEMO0001');
    assert.ok(sent[1].html.includes('<h1>Demo</h1>'));
  } finally {
    window.close();
  }
});
