// Private lookups (contract "Private lookups", docs/extension.md): the list's prefix set kept in
// storage.local and refreshed lazily with ?since=V diffs; a page's keys are hashed and looked
// up here, and only a key whose 4-byte prefix is in the set makes us ask GET /hashes/<prefix>.
// Nothing about any other key leaves the browser. No alarms: a refresh happens when the worker
// starts and when a lookup finds the set older than REFRESH_MS, never more often than the
// backoff allows after a failure.
import { keyHash } from '../lib/keys.js';
import { PrefixSet, PrefixSetError } from '../lib/prefixset.js';
import * as state from './state.js';

/** How old the set may be before a lookup refreshes it (in the background). */
export const REFRESH_MS = 30 * 60 * 1000;
/** First wait after a failed refresh; it doubles per failure up to BACKOFF_MAX_MS, jittered. */
export const BACKOFF_BASE_MS = 60 * 1000;
export const BACKOFF_MAX_MS = 6 * 60 * 60 * 1000;
/** Longest a /hashes answer is kept, whatever cache_seconds a server asks for. */
export const MAX_HASH_CACHE_SECONDS = 3600;
const HASH_CACHE_ENTRIES = 256;

const SET_KEY = 'lookupSet'; // storage.local: {base, version, sha256, count, prefixes}
const STATUS_KEY = 'lookupStatus'; // storage.local: small, written on every refresh
const HASHES_KEY = 'lookupHashes'; // storage.session: /hashes answers until they expire

/** There is no prefix set yet (first run, and the download failed): nothing can be looked up. */
export class LookupUnavailableError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LookupUnavailableError';
  }
}

const EMPTY_STATUS = Object.freeze({ base: null, refreshedAt: null, lastError: null, failures: 0,
  nextTryAt: 0, etag: null, etagSince: null });

/**
 * Lookups against one API: api {prefixes(since, etag), hashes(prefixHex)} (lib/api.js),
 * getBase() → the API address (a new address drops the set), storage {get(area, key),
 * set(area, key, value), remove(area, key)}; now and random are injectable for tests.
 */
