// The one solver interface: a function from a CompiledProblem to an assignment. Baselines, the
// host annealer, the WASM pimc kernel, the MILP and QAOA all satisfy it, so the facade, the
// checker and the benches treat them alike. Kernels and a pool are injected (never imported
// here), so the solvers stay in the portable core: the Node entry's `schedule` fills them in.

import type { Kernels } from '../../kernels/contract.js';
import type { CompiledProblem } from '../compile.js';

/**
 * Runs structured-clonable tasks elsewhere, e.g. the Node worker pool (`createExecutor`
 * satisfies it). Solvers use it for independent work whose result does not depend on where it
 * runs (pimc chains on their own streams).
 */
export interface TaskRunner {
  readonly workers: number;
  run(task: { readonly kind: string }, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** What every solver receives; `params` holds solver-specific knobs (each solver checks its own). */
export interface SolverOptions {
  readonly seed: number;
  readonly timeLimitMs: number;
  readonly workers: number;
  readonly signal?: AbortSignal;
  readonly params: Readonly<Record<string, unknown>>;
  /** A kernel provider without boundary checks (`loaded.unchecked`); absent: the reference kernels. */
  readonly kernels?: Kernels;
  /** Where independent work may run in parallel (absent: in this thread, one after another). */
  readonly pool?: TaskRunner;
}

/** A solver's answer: node index per pod (-1 = unplaced) and why unplaced pods fit nowhere. */
export interface SolverResult {
  readonly assignment: Int32Array;
  readonly stats: Readonly<Record<string, number | string | boolean>>;
  readonly blocked?: readonly { readonly pod: number; readonly reasons: Readonly<Record<string, number>> }[];
}

/** A registered solver; async so kernels on a worker pool fit the same shape. */
export type Solver = (problem: CompiledProblem, options: SolverOptions) => Promise<SolverResult>;
