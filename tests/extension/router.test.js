import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRouter, UnknownMessageError } from '../../extension/lib/router.js';
import { Messages } from '../../extension/lib/messages.js';

test('a message goes to the handler named by its type', async () => {
  const route = createRouter({ [Messages.getSettings]: async (message, sender) => ({ message, sender }) });
  const reply = await route({ what: 'getSettings', extra: 1 }, { tab: { id: 4 } });
  assert.deepEqual(reply, { message: { what: 'getSettings', extra: 1 }, sender: { tab: { id: 4 } } });
});

test('an unknown or missing type throws', async () => {
  const route = createRouter({ [Messages.getSettings]: async () => 1 });
  for (const message of [{ what: 'dropTables' }, { what: 'toString' }, {}, null, 'getSettings']) {
    await assert.rejects(route(message, {}), UnknownMessageError);
  }
});

test('handlers for undeclared types are refused up front', () => {
  assert.throws(() => createRouter({ notAMessage: () => 1 }), UnknownMessageError);
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
