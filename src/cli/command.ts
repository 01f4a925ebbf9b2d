// The shape of a qsched subcommand and the helpers they share: option parsing with errors that
// name the flag, and output in text or JSON. main.ts only dispatches.

import type { ParseArgsConfig } from 'node:util';

/** A usage mistake: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What a command receives: its parsed flags and positionals. */
export interface CommandContext {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** True when stdout is a terminal (progress bars go to stderr only then). */
  readonly tty: boolean;
}

/** One subcommand of `qsched`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Lines after "Usage: qsched NAME", options and their defaults. */
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Resolves to the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

/** Parses an integer flag in [min, max] or throws a UsageError naming it. */
export function intFlag(name: string, raw: unknown, min: number, max: number): number {
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  }
  return v;
}

/** Parses a finite number flag or throws a UsageError naming it. */
export function numberFlag(name: string, raw: unknown, min = -Infinity): number {
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || v < min) {
    throw new UsageError(`--${name} must be a number${min > -Infinity ? ` >= ${min}` : ''}, got '${raw}'`);
  }
  return v;
}

/** Parses a value from a fixed list or throws a UsageError naming the flag. */
export function choiceFlag<T extends string>(name: string, raw: unknown, choices: readonly T[]): T {
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

/** Prints a record as aligned "key  value" lines. */
export function formatRecord(record: object): string {
  const rows = Object.entries(record);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\n') + '\n';
}
