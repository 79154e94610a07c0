// Message types between content script, popup, options page and service worker:
// {what: 'verbNoun', ...}. content/main.js is a classic script and spells the strings out.

export const Messages = Object.freeze({
  getPageState: 'getPageState', // content → worker: should this URL be checked? {url}
  checkPage: 'checkPage', // content → worker: check a page {url, title, html} → banner model
  dismissSeller: 'dismissSeller', // banner → worker: stop warning about this seller {key}
  openPopupPage: 'openPopupPage', // banner → worker: open the popup in a tab {section}
  getTabState: 'getTabState', // popup → worker: what we know about a tab {tabId}
  checkTab: 'checkTab', // popup → worker: check any page on request (activeTab) {tabId}
  previewReport: 'previewReport', // popup → worker: what sendReport would send {tabId, reason, details, evidenceUrl}
  sendReport: 'sendReport', // popup → worker: post a previewed report {tabId, reason, details, evidenceUrl, preview}
  listReports: 'listReports', // popup → worker: my reports with their current status
  getSettings: 'getSettings', // options → worker
  saveSettings: 'saveSettings', // options, first-run page → worker {settings} (partial)
  getListStatus: 'getListStatus', // options → worker: the local list's version, size, last refresh
  clearCache: 'clearCache', // options → worker
});
