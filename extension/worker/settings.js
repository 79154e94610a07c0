// The options page's settings: API address and whether page snapshots are sent.
import * as browser from '../lib/browser.js';
import { Messages } from '../lib/messages.js';
import { mergeSettings, normalizeApiBase } from '../lib/config.js';
import * as state from './state.js';

async function getSettings() {
  return state.getSettings();
}

async function saveSettings({ settings }) {
  const next = mergeSettings({ ...(await state.getSettings()), ...settings,
    apiBase: normalizeApiBase(settings.apiBase, browser.t) });
  await state.saveSettings(next);
  // Answers from another backend do not apply to this one.
  const cache = await state.loadCache();
  cache.clear();
  await state.saveCache(cache);
  return next;
}

export const handlers = {
  [Messages.getSettings]: getSettings,
  [Messages.saveSettings]: saveSettings,
};
