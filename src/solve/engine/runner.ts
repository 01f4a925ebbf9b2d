// The shape every shard runner has: the shard loop (shard.ts) calls `step` once per chunk,
// checking the stop word, the deadline and the target in between, and `finish` once at the end.
// A runner does all its work through the kernels and plain TypeScript; it never reads a clock
// or a signal itself, so chunk boundaries are the only places a run can be stopped.

import type { StopReason } from '../types.js';
import type { ShardExtra } from './spec.js';

/** A runner's result before timing and stop codes are attached. */
export interface RunnerOutput {
  readonly states: Int8Array;
  readonly rows: number;
  readonly units: number;
  readonly converged: number;
  readonly natural: StopReason;
  readonly extra: ShardExtra | null;
}

/** One shard's sampler, advanced a chunk at a time. */
export interface Runner {
  /** Runs one chunk of every active read; false when nothing is left to do. */
  step(): boolean;
  /** Best exact energy so far (Infinity before any) and the item index holding it (−1: none). */
  best(): { readonly energy: number; readonly read: number };
  /** Work units of the most advanced read. */
  sweep(): number;
  /** Completes partial reads where needed and returns the shard's rows. */
  finish(): RunnerOutput;
}

/** Calls `body(a, b)` for each maximal run [a, b) of set entries of `active`. */
export function forEachRun(active: Uint8Array, body: (a: number, b: number) => void): void {
  let a = 0;
  while (a < active.length) {
    if (active[a] === 0) {
      a++;
      continue;
    }
    let b = a + 1;
    while (b < active.length && active[b] === 1) b++;
    body(a, b);
    a = b;
  }
}

/** Sum of a numeric array. */
export function total(values: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k];
  return s;
}
