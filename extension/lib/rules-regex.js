// The rule file's patterns, run in time linear in the text (as the backend's RE2 runs them).
//
// The backend translates every pattern to JavaScript RegExp source (backend/rulefile_patterns.py):
// a small subset of the syntax, `u` flag, `i` for case-insensitive ones. The browser's own
// RegExp engine backtracks, so a hostile pattern ((a+)+b) from a compromised server could
// hang the worker. So the source is parsed here and run by a Pike VM (Thompson's NFA with
// submatches, leftmost-first like RE2 and like JavaScript): every step is bounded by the
// program size, and each lookaround is answered at most once per position. The browser's
// RegExp only ever tests one character against one class (no repetition, constant time).
// Anything outside the subset, or too big, is refused with PatternError.

export class PatternError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PatternError';
  }
}

/** Limits that keep a hostile rule file from making evaluation slow. */
export const PATTERN_LIMITS = Object.freeze({
  maxSourceLength: 20000,
  maxInstructions: 20000,
  maxRepeat: 1000,
  maxLookbehind: 64,
  maxDepth: 100,
  // VM steps one search may take when the caller gives no budget; evaluate() shares one budget
  // among all its searches, so a page's evaluation ends whatever the rule file holds.
  maxSteps: 5_000_000,
});

/** A step budget for searches: {steps}; when it runs out, searches answer no match. */
export function stepBudget(steps = PATTERN_LIMITS.maxSteps) {
  return { steps, exhausted: false };
}

const FLAGS = new Set(['u', 'iu']);
const SYNTAX = '^$\\.*+?()[]{}|/';
const CLASS_ESCAPES = '\\]^-[';
const SIMPLE = { t: 9, n: 10, v: 11, f: 12, r: 13 };

/** The code points of text, as one-character strings (what positions count). */
export function codePoints(text) {
  return Array.from(text);
}

