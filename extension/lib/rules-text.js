// Text the way the backend reads it (backend/text.py, matching/patterns.py), from the rule
// file's `text` tables: match_form (NFKC, Unicode casefold, accents dropped), the spaces a
// title's rules see as " ", Python's strip(), and Python-style number formatting.

/** Helpers over one rule file's text tables. */
export function createText(tables) {
  const casefold = new Map(Object.entries(tables.casefold));
  const combining = tables.combining; // sorted [low, high] code point ranges
  const spaces = new Set(Array.from(tables.spaces));
  const whitespace = new Set(Array.from(tables.whitespace));
  const forms = new Map();

  function isCombining(code) {
    let low = 0;
    let high = combining.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (code < combining[middle][0]) high = middle - 1;
      else if (code > combining[middle][1]) low = middle + 1;
      else return true;
    }
    return false;
  }

  /** text.match_form: compatibility-folded, case-folded, accents removed. */
  function matchForm(text) {
    let found = forms.get(text);
    if (found !== undefined) return found;
    let folded = '';
    for (const character of text.normalize('NFKC')) {
      folded += casefold.get(character) ?? character.toLowerCase();
    }
    found = '';
    for (const character of folded.normalize('NFKD')) {
      if (!isCombining(character.codePointAt(0))) found += character;
    }
    if (forms.size >= 4096) forms.clear();
    forms.set(text, found);
    return found;
  }

  /** patterns.SPACES: whitespace RE2 does not know, as " " (one for one). */
  function translateSpaces(text) {
    let result = '';
    for (const character of text) result += spaces.has(character) ? ' ' : character;
    return result;
  }

  /** Python's str.strip(). */
  function strip(text) {
    const characters = Array.from(text);
    let start = 0;
    let end = characters.length;
    while (start < end && whitespace.has(characters[start])) start += 1;
    while (end > start && whitespace.has(characters[end - 1])) end -= 1;
    return characters.slice(start, end).join('');
  }

  return { matchForm, translateSpaces, strip };
}

/** Python's f"{value:,.{decimals}f}": rounded half to even on the exact value, with commas. */
export function formatNumber(value, decimals) {
  const exact = Math.abs(value).toFixed(Math.min(100, decimals + 40));
  const point = exact.indexOf('.');
  let digits = exact.slice(0, point) + exact.slice(point + 1, point + 1 + decimals);
  const rest = exact.slice(point + 1 + decimals);
  const up = rest[0] > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1))
    || Number(digits[digits.length - 1]) % 2 === 1));
  if (up) {
    const next = [...digits];
    let i = next.length - 1;
    while (i >= 0 && next[i] === '9') next[i--] = '0';
    if (i >= 0) next[i] = String(Number(next[i]) + 1);
    else next.unshift('1');
    digits = next.join('');
  }
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+$)/g, ',') || '0';
  const fraction = decimals ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${value < 0 || Object.is(value, -0) ? '-' : ''}${whole}${fraction}`;
}
