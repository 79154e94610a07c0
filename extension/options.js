// The options page: API address, page snapshots on or off, clear cached answers.
import * as browser from './lib/browser.js';
import { Messages } from './lib/messages.js';
import { localize } from './lib/page-i18n.js';
import { normalizeApiBase } from './lib/config.js';

const $ = (id) => document.getElementById(id);

function say(text) {
  $('options-status').textContent = text;
}

async function save(event) {
  event.preventDefault();
  try {
    const apiBase = normalizeApiBase($('api-base').value, browser.t);
    // Addresses beyond 127.0.0.1/localhost need the shopper's permission (asked on click).
    if (!(await browser.requestOrigin(new URL(apiBase).origin))) {
      say(browser.t('optionsPermissionDenied'));
      return;
    }
    const settings = await browser.sendMessage({ what: Messages.saveSettings,
      settings: { apiBase, sendSnapshots: $('send-snapshots').checked } });
    $('api-base').value = settings.apiBase;
    say(browser.t('optionsSaved'));
  } catch (error) {
    say(error.message);
  }
}

async function start() {
  localize(document, browser.t);
  const settings = await browser.sendMessage({ what: Messages.getSettings });
  $('api-base').value = settings.apiBase;
  $('send-snapshots').checked = settings.sendSnapshots;
  $('options-form').addEventListener('submit', save);
  $('clear-cache').addEventListener('click', async () => {
    await browser.sendMessage({ what: Messages.clearCache });
    say(browser.t('optionsCacheCleared'));
  });
  document.body.dataset.ready = 'true';
}

start();
