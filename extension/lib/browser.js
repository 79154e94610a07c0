// The only module that touches the browser's extension API (chrome.*, which Firefox also
// provides). Everything else gets these functions, so it can be tested without a browser.

const api = globalThis.chrome;

/** Send a message to the service worker; resolves to its value or throws its error. */
export async function sendMessage(message) {
  return unwrap(await api.runtime.sendMessage(message));
}

/** Serve messages with route(message, sender) → Promise; replies {ok, value} or {ok, error}. */
export function onMessage(route) {
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    Promise.resolve()
      .then(() => route(message, sender))
      .then((value) => sendResponse({ ok: true, value }),
        (error) => sendResponse({ ok: false, error: String(error?.message || error) }));
    return true; // the reply comes later
  });
}

function unwrap(reply) {
  if (!reply) throw new Error(t('errorNoReply'));
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** The localized message `key` from _locales (substitutions fill $1, $2 ...). */
export function t(key, substitutions) {
  return api.i18n.getMessage(key, substitutions) || key;
}

export function extensionUrl(path) {
  return api.runtime.getURL(path);
}

/** Our own id and origin ('chrome-extension://<id>/'), to tell our pages from other senders. */
export function extensionSelf() {
  return { id: api.runtime.id, origin: api.runtime.getURL('') };
}

/** The content-script files the manifest injects, to inject them on request as well. */
export function contentScriptFiles() {
  return api.runtime.getManifest().content_scripts[0].js;
}

export function openOptionsPage() {
  return api.runtime.openOptionsPage();
}

/** Storage areas: 'local' (kept) and 'session' (until the browser closes). */
export async function storageGet(area, key, fallback) {
  const items = await api.storage[area].get(key);
  return items[key] === undefined ? fallback : items[key];
}

export function storageSet(area, key, value) {
  return api.storage[area].set({ [key]: value });
}

export function storageRemove(area, key) {
  return api.storage[area].remove(key);
}

/** Show a badge ({text, color, title}) on one tab's toolbar button. */
export async function setBadge(tabId, { text, color, title }) {
  // Independent calls, sent at once: the banner's answer waits for them.
  await Promise.all([
    api.action.setBadgeText({ tabId, text }),
    api.action.setBadgeBackgroundColor({ tabId, color }),
    api.action.setBadgeTextColor ? api.action.setBadgeTextColor({ tabId, color: '#FFFFFF' }) : null,
    api.action.setTitle({ tabId, title }),
  ]);
}

export async function activeTab() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab || null;
}

export function openTab(url) {
  return api.tabs.create({ url });
}

export function onTabRemoved(listener) {
  api.tabs.onRemoved.addListener(listener);
}

/**
 * listener(tabId, url, complete) when a tab's URL changes (loads and single-page navigation;
 * complete false) and once it has loaded a page (complete true): top-level navigations only
 * (tabs.onUpdated, which needs no webNavigation permission).
 */
export function onTabNavigated(listener) {
  api.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
    if (!changeInfo || !(changeInfo.url || changeInfo.status === 'complete')) return undefined;
    const url = changeInfo.url || tab?.url;
    return url ? listener(tabId, url, changeInfo.status === 'complete') : undefined;
  });
}

/** listener(reason) when the extension is installed ('install') or updated ('update'). */
export function onInstalled(listener) {
  api.runtime.onInstalled.addListener((details) => listener(details?.reason));
}

/**
 * A tab's current URL; null when the tab is gone, undefined when the browser hides it from us
 * (a page outside our host permissions that the shopper did not click us on).
 */
export async function tabUrl(tabId) {
  let tab;
  try {
    tab = await api.tabs.get(tabId);
  } catch {
    return null;
  }
  return tab.url || undefined;
}

/** Run the content scripts in a tab the shopper opened the popup on (activeTab grant). */
export function injectContentScripts(tabId) {
  return api.scripting.executeScript({ target: { tabId }, files: contentScriptFiles() });
}

/**
 * Ask for access to the API origin (options page, inside the Save click); resolves true at once
 * when it is already granted. Firefox takes permissions.request() as the shopper's doing only
 * while the click is being handled, so nothing is awaited before it; and match patterns carry
 * no port (Firefox answers false for "http://127.0.0.1:5000/*"), so the pattern is scheme + host.
 */
export function requestOrigin(origin) {
  const { protocol, hostname } = new URL(origin);
  return api.permissions.request({ origins: [`${protocol}//${hostname}/*`] });
}

/** The sites the manifest asks to read (host_permissions): shopping pages and the API. */
function siteOrigins() {
  return api.runtime.getManifest().host_permissions;
}

/** Whether the browser grants every site the manifest asks for (Firefox lets shoppers withdraw them). */
export function hasSiteAccess() {
  return api.permissions.contains({ origins: siteOrigins() });
}

/** Ask for the manifest's sites; like requestOrigin(), call it before any await in a click handler. */
export function requestSiteAccess() {
  return api.permissions.request({ origins: siteOrigins() });
}

/** Run func(...args) in a tab's content-script world and resolve to its (awaited) result. */
export async function runInTab(tabId, func, args = []) {
  const [result] = await api.scripting.executeScript({ target: { tabId }, func, args });
  return result?.result;
}
