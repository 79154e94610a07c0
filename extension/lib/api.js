// The backend's HTTP API v1 (shared/spec/api-v1.md). Only the service worker uses it.
import { REQUEST_TIMEOUT_MS } from './config.js';

/** The backend answered with an error body ({"error": {"code", "message"}}). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The backend could not be reached (network error or timeout). */
export class UnreachableError extends Error {
  constructor(cause, t = untranslated) {
    super(t('errorUnreachable', [String(cause?.message || cause)]));
    this.name = 'UnreachableError';
  }
}

/** Message names as the text when no t() is given (tests of the pure logic). */
function untranslated(key, substitutions = []) {
  return [key, ...[].concat(substitutions)].join(' ');
}

/**
 * An API client for the base URL given by getBase(); t(key, substitutions) words our own error
 * messages (_locales), fetchImpl is injectable for tests.
 */
export function createApi({ getBase, t = untranslated, fetchImpl = (...args) => fetch(...args),
  timeoutMs = REQUEST_TIMEOUT_MS }) {
  /** The fetch Response for a request, or UnreachableError when there is none. */
  async function send(method, path, { body, headers = {}, cache } = {}) {
    const base = await getBase();
    try {
      return await fetchImpl(`${base}/api/v1${path}`, {
        method,
        headers: { Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        credentials: 'omit',
        ...(cache ? { cache } : {}),
      });
    } catch (error) {
      throw new UnreachableError(error, t);
    }
  }

  /** The response's JSON body, or ApiError with the contract's error code and message. */
  async function bodyOf(response) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const error = data && data.error ? data.error : {};
      throw new ApiError(response.status, error.code || 'http_error',
        error.message || t('errorHttp', [String(response.status)]));
    }
    return data;
  }

  async function call(method, path, options) {
    return bodyOf(await send(method, path, options));
  }

  /** GET with If-None-Match: {notModified: true, etag} on 304, else {data, etag}. */
  async function conditionalGet(path, etag) {
    const response = await send('GET', path, {
      headers: etag ? { 'If-None-Match': etag } : {},
      cache: 'no-store', // we keep the set ourselves (storage.local) and revalidate by ETag
    });
    const newEtag = response.headers?.get?.('ETag') ?? null;
    if (response.status === 304) return { notModified: true, etag: newEtag ?? etag };
    return { data: await bodyOf(response), etag: newEtag };
  }

  return {
    health: () => call('GET', '/health'),
    // Private lookups (contract): the prefix set or its diff since a version, and the full
    // hashes under one 8-hex prefix.
    prefixes: (since, etag) => conditionalGet(
      since === null || since === undefined ? '/prefixes' : `/prefixes?since=${Number(since)}`, etag),
    hashes: (prefixHex) => call('GET', `/hashes/${encodeURIComponent(prefixHex)}`),
    // The compiled page-content rules of private mode (worker/rulefile.js keeps them).
    ruleFile: (etag) => conditionalGet('/rulefile', etag),
    check: (request) => call('POST', '/check', { body: request }),
    sendReport: (report, installId) => call('POST', '/reports', {
      body: report, headers: installId ? { 'X-Install-Id': installId } : {},
    }),
    getReport: (id) => call('GET', `/reports/${encodeURIComponent(id)}`),
  };
}
