// The one solver interface: a function from a CompiledProblem to an assignment. Baselines, the
// host annealer and (later) the WASM pimc kernel, the MILP and QAOA all satisfy it, so the
// facade, the checker and the benches treat them alike.

import type { CompiledProblem } from '../compile.js';

/** What every solver receives; `params` holds solver-specific knobs (each solver checks its own). */
export interface SolverOptions {
  readonly seed: number;
  readonly timeLimitMs: number;
  readonly workers: number;
  readonly signal?: AbortSignal;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A solver's answer: node index per pod (-1 = unplaced) and why unplaced pods fit nowhere. */
export interface SolverResult {
  readonly assignment: Int32Array;
  readonly stats: Readonly<Record<string, number | string | boolean>>;
  readonly blocked?: readonly { readonly pod: number; readonly reasons: Readonly<Record<string, number>> }[];
}

/** A registered solver; async so kernels on a worker pool fit the same shape. */
export type Solver = (problem: CompiledProblem, options: SolverOptions) => Promise<SolverResult>;