export function createLookups({ api, getBase, storage, now = Date.now, random = Math.random,
  refreshMs = REFRESH_MS, backoffBaseMs = BACKOFF_BASE_MS, backoffMaxMs = BACKOFF_MAX_MS }) {
  let current = null; // PrefixSet
  let status = { ...EMPTY_STATUS };
  let loadedBase; // the API address the set belongs to
  let loading = null;
  let refreshing = null;
  let hashCache = null; // Map prefixHex → {matches, expiresAt}

  /** The stored set and status, once per worker life and again when the API address changes. */
  async function load() {
    const base = await getBase();
    if (loadedBase !== base || !loading) {
      loadedBase = base;
      loading = loadFrom(base).catch((error) => {
        loading = null;
        throw error;
      });
    }
    await loading;
  }

  async function loadFrom(base) {
    current = null;
    hashCache = new Map();
    const storedStatus = await storage.get('local', STATUS_KEY);
    status = storedStatus && storedStatus.base === base ? { ...EMPTY_STATUS, ...storedStatus }
      : { ...EMPTY_STATUS, base };
    const stored = await storage.get('local', SET_KEY);
    if (stored && stored.base === base) {
      try {
        current = await PrefixSet.fromJSON(stored);
      } catch {
        current = null; // a damaged copy: download the set again
      }
    }
    if (!current) status = { ...status, refreshedAt: null, etag: null, etagSince: null };
    const cached = await storage.get('session', HASHES_KEY);
    if (cached && cached.base === base && cached.version === current?.version) {
      hashCache = new Map(cached.entries);
    }
  }

  async function saveStatus() {
    await storage.set('local', STATUS_KEY, status);
  }

  /** One refresh: a diff since our version (or the full set), verified; keeps the old set on failure. */
  async function refreshNow() {
    const since = current ? current.version : null;
    const etag = status.etagSince === since ? status.etag : null;
    try {
      let answer = await api.prefixes(since, etag);
      let next = current;
      let answeredSince = since;
      if (!answer.notModified) {
        const body = answer.data;
        if (body && typeof body === 'object' && 'prefixes' in body) {
          next = await PrefixSet.fromFull(body);
        } else if (current) {
          try {
            next = await current.applyDiff(body);
          } catch (error) {
            if (!(error instanceof PrefixSetError)) throw error;
            // A diff that does not give the server's set: start again from the full set.
            answer = await api.prefixes(null, null);
            answeredSince = null;
            next = await PrefixSet.fromFull(answer.data);
          }
        } else {
          throw new PrefixSetError('not a prefix set');
        }
      }
      if (next !== current) {
        await storage.set('local', SET_KEY, { base: loadedBase, ...next.toJSON() });
        if (next.version !== current?.version || next.sha256 !== current?.sha256) await forgetHashes();
        current = next;
      }
      status = { ...status, refreshedAt: now(), lastError: null, failures: 0, nextTryAt: 0,
        etag: answer.etag ?? null, etagSince: answeredSince };
    } catch (error) {
      const failures = status.failures + 1;
      const delay = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (failures - 1));
      status = { ...status, failures, lastError: String(error?.message || error),
        nextTryAt: now() + delay / 2 + random() * (delay / 2) };
    }
    await saveStatus();
  }

  /** Refresh when the set is missing or stale and no backoff holds; one refresh at a time. */
  function refreshIfDue() {
    if (refreshing) return refreshing;
    const stale = !current || status.refreshedAt === null || now() - status.refreshedAt >= refreshMs;
    if (!stale || now() < status.nextTryAt) return Promise.resolve();
    refreshing = refreshNow().finally(() => { refreshing = null; });
    return refreshing;
  }

  async function forgetHashes() {
    hashCache = new Map();
    await storage.remove('session', HASHES_KEY);
  }

  /** The matches the server lists under one prefix: from the cache while it is fresh. */
  async function hashesFor(prefixHex) {
    const cached = hashCache.get(prefixHex);
    if (cached && cached.expiresAt > now()) return cached.matches;
    const body = await api.hashes(prefixHex);
    const matches = (Array.isArray(body?.matches) ? body.matches : []).filter((match) =>
      match && typeof match.hash === 'string' && /^[0-9a-f]{64}$/.test(match.hash)
      && match.hash.startsWith(prefixHex));
    const seconds = Number.isFinite(body?.cache_seconds)
      ? Math.min(Math.max(body.cache_seconds, 0), MAX_HASH_CACHE_SECONDS) : 0;
    hashCache.delete(prefixHex);
    hashCache.set(prefixHex, { matches, expiresAt: now() + seconds * 1000 });
    while (hashCache.size > HASH_CACHE_ENTRIES) hashCache.delete(hashCache.keys().next().value);
    await storage.set('session', HASHES_KEY, { base: loadedBase, version: current.version,
      entries: [...hashCache] });
    return matches;
  }

  /**
   * The listed entries among keys (lib/keys.js pageKeys().keys): [{key, hash, kind,
   * marketplace, status, reasons}]. Keys are checked against the local set; GET /hashes is
   * asked only for prefixes in it. Throws LookupUnavailableError while there is no set.
   */
  async function listedMatches(keys) {
    await load();
    if (!current) await refreshIfDue();
    else refreshIfDue().catch(() => {}); // a stale set answers now; the refresh runs alongside
    if (!current) throw new LookupUnavailableError(status.lastError || 'The list is not loaded yet.');
    const set = current;
    const hits = new Map(); // prefixHex → [{key, hash}]
    for (const key of new Set((keys || []).filter((item) => typeof item === 'string' && item))) {
      const hash = await keyHash(key);
      const prefixHex = hash.slice(0, 8);
      if (!set.has(Number.parseInt(prefixHex, 16))) continue;
      if (!hits.has(prefixHex)) hits.set(prefixHex, []);
      hits.get(prefixHex).push({ key, hash });
    }
    const found = [];
    for (const [prefixHex, wanted] of hits) {
      const matches = await hashesFor(prefixHex);
      for (const { key, hash } of wanted) {
        for (const match of matches.filter((item) => item.hash === hash)) {
          found.push({ key, hash, kind: match.kind, marketplace: match.marketplace ?? null,
            status: match.status, reasons: Array.isArray(match.reasons) ? match.reasons : [] });
        }
      }
    }
    return found;
  }

  /** For the popup and options: {version, count, refreshedAt, lastError} (nulls when no set). */
  async function lookupStatus() {
    await load();
    return { version: current?.version ?? null, count: current?.count ?? 0,
      refreshedAt: status.refreshedAt, lastError: status.lastError };
  }

  /** At worker start: load the stored set and refresh it if due (not awaited by the caller). */
  async function start() {
    try {
      await load();
      await refreshIfDue();
    } catch {
      // Never break the worker's start; the next lookup tries again.
    }
  }

  /** Resolves when no refresh is running (tests, and callers that want a fresh answer). */
  async function idle() {
    while (refreshing) await refreshing;
  }

  return { listedMatches, lookupStatus, start, idle };
}

const lookups = createLookups({ api: state.api, getBase: state.apiBase, storage: state.storage });

/** The listed entries among a page's keys (see createLookups). */
export const listedMatches = (keys) => lookups.listedMatches(keys);
/** {version, count, refreshedAt, lastError} of the local prefix set. */
export const lookupStatus = () => lookups.lookupStatus();
/** Load the set and refresh it if due; call once when the worker starts. */
export const start = () => lookups.start();
