// The service worker: owns every network call and all storage. It only wires feature
// modules to the one message router.
import { extensionSelf, onMessage } from './lib/browser.js';
import { createRouter } from './lib/router.js';
import * as lookups from './worker/lookups.js';
import * as pages from './worker/pages.js';
import * as reports from './worker/reports.js';
import * as settings from './worker/settings.js';
import { senderPolicy } from './worker/senders.js';

onMessage(createRouter({ ...pages.handlers, ...reports.handlers, ...settings.handlers },
  senderPolicy(extensionSelf())));
settings.start(); // the first-run page on install
pages.start();
lookups.start(); // the local prefix set: loaded, then refreshed with diffs
