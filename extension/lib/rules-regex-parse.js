// The parser of the rule file's pattern subset (lib/rules-regex.js runs what it gives): the
// JavaScript RegExp syntax backend/rulefile_patterns.py writes, into a small tree. Every
// one-character test (a literal, a class, \p{L}, \w) becomes a call of the browser's RegExp on
// one code point, which cannot backtrack. Anything else is refused with PatternError.
import { PatternError } from './rules-regex-errors.js';

const SYNTAX = '^$\\.*+?()[]{}|/';
const CLASS_ESCAPES = '\\]^-[';
const SIMPLE = { t: 9, n: 10, v: 11, f: 12, r: 13 };

/** The code points of text, as one-character strings (what positions count). */
export function codePoints(text) {
  return Array.from(text);
}

export class Parser {
  constructor(source, flags, limits) {
    this.source = source;
    this.at = 0;
    this.ignoreCase = flags === 'iu';
    this.flags = flags;
    this.limits = limits;
    this.groups = 0;
    this.depth = 0;
  }

  fail(why) {
    throw new PatternError(`${why} at ${this.at}`);
  }

  peek(ahead = 0) {
    return this.source[this.at + ahead] ?? '';
  }

  parse() {
    const node = this.alternation();
    if (this.at !== this.source.length) this.fail('unbalanced )');
    return node;
  }

