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

const plain = (value) => JSON.parse(JSON.stringify(value)); // out of the jsdom realm
const settle = () => new Promise((resolve) => { setTimeout(resolve, 300); }); // past the page's load

const PRODUCT = 'https://www.amazon.com/dp/B0DEMO0001';
const NOT_CHECKED = { check: false };
const SNAPSHOT = { check: true, snapshot: true, maxBytes: 262144 };
const FACTS_ONLY = { check: true, snapshot: false, maxBytes: 262144 };

test('private mode: a product page is checked with one message carrying its facts, no snapshot', async () => {
  const { window, sent } = contentWindow(PRODUCT, () => ({ show: false }));
  try {
    await settle();
    assert.deepEqual(sent.map((message) => message.what), ['checkPage']);
    assert.equal(sent[0].url, PRODUCT);
    assert.equal(sent[0].facts.listingId, 'B0DEMO0001');
    assert.equal(sent[0].facts.title, null);
    assert.equal(sent[0].title, 't');
    assert.equal('html' in sent[0], false);
  } finally {
    window.close(); // stops the content script's URL poller
  }
});

test('a product the page fills in after the first check is checked again with its facts', async () => {
  const { window, sent } = contentWindow(PRODUCT, (message, win) => {
    // The page's own script renders the product after the content script read it first.
    if (!win.document.getElementById('productTitle')) {
      win.document.body.insertAdjacentHTML('beforeend', '<span id="productTitle">Diver Watch</span>');
    }
    return { show: false };
  });
  try {
    await settle();
    assert.deepEqual(sent.map((message) => message.what), ['checkPage', 'checkPage']);
    assert.equal(sent[0].facts.title, null);
    assert.equal(sent[1].facts.title, 'Diver Watch');
  } finally {
    window.close();
  }
});

test('full check mode: the worker asks for the snapshot, which goes with the second message', async () => {
  const { window, sent } = contentWindow(PRODUCT, (message) => ('html' in message ? { show: false } : SNAPSHOT));
  try {
    await settle();
    assert.deepEqual(sent.map((message) => message.what), ['checkPage', 'checkPage']);
    assert.equal(sent[1].url, PRODUCT);
    assert.ok(sent[1].html.includes('<h1>Demo</h1>'));
  } finally {
    window.close();
  }
});

test('a page left while the worker answered is not snapshotted or sent', async () => {
  const { window, sent } = contentWindow(PRODUCT, (message, win) => {
    // The single-page app moves on before the answer arrives.
    win.history.pushState({}, '', '/gp/cart/view.html');
    return SNAPSHOT;
  });
  try {
    await settle();
    assert.deepEqual(sent.map((message) => message.what), ['checkPage']);
    assert.equal('html' in sent[0], false);
  } finally {
    window.close();
  }
});

test('a marketplace page whose address names no item is not read: the worker says whether to', async () => {
  const { window, sent } = contentWindow('https://www.amazon.com/gp/cart/view.html', () => NOT_CHECKED);
  try {
    await settle();
    assert.deepEqual(plain(sent), [{ what: 'getPageState', url: 'https://www.amazon.com/gp/cart/view.html' }]);
  } finally {
    window.close();
  }
});

test('a checked page the address did not reveal is described when the worker asks', async () => {
  const store = 'https://www.ebay.com/str/demoshop';
  const { window, sent } = contentWindow(store, (message) => (message.what === 'checkPage' ? { show: false } : FACTS_ONLY));
  try {
    await settle();
    assert.deepEqual(sent.map((message) => message.what), ['getPageState', 'checkPage']);
    assert.deepEqual(plain(sent[0]), { what: 'getPageState', url: store });
    assert.equal(sent[1].facts.title, null);
    assert.equal('html' in sent[1], false);
  } finally {
    window.close();
  }
});
