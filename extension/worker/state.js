// What the service worker keeps: settings, dismissed sellers, the install id and my reports
// in storage.local; answers and per-tab states in storage.session (the worker may be
// stopped at any time, so nothing lives only in memory).
import * as browser from '../lib/browser.js';
import { AnswerCache, cacheKey } from '../lib/cache.js';
import { badgeFor } from '../lib/badge.js';
import { createApi } from '../lib/api.js';
import { mergeSettings } from '../lib/config.js';

export async function getSettings() {
  return mergeSettings(await browser.storageGet('local', 'settings', {}));
}

export async function saveSettings(settings) {
  await browser.storageSet('local', 'settings', settings);
}

/** The backend client, always talking to the currently configured address. */
/** The configured backend address. */
export async function apiBase() {
  return (await getSettings()).apiBase;
}

export const api = createApi({ getBase: apiBase, t: browser.t });

/** Extension storage as the worker's stores take it (injectable in their tests). */
export const storage = Object.freeze({
  get: (area, key) => browser.storageGet(area, key, null),
  set: (area, key, value) => browser.storageSet(area, key, value),
  remove: (area, key) => browser.storageRemove(area, key),
});

let cachePromise = null;

/** The answer cache, loaded once per worker life from storage.session. */
export function loadCache() {
  cachePromise ??= browser.storageGet('session', 'answerCache', null)
    .then((data) => AnswerCache.fromJSON(data));
  return cachePromise;
}

export async function saveCache(cache) {
  await browser.storageSet('session', 'answerCache', cache.toJSON());
}

// Each tab's state updates, one after another: a navigation that forgets the last page's
// verdict reads the state, then writes; a check of the new page finishing in between must not
// be forgotten with it (Firefox showed it: the badge and popup lost a verdict the banner had).
const tabUpdates = new Map();

/**
 * A tab's last check: {url, status: 'checked'|'offline'|'error', result, error, httpStatus,
 * checkedAt}; 'offline' when the service could not be reached, 'error' when it answered 4xx/5xx.
 */
export async function getTabState(tabId) {
  await tabUpdates.get(tabId); // the updates already under way are stored first
  return readTabState(tabId);
}

function readTabState(tabId) {
  return browser.storageGet('session', `tab:${tabId}`, null);
}

/** Whether two URLs are the same page (as the answer cache sees it: the fragment aside). */
export function samePage(a, b) {
  return Boolean(a && b) && cacheKey(a) === cacheKey(b);
}

/**
 * A tab's last check if it is about the page the tab shows now (url), else null: after a
 * navigation in the tab, what we said about the previous page no longer applies. url
 * undefined (hidden from us, see browser.tabUrl) cannot be compared: the last check is kept.
 */
export async function currentTabState(tabId, url) {
  const tabState = await getTabState(tabId);
  if (!tabState) return null;
  return url === undefined || samePage(tabState.url, url) ? tabState : null;
}

/**
 * Update a tab's state with change(current state or null), run with no other update of that
 * tab in between: it returns the new state, null to forget it, or undefined to leave it.
 */
export function updateTabState(tabId, change) {
  if (tabId === undefined || tabId === null || tabId < 0) return Promise.resolve();
  const run = (tabUpdates.get(tabId) || Promise.resolve()).then(async () => {
    const next = await change(await readTabState(tabId));
    if (next !== undefined) await writeTabState(tabId, next);
  });
  const settled = run.catch(() => {});
  tabUpdates.set(tabId, settled);
  settled.then(() => {
    if (tabUpdates.get(tabId) === settled) tabUpdates.delete(tabId);
  });
  return run;
}

/** Remember a tab's check (null forgets it) and show it on the tab's badge. */
export function setTabState(tabId, state) {
  return updateTabState(tabId, () => state);
}

async function writeTabState(tabId, state) {
  // The badge first: whoever reads the stored state (the popup) finds the badge set already.
  const look = badgeFor(state);
  try {
    await browser.setBadge(tabId, { text: look.text, color: look.color,
      title: browser.t(look.titleKey, look.titleArgs) });
  } catch {
    // The tab may have closed while we were checking; nothing to show then.
  }
  if (state) await browser.storageSet('session', `tab:${tabId}`, state);
  else await browser.storageRemove('session', `tab:${tabId}`);
}

export async function forgetTab(tabId) {
  await browser.storageRemove('session', `tab:${tabId}`);
  await browser.storageRemove('session', `reportPage:${tabId}`);
  await browser.storageRemove('session', `forced:${tabId}`);
  await browser.storageRemove('session', `flagged:${tabId}`);
}

/**
 * The registered domain of a stand-alone shop the tab shows that the navigation check found
 * listed or lookalike (the content scripts were injected to show the banner there), or null.
 */
export function flaggedDomain(tabId) {
  return browser.storageGet('session', `flagged:${tabId}`, null);
}

export function setFlaggedDomain(tabId, domain) {
  if (domain) return browser.storageSet('session', `flagged:${tabId}`, domain);
  return browser.storageRemove('session', `flagged:${tabId}`);
}

/** The page a report preview attached in this tab ({url, html}), kept until it is sent. */
export function reportPage(tabId) {
  return browser.storageGet('session', `reportPage:${tabId}`, null);
}

export function setReportPage(tabId, page) {
  if (tabId === undefined || tabId === null) return Promise.resolve();
  if (page) return browser.storageSet('session', `reportPage:${tabId}`, page);
  return browser.storageRemove('session', `reportPage:${tabId}`);
}

/** The URL the shopper asked us to check in this tab with "Check this page", if any. */
export function forcedUrl(tabId) {
  return browser.storageGet('session', `forced:${tabId}`, null);
}

export function setForcedUrl(tabId, url) {
  return browser.storageSet('session', `forced:${tabId}`, url);
}

export function dismissedKeys() {
  return browser.storageGet('local', 'dismissed', []);
}

export async function addDismissedKey(key) {
  const keys = await dismissedKeys();
  if (!keys.includes(key)) await browser.storageSet('local', 'dismissed', [...keys, key]);
}

/** A random id made once per install, sent with reports so volunteers can be told apart. */
export async function installId() {
  let id = await browser.storageGet('local', 'installId', null);
  if (!id) {
    id = crypto.randomUUID();
    await browser.storageSet('local', 'installId', id);
  }
  return id;
}

export function myReports() {
  return browser.storageGet('local', 'myReports', []);
}

export function saveMyReports(reports) {
  return browser.storageSet('local', 'myReports', reports);
}
