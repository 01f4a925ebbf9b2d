// The one error the file-format readers throw. Its message reads like a compiler's:
// `G1.txt:3: expected "i j w" with 1 ≤ i, j ≤ 800, got "801 2 1"` — the file, the 1-based line
// and what the reader expected there, so a broken benchmark file can be fixed without a debugger.
// Line 0 means the problem belongs to the whole document (a JSON model with a wrong field).

/** A malformed model file: names the file, the 1-based line (0: whole file) and what was expected. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  readonly file: string;
  readonly line: number;
  readonly expected: string;
  /** What was found instead: the quoted line, or e.g. `end of file`. */
  readonly found: string;

  constructor(file: string, line: number, expected: string, found: string, options?: { cause?: unknown }) {
    super(`${file}${line > 0 ? `:${line}` : ''}: expected ${expected}, got ${found}`, options);
    this.file = file;
    this.line = line;
    this.expected = expected;
    this.found = found;
  }
}
