// What the toolbar badge shows for a tab: one look per verdict, one for "cannot reach the
// service" and one for "the service answered with an error" (4xx/5xx, e.g. 429 too many requests).

const LOOKS = Object.freeze({
  counterfeit: { text: '!!', color: '#B00020', titleKey: 'badgeCounterfeit' },
  suspicious: { text: '!', color: '#B35C00', titleKey: 'badgeSuspicious' },
  authorized: { text: 'OK', color: '#1B7F3B', titleKey: 'badgeAuthorized' },
  unknown: { text: '?', color: '#5F6368', titleKey: 'badgeUnknown' },
  offline: { text: 'off', color: '#3C4043', titleKey: 'badgeOffline' },
  error: { text: 'err', color: '#6A1B9A', titleKey: 'badgeError' },
  none: { text: '', color: '#5F6368', titleKey: 'actionTitle' },
});

/** {text, color, titleKey, titleArgs?} for a tab state ({status, result, httpStatus}). */
export function badgeFor(state) {
  if (!state) return LOOKS.none;
  if (state.status === 'offline') return LOOKS.offline;
  if (state.status === 'error') {
    return { ...LOOKS.error, titleArgs: [String(state.httpStatus ?? '?')] };
  }
  if (state.status === 'checked' && state.result) {
    return LOOKS[state.result.verdict] || LOOKS.unknown;
  }
  return LOOKS.none;
}
