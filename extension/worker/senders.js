// Who may send which message. The worker's router asks permit(what, sender) before any
// handler runs. The browser fills `sender` itself (a page cannot forge it):
// - a content script: sender.tab (its tab), frameId 0 (we run in top frames only) and
//   sender.url, the web page it runs in;
// - an extension page: sender.url on our own origin (chrome-extension://<id>/ in Chromium,
//   moz-extension://<uuid>/ in Firefox). The toolbar popup has no sender.tab; the options
//   page (open_in_tab) and the popup opened as a page ("Details", popup.html?tab=N) do, in
//   their tab's top frame. None of our pages is web-accessible, so no web page can frame one.
// Anything else, another extension included, is foreign.
import { Messages } from '../lib/messages.js';

export const Senders = Object.freeze({
  content: 'content script',
  extensionPage: 'extension page',
  foreign: 'foreign sender',
});

// Content scripts send only what content/main.js sends, and always about their own tab
// (handlers take the tab from sender.tab, never from the message). Settings, other tabs'
// states and reports belong to the popup and the options page.
const ALLOWED = Object.freeze({
  [Messages.getPageState]: Senders.content,
  [Messages.checkPage]: Senders.content,
  [Messages.dismissSeller]: Senders.content,
  [Messages.openPopupPage]: Senders.content,
  [Messages.getTabState]: Senders.extensionPage,
  [Messages.checkTab]: Senders.extensionPage,
  [Messages.previewReport]: Senders.extensionPage,
  [Messages.sendReport]: Senders.extensionPage,
  [Messages.listReports]: Senders.extensionPage,
  [Messages.getSettings]: Senders.extensionPage,
  [Messages.saveSettings]: Senders.extensionPage,
  [Messages.getListStatus]: Senders.extensionPage,
  [Messages.clearCache]: Senders.extensionPage,
});

/** The message types a kind of sender may send. */
export function allowedFor(kind) {
  return Object.keys(ALLOWED).filter((what) => ALLOWED[what] === kind);
}

/** Which kind of sender this is, for our extension self = {id, origin: 'chrome-extension://id/'}. */
export function senderKind(sender, self) {
  if (!sender || typeof sender !== 'object' || !self?.id || sender.id !== self.id) return Senders.foreign;
  const url = typeof sender.url === 'string' ? sender.url : '';
  const topFrame = sender.frameId === 0;
  if (url.startsWith(self.origin)) {
    // Chromium also gives sender.origin; when it is there it must agree.
    if (sender.origin !== undefined && `${sender.origin}/` !== self.origin) return Senders.foreign;
    return !sender.tab || topFrame ? Senders.extensionPage : Senders.foreign;
  }
  const tabId = sender.tab?.id;
  if (Number.isInteger(tabId) && tabId >= 0 && topFrame && /^https?:\/\//i.test(url)) return Senders.content;
  return Senders.foreign;
}

/** permit(what, sender) → {allowed, from} for createRouter, bound to our extension self. */
export function senderPolicy(self) {
  return function permit(what, sender) {
    const from = senderKind(sender, self);
    return { allowed: Object.hasOwn(ALLOWED, what) && ALLOWED[what] === from, from };
  };
}
