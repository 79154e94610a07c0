// Every top-level navigation, on any site and in both modes: the registered domain is looked
// up in the local prefix set (worker/lookups.js; GET /hashes only on a prefix hit) and the
// site rules (lookalike, official site, notorious market) run on the URL. A stand-alone shop
// that is listed or a lookalike gets the content scripts and so the banner; for any other
// site nothing is sent anywhere. Marketplaces are left to their own content scripts.
import * as browser from '../lib/browser.js';
import { marketplaceForHost } from '../lib/marketplaces.js';
import { WARNING_VERDICTS } from '../lib/banner-model.js';
import { mayAskBackend } from '../lib/config.js';
import { webUrl } from '../lib/urls.js';
import { privateCheck } from './private-check.js';
import * as state from './state.js';

// The last navigation checked per tab, so a page's "loading" and "complete" events cost one
// check (kept in memory only: a restarted worker checks once more, which is harmless).
const lastChecked = new Map();

/**
 * Check the site a tab navigated to; returns the private answer (null when not checked).
 * complete: the page has loaded, so the content scripts can go into it.
 */
export async function checkNavigation(tabId, url, { complete = false, check = privateCheck } = {}) {
  const parsed = webUrl(url);
  // Marketplaces are their content scripts' business. A flag left from a shop before cannot
  // match a marketplace's domain, so it is not worth a storage write on every such page.
  if (!parsed || marketplaceForHost(parsed.hostname)) return null;
  let answer = lastChecked.get(tabId)?.url === url ? lastChecked.get(tabId).answer : null;
  if (!answer) {
    const settings = await state.getSettings();
    answer = await check({ url }, { askList: mayAskBackend(settings) });
    lastChecked.set(tabId, { url, answer });
  }
  if (!WARNING_VERDICTS.includes(answer.verdict)) {
    await state.setFlaggedDomain(tabId, null);
    return answer;
  }
  await state.setFlaggedDomain(tabId, answer.page.domain);
  // The badge at once; the content script's check (with the page's facts) replaces it, and
  // is not replaced by it when it came first.
  await state.updateTabState(tabId, (tabState) => (tabState && state.samePage(tabState.url, url)
    ? undefined : { url, status: 'checked', result: answer, checkedAt: Date.now() }));
  if (complete) {
    try {
      await browser.injectContentScripts(tabId);
    } catch {
      // The tab went elsewhere or closed meanwhile; its next navigation is checked anew.
    }
  }
  return answer;
}

/** Forget a closed tab. */
export function forgetTab(tabId) {
  lastChecked.delete(tabId);
}
