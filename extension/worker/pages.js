// Checking pages: which pages to check, asking the backend (through the cache), the badge,
// the banner model, "Dismiss", and "Check this page" from the popup.
import * as browser from '../lib/browser.js';
import { Messages } from '../lib/messages.js';
import { pageKind } from '../lib/marketplaces.js';
import { bannerModel, dismissKey } from '../lib/banner-model.js';
import { SNAPSHOT_MAX_BYTES } from '../lib/config.js';
import { UnreachableError } from '../lib/api.js';
import * as state from './state.js';

const MAX_TITLE_LENGTH = 500;

/** A product or seller page by pageKind(), or the URL forced with "Check this page" in the tab. */
async function mayCheck(url, tabId) {
  if (pageKind(url)) return true;
  return tabId !== undefined && Boolean(url) && (await state.forcedUrl(tabId)) === url;
}

/** Should the content script check this URL, and send a snapshot? */
async function getPageState({ url }, sender) {
  const tabId = sender?.tab?.id;
  if (!(await mayCheck(url, tabId))) {
    // A single-page app left the product: what we said about it no longer applies.
    if (tabId !== undefined) await state.setTabState(tabId, null);
    return { check: false };
  }
  const settings = await state.getSettings();
  return { check: true, snapshot: settings.sendSnapshots, maxBytes: SNAPSHOT_MAX_BYTES };
}

/** The backend's answer for a page, from the cache when it is fresh. */
async function answerFor({ url, title, html }) {
  const cache = await state.loadCache();
  const cached = cache.get(url);
  if (cached) return cached;
  const settings = await state.getSettings();
  const request = { url };
  if (typeof title === 'string' && title.trim()) request.title = title.trim().slice(0, MAX_TITLE_LENGTH);
  if (settings.sendSnapshots && typeof html === 'string' && html) request.html = html;
  const answer = await state.api.check(request);
  cache.set(url, answer);
  await state.saveCache(cache);
  return answer;
}

/** Check the sender's page; returns the banner model for it. */
async function checkPage(message, sender) {
  const tabId = sender?.tab?.id;
  const url = String(message.url || '');
  // Only product and seller pages, or the page the shopper asked about with "Check this page".
  if (!(await mayCheck(url, tabId))) throw new Error('Not a product or seller page');
  let answer;
  try {
    answer = await answerFor({ url, title: message.title, html: message.html });
  } catch (error) {
    // Our failure never touches the page: no banner, only the badge says so.
    const status = error instanceof UnreachableError ? 'offline' : 'error';
    await state.setTabState(tabId, { url, status, error: error.message,
      httpStatus: error.status ?? null, checkedAt: Date.now() });
    return { show: false, status };
  }
  await state.setTabState(tabId, { url, status: 'checked', result: answer, checkedAt: Date.now() });
  return bannerModel(answer, { dismissedKeys: await state.dismissedKeys(), t: browser.t });
}

/** "Dismiss": only the warning the sender's own tab shows now, never any other seller. */
async function dismissSeller({ key }, sender) {
  if (typeof key !== 'string' || !key) throw new Error('dismissSeller needs a key');
  const tabState = await state.getTabState(sender?.tab?.id);
  if (dismissKey(tabState?.result?.page) !== key) throw new Error('This tab shows no warning for that key');
  await state.addDismissedKey(key);
  return { dismissed: key };
}

/** Banner "Report" / "Details": the popup, opened in a tab for the sender's tab. */
async function openPopupPage({ section }, sender) {
  const hash = section === 'report' ? '#report' : '';
  await browser.openTab(browser.extensionUrl(`popup.html?tab=${sender.tab.id}${hash}`));
  return { opened: true };
}

/** What we know about the page a tab shows now ('none' when we last checked another page). */
async function getTabState({ tabId }) {
  // A closed tab has no URL; the popup then says there is nothing to show.
  const url = await browser.tabUrl(tabId);
  const tabState = await state.currentTabState(tabId, url);
  if (tabState) return { tabId, ...tabState };
  return { tabId, url: url ?? null, status: 'none' };
}

/** "Check this page": run the content script on any tab the popup was opened on. */
async function checkTab({ tabId, url }) {
  const pageUrl = (await browser.tabUrl(tabId)) || url;
  await state.setForcedUrl(tabId, pageUrl);
  try {
    await browser.injectContentScripts(tabId);
    await browser.runInTab(tabId, () => globalThis.radarContent.check(true));
  } catch (error) {
    return { tabId, url: pageUrl, status: 'unavailable', error: String(error.message || error) };
  }
  return getTabState({ tabId });
}

async function clearCache() {
  const cache = await state.loadCache();
  cache.clear();
  await state.saveCache(cache);
  return { cleared: true };
}

export const handlers = {
  [Messages.getPageState]: getPageState,
  [Messages.checkPage]: checkPage,
  [Messages.dismissSeller]: dismissSeller,
  [Messages.openPopupPage]: openPopupPage,
  [Messages.getTabState]: getTabState,
  [Messages.checkTab]: checkTab,
  [Messages.clearCache]: clearCache,
};

/** Forget a tab's state when it closes, and its verdict (and badge) when it goes elsewhere. */
export function start() {
  browser.onTabRemoved((tabId) => { state.forgetTab(tabId); });
  browser.onTabUrlChanged(async (tabId, url) => {
    const tabState = await state.getTabState(tabId);
    if (tabState && !state.samePage(tabState.url, url)) await state.setTabState(tabId, null);
  });
}
