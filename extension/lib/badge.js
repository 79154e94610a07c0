// What the toolbar badge shows for a tab: one look per verdict, and one for "could not check".

const LOOKS = Object.freeze({
  counterfeit: { text: '!!', color: '#B00020', titleKey: 'badgeCounterfeit' },
  suspicious: { text: '!', color: '#B35C00', titleKey: 'badgeSuspicious' },
  authorized: { text: 'OK', color: '#1B7F3B', titleKey: 'badgeAuthorized' },
  unknown: { text: '?', color: '#5F6368', titleKey: 'badgeUnknown' },
  offline: { text: 'off', color: '#3C4043', titleKey: 'badgeOffline' },
  none: { text: '', color: '#5F6368', titleKey: 'actionTitle' },
});

/** {text, color, titleKey} for a tab state ({status, result}). */
export function badgeFor(state) {
  if (!state) return LOOKS.none;
  if (state.status === 'offline' || state.status === 'error') return LOOKS.offline;
  if (state.status === 'checked' && state.result) {
    return LOOKS[state.result.verdict] || LOOKS.unknown;
  }
  return LOOKS.none;
}
