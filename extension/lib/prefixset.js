// The list's key prefixes held in the browser (contract "Private lookups"): a sorted
// Uint32Array of the first 4 bytes (big-endian) of each listed key's SHA-256. A page's keys
// are looked up here, so nothing about a page whose prefixes are not in it leaves the browser.
// 1 M prefixes take 4 MB; a lookup is a binary search (bench/bench_extension_prefixes.mjs).

export const PREFIX_BYTES = 4;
/** Most prefixes accepted from a server (64 MB): a hostile one cannot make us allocate more. */
export const MAX_PREFIXES = 1 << 24;

/** A set, diff or stored copy that is malformed or does not match its checksum. */
export class PrefixSetError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PrefixSetError';
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTET = new Int16Array(128).fill(-1);
for (let index = 0; index < ALPHABET.length; index += 1) SEXTET[ALPHABET.charCodeAt(index)] = index;

/** Standard padded base64 as bytes; throws PrefixSetError on anything else. */
export function base64ToBytes(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0) throw new PrefixSetError('not base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let at = 0; at < text.length; at += 4) {
    const last = at + 4 === text.length;
    const a = sextet(text, at);
    const b = sextet(text, at + 1);
    const c = last && padding === 2 ? 0 : sextet(text, at + 2);
    const d = last && padding >= 1 ? 0 : sextet(text, at + 3);
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = triple >>> 16;
    if (out < bytes.length) bytes[out++] = (triple >>> 8) & 0xff;
    if (out < bytes.length) bytes[out++] = triple & 0xff;
  }
  return bytes;
}

function sextet(text, at) {
  const code = text.charCodeAt(at);
  const value = code < 128 ? SEXTET[code] : -1;
  if (value < 0) throw new PrefixSetError('not base64');
  return value;
}

/** Bytes as standard padded base64. */
export function bytesToBase64(bytes) {
  const parts = [];
  const CHUNK = 0x8000; // String.fromCharCode takes a bounded number of arguments
  for (let at = 0; at < bytes.length; at += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(at, at + CHUNK)));
  }
  return btoa(parts.join(''));
}

/** Base64 of 4-byte big-endian prefixes as a sorted Uint32Array without repeats. */
export function decodePrefixes(text) {
  const bytes = base64ToBytes(text);
  if (bytes.length % PREFIX_BYTES !== 0) throw new PrefixSetError('not whole 4-byte prefixes');
  if (bytes.length / PREFIX_BYTES > MAX_PREFIXES) throw new PrefixSetError('too many prefixes');
  const prefixes = new Uint32Array(bytes.length / PREFIX_BYTES);
  let sorted = true;
  for (let index = 0, at = 0; index < prefixes.length; index += 1, at += 4) {
    prefixes[index] = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
    if (index > 0 && prefixes[index] <= prefixes[index - 1]) sorted = false;
  }
  return sorted ? prefixes : unique(prefixes.sort());
}

function unique(sortedPrefixes) {
  let kept = 0;
  for (let index = 0; index < sortedPrefixes.length; index += 1) {
    if (index === 0 || sortedPrefixes[index] !== sortedPrefixes[kept - 1]) {
      sortedPrefixes[kept++] = sortedPrefixes[index];
    }
  }
  return sortedPrefixes.subarray(0, kept);
}

/** Prefixes as their 4-byte big-endian bytes, in order (what the checksum covers). */
export function prefixBytes(prefixes) {
  const bytes = new Uint8Array(prefixes.length * PREFIX_BYTES);
  for (let index = 0, at = 0; index < prefixes.length; index += 1, at += 4) {
    const value = prefixes[index];
    bytes[at] = value >>> 24;
    bytes[at + 1] = (value >>> 16) & 0xff;
    bytes[at + 2] = (value >>> 8) & 0xff;
    bytes[at + 3] = value & 0xff;
  }
  return bytes;
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** (old - removed) | added, all sorted without repeats; a new array (docs/privacy.md). */
export function mergeDiff(old, added, removed) {
  const merged = new Uint32Array(old.length + added.length);
  let size = 0;
  let i = 0;
  let j = 0;
  let r = 0;
  while (i < old.length || j < added.length) {
    let value;
    if (j >= added.length || (i < old.length && old[i] < added[j])) {
      value = old[i++];
      while (r < removed.length && removed[r] < value) r += 1;
      if (r < removed.length && removed[r] === value) continue;
    } else {
      value = added[j++];
    }
    if (size === 0 || merged[size - 1] !== value) merged[size++] = value;
  }
  return merged.slice(0, size);
}

function checkVersion(version) {
  if (!Number.isSafeInteger(version) || version < 0) throw new PrefixSetError('bad version');
  return version;
}

function checkDigest(sha256) {
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw new PrefixSetError('bad sha256');
  return sha256;
}

/** The prefix set at one list version: has() by binary search, diffs, storage. */
export class PrefixSet {
  constructor(prefixes, { version, sha256 }) {
    this.prefixes = prefixes;
    this.version = version;
    this.sha256 = sha256;
  }

  get count() {
    return this.prefixes.length;
  }

  /** Whether the set holds this prefix (an unsigned 32-bit integer). */
  has(prefix) {
    const prefixes = this.prefixes;
    let low = 0;
    let high = prefixes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = prefixes[middle];
      if (value < prefix) low = middle + 1;
      else if (value > prefix) high = middle - 1;
      else return true;
    }
    return false;
  }

  /** The set a full GET /prefixes body describes, its checksum verified; throws PrefixSetError. */
  static async fromFull(body) {
    if (!body || typeof body !== 'object' || body.prefix_bytes !== PREFIX_BYTES) {
      throw new PrefixSetError('not a prefix set');
    }
    const prefixes = decodePrefixes(body.prefixes);
    return PrefixSet.verified(prefixes, checkVersion(body.version), checkDigest(body.sha256));
  }

  /**
   * This set with a GET /prefixes?since=V diff applied as sets, checked against the diff's
   * sha256 (the full set's after it); throws PrefixSetError on a mismatch or a malformed diff.
   */
  async applyDiff(body) {
    if (!body || typeof body !== 'object' || body.since !== this.version) {
      throw new PrefixSetError('not a diff from this version');
    }
    const merged = mergeDiff(this.prefixes, decodePrefixes(body.added), decodePrefixes(body.removed));
    if (merged.length > MAX_PREFIXES) throw new PrefixSetError('too many prefixes');
    return PrefixSet.verified(merged, checkVersion(body.version), checkDigest(body.sha256));
  }

  static async verified(prefixes, version, sha256) {
    const actual = await sha256Hex(prefixBytes(prefixes));
    if (actual !== sha256) throw new PrefixSetError('the prefix set does not match its sha256');
    return new PrefixSet(prefixes, { version, sha256 });
  }

  /** A plain object for storage.local (base64 as the server sends it). */
  toJSON() {
    return { version: this.version, sha256: this.sha256, count: this.count,
      prefixes: bytesToBase64(prefixBytes(this.prefixes)) };
  }

  /** A stored copy read back, verified like a download; throws PrefixSetError. */
  static async fromJSON(data) {
    if (!data || typeof data !== 'object') throw new PrefixSetError('no stored set');
    return PrefixSet.verified(decodePrefixes(data.prefixes), checkVersion(data.version),
      checkDigest(data.sha256));
  }
}
