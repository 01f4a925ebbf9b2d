// Errors of the quantum layer that are not plain TypeError/RangeError. (A candidate for
// src/errors.ts, which the lead owns: see the report of issue 4.)

/** OpenQASM input that does not parse or uses something unsupported; names the line and the token. */
export class QasmError extends SyntaxError {
  override readonly name = 'QasmError';
  constructor(message: string, readonly line: number, readonly column: number, readonly token: string) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}
