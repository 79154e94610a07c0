// Addresses the extension deals with: web pages only (http and https).

/** value parsed as a URL if it is an http(s) address, else null (never throws). */
export function webUrl(value) {
  if (typeof value !== 'string' && !(value instanceof URL)) return null;
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
  } catch {
    return null;
  }
}
