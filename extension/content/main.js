// The content script: sends the service worker the page's facts (and, in Full check mode, the
// snapshot), draws the banner it answers with, and notices single-page navigation.
// Thin on purpose; any failure leaves the page exactly as it was.
//
// The scripts load at document_start (their start-up is then off the page's critical path) and
// the check runs at DOMContentLoaded, as soon as the page's HTML is parsed, so that a product
// page gets its verdict at once. The page's own scripts may still be filling the product in
// then, so once it has settled (loaded, or 200 ms after DOMContentLoaded, when document_idle
// scripts used to start) its facts are read again and, if they changed, it is checked again
// with them; a snapshot (Full check mode) is taken only after that settling, as before.
(function startRadar(root) {
  'use strict';

  if (root.radarContent) return; // injected again by "Check this page": already running

  const POLL_MS = 1000; // cheap: one string comparison
  const SETTLE_MS = 1200; // after a URL change, let the new product render first
  const IDLE_MS = 200; // Chromium starts document_idle scripts at load, or this long after DOMContentLoaded
  let checkedUrl = null;
  let pending = null;

  async function ask(message) {
    const reply = await chrome.runtime.sendMessage(message);
    if (!reply || !reply.ok) throw new Error(reply ? reply.error : 'no reply');
    return reply.value;
  }

  let settled = null; // made at DOMContentLoaded (or at once when injected into a parsed page)

  /** Resolves once the page has loaded, or IDLE_MS after now, whichever is first. */
  function settling() {
    return new Promise((resolve) => {
      if (document.readyState === 'complete') {
        resolve();
        return;
      }
      addEventListener('load', () => resolve(), { once: true });
      setTimeout(resolve, IDLE_MS);
    });
  }

  function bannerActions(model) {
    return {
      report: () => ask({ what: 'openPopupPage', section: 'report' }).catch(() => {}),
      details: () => ask({ what: 'openPopupPage', section: 'details' }).catch(() => {}),
      dismiss: () => model.dismissKey
        && ask({ what: 'dismissSeller', key: model.dismissKey }).catch(() => {}),
    };
  }

  function draw(model) {
    if (model.show) root.radarBanner.show(document, model, bannerActions(model));
    else root.radarBanner.remove(document);
  }

  const factsKey = (page) => JSON.stringify(page.facts) + page.title;

  /**
   * Check the current URL (again when force is set); resolves when the banner is drawn.
   * One message to the worker for a product page in private mode: checkPage with the page's
   * facts. The worker answers a banner model, or a page state ({check}) instead: not a page it
   * checks, or describe the page (again) as it says, with the snapshot in Full check mode.
   * Any other page asks getPageState first.
   */
  async function check(force) {
    const url = location.href;
    if (url === checkedUrl && !force) return;
    checkedUrl = url;
    const snapshot = root.radarSnapshot;
    try {
      // A page whose address names no product or seller is not read unless the worker says so.
      let sent = snapshot.namesItem(url) ? snapshot.describePage(document, { snapshot: false }) : null;
      let reply = await ask(sent ? { what: 'checkPage', ...sent } : { what: 'getPageState', url });
      // The shopper moved on while we asked: the poller checks the new page; never send it
      // under the verdict for this one.
      if (location.href !== url) return;
      if ('check' in reply) {
        if (!reply.check) {
          root.radarBanner.remove(document);
          return;
        }
        if (reply.snapshot) await settled; // the snapshot of the page as it settles, not half-built
        if (location.href !== url) return;
        sent = snapshot.describePage(document, reply);
        reply = await ask({ what: 'checkPage', ...sent });
        if (location.href !== url) return; // the shopper moved on meanwhile
      }
      draw(reply);
      if (sent.html !== undefined) return;
      // Checked from the facts the page showed early: once it has settled, check again if they changed.
      await settled;
      if (location.href !== url || checkedUrl !== url) return;
      const now = snapshot.describePage(document, { snapshot: false });
      if (factsKey(now) === factsKey(sent)) return;
      reply = await ask({ what: 'checkPage', ...now });
      if (location.href !== url || 'check' in reply) return;
      draw(reply);
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

  let poller = null;

  function start() {
    settled = settling();
    addEventListener('popstate', onUrlMaybeChanged);
    poller = setInterval(onUrlMaybeChanged, POLL_MS);
    check(false);
  }

  root.radarContent = Object.freeze({ check });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}(globalThis));
