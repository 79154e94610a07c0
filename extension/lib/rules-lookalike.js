// Lookalike shop domains, as backend/matching/lookalike.py finds them, from the rule file's
// `lookalike` section: a brand's name inside a domain label that is not the brand's, plain or
// through look-alike letters, digits, hyphens, a subdomain or a one-letter typo. The logic
// follows the Python module step for step (same order, same word lists), so both give the
// same answer; tests/test_rulefile_parity.py holds them to it.

const CHUNK = /[a-z]+/g;

/** RFC 3492 Punycode decoding of the part after "xn--"; null if it is not valid. */
export function decodePunycode(input) {
  const base = 36;
  const output = [];
  let basic = input.lastIndexOf('-');
  if (basic < 0) basic = 0;
  for (let j = 0; j < basic; j += 1) {
    if (input.charCodeAt(j) >= 0x80) return null;
    output.push(input.charCodeAt(j));
  }
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = base; ; k += base) {
      if (index >= input.length) return null;
      const c = input.charCodeAt(index++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
      if (digit >= base || digit > Math.floor((0x7fffffff - i) / w)) return null;
      i += digit * w;
      const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
      if (digit < t) break;
      w *= base - t;
      if (w > 0x7fffffff) return null;
    }
    const length = output.length + 1;
    let delta = oldi === 0 ? Math.floor((i - oldi) / 700) : (i - oldi) >> 1;
    delta += Math.floor(delta / length);
    let k = 0;
    while (delta > 455) {
      delta = Math.floor(delta / 35);
      k += base;
    }
    bias = Math.floor(k + (36 * delta) / (delta + 38));
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff || (n >= 0xd800 && n < 0xe000)) return null;
    output.splice(i, 0, n);
    i += 1;
  }
  return String.fromCodePoint(...output);
}

/** idna.ulabel for an xn-- label: its Unicode form, or null where idna would refuse it. */
export function unicodeLabel(label) {
  const body = label.toLowerCase().slice(4);
  if (!body || body.endsWith('-')) return null;
  const text = decodePunycode(body);
  if (!text || text.normalize('NFC') !== text) return null;
  if (text.startsWith('-') || text.endsWith('-') || text.slice(2, 4) === '--') return null;
  // IDNA 2008 allows lower-case letters, marks and digits (PVALID, roughly); idna refuses the rest.
  if (/^\p{M}/u.test(text) || /[^\p{L}\p{M}\p{Nd}-]/u.test(text) || text !== text.toLowerCase()) return null;
  return text;
}

function unicodeHost(host) {
  return host.split('.').map((label) => (label.startsWith('xn--') ? unicodeLabel(label) ?? label : label)).join('.');
}

function chunks(text) {
  return text.match(CHUNK) ?? [];
}

function deletions(word) {
  const found = [];
  for (let i = 0; i < word.length; i += 1) {
    const deleted = word.slice(0, i) + word.slice(i + 1);
    if (!found.includes(deleted)) found.push(deleted);
  }
  return found;
}

function oneEditApart(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (a.length !== b.length) {
    const [short, long] = a.length < b.length ? [a, b] : [b, a];
    for (let i = 0; i < long.length; i += 1) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
    return false;
  }
  const differ = [];
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) differ.push(i);
  if (differ.length === 1) return true;
  return differ.length === 2 && differ[1] === differ[0] + 1 && a[differ[0]] === b[differ[1]]
    && a[differ[1]] === b[differ[0]];
}

/** Whether text is a run of words from the set ("usapro" is usa + pro). */
function splitsInto(text, words) {
  const reachable = [true];
  for (let end = 1; end <= text.length; end += 1) {
    reachable[end] = false;
    for (let start = Math.max(0, end - 12); start < end; start += 1) {
      if (reachable[start] && words.has(text.slice(start, end))) {
        reachable[end] = true;
        break;
      }
    }
  }
  return reachable[text.length];
}

