// One router for every message the service worker receives; an unknown type is a bug, and
// a type its sender may not send (permit, worker/senders.js) is refused before any handler.
import { Messages } from './messages.js';

/** Raised for a message whose `what` no handler serves. */
export class UnknownMessageError extends Error {
  constructor(what) {
    super(`Unknown message type: ${JSON.stringify(what)}`);
    this.name = 'UnknownMessageError';
  }
}

/** Raised for a known message from a sender that may not send it. */
export class RefusedMessageError extends Error {
  constructor(what, from) {
    super(`Refused: a ${from} may not send ${what}`);
    this.name = 'RefusedMessageError';
  }
}

const KNOWN = new Set(Object.values(Messages));

/**
 * A function (message, sender) → Promise that calls handlers[message.what] when
 * permit(what, sender) → {allowed, from} allows it. Unknown and refused messages throw and
 * are logged by type and kind of sender only: never the message or the sender's page.
 */
export function createRouter(handlers, permit, log = console.warn) {
  for (const what of Object.keys(handlers)) {
    if (!KNOWN.has(what)) throw new UnknownMessageError(what);
  }
  if (typeof permit !== 'function') throw new TypeError('createRouter needs permit(what, sender)');
  return async function route(message, sender) {
    const what = message && typeof message === 'object' ? message.what : undefined;
    if (typeof what !== 'string' || !Object.hasOwn(handlers, what)) {
      log('Counterfeit Radar: refused a message of unknown type');
      throw new UnknownMessageError(what);
    }
    const { allowed, from } = permit(what, sender);
    if (!allowed) {
      log(`Counterfeit Radar: refused ${what} from a ${from}`);
      throw new RefusedMessageError(what, from);
    }
    return handlers[what](message, sender);
  };
}
