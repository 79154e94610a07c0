// The first-run page, opened when the extension is installed: the shopper chooses private
// (preselected) or full check. Until they confirm, the worker sends nothing but the public
// list downloads (lib/config.js mayAskBackend).
import * as browser from './lib/browser.js';
import { Messages } from './lib/messages.js';
import { localize } from './lib/page-i18n.js';
import { chosenMode, modeChoice } from './lib/mode-choice.js';
import { showSiteAccess } from './lib/site-access.js';

const $ = (id) => document.getElementById(id);

async function start() {
  localize(document, browser.t);
  const settings = await browser.sendMessage({ what: Messages.getSettings });
  // A shopper who already chose sees their choice; everyone else sees private preselected.
  const fieldset = modeChoice(document, browser.t, { selected: settings.modeChosen ? settings.mode : 'private' });
  $('mode-choice').replaceChildren(fieldset);
  $('mode-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await browser.sendMessage({ what: Messages.saveSettings,
        settings: { mode: chosenMode(fieldset) } });
      document.body.dataset.mode = saved.mode;
      $('mode-status').textContent = browser.t('firstRunSaved');
    } catch (error) {
      $('mode-status').textContent = error.message;
    }
  });
  await showSiteAccess(document, browser);
  document.body.dataset.ready = 'true';
}

start();
