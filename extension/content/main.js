// The content script: asks the service worker whether this page is checked, sends it the
// page snapshot, draws the banner it answers with, and notices single-page navigation.
// Thin on purpose; any failure leaves the page exactly as it was.
(function startRadar(root) {
  'use strict';

  if (root.radarContent) return; // injected again by "Check this page": already running

  const POLL_MS = 1000; // cheap: one string comparison
  const SETTLE_MS = 1200; // after a URL change, let the new product render first
  let checkedUrl = null;
  let pending = null;

  async function ask(message) {
    const reply = await chrome.runtime.sendMessage(message);
    if (!reply || !reply.ok) throw new Error(reply ? reply.error : 'no reply');
    return reply.value;
  }

  function bannerActions(model) {
    return {
      report: () => ask({ what: 'openPopupPage', section: 'report' }).catch(() => {}),
      details: () => ask({ what: 'openPopupPage', section: 'details' }).catch(() => {}),
      dismiss: () => model.dismissKey
        && ask({ what: 'dismissSeller', key: model.dismissKey }).catch(() => {}),
    };
  }

  /** Check the current URL (again when force is set); resolves when the banner is drawn. */
  async function check(force) {
    const url = location.href;
    if (url === checkedUrl && !force) return;
    checkedUrl = url;
    try {
      const state = await ask({ what: 'getPageState', url });
      // The shopper moved on while we asked: the poller checks the new page; never send it
      // under the verdict for this one.
      if (location.href !== url) return;
      if (!state.check) {
        root.radarBanner.remove(document);
        return;
      }
      const page = root.radarSnapshot.describePage(document, state);
      const model = await ask({ what: 'checkPage', ...page });
      if (location.href !== url) return; // the shopper moved on meanwhile
      if (model.show) root.radarBanner.show(document, model, bannerActions(model));
      else root.radarBanner.remove(document);
    } catch {
      // The worker failed, or the extension was updated or removed (this script is then an
      // orphan that can no longer reach it): leave the page alone, and stop watching.
      if (!chrome.runtime || !chrome.runtime.id) clearInterval(poller);
    }
  }

  function onUrlMaybeChanged() {
    if (location.href === checkedUrl || pending) return;
    root.radarBanner.remove(document); // the warning was about the previous product
    pending = setTimeout(() => {
      pending = null;
      check(false);
    }, SETTLE_MS);
  }

  root.radarContent = Object.freeze({ check });
  addEventListener('popstate', onUrlMaybeChanged);
  const poller = setInterval(onUrlMaybeChanged, POLL_MS);
  check(false);
}(globalThis));