/** The detector for one rule file: find(host, domain) -> {brand, trick} or null. */
export function createLookalike(data, brands) {
  const words = Object.fromEntries(Object.entries(data.words).map(([name, list]) => [name, new Set(list)]));
  const signals = data.words.SHOP_SIGNALS;
  const tokenBrand = new Map(data.token_brand);
  const hyphenated = new Map(Object.entries(data.hyphenated).map(([index, spelled]) => [Number(index), spelled]));
  const byDomain = new Map(Object.entries(data.by_domain));
  const digitLetters = new Map(Object.entries(data.digit_letters));
  const letters = new Map(Object.entries(data.letters));
  let maxToken = 0;
  for (const token of tokenBrand.keys()) maxToken = Math.max(maxToken, token.length);
  const typoIndex = new Map();
  for (const token of tokenBrand.keys()) {
    if (token.length >= data.typo_min_brand && /^[a-z]+$/.test(token) && !words.COMMON_WORD_TOKENS.has(token)) {
      for (const key of [token, ...deletions(token)]) {
        if (!typoIndex.has(key)) typoIndex.set(key, []);
        if (!typoIndex.get(key).includes(token)) typoIndex.get(key).push(token);
      }
    }
  }
  const segments = new Map();

  function segment(chunk) {
    if (segments.has(chunk)) return segments.get(chunk);
    const best = [[true, null]];
    for (let end = 1; end <= chunk.length; end += 1) best[end] = [false, null];
    const longest = Math.max(maxToken, 12);
    for (let end = 1; end <= chunk.length; end += 1) {
      for (let start = Math.max(0, end - longest); start < end; start += 1) {
        const [possible, brand] = best[start];
        if (!possible) continue;
        const word = chunk.slice(start, end);
        let candidate;
        if (tokenBrand.has(word)) candidate = [true, brand ?? word];
        else if (words.SHOP_WORDS.has(word)) candidate = [true, brand];
        else continue;
        if (!best[end][0] || (best[end][1] === null && candidate[1] !== null)) best[end] = candidate;
      }
    }
    const [possible, brand] = best[chunk.length];
    const found = possible ? brand : null;
    if (segments.size < 8192) segments.set(chunk, found);
    return found;
  }

  function onlyNeutralBesides(label, token) {
    return chunks(label.replace(token, ' ')).every((piece) => splitsInto(piece, words.NEUTRAL_WORDS));
  }

  function tokenBeforeDigit(label, token) {
    for (let at = label.indexOf(token); at !== -1; at = label.indexOf(token, at + 1)) {
      if (/[0-9]/.test(label[at + token.length] ?? '')) return true;
    }
    return false;
  }

  function brandOf(label, bareOk, commonOk = false) {
    const pieces = chunks(label);
    if (!commonOk && pieces.some((chunk) => words.NOT_SHOP_WORDS.has(chunk))) return null;
    for (const chunk of pieces) {
      const token = tokenBrand.has(chunk) ? chunk : segment(chunk);
      if (token === null) continue;
      if (!commonOk && words.COMMON_WORD_TOKENS.has(token)
        && (!signals.some((signal) => label.includes(signal)) || tokenBeforeDigit(label, token))) continue;
      if (!bareOk && onlyNeutralBesides(label, token)) continue;
      return tokenBrand.get(token);
    }
    return null;
  }

  function swapped(text, throwaway) {
    const options = [];
    let foreign = false;
    let count = 1;
    const characters = Array.from(text);
    for (const character of characters) {
      let choices;
      if (digitLetters.has(character)) choices = Array.from(character + digitLetters.get(character));
      else if (character.codePointAt(0) >= 0x80) {
        const [twins, otherScript] = letters.get(character) ?? [character, false];
        choices = Array.from(twins);
        foreign = foreign || otherScript;
      } else choices = [character];
      if (count * choices.length > data.max_variants) choices = [choices[0]];
      count *= choices.length;
      options.push(choices);
    }
    if (count === 1 && options.map((choice) => choice[0]).join('') === text) return null;
    const at = new Array(options.length).fill(0);
    for (let n = 0; n < count; n += 1) {
      const chosen = options.map((choice, i) => choice[at[i]]);
      const variant = chosen.join('');
      const digits = characters.some((original, i) => digitLetters.has(original) && chosen[i] !== original);
      let brand;
      let trick;
      if (foreign) [brand, trick] = [brandOf(variant, true, true), 'letters'];
      else if (digits) [brand, trick] = [brandOf(variant, true), 'digits'];
      else [brand, trick] = [brandOf(variant, throwaway), 'name'];
      if (brand !== null) return { brand, trick };
      for (let i = options.length - 1; i >= 0; i -= 1) {  // itertools.product's order
        at[i] += 1;
        if (at[i] < options[i].length) break;
        at[i] = 0;
      }
    }
    return null;
  }

  function hyphenSplit(text, throwaway) {
    if (chunks(text).some((chunk) => words.NOT_SHOP_WORDS.has(chunk) || tokenBrand.has(chunk) || segment(chunk))) return null;
    const joined = text.replaceAll('-', '');
    const brand = brandOf(joined, true);
    if (brand === null) return null;
    if ((hyphenated.get(brand) ?? []).some((spelled) => text.includes(spelled))) {
      const plain = brandOf(joined, throwaway);
      return plain !== null ? { brand: plain, trick: 'name' } : null;
    }
    return { brand, trick: 'hyphens' };
  }

  function typoMatch(word) {
    if (words.SHOP_WORDS.has(word) || words.TYPO_LOOKALIKE_WORDS.has(word) || tokenBrand.has(word)) return null;
    for (const key of [word, ...deletions(word)]) {
      for (const token of typoIndex.get(key) ?? []) {
        if (token[0] === word[0] && oneEditApart(word, token)) return token;
      }
    }
    return null;
  }

  function* typosWithin(chunk) {
    const size = chunk.length;
    const fromStart = [true];
    for (let end = 1; end <= size; end += 1) {
      fromStart[end] = false;
      for (let start = Math.max(0, end - 12); start < end; start += 1) {
        if (fromStart[start] && words.SHOP_WORDS.has(chunk.slice(start, end))) {
          fromStart[end] = true;
          break;
        }
      }
    }
    const toEnd = new Array(size + 1).fill(false);
    toEnd[size] = true;
    for (let start = size - 1; start >= 0; start -= 1) {
      for (let end = start + 1; end <= Math.min(size, start + 12); end += 1) {
        if (toEnd[end] && words.SHOP_WORDS.has(chunk.slice(start, end))) {
          toEnd[start] = true;
          break;
        }
      }
    }
    for (let start = 0; start < size; start += 1) {
      if (!fromStart[start]) continue;
      for (let end = start + 4; end <= Math.min(size, start + maxToken + 1); end += 1) {
        if (!toEnd[end]) continue;
        const token = typoMatch(chunk.slice(start, end));
        if (token && (end - start >= token.length || (start === 0 && end === size))) yield [start, end, token];
      }
    }
  }

  function typoIn(text, throwaway) {
    const parts = text.split('-').filter(Boolean);
    if (text.length < 4 || !/^[A-Za-z]+$/.test(text.replaceAll('-', ''))) return null;
    for (let index = 0; index < parts.length; index += 1) {
      const chunk = parts[index];
      const others = [...parts.slice(0, index), ...parts.slice(index + 1)];
      if (words.TYPO_LOOKALIKE_WORDS.has(chunk) || !others.every((other) => splitsInto(other, words.SHOP_WORDS))) continue;
      for (const [start, end, token] of typosWithin(chunk)) {
        const rest = [chunk.slice(0, start), chunk.slice(end), ...others];
        if (throwaway || !rest.every((piece) => splitsInto(piece, words.NEUTRAL_WORDS))) return token;
      }
    }
    return null;
  }

  function inLabel(label, throwaway) {
    let text = label;
    if (label.startsWith('xn--')) {
      text = unicodeLabel(label);
      if (text === null) return null;
    }
    const brand = brandOf(text, throwaway);
    if (brand !== null) return { brand, trick: 'name' };
    const found = swapped(text, throwaway);
    if (found) return found;
    if (/[^\x00-\x7f]/.test(text)) return null;
    if (text.includes('-')) {
      const split = hyphenSplit(text, throwaway);
      if (split) return split;
    }
    const token = typoIn(text, throwaway);
    return token ? { brand: tokenBrand.get(token), trick: 'typo' } : null;
  }

  function hasShopSignal(label) {
    return chunks(label).some((chunk) => splitsInto(chunk, words.SHOP_WORDS)
      && signals.some((signal) => chunk.includes(signal)));
  }

  function inSubdomain(parts, label, throwaway) {
    for (let start = 0; start < parts.length; start += 1) {
      for (const length of [2, 3]) {
        if (start + length <= parts.length) {
          const brand = byDomain.get(parts.slice(start, start + length).join('.'));
          if (brand !== undefined) return { brand, trick: 'subdomain' };
        }
      }
    }
    const shopSite = throwaway || hasShopSignal(label);
    for (const part of parts) {
      const found = inLabel(part, shopSite);
      if (found) return found.trick === 'name' ? { ...found, trick: 'subdomain' } : found;
    }
    return null;
  }

  /** The brand (index) host under its registered domain imitates and how, or null. */
  function find(host, domain) {
    const dot = domain.indexOf('.');
    if (dot <= 0) return null;
    const label = domain.slice(0, dot);
    const suffix = domain.slice(dot + 1);
    const throwaway = words.THROWAWAY_TLDS.has(suffix.slice(suffix.lastIndexOf('.') + 1))
      || words.SHOP_PLATFORM_SUFFIXES.has(suffix);
    let found = inLabel(label, throwaway);
    if (found === null && host.endsWith(`.${domain}`)) {
      const parts = host.slice(0, -domain.length - 1).split('.').slice(-data.max_subdomain_labels);
      found = inSubdomain(parts, label, throwaway);
    }
    return found;
  }

  return { find, unicodeHost, brands };
}
