// Checking pages: which pages to check, checking them (privately in the browser, or with
// POST /check in full mode, through the cache), the badge, the banner model, "Dismiss", and
// "Check this page" from the popup. Every top-level navigation's site: worker/navigation.js.
import * as browser from '../lib/browser.js';
import { Messages } from '../lib/messages.js';
import { pageKind } from '../lib/marketplaces.js';
import { bannerModel, dismissKey } from '../lib/banner-model.js';
import { SNAPSHOT_MAX_BYTES, isFullMode, mayAskBackend } from '../lib/config.js';
import { UnreachableError } from '../lib/api.js';
import { registeredDomain } from '../lib/keys.js';
import { prepare, privateCheck } from './private-check.js';
import * as navigation from './navigation.js';
import * as state from './state.js';

const MAX_TITLE_LENGTH = 500;

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/**
 * The page a content script runs in, as the browser reports it (a page cannot forge it): its
 * tab's URL, which follows single-page navigation (sender.url stays the document's first URL
 * after history.pushState), while it is on the document's origin (pushState cannot leave it;
 * another origin means the tab is already loading another document). Top frames only.
 */
function senderPageUrl(sender, fallback) {
  const web = (url) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null);
  const documentUrl = web(sender?.url);
  const tabUrl = web(sender?.tab?.url);
  const origin = (url) => new URL(url).origin;
  if (tabUrl && (!documentUrl || origin(tabUrl) === origin(documentUrl))) return tabUrl;
  return documentUrl || String(fallback || '');
}

/**
 * A product or seller page by pageKind(), the URL forced with "Check this page" in the tab, or
 * a page of the stand-alone shop the navigation check flagged in the tab.
 */
async function mayCheck(url, tabId) {
  if (pageKind(url)) return true;
  if (tabId === undefined || tabId === null || !url) return false;
  if ((await state.forcedUrl(tabId)) === url) return true;
  const flagged = await state.flaggedDomain(tabId);
  return Boolean(flagged) && registeredDomain(hostOf(url)) === flagged;
}

/**
 * Whether this page goes to POST /check: only in full mode, and only a marketplace product or
 * seller page or the page the shopper asked about. Stand-alone shops are looked up privately.
 */
async function checksOnServer(url, tabId, settings) {
  if (!isFullMode(settings)) return false;
  if (pageKind(url)) return true;
  return tabId !== undefined && tabId !== null && (await state.forcedUrl(tabId)) === url;
}

/**
 * Whether the content script's page is checked ({check: false} if not), and whether with a
 * snapshot: {check: true, snapshot, maxBytes}. Leaving a checked page forgets its verdict.
 */
async function pageStateOf(pageUrl, tabId) {
  if (!(await mayCheck(pageUrl, tabId))) {
    // A single-page app left the product: what we said about it no longer applies.
    if (tabId !== undefined) await state.setTabState(tabId, null);
    return { pageState: { check: false }, settings: null };
  }
  const settings = await state.getSettings();
  const snapshot = await checksOnServer(pageUrl, tabId, settings);
  return { pageState: { check: true, snapshot, maxBytes: SNAPSHOT_MAX_BYTES }, settings };
}

/** Should the content script check this URL, and send a snapshot? */
async function getPageState({ url }, sender) {
  return (await pageStateOf(senderPageUrl(sender, url), sender?.tab?.id)).pageState;
}

/** The URL POST /check is asked about: the content script's canonical URL, unless it names another site. */
function serverUrl(message, pageUrl) {
  const canonical = String(message.url || '');
  return canonical && hostOf(canonical) === hostOf(pageUrl) ? canonical : pageUrl;
}

/** The backend's answer for a page (full mode), from the cache when it is fresh. */
async function answerFor({ url, title, html }) {
  const cache = await state.loadCache();
  const cached = cache.get(url);
  if (cached) return cached;
  const request = { url };
  if (typeof title === 'string' && title.trim()) request.title = title.trim().slice(0, MAX_TITLE_LENGTH);
  if (typeof html === 'string' && html) request.html = html;
  const answer = await state.api.check(request);
  cache.set(url, answer);
  await state.saveCache(cache);
  return answer;
}

