// One router for every message the service worker receives; an unknown type is a bug.
import { Messages } from './messages.js';

/** Raised for a message whose `what` no handler serves. */
export class UnknownMessageError extends Error {
  constructor(what) {
    super(`Unknown message type: ${JSON.stringify(what)}`);
    this.name = 'UnknownMessageError';
  }
}

const KNOWN = new Set(Object.values(Messages));

/** A function (message, sender) → Promise that calls handlers[message.what]. */
export function createRouter(handlers) {
  for (const what of Object.keys(handlers)) {
    if (!KNOWN.has(what)) throw new UnknownMessageError(what);
  }
  return async function route(message, sender) {
    const what = message && typeof message === 'object' ? message.what : undefined;
    if (typeof what !== 'string' || !Object.hasOwn(handlers, what)) {
      throw new UnknownMessageError(what);
    }
    return handlers[what](message, sender);
  };
}
