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

import { PatternError } from './rules-regex-errors.js';
import { Parser, codePoints } from './rules-regex-parse.js';

export { PatternError, codePoints };

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
  // Threads as parallel arrays (pc, captures), and one reused stack: no allocation per step.
  let current = { pcs: [], caps: [] };
  let matched = null;
  let generation = 0;
  const stackPcs = [];
  const stackCaps = [];

  const add = (list, pc, caps, pos) => {
    let top = 0;
    stackPcs[top] = pc;
    stackCaps[top++] = caps;
    while (top > 0) {
      if (--budget.steps < 0) throw OUT_OF_STEPS;
      const at = stackPcs[--top];
      const threadCaps = stackCaps[top];
      if (marks[at] === generation) continue;
      marks[at] = generation;
      const instruction = program[at];
      switch (instruction.op) {
        case 'jmp':
          stackPcs[top] = instruction.x;
          stackCaps[top++] = threadCaps;
          break;
        case 'split':
          stackPcs[top] = instruction.y;
          stackCaps[top++] = threadCaps;
          stackPcs[top] = instruction.x;
          stackCaps[top++] = threadCaps;
          break;
        case 'save': {
          const copy = threadCaps.slice();
          copy[instruction.slot] = pos;
          stackPcs[top] = at + 1;
          stackCaps[top++] = copy;
          break;
        }
        case 'assert':
          if (holds(pattern, instruction, codes, pos)) {
            stackPcs[top] = at + 1;
            stackCaps[top++] = threadCaps;
          }
          break;
        case 'look':
          if (lookHolds(pattern, instruction, codes, pos, looks, budget)) {
            stackPcs[top] = at + 1;
            stackCaps[top++] = threadCaps;
          }
          break;
        default:
          list.pcs.push(at);
          list.caps.push(threadCaps);
      }
    }
  };

  for (let pos = from; ; pos += 1) {
    if (matched === null && (!anchored || pos === from)) {
      const caps = new Array(slots).fill(-1);
      caps[0] = pos;
      add(current, 0, caps, pos);
    }
    const count = current.pcs.length;
    if (count === 0 && (matched !== null || anchored || pos >= codes.length)) break;
    generation += 1;
    const next = { pcs: [], caps: [] };
    const code = codes[pos];
    for (let i = 0; i < count; i += 1) {
      if (--budget.steps < 0) throw OUT_OF_STEPS;
      const instruction = program[current.pcs[i]];
      if (instruction.op === 'match') {
        matched = current.caps[i].slice();
        matched[1] = pos;
        if (anchored) return matched;
        break;
      }
      if (pos < codes.length && instruction.test(code)) add(next, current.pcs[i] + 1, current.caps[i], pos + 1);
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
