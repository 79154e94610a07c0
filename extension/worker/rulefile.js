// The rule file of private mode (GET /api/v1/rulefile; lib/rules.js runs it), kept in
// storage.local and revalidated by ETag when it is older than REFRESH_MS or when the caller has
// seen a newer list version (a /check answer, the prefix set). A file that is malformed or too
// big is refused and the last good one kept; after a failure the next try waits (backoff).
// currentRuleFile() never throws: it answers the last good file, or null before the first.
import { RULE_FILE_LIMITS, compileRuleFile } from '../lib/rules.js';
import * as state from './state.js';

/** How old the file may be before it is revalidated (a 304 when the list has not changed). */
export const REFRESH_MS = 6 * 60 * 60 * 1000;
/** First wait after a failed download; doubles per failure up to BACKOFF_MAX_MS, jittered. */
export const BACKOFF_BASE_MS = 60 * 1000;
export const BACKOFF_MAX_MS = 6 * 60 * 60 * 1000;

const FILE_KEY = 'ruleFile'; // storage.local: {base, etag, fetchedAt, file}
const STATUS_KEY = 'ruleFileStatus'; // storage.local: {base, failures, nextTryAt, lastError}

/** A rule file is usable: valid shape and sizes, and it compiles; throws otherwise. */
export function checkRuleFile(file, limits = RULE_FILE_LIMITS) {
  const size = JSON.stringify(file ?? null).length;
  if (size > limits.maxBytes) throw new Error(`The rule file is too big (${size} characters).`);
  compileRuleFile(file, limits);
  return file;
}

/**
 * The rule file of one API: api {ruleFile(etag)} (lib/api.js), getBase() → the API address
 * (a new address drops the file), storage {get(area, key), set(area, key, value)}; now and
 * random are injectable for tests.
 */
export function createRuleFiles({ api, getBase, storage, now = Date.now, random = Math.random,
  refreshMs = REFRESH_MS, backoffBaseMs = BACKOFF_BASE_MS, backoffMaxMs = BACKOFF_MAX_MS }) {
  let stored = null; // {base, etag, fetchedAt, file}
  let status = null; // {base, failures, nextTryAt, lastError}
  let loadedBase;
  let refreshing = null;

  async function load() {
    const base = await getBase();
    if (loadedBase === base) return;
    loadedBase = base;
    const file = await storage.get('local', FILE_KEY);
    stored = null;
    if (file && file.base === base) {
      try {
        stored = { ...file, file: checkRuleFile(file.file) };
      } catch {
        stored = null; // a damaged copy: download it again
      }
    }
    const saved = await storage.get('local', STATUS_KEY);
    status = saved && saved.base === base ? saved
      : { base, failures: 0, nextTryAt: 0, lastError: null };
  }

  async function refreshNow(base) {
    try {
      const answer = await api.ruleFile(stored?.etag ?? null);
      if (loadedBase !== base) return; // the address changed meanwhile: this answer is not its
      if (answer.notModified && stored) {
        stored = { ...stored, etag: answer.etag ?? stored.etag, fetchedAt: now() };
      } else {
        stored = { base, etag: answer.etag ?? null, fetchedAt: now(), file: checkRuleFile(answer.data) };
      }
      await storage.set('local', FILE_KEY, stored);
      status = { base, failures: 0, nextTryAt: 0, lastError: null };
    } catch (error) {
      const failures = (status?.failures ?? 0) + 1;
      const delay = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (failures - 1));
      status = { base, failures, nextTryAt: now() + delay / 2 + random() * (delay / 2),
        lastError: String(error?.message || error) };
    }
    await storage.set('local', STATUS_KEY, status);
  }

  function isDue(listVersion) {
    if (now() < status.nextTryAt) return false;
    if (!stored) return true;
    const newer = Number.isInteger(listVersion) && listVersion > stored.file.list_version;
    return newer || now() - stored.fetchedAt >= refreshMs;
  }

  /**
   * The rule file to evaluate pages with, or null when there has never been one. listVersion:
   * the newest list version the caller has seen; a file older than it is revalidated first.
   */
  async function currentRuleFile({ listVersion } = {}) {
    try {
      await load();
      if (isDue(listVersion)) {
        refreshing ??= refreshNow(loadedBase).finally(() => { refreshing = null; });
        await refreshing;
      }
      return stored?.file ?? null;
    } catch {
      return stored?.file ?? null;
    }
  }

  /** For the popup and options: {listVersion, fetchedAt, lastError}. */
  async function ruleFileStatus() {
    try {
      await load();
    } catch {
      // the status below says what we know
    }
    return { listVersion: stored?.file?.list_version ?? null, fetchedAt: stored?.fetchedAt ?? null,
      lastError: status?.lastError ?? null };
  }

  return { currentRuleFile, ruleFileStatus };
}

const ruleFiles = createRuleFiles({ api: state.api, getBase: state.apiBase, storage: state.storage });

/** The rule file to evaluate pages with (lib/rules.js evaluate), or null; never throws. */
export const currentRuleFile = (options) => ruleFiles.currentRuleFile(options);
/** {listVersion, fetchedAt, lastError} of the stored rule file. */
export const ruleFileStatus = () => ruleFiles.ruleFileStatus();