  alternation() {
    if (++this.depth > this.limits.maxDepth) this.fail('nesting too deep');
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.at += 1;
      branches.push(this.sequence());
    }
    this.depth -= 1;
    return branches.length === 1 ? branches[0] : { t: 'alt', items: branches };
  }

  sequence() {
    const items = [];
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      let [node, repeatable] = this.atom();
      const repeat = this.quantifier();
      if (repeat) {
        if (!repeatable) this.fail('repetition of an assertion');
        node = { t: 'repeat', node, ...repeat };
      }
      items.push(node);
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  quantifier() {
    const c = this.peek();
    let min;
    let max;
    if (c === '*' || c === '+' || c === '?') {
      this.at += 1;
      [min, max] = c === '*' ? [0, null] : c === '+' ? [1, null] : [0, 1];
    } else if (c === '{') {
      const found = /^\{(\d+)(,?)(\d*)\}/.exec(this.source.slice(this.at, this.at + 16));
      if (!found) this.fail('a brace that is no repetition');
      this.at += found[0].length;
      min = Number(found[1]);
      max = found[2] ? (found[3] ? Number(found[3]) : null) : min;
      if (min > this.limits.maxRepeat || (max ?? 0) > this.limits.maxRepeat
        || (max !== null && max < min)) this.fail('a bad repetition count');
    } else {
      return null;
    }
    let lazy = false;
    if (this.peek() === '?') {
      this.at += 1;
      lazy = true;
    }
    return { min, max, lazy };
  }

  atom() {
    const c = this.peek();
    this.at += 1;
    if (c === '(') return this.group();
    if (c === '[') return [this.charClass(), true];
    if (c === '^') return [{ t: 'bol' }, false];
    if (c === '$') return [{ t: 'eol' }, false];
    if (c === '.') return [this.test('.'), true];
    if (c === '\\') return this.escape();
    if ('*+?{}])'.includes(c)) this.fail(`a stray ${c}`);
    return [this.literal(c), true];
  }

  group() {
    let capture = null;
    let look = null;
    if (this.peek() === '?') {
      const head = this.source.slice(this.at + 1, this.at + 3);
      if (head[0] === ':') this.at += 2;
      else if (head[0] === '=' || head[0] === '!') {
        look = { ahead: true, negated: head[0] === '!' };
        this.at += 2;
      } else if (head === '<=' || head === '<!') {
        look = { ahead: false, negated: head[1] === '!' };
        this.at += 3;
      } else this.fail('an unsupported group');
    } else {
      this.groups += 1;
      capture = this.groups;
    }
    const node = this.alternation();
    if (this.peek() !== ')') this.fail('a missing )');
    this.at += 1;
    if (look) {
      if (!look.ahead) {
        const width = fixedWidth(node);
        if (width === null || width > this.limits.maxLookbehind) this.fail('a lookbehind of no fixed, small width');
        look.width = width;
      }
      return [{ t: 'look', node, ...look }, false];
    }
    return [{ t: 'group', capture, node }, true];
  }

  escape() {
    const c = this.peek();
    this.at += 1;
    if (c === 'b' || c === 'B') return [{ t: 'word', negated: c === 'B' }, false];
    if ('dDwW'.includes(c)) return [this.test(`\\${c}`), true];
    if (c === 'p' || c === 'P') return [this.test(`\\${c}${this.property()}`), true];
    return [this.literalCode(this.codeEscape(c)), true];
  }

  property() {
    const found = /^\{(?:Script=)?[A-Za-z_]{1,40}\}/.exec(this.source.slice(this.at, this.at + 50));
    if (!found) this.fail('a malformed \\p{}');
    this.at += found[0].length;
    return found[0];
  }

  codeEscape(c) {
    if (c in SIMPLE) return SIMPLE[c];
    if (c === 'u' && this.peek() === '{') {
      const end = this.source.indexOf('}', this.at);
      const digits = end === -1 ? '' : this.source.slice(this.at + 1, end);
      if (!/^[0-9A-Fa-f]{1,6}$/.test(digits)) this.fail('a malformed \\u{}');
      this.at = end + 1;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) this.fail('an escape that is no character');
      return code;
    }
    if (SYNTAX.includes(c) || c === '-') return c.codePointAt(0);
    return this.fail(`the escape \\${c}`);
  }

  charClass() {
    const start = this.at - 1;
    if (this.peek() === '^') this.at += 1;
    let members = 0;
    for (;;) {
      const c = this.peek();
      if (!c) this.fail('an unterminated class');
      if (c === ']') {
        this.at += 1;
        break;
      }
      const low = this.classMember();
      if (this.peek() === '-' && this.peek(1) !== ']') {
        this.at += 1;
        const high = this.classMember();
        if (low === null || high === null || high < low) this.fail('a bad class range');
      }
      if (++members > 2000) this.fail('a class too large');
    }
    if (members === 0) this.fail('an empty class');
    return this.test(this.source.slice(start, this.at));
  }

  /** One class member; its code point, or null for a set (\p{L}, \d). */
  classMember() {
    const c = String.fromCodePoint(this.source.codePointAt(this.at));
    this.at += c.length;
    if (c !== '\\') {
      if (c === '[' || c === '-') this.fail(`an unescaped ${c} in a class`);
      return c.codePointAt(0);
    }
    const letter = this.peek();
    this.at += 1;
    if ('dDwW'.includes(letter)) return null;
    if (letter === 'p' || letter === 'P') {
      this.property();
      return null;
    }
    if (CLASS_ESCAPES.includes(letter)) return letter.codePointAt(0);
    return this.codeEscape(letter);
  }

  literal(c) {
    const code = this.source.codePointAt(this.at - 1);
    if (code > 0xffff) this.at += 1;
    return this.literalCode(code);
  }

  literalCode(code) {
    const character = String.fromCodePoint(code);
    if (!this.ignoreCase) return { t: 'char', test: (x) => x === character };
    return this.test(`\\u{${code.toString(16)}}`);
  }

  /** A one-character test: the browser's RegExp on one code point, results cached. */
  test(atom) {
    let pattern;
    try {
      pattern = new RegExp(`^${atom}$`, this.flags);
    } catch (error) {
      this.fail(`an atom the browser refuses (${error.message})`);
    }
    const seen = new Map();
    return {
      t: 'char',
      test: (x) => {
        let found = seen.get(x);
        if (found === undefined) {
          found = pattern.test(x);
          if (seen.size < 4096) seen.set(x, found);
        }
        return found;
      },
    };
  }
}

/** How many characters node always matches, or null if that varies. */
export function fixedWidth(node) {
  switch (node.t) {
    case 'char': return 1;
    case 'cat': {
      let total = 0;
      for (const item of node.items) {
        const width = fixedWidth(item);
        if (width === null) return null;
        total += width;
      }
      return total;
    }
    case 'alt': {
      const widths = new Set(node.items.map(fixedWidth));
      return widths.size === 1 ? [...widths][0] : null;
    }
    case 'group': return fixedWidth(node.node);
    case 'repeat': {
      if (node.min !== node.max) return null;
      const width = fixedWidth(node.node);
      return width === null ? null : width * node.min;
    }
    default: return 0;
  }
}
