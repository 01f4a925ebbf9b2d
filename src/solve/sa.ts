// Simulated annealing and parallel tempering: their options, defaults and plans. Both run
// Metropolis sweeps in the kernels (saSweeps) and share the default β range of schedule.ts.
//
// SA defaults: 1000 sweeps, 10 reads, a geometric schedule of sweeps/sweepsPerBeta β values over
// the default range, sweepsPerBeta 1 (dwave-neal's defaults). A custom schedule is an array of
// β values (each used sweepsPerBeta times); it need not increase (reheating and reverse
// annealing are legitimate), but every β must be finite and ≥ 0.
// PT defaults: ⌈¼·√n·ln(β_cold/β_hot)⌉ chains in [4, 64] (schedule.defaultChains: ~30% swap
// acceptance, the middle of the 20–40% band), 1000 sweeps per chain, a swap round every 4 sweeps
// (fields are recomputed at each kernel call, so rounds of 1 sweep would double the cost),
// 2 reads, the ladder equalised during the first half (schedule.adaptLadder).

import type { Model } from '../qubo/model.js';
import { checkInteger, checkTypedArray } from '../validate.js';
import type { CommonOptions, InitialOptions } from './options.js';
import { checkBoolean, checkCommon, defaultChunk, nonNegative, positiveInteger, resolveInitial } from './options.js';
import type { Plan } from './plan.js';
import { defaultBetaRange, defaultChains, flipScale } from './schedule.js';

/** Options of the 'sa' sampler. */
export interface SaOptions extends CommonOptions, InitialOptions {
  /** Total sweeps per read (default 1000). */
  readonly sweeps?: number;
  /** Sweeps at each β (default 1); sweeps must be a multiple. */
  readonly sweepsPerBeta?: number;
  /** 'geometric' (default), 'linear', or the β values themselves. */
  readonly schedule?: 'geometric' | 'linear' | ArrayLike<number>;
  /** [β_hot, β_cold]; default from the model (see schedule.ts). */
  readonly betaRange?: readonly [number, number];
}

/** Options of the 'pt' sampler. */
export interface PtOptions extends CommonOptions, InitialOptions {
  /** Sweeps per chain (default 1000). */
  readonly sweeps?: number;
  /** Chains per read, 2–64 (default ⌈¼·√n·ln(β_cold/β_hot)⌉ in [4, 64]: ~30% swap acceptance). */
  readonly chains?: number;
  /** Sweeps between swap rounds (default 4). */
  readonly exchangeEvery?: number;
  /** [β_hot, β_cold] ends of the ladder; default from the model. */
  readonly betaRange?: readonly [number, number];
  /** Equalise swap acceptance along the ladder during the first half (default true). */
  readonly adapt?: boolean;
}

/** options.betaRange checked, or the model's default range. */
export function resolveBetaRange(model: Model, value: unknown, positive: boolean): [number, number] {
  if (value === undefined) return defaultBetaRange(flipScale(model.csr));
  if (!Array.isArray(value) || value.length !== 2) throw new TypeError('options.betaRange must be a [hot, cold] pair of numbers');
  return [nonNegative('options.betaRange[0]', value[0], positive), nonNegative('options.betaRange[1]', value[1], positive)];
}

