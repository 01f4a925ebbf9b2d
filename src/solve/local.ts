// Options, defaults and plans of the host-side samplers: tabu, steepest descent, greedy,
// random, and exact enumeration (which runs in the kernels' exactSearch).
//
// Defaults and why:
// - tabu: 10 reads; tenure min(20, ⌊n/4⌋) (long enough to leave a basin, short enough that most
//   moves stay open); 4 restarts per read; a start ends after min(10·n + 100, 2000) iterations
//   without improving its own best, or 20× that many in all (a hard bound per start). Each
//   iteration scans all n gains, so the stall cap keeps a default read near n·10^4 operations
//   (measured: 10 default reads at n = 1000, degree 6: 9.7 s with no cap, 0.8 s with it).
// - steepest: 10 reads; at most 100·n + 1000 flips per read (each flip lowers the energy, so
//   descent from a random state ends far sooner; the cap only bounds the loop).
// - greedy: 1 read (read 0 is deterministic; more reads break ties at random).
// - random: 10 reads.
// - exact: k = 1 (the k lowest states are kept; ties go to the lower Gray-code index), n ≤ 30,
//   enumerated in blocks of 2^20 states between stopping checks.

import type { Model } from '../qubo/model.js';
import type { CommonOptions, InitialOptions } from './options.js';
import { checkCommon, defaultIterationChunk, positiveInteger, resolveInitial } from './options.js';
import type { Plan } from './plan.js';
import { checkInteger } from '../validate.js';

/** Options of the 'tabu' sampler. */
export interface TabuOptions extends CommonOptions, InitialOptions {
  /** Moves a flipped variable stays tabu, in [0, n − 1] (default min(20, ⌊n/4⌋)). */
  readonly tenure?: number;
  /** Fresh random restarts per read (default 4). */
  readonly restarts?: number;
  /** Iterations without improvement that end a start (default min(10·n + 100, 2000)). */
  readonly stall?: number;
  /** Hard cap on a start's iterations (default 20 × stall). */
  readonly maxIterations?: number;
}

/** Options of the 'steepest' sampler. */
export interface SteepestOptions extends CommonOptions, InitialOptions {
  /** Hard cap on flips per read (default 100·n + 1000). */
  readonly maxIterations?: number;
}

/** Options of the 'greedy' and 'random' samplers. */
export type GreedyOptions = CommonOptions;
export type RandomOptions = CommonOptions;

/** Options of the 'exact' sampler (reads do not apply: see k). */
export interface ExactOptions extends Omit<CommonOptions, 'reads'> {
  /** How many of the lowest states to return (default 1). */
  readonly k?: number;
}

function base(model: Model, common: ReturnType<typeof checkCommon>, chunk: number) {
  return { common, work: model, chunk, streamsPerItem: 1, unit: 'iterations' as const };
}

/** Resolves tabu options into a plan. */
export function planTabu(model: Model, o: Record<string, unknown>): Plan {
  const common = checkCommon(o, 10);
  const initial = resolveInitial(model, o, common);
  const n = model.n;
  const tenure = o.tenure === undefined ? Math.min(20, Math.floor(n / 4)) : checkInteger('options.tenure', o.tenure, 0, n - 1);
  const restarts = o.restarts === undefined ? 4 : checkInteger('options.restarts', o.restarts, 0, 1 << 24);
  const stall = o.stall === undefined ? Math.min(10 * n + 100, 2000) : positiveInteger('options.stall', o.stall);
  const maxIterations = o.maxIterations === undefined ? 20 * stall : positiveInteger('options.maxIterations', o.maxIterations, Number.MAX_SAFE_INTEGER);
  return {
    sampler: 'tabu', ...base(model, common, common.chunk ?? defaultIterationChunk(model)), items: initial?.reads ?? common.reads, initial,
    params: { sampler: 'tabu', tenure, restarts, stall, maxIterations },
    defaultWindow: stall,
    manifest: { tenure, restarts, stall, maxIterations, initialStates: initial === null ? 'random' : `${initial.rows} given, rest ${initial.fill}` },
  };
}

/** Resolves steepest-descent options into a plan. */
export function planSteepest(model: Model, o: Record<string, unknown>): Plan {
  const common = checkCommon(o, 10);
  const initial = resolveInitial(model, o, common);
  const maxIterations = o.maxIterations === undefined ? 100 * model.n + 1000 : positiveInteger('options.maxIterations', o.maxIterations, Number.MAX_SAFE_INTEGER);
  return {
    sampler: 'steepest', ...base(model, common, common.chunk ?? defaultIterationChunk(model)), items: initial?.reads ?? common.reads, initial,
    params: { sampler: 'steepest', maxIterations },
    defaultWindow: model.n,
    manifest: { maxIterations, initialStates: initial === null ? 'random' : `${initial.rows} given, rest ${initial.fill}` },
  };
}

/** Resolves greedy options into a plan. */
export function planGreedy(model: Model, o: Record<string, unknown>): Plan {
  const common = checkCommon(o, 1);
  return {
    sampler: 'greedy', ...base(model, common, common.chunk ?? defaultIterationChunk(model)), items: common.reads, initial: null,
    params: { sampler: 'greedy' }, defaultWindow: model.n, manifest: { tieBreak: 'read 0 lowest index, other reads random' },
  };
}

/** Resolves random-sampler options into a plan. */
export function planRandom(model: Model, o: Record<string, unknown>): Plan {
  const common = checkCommon(o, 10);
  const chunk = common.chunk ?? Math.min(4096, Math.max(1, Math.ceil(2 ** 20 / (model.n + model.csr.cols.length))));
  return {
    sampler: 'random', ...base(model, common, chunk), unit: 'states', items: common.reads, initial: null,
    params: { sampler: 'random' }, defaultWindow: 1, manifest: {},
  };
}

/** Resolves exact-search options into a plan. */
export function planExact(model: Model, o: Record<string, unknown>): Plan {
  if (o.reads !== undefined) throw new RangeError('options.reads does not apply to the exact sampler; use options.k');
  const common = checkCommon(o, 1);
  if (model.n > 30) throw new RangeError(`model has ${model.n} variables; the exact sampler enumerates at most 30`);
  const space = 2 ** model.n;
  const k = o.k === undefined ? 1 : positiveInteger('options.k', o.k, Math.min(1 << 20, space));
  const block = common.chunk ?? Math.min(2 ** 20, space);
  return {
    sampler: 'exact', ...base(model, common, block), unit: 'states', streamsPerItem: 0, items: space, initial: null,
    params: { sampler: 'exact', k, block }, defaultWindow: space, manifest: { k, block },
  };
}
