// Line-oriented reading shared by the text formats: blank lines are skipped, `#` comment lines
// go to the caller's `onComment` when it passes one (COO) and are ordinary lines otherwise, so a
// stray `#` in a Gset file is reported rather than ignored; tokens are split on whitespace,
// and numbers are parsed strictly (`1x` or `0x10` are not numbers; indices must be plain
// integers). Every failure is a ParseError naming the file and the 1-based line.

import { ParseError } from './errors.js';

/** One non-blank line: its 1-based number, its trimmed text and its tokens. */
export interface Line {
  readonly number: number;
  readonly text: string;
  readonly tokens: readonly string[];
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The trimmed line in quotes, shortened past 60 characters, for messages. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text);
}

/** Reads a text file line by line, skipping blank lines (and `#` lines when `onComment` takes them). */
export class Lines {
  readonly file: string;
  readonly #lines: string[];
  readonly #onComment: ((line: Line) => void) | undefined;
  #k = 0;

  constructor(text: string, file: string, onComment?: (line: Line) => void) {
    if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${text === null ? 'null' : typeof text}`);
    this.file = file;
    this.#lines = text.split(/\r?\n/);
    if (this.#lines.length > 0 && this.#lines[this.#lines.length - 1] === '') this.#lines.pop();
    this.#onComment = onComment;
  }

  /** The next non-blank, non-comment line, or undefined at the end of the file. */
  next(): Line | undefined {
    while (this.#k < this.#lines.length) {
      const text = this.#lines[this.#k++].trim();
      if (text === '') continue;
      const line = { number: this.#k, text, tokens: text.split(/\s+/) };
      if (this.#onComment === undefined || !text.startsWith('#')) return line;
      this.#onComment(line);
    }
    return undefined;
  }

  /** The line number that `end of file` is reported at (one past the last line). */
  get endLine(): number {
    return this.#lines.length + 1;
  }

  /** Throws a ParseError at `line` (a Line, or a number for end of file). */
  fail(line: Line | number, expected: string, found?: string): never {
    if (typeof line === 'number') throw new ParseError(this.file, line, expected, found ?? 'end of file');
    throw new ParseError(this.file, line.number, expected, found ?? quoted(line.text));
  }

  /** The next line, or a ParseError `expected …, got end of file` (with `after` appended). */
  require(expected: string, after = ''): Line {
    return this.next() ?? this.fail(this.endLine, expected, `end of file${after}`);
  }

  /** Fails unless the file has no more lines. */
  end(expected: string): void {
    const extra = this.next();
    if (extra !== undefined) this.fail(extra, expected);
  }
}

/** `tokens` as integers, or undefined unless there are exactly `count` plain integer tokens. */
export function integers(line: Line, count: number): number[] | undefined {
  if (line.tokens.length !== count || !line.tokens.every((t) => INTEGER.test(t))) return undefined;
  const out = line.tokens.map(Number);
  return out.every(Number.isSafeInteger) ? out : undefined;
}

/** A finite number from a strict decimal token, or undefined. */
export function number(token: string): number | undefined {
  if (!NUMBER.test(token)) return undefined;
  const x = Number(token);
  return Number.isFinite(x) ? x : undefined;
}

/** Reads a line `i j w`: 1-based (or `base`) integer indices in range and a finite weight. */
export function edgeLine(line: Line, n: number, base: 0 | 1): [number, number, number] | undefined {
  if (line.tokens.length !== 3) return undefined;
  const ij = integers({ ...line, tokens: line.tokens.slice(0, 2) }, 2);
  const w = number(line.tokens[2]);
  if (ij === undefined || w === undefined) return undefined;
  const [i, j] = ij;
  return i >= base && j >= base && i < n + base && j < n + base ? [i, j, w] : undefined;
}

/** Remembers unordered pairs and the line each first appeared on, to reject duplicates. */
export class PairSeen {
  readonly #seen = new Map<string, number>();
  /** The line where {a, b} was first seen, recording `lineNumber` when it is new. */
  firstLine(a: number, b: number, lineNumber: number): number | undefined {
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    const first = this.#seen.get(key);
    if (first === undefined) this.#seen.set(key, lineNumber);
    return first;
  }
}

/** Reads a header of `count` integers, each ≥ 0; `expected` names the fields, e.g. `header "n m"`. */
export function header(lines: Lines, count: number, expected: string): number[] {
  const line = lines.require(expected);
  const values = integers(line, count);
  if (values === undefined || values.some((v) => v < 0)) lines.fail(line, `${expected} with non-negative integers`);
  return values;
}