/** The answer for a content script's page: POST /check in full mode, else the private check. */
async function answerForPage(message, pageUrl, { snapshot }, settings) {
  if (snapshot) return answerFor({ url: serverUrl(message, pageUrl), title: message.title, html: message.html });
  const facts = { title: message.title, ...(message.facts && typeof message.facts === 'object' ? message.facts : {}) };
  return privateCheck({ url: pageUrl, facts }, { askList: mayAskBackend(settings) });
}

/**
 * Check the sender's page; returns the banner model for it. A page that is not checked gets
 * getPageState's {check: false}, and one that goes to POST /check (full mode) without its
 * snapshot and without a cached answer gets {check: true, snapshot: true, maxBytes}: the
 * content script then sends the snapshot. So a product page takes one message in private mode.
 */
async function checkPage(message, sender) {
  const tabId = sender?.tab?.id;
  const url = senderPageUrl(sender, message.url);
  // Only product and seller pages, the page the shopper asked about with "Check this page",
  // or a flagged shop's page.
  const { pageState, settings } = await pageStateOf(url, tabId);
  if (!pageState.check) return pageState;
  if (pageState.snapshot && typeof message.html !== 'string'
      && !(await state.loadCache()).get(serverUrl(message, url))) {
    return pageState;
  }
  let answer;
  try {
    answer = await answerForPage(message, url, pageState, settings);
  } catch (error) {
    // Our failure never touches the page: no banner, only the badge says so.
    // No list in the browser yet (worker/lookups.js) counts as unreachable too.
    const unreachable = error instanceof UnreachableError || error?.name === 'LookupUnavailableError';
    const status = unreachable ? 'offline' : 'error';
    await state.setTabState(tabId, { url, status, error: error.message,
      httpStatus: error.status ?? null, checkedAt: Date.now() });
    return { show: false, status };
  }
  // The banner does not wait for the verdict's storage and badge (in Firefox a storage write
  // takes tens of ms): they follow in order (state.updateTabState), the page gets its warning.
  state.setTabState(tabId, { url, status: 'checked', result: answer, checkedAt: Date.now() })
    .catch(() => {});
  const [dismissedKeys, apiBase] = await Promise.all([state.dismissedKeys(), state.apiBase()]);
  return bannerModel(answer, { dismissedKeys, t: browser.t, apiBase, pageUrl: url });
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

/**
 * What we know about the page a tab shows now ('none' when we last checked another page), with
 * the settings' apiBase (the popup's "Dispute this listing" link goes there).
 */
async function getTabState({ tabId }) {
  // A closed tab has no URL; the popup then says there is nothing to show.
  const url = await browser.tabUrl(tabId);
  const tabState = await state.currentTabState(tabId, url);
  if (tabState) return { tabId, ...tabState, apiBase: await state.apiBase() };
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

/**
 * A product or seller page starts loading: in private mode, start the URL's part of its check
 * now (worker/private-check.js prepare()), so that it is done when the content script asks.
 */
async function prepareCheck(url) {
  if (!pageKind(url)) return;
  const settings = await state.getSettings();
  if (!isFullMode(settings)) prepare(url, { askList: mayAskBackend(settings) });
}

/**
 * Forget a tab's state when it closes, and its verdict (and badge) when it goes elsewhere;
 * check every top-level navigation's site in the browser (worker/navigation.js).
 */
export function start() {
  browser.onTabRemoved((tabId) => {
    navigation.forgetTab(tabId);
    state.forgetTab(tabId);
  });
  browser.onTabNavigated(async (tabId, url, complete) => {
    if (!complete) { // a new URL ("complete" comes for the URL we saw already)
      prepareCheck(url).catch(() => {});
      // Forget the last page's verdict, not one the new page's check may have stored already.
      await state.updateTabState(tabId, (tabState) => (
        tabState && !state.samePage(tabState.url, url) ? null : undefined));
    }
    try {
      await navigation.checkNavigation(tabId, url, { complete });
    } catch {
      // The local list or rule file is not there yet, or the tab went: nothing to show.
    }
  });
}
