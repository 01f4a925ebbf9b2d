// The options of schedule(), checked and filled with defaults (piscina's Options →
// FilledOptions pattern). Weights, penalties and the network model are resolved by compile().

import type { Kernels } from '../kernels/contract.js';
import type { LoadedKernels } from '../kernels/load.js';
import { checkFinite, checkInteger, checkOneOf, checkOptions, checkSeed } from '../validate.js';
import { SOLVER_NAMES, type TaskRunner } from './solvers/index.js';
import type { NetworkModel, Penalties, Weights } from './types.js';

/** Options of `schedule`. */
export interface ScheduleOptions {
  /** A registered solver (solvers/index.ts). Default 'pimc'. */
  readonly solver?: string;
  readonly weights?: Partial<Weights>;
  readonly penalties?: Partial<Penalties>;
  readonly network?: Partial<NetworkModel>;
  /** Wall-clock budget of the solver, ms. Default 1000. */
  readonly timeLimitMs?: number;
  /** Default 1. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /** Worker threads a solver may use (solvers without a pool ignore it). Default 1. */
  readonly workers?: number;
  /** Solver-specific knobs, checked by the solver (e.g. sa: sweeps, swapRate, tRatio; greedy: strategy). */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * The kernels solvers run on: what `loadKernels` returns (from 'qsched' or 'qsched/edge').
   * Absent: the core `schedule` uses the plain-TS reference provider (same placements, slower);
   * the Node entry's `schedule` loads the package's WASM once per process instead.
   */
  readonly kernels?: LoadedKernels;
  /**
   * A warm pool for independent work (pimc chains), e.g. `createExecutor({ workers })`. Absent:
   * in this thread; the Node entry's `schedule` supplies a cached pool when workers > 1.
   */
  readonly pool?: TaskRunner;
  /**
   * Hierarchical decomposition (decompose/): 'auto' (default) above DECOMPOSE_THRESHOLD = 500
   * pods, true always, false never. The manifest's stats say whether it ran.
   */
  readonly decompose?: boolean | 'auto';
}

/** The options with every default filled in. */
export interface FilledScheduleOptions {
  readonly solver: string;
  readonly weights?: Partial<Weights>;
  readonly penalties?: Partial<Penalties>;
  readonly network?: Partial<NetworkModel>;
  readonly timeLimitMs: number;
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly workers: number;
  readonly params: Readonly<Record<string, unknown>>;
  /** The unchecked provider of options.kernels. */
  readonly kernels?: Kernels;
  readonly pool?: TaskRunner;
  readonly decompose: boolean | 'auto';
}

/** Defaults of `schedule`. */
export const DEFAULT_SCHEDULE_OPTIONS = Object.freeze({ solver: 'pimc', timeLimitMs: 1000, seed: 1, workers: 1 });

const KNOWN = ['solver', 'weights', 'penalties', 'network', 'timeLimitMs', 'seed', 'signal', 'workers', 'params', 'kernels', 'pool', 'decompose'];

/** options.kernels: a LoadedKernels (its unchecked provider is used) or a bare provider. */
function checkKernels(k: unknown): Kernels | undefined {
  if (k === undefined) return undefined;
  if (k === null || typeof k !== 'object') throw new TypeError(`options.kernels must be what loadKernels() returns, got ${k === null ? 'null' : typeof k}`);
  const inner = ((k as { unchecked?: unknown }).unchecked ?? k) as Kernels;
  if (typeof inner !== 'object' || inner === null || typeof inner.backend !== 'string') throw new TypeError('options.kernels must be what loadKernels() returns (an object with a backend)');
  return inner;
}

function checkPool(p: unknown): TaskRunner | undefined {
  if (p === undefined) return undefined;
  const r = p as TaskRunner;
  if (r === null || typeof r !== 'object' || typeof r.run !== 'function' || !Number.isInteger(r.workers)) throw new TypeError('options.pool must be an executor (createExecutor()) with run() and workers');
  return r;
}

function checkDecompose(d: unknown): boolean | 'auto' {
  if (d === undefined || d === 'auto') return 'auto';
  if (typeof d === 'boolean') return d;
  throw new TypeError(`options.decompose must be true, false or 'auto', got ${typeof d === 'string' ? JSON.stringify(d) : String(d)}`);
}

/** Checks `options` (names the field on error) and fills the defaults. */
export function fillScheduleOptions(options: unknown): FilledScheduleOptions {
  const o = checkOptions('options', options);
  for (const k of Object.keys(o)) {
    if (!KNOWN.includes(k)) throw new RangeError(`options.${k} is not a known option (expected one of ${KNOWN.join(', ')})`);
  }
  const d = DEFAULT_SCHEDULE_OPTIONS;
  const timeLimitMs = checkFinite('options.timeLimitMs', o.timeLimitMs ?? d.timeLimitMs);
  if (timeLimitMs <= 0) throw new RangeError(`options.timeLimitMs must be > 0, got ${timeLimitMs}`);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal');
  return {
    solver: checkOneOf('options.solver', o.solver ?? d.solver, SOLVER_NAMES),
    weights: checkOptions('options.weights', o.weights) as Partial<Weights>,
    penalties: checkOptions('options.penalties', o.penalties) as Partial<Penalties>,
    network: checkOptions('options.network', o.network) as Partial<NetworkModel>,
    timeLimitMs,
    seed: checkSeed('options.seed', o.seed ?? d.seed),
    signal: o.signal as AbortSignal | undefined,
    workers: checkInteger('options.workers', o.workers ?? d.workers, 1, 256),
    params: checkOptions('options.params', o.params),
    kernels: checkKernels(o.kernels),
    pool: checkPool(o.pool),
    decompose: checkDecompose(o.decompose),
  };
}
