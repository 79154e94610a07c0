// The options page's and first-run page's settings: the mode (private or full check), whether
// the shopper has chosen it, the API address; and the local list's status for the options page.
import * as browser from '../lib/browser.js';
import { Messages } from '../lib/messages.js';
import { MODES, mergeSettings, normalizeApiBase } from '../lib/config.js';
import { lookupStatus } from './lookups.js';
import * as state from './state.js';

async function getSettings() {
  return state.getSettings();
}

/**
 * Save the settings given (any of apiBase, mode); saving a mode is the shopper's choice of
 * it, so modeChosen follows. Settings change only from our own pages (worker/senders.js).
 */
async function saveSettings({ settings = {} }) {
  const current = await state.getSettings();
  const next = { ...current };
  if (settings.apiBase !== undefined) next.apiBase = normalizeApiBase(settings.apiBase, browser.t);
  if (settings.mode !== undefined) {
    if (!MODES.includes(settings.mode)) throw new Error(browser.t('errorUnknownMode', [String(settings.mode)]));
    next.mode = settings.mode;
    next.modeChosen = true;
  }
  const saved = mergeSettings(next);
  await state.saveSettings(saved);
  if (saved.apiBase !== current.apiBase || saved.mode !== current.mode) {
    // Answers from another backend, or of the other mode, do not apply any more.
    const cache = await state.loadCache();
    cache.clear();
    await state.saveCache(cache);
  }
  return saved;
}

/** The local list copy: {version, count, refreshedAt, ...} as worker/lookups.js reports it. */
async function getListStatus() {
  return lookupStatus();
}

export const handlers = {
  [Messages.getSettings]: getSettings,
  [Messages.saveSettings]: saveSettings,
  [Messages.getListStatus]: getListStatus,
};

/** Open the first-run page on install, and after an update for a shopper who never chose. */
export function start() {
  browser.onInstalled(async (reason) => {
    const chosen = (await state.getSettings()).modeChosen;
    if (reason === 'install' || (reason === 'update' && !chosen)) {
      await browser.openTab(browser.extensionUrl('onboarding.html'));
    }
  });
}