/** Resolves SA options into a plan. */
export function planSa(model: Model, o: Record<string, unknown>): Plan {
  const common = checkCommon(o, 10);
  const initial = resolveInitial(model, o, common);
  const sweepsPerBeta = o.sweepsPerBeta === undefined ? 1 : positiveInteger('options.sweepsPerBeta', o.sweepsPerBeta);
  const schedule = o.schedule ?? 'geometric';
  let betas: Float64Array | null = null;
  let sweeps: number;
  let betaRange: [number, number];
  if (schedule === 'geometric' || schedule === 'linear') {
    sweeps = o.sweeps === undefined ? 1000 : positiveInteger('options.sweeps', o.sweeps);
    if (sweeps % sweepsPerBeta !== 0) throw new RangeError(`options.sweeps (${sweeps}) must be a multiple of options.sweepsPerBeta (${sweepsPerBeta})`);
    betaRange = resolveBetaRange(model, o.betaRange, schedule === 'geometric');
  } else if (typeof schedule === 'string') {
    throw new RangeError(`options.schedule must be 'geometric', 'linear' or an array of β values, got the string ${JSON.stringify(schedule)}`);
  } else {
    if (schedule === null || typeof schedule !== 'object' || typeof (schedule as ArrayLike<number>).length !== 'number') {
      throw new TypeError(`options.schedule must be 'geometric', 'linear' or an array of β values`);
    }
    const values = Array.isArray(schedule) ? schedule : Array.from(checkTypedArray('options.schedule', schedule, Float64Array));
    if (values.length === 0) throw new RangeError('options.schedule must hold at least one β value');
    betas = Float64Array.from(values, (b, k) => nonNegative(`options.schedule[${k}]`, b));
    sweeps = betas.length * sweepsPerBeta;
    if (o.sweeps !== undefined && positiveInteger('options.sweeps', o.sweeps) !== sweeps) {
      throw new RangeError(`options.sweeps (${o.sweeps as number}) must equal options.schedule.length × sweepsPerBeta (${sweeps})`);
    }
    if (o.betaRange !== undefined) throw new RangeError('options.betaRange cannot be combined with a custom options.schedule');
    betaRange = [betas[0], betas[betas.length - 1]];
  }
  const chunk = common.chunk ?? defaultChunk(model);
  return {
    sampler: 'sa', common, work: model, items: initial?.reads ?? common.reads, chunk, streamsPerItem: 1, unit: 'sweeps',
    params: { sampler: 'sa', sweeps, sweepsPerBeta, shape: typeof schedule === 'string' ? schedule : 'custom', range: betaRange, betas },
    defaultWindow: Math.max(chunk, Math.ceil(sweeps / 10)),
    initial,
    manifest: {
      sweeps, sweepsPerBeta, schedule: typeof schedule === 'string' ? schedule : 'custom',
      betaRange, betas: betas === null ? null : Array.from(betas),
      initialStates: initial === null ? 'random' : `${initial.rows} given, rest ${initial.fill}`,
    },
  };
}

/** Resolves PT options into a plan. */
export function planPt(model: Model, o: Record<string, unknown>): Plan {
  const common = checkCommon(o, 2);
  const initial = resolveInitial(model, o, common);
  const sweeps = o.sweeps === undefined ? 1000 : positiveInteger('options.sweeps', o.sweeps);
  const exchangeEvery = o.exchangeEvery === undefined ? 4 : positiveInteger('options.exchangeEvery', o.exchangeEvery);
  const [betaHot, betaCold] = resolveBetaRange(model, o.betaRange, true);
  if (betaHot > betaCold) throw new RangeError(`options.betaRange must be [hot, cold] with hot <= cold, got [${betaHot}, ${betaCold}]`);
  const chains = o.chains === undefined ? defaultChains(model.n, betaHot, betaCold) : checkInteger('options.chains', o.chains, 2, 64);
  const adapt = o.adapt === undefined ? true : checkBoolean('options.adapt', o.adapt);
  const chunkSweeps = common.chunk ?? defaultChunk(model, chains);
  const chunk = Math.max(1, Math.floor(chunkSweeps / exchangeEvery));
  return {
    sampler: 'pt', common, work: model, items: initial?.reads ?? common.reads, chunk, streamsPerItem: chains + 1, unit: 'sweeps',
    params: { sampler: 'pt', sweeps, chains, exchangeEvery, betaHot, betaCold, adapt },
    defaultWindow: Math.max(chunk * exchangeEvery, Math.ceil(sweeps / 10)),
    initial,
    manifest: {
      sweeps, chains, exchangeEvery, betaRange: [betaHot, betaCold], adapt, chunkRounds: chunk,
      initialStates: initial === null ? 'random' : `${initial.rows} given, rest ${initial.fill}`,
    },
  };
}
