// The one place for the extension's defaults. The API base is the address the README's
// serve command listens on; shoppers can change it on the options page.

export const DEFAULT_API_BASE = 'http://127.0.0.1:5000';

/**
 * The two modes (docs/privacy.md): 'private' checks pages in the browser against the list's
 * hash prefixes and the rule file; 'full' also sends marketplace product pages to POST /check.
 */
export const MODES = Object.freeze(['private', 'full']);

/**
 * Settings a shopper can change, with their defaults. modeChosen: the shopper confirmed a
 * mode (first-run page or options); until then nothing but the public list downloads is sent.
 */
export const DEFAULT_SETTINGS = Object.freeze({
  apiBase: DEFAULT_API_BASE,
  mode: 'private',
  modeChosen: false,
});

/** The plain-language privacy policy (docs/privacy.md), shipped inside the extension. */
export const PRIVACY_POLICY_PAGE = 'privacy.html';

/** How long a page's answer is reused before asking the backend again. */
export const CACHE_TTL_MS = 5 * 60 * 1000;
/** Most answers kept at once; the oldest go first. */
export const CACHE_MAX_ENTRIES = 200;
/** Largest page snapshot sent (UTF-8 bytes); the backend accepts up to 2 MB. */
export const SNAPSHOT_MAX_BYTES = 256 * 1024;
/** A check that takes longer than this counts as "backend unreachable". */
export const REQUEST_TIMEOUT_MS = 8000;

/**
 * A cleaned API base URL ("http(s)://host[:port][/path]" without trailing slash), or throws
 * an error worded by t(key, substitutions) from _locales.
 */
export function normalizeApiBase(value, t = (key) => key) {
  const text = String(value ?? '').trim();
  let parsed;
  try {
    parsed = new URL(text);
  } catch {
    throw new Error(t('errorNotUrl', [text]));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(t('errorApiScheme', [text]));
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.origin}${path}`;
}

/**
 * Stored settings merged over the defaults, ignoring unknown or malformed values.
 * Older installs stored `sendSnapshots` (default true) instead of a mode. true was the
 * default nobody had to choose, so it becomes private and the first-run choice is asked;
 * false was a shopper's choice to send less, which private mode honours without asking.
 */
export function mergeSettings(stored) {
  const settings = { ...DEFAULT_SETTINGS };
  if (stored && typeof stored === 'object') {
    try {
      if (stored.apiBase) settings.apiBase = normalizeApiBase(stored.apiBase);
    } catch {
      // A broken stored address falls back to the default rather than breaking every check.
    }
    if (MODES.includes(stored.mode)) {
      settings.mode = stored.mode;
      settings.modeChosen = stored.modeChosen === true;
    } else if (stored.sendSnapshots === false) {
      settings.modeChosen = true;
    }
  }
  return settings;
}

/** Whether checks may ask the backend anything beyond the public list downloads. */
export function mayAskBackend(settings) {
  return settings.modeChosen === true;
}

/** Whether marketplace product pages go to POST /check with a snapshot. */
export function isFullMode(settings) {
  return settings.modeChosen === true && settings.mode === 'full';
}
