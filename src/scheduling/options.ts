// The options of schedule(), checked and filled with defaults (piscina's Options →
// FilledOptions pattern). Weights, penalties and the network model are resolved by compile().

import { checkFinite, checkInteger, checkOneOf, checkOptions, checkSeed } from '../validate.js';
import { SOLVER_NAMES } from './solvers/index.js';
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
}

/** Defaults of `schedule`. */
export const DEFAULT_SCHEDULE_OPTIONS = Object.freeze({ solver: 'pimc', timeLimitMs: 1000, seed: 1, workers: 1 });

const KNOWN = ['solver', 'weights', 'penalties', 'network', 'timeLimitMs', 'seed', 'signal', 'workers', 'params'];

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
  };
}
