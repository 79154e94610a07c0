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
  async function call(method, path, { body, headers = {} } = {}) {
    const base = await getBase();
    let response;
    try {
      response = await fetchImpl(`${base}/api/v1${path}`, {
        method,
        headers: { Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        credentials: 'omit',
      });
    } catch (error) {
      throw new UnreachableError(error, t);
    }
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

  return {
    health: () => call('GET', '/health'),
    check: (request) => call('POST', '/check', { body: request }),
    sendReport: (report, installId) => call('POST', '/reports', {
      body: report, headers: installId ? { 'X-Install-Id': installId } : {},
    }),
    getReport: (id) => call('GET', `/reports/${encodeURIComponent(id)}`),
  };
}
