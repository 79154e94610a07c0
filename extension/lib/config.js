// The one place for the extension's defaults. The API base is the address the README's
// serve command listens on; shoppers can change it on the options page.

export const DEFAULT_API_BASE = 'http://127.0.0.1:5000';

/** Settings a shopper can change, with their defaults. */
export const DEFAULT_SETTINGS = Object.freeze({
  apiBase: DEFAULT_API_BASE,
  sendSnapshots: true,
});

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

/** Stored settings merged over the defaults, ignoring unknown or malformed values. */
export function mergeSettings(stored) {
  const settings = { ...DEFAULT_SETTINGS };
  if (stored && typeof stored === 'object') {
    try {
      if (stored.apiBase) settings.apiBase = normalizeApiBase(stored.apiBase);
    } catch {
      // A broken stored address falls back to the default rather than breaking every check.
    }
    if (typeof stored.sendSnapshots === 'boolean') settings.sendSnapshots = stored.sendSnapshots;
  }
  return settings;
}