class Parser {
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
function fixedWidth(node) {
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

class Compiler {
  constructor(limits) {
    this.program = [];
    this.limits = limits;
  }

  emit(instruction) {
    if (this.program.length >= this.limits.maxInstructions) throw new PatternError('the pattern is too large');
    this.program.push(instruction);
    return this.program.length - 1;
  }

  compile(node) {
    switch (node.t) {
      case 'char': this.emit({ op: 'char', test: node.test }); break;
      case 'cat': node.items.forEach((item) => this.compile(item)); break;
      case 'alt': {
        const jumps = [];
        node.items.forEach((item, index) => {
          if (index < node.items.length - 1) {
            const split = this.emit({ op: 'split', x: 0, y: 0 });
            this.program[split].x = split + 1;
            this.compile(item);
            jumps.push(this.emit({ op: 'jmp', x: 0 }));
            this.program[split].y = this.program.length;
          } else {
            this.compile(item);
          }
        });
        for (const jump of jumps) this.program[jump].x = this.program.length;
        break;
      }
      case 'group':
        if (node.capture !== null) this.emit({ op: 'save', slot: 2 * node.capture });
        this.compile(node.node);
        if (node.capture !== null) this.emit({ op: 'save', slot: 2 * node.capture + 1 });
        break;
      case 'repeat': this.repeat(node); break;
      case 'look': {
        const inner = new Compiler(this.limits);
        inner.compile(node.node);
        inner.emit({ op: 'match' });
        if (this.program.length + inner.program.length > this.limits.maxInstructions) {
          throw new PatternError('the pattern is too large');
        }
        this.emit({ op: 'look', program: inner.program, ahead: node.ahead, negated: node.negated,
          width: node.width ?? 0 });
        break;
      }
      default: this.emit({ op: 'assert', kind: node.t, negated: Boolean(node.negated) });
    }
  }

  repeat({ node, min, max, lazy }) {
    for (let i = 0; i < min; i += 1) this.compile(node);
    if (max === null) {
      const split = this.emit({ op: 'split', x: 0, y: 0 });
      this.compile(node);
      this.emit({ op: 'jmp', x: split });
      this.setSplit(split, split + 1, this.program.length, lazy);
      return;
    }
    for (let i = min; i < max; i += 1) {
      const split = this.emit({ op: 'split', x: 0, y: 0 });
      this.compile(node);
      this.setSplit(split, split + 1, this.program.length, lazy);
    }
  }

  setSplit(at, body, out, lazy) {
    this.program[at].x = lazy ? out : body;
    this.program[at].y = lazy ? body : out;
  }
}

/** A compiled pattern: search(codes, from) -> {start, end, groups} or null. */
export class Pattern {
  constructor({ source, flags } = {}, limits = PATTERN_LIMITS) {
    if (typeof source !== 'string' || !FLAGS.has(flags)) throw new PatternError('a pattern needs source and flags u or iu');
    if (source.length > limits.maxSourceLength) throw new PatternError('the pattern is too long');
    const parser = new Parser(source, flags, limits);
    const compiler = new Compiler(limits);
    compiler.compile(parser.parse());
    compiler.emit({ op: 'match' });
    this.program = compiler.program;
    this.groups = parser.groups;
    this.wordTest = new Parser('\\w', flags, limits).test('\\w').test;
  }

  /**
   * The leftmost-first match in codes (code points) at or after from, or null; also null when
   * the budget runs out (budget.exhausted says so).
   */
  search(codes, from = 0, budget = stepBudget()) {
    let caps;
    try {
      caps = run(this, this.program, codes, from, false, new Map(), 2 * (this.groups + 1), budget);
    } catch (error) {
      if (error !== OUT_OF_STEPS) throw error;
      budget.exhausted = true;
      return null;
    }
    if (!caps) return null;
    const groups = [];
    for (let i = 0; i <= this.groups; i += 1) {
      groups.push(caps[2 * i] >= 0 && caps[2 * i + 1] >= 0 ? [caps[2 * i], caps[2 * i + 1]] : null);
    }
    return { start: caps[0], end: caps[1], groups };
  }

  /** Whether the pattern occurs in codes (within the budget). */
  test(codes, budget = stepBudget()) {
    return this.search(codes, 0, budget) !== null;
  }
}

// The VM. Threads are kept in priority order; the first to reach `match` wins and cuts the
// lower-priority ones (leftmost-first). Each pc is added at most once per position, so a step
// costs at most the program's size. firstOnly: any match will do (lookaround).
const OUT_OF_STEPS = new Error('out of steps');

function run(pattern, program, codes, from, anchored, looks, slots, budget) {
  const marks = new Int32Array(program.length).fill(-1);
  let current = [];
  let matched = null;
  let generation = 0;

  const add = (list, pc, caps, pos) => {
    const stack = [[pc, caps]];
    while (stack.length) {
      if (--budget.steps < 0) throw OUT_OF_STEPS;
      const [at, threadCaps] = stack.pop();
      if (marks[at] === generation) continue;
      marks[at] = generation;
      const instruction = program[at];
      switch (instruction.op) {
        case 'jmp': stack.push([instruction.x, threadCaps]); break;
        case 'split': stack.push([instruction.y, threadCaps], [instruction.x, threadCaps]); break;
        case 'save': {
          const copy = threadCaps.slice();
          copy[instruction.slot] = pos;
          stack.push([at + 1, copy]);
          break;
        }
        case 'assert':
          if (holds(pattern, instruction, codes, pos)) stack.push([at + 1, threadCaps]);
          break;
        case 'look':
          if (lookHolds(pattern, instruction, codes, pos, looks, budget)) stack.push([at + 1, threadCaps]);
          break;
        default: list.push([at, threadCaps]);
      }
    }
  };

  for (let pos = from; ; pos += 1) {
    if (matched === null && (!anchored || pos === from)) {
      const caps = new Array(slots).fill(-1);
      caps[0] = pos;
      add(current, 0, caps, pos);
    }
    if (current.length === 0 && (matched !== null || anchored || pos >= codes.length)) break;
    generation += 1;
    const next = [];
    for (const [pc, caps] of current) {
      if (--budget.steps < 0) throw OUT_OF_STEPS;
      const instruction = program[pc];
      if (instruction.op === 'match') {
        matched = caps.slice();
        matched[1] = pos;
        if (anchored) return matched;
        break;
      }
      if (pos < codes.length && instruction.test(codes[pos])) add(next, pc + 1, caps, pos + 1);
    }
    if (pos >= codes.length) break;
    current = next;
  }
  return matched;
}

function holds(pattern, instruction, codes, pos) {
  let result;
  if (instruction.kind === 'bol') result = pos === 0;
  else if (instruction.kind === 'eol') result = pos === codes.length;
  else {
    const before = pos > 0 && pattern.wordTest(codes[pos - 1]);
    const after = pos < codes.length && pattern.wordTest(codes[pos]);
    result = before !== after;
  }
  return instruction.negated ? !result : result;
}

/** A lookaround's answer at pos, worked out once per position and search. */
function lookHolds(pattern, instruction, codes, pos, looks, budget) {
  let answers = looks.get(instruction);
  if (!answers) {
    answers = new Uint8Array(codes.length + 1);
    looks.set(instruction, answers);
  }
  if (answers[pos] === 0) {
    const start = instruction.ahead ? pos : pos - instruction.width;
    const found = start >= 0 && run(pattern, instruction.program, codes, start, true, looks, 2, budget) !== null;
    answers[pos] = found ? 2 : 1;
  }
  return (answers[pos] === 2) !== instruction.negated;
}
