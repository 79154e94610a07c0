// Answers of the backend, per page, for a few minutes and for one list version: when the
// backend reports a newer list, every older answer is dropped.
import { CACHE_MAX_ENTRIES, CACHE_TTL_MS } from './config.js';

/** The cache key of a page: its URL without the fragment. */
export function cacheKey(url) {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return String(url);
  }
}

export class AnswerCache {
  constructor({ ttlMs = CACHE_TTL_MS, maxEntries = CACHE_MAX_ENTRIES, listVersion = null,
    entries = [] } = {}) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.listVersion = listVersion;
    this.entries = new Map(entries);
  }

  /** The answer stored for url, unless it expired or belongs to an older list. */
  get(url, now = Date.now()) {
    const key = cacheKey(url);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt >= this.ttlMs || entry.listVersion !== this.listVersion) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.answer;
  }

  /** Store an answer; a newer list_version in it empties the cache first. */
  set(url, answer, now = Date.now()) {
    const version = answer && Number.isInteger(answer.list_version) ? answer.list_version : null;
    if (version !== null && (this.listVersion === null || version > this.listVersion)) {
      this.entries.clear();
      this.listVersion = version;
    }
    const key = cacheKey(url);
    this.entries.delete(key); // re-insert so Map order is oldest-first
    this.entries.set(key, { answer, storedAt: now, listVersion: version ?? this.listVersion });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value);
    }
  }

  clear() {
    this.entries.clear();
    this.listVersion = null;
  }

  /** A plain object for storage; AnswerCache.fromJSON reads it back. */
  toJSON() {
    return { listVersion: this.listVersion, entries: [...this.entries] };
  }

  static fromJSON(data, options = {}) {
    if (!data || !Array.isArray(data.entries)) return new AnswerCache(options);
    return new AnswerCache({ ...options, listVersion: data.listVersion ?? null,
      entries: data.entries });
  }
}
