// The sampler registry: one interface, `sample(model, options) → Promise<SampleSet>`, for every
// sampler, plus `progress(...)` for a best-so-far stream and `polish` (steepest descent from
// every row of any SampleSet). A registry is built per context (`createSamplers`), not held in
// a global, so nothing a test does to one can leak into another; the Node entry exports one
// built on the Node context.

import type { Model } from '../qubo/model.js';
import { checkOneOf, checkOptions } from '../validate.js';
import type { SolveContext } from './context.js';
import { planExact, planGreedy, planRandom, planSteepest, planTabu } from './local.js';
import type { ExactOptions, GreedyOptions, RandomOptions, SteepestOptions, TabuOptions } from './local.js';
import { checkModel, type CommonOptions } from './options.js';
import type { Plan, Planner } from './plan.js';
import { progressStream, type ProgressStream } from './progress.js';
import { runPlan } from './run.js';
import { planPt, planSa, type PtOptions, type SaOptions } from './sa.js';
import { SampleSet } from './sampleset.js';
import { planSqa, type SqaOptions } from './sqa.js';
import { SAMPLER_NAMES, type SamplerName } from './types.js';

/** A sampler: the same two calls for every algorithm. */
export interface Sampler<O = CommonOptions> {
  readonly name: SamplerName;
  /** Samples `model`; rejects (never throws) with TypeError/RangeError, AbortError or WorkerError. */
  sample(model: Model, options?: O): Promise<SampleSet>;
  /** Starts a run and streams its best-so-far reports; `.result` is the SampleSet. */
  progress(model: Model, options?: O): ProgressStream;
}

/** Each sampler's options type. */
export interface SamplerOptions {
  sa: SaOptions;
  sqa: SqaOptions;
  pt: PtOptions;
  tabu: TabuOptions;
  steepest: SteepestOptions;
  greedy: GreedyOptions;
  random: RandomOptions;
  exact: ExactOptions;
}

/** Every sampler by name. */
export type Samplers = { readonly [K in SamplerName]: Sampler<SamplerOptions[K]> };

/** Options of `polish`: where to run and when to stop; the states come from the SampleSet. */
export type PolishOptions = Omit<SteepestOptions, 'reads' | 'initialStates' | 'initialFill' | 'seed'>;

/** Samplers bound to one context. */
export interface SamplerRegistry {
  readonly samplers: Samplers;
  /** The sampler called `name`; throws a RangeError naming the choices for an unknown one. */
  getSampler<K extends SamplerName>(name: K): Samplers[K];
  /** Steepest descent from every row of `sampleSet` (occurrences kept), energies on `model`. */
  polish(sampleSet: SampleSet, model: Model, options?: PolishOptions): Promise<SampleSet>;
}

const PLANNERS: Readonly<Record<SamplerName, Planner>> = {
  sa: planSa, sqa: planSqa, pt: planPt, tabu: planTabu, steepest: planSteepest, greedy: planGreedy, random: planRandom, exact: planExact,
};

const COMMON_KEYS = ['seed', 'reads', 'backend', 'workers', 'executor', 'timeLimitMs', 'target', 'epsilon', 'window', 'signal', 'onAbort', 'onProgress', 'chunk'];
const INITIAL_KEYS = ['initialStates', 'initialFill'];

const keys = (...extra: string[]): ReadonlySet<string> => new Set([...COMMON_KEYS, ...extra]);

/** The option names each sampler accepts: a misspelt option is an error, not a silent default. */
const KEYS: Readonly<Record<SamplerName, ReadonlySet<string>>> = {
  sa: keys(...INITIAL_KEYS, 'sweeps', 'sweepsPerBeta', 'schedule', 'betaRange'),
  sqa: keys(...INITIAL_KEYS, 'sweeps', 'replicas', 'gamma0', 't0', 'alpha', 'coolEvery', 'globalMoves', 'restart', 'returnReplicas'),
  pt: keys(...INITIAL_KEYS, 'sweeps', 'chains', 'exchangeEvery', 'betaRange', 'adapt'),
  tabu: keys(...INITIAL_KEYS, 'tenure', 'restarts', 'stall', 'maxIterations'),
  steepest: keys(...INITIAL_KEYS, 'maxIterations'),
  greedy: keys(),
  random: keys(),
  exact: keys('k'),
};

async function run(context: SolveContext, name: SamplerName, model: unknown, options: unknown, adjust?: (plan: Plan) => Plan): Promise<SampleSet> {
  const started = performance.now();
  const startedAt = Date.now();
  const m = checkModel(model);
  const o = checkOptions('options', options);
  for (const key of Object.keys(o)) {
    if (!KEYS[name].has(key) && o[key] !== undefined) throw new RangeError(`options.${key} is not an option of the '${name}' sampler`);
  }
  const plan = PLANNERS[name](m, o);
  return runPlan(context, m, adjust === undefined ? plan : adjust(plan), started, startedAt);
}

/** Builds the registry over `context` (the Node entry exports one over the Node context). */
export function createSamplers(context: SolveContext): SamplerRegistry {
  const make = <K extends SamplerName>(name: K): Samplers[K] => Object.freeze({
    name,
    sample: (model: Model, options?: SamplerOptions[K]) => run(context, name, model, options),
    progress(model: Model, options?: SamplerOptions[K]) {
      const o = (options ?? {}) as Record<string, unknown>;
      const user = typeof o.onProgress === 'function' ? (o.onProgress as (p: unknown) => void) : undefined;
      return progressStream((onProgress, signal) => run(context, name, model, {
        ...o, signal, onProgress: (p: Parameters<typeof onProgress>[0]) => {
          onProgress(p);
          user?.(p);
        },
      }), o.signal);
    },
  }) as Samplers[K];
  const samplers = Object.freeze(Object.fromEntries(SAMPLER_NAMES.map((name) => [name, make(name)]))) as unknown as Samplers;
  return Object.freeze({
    samplers,
    getSampler<K extends SamplerName>(name: K): Samplers[K] {
      return samplers[checkOneOf('name', name, SAMPLER_NAMES) as K];
    },
    async polish(sampleSet: SampleSet, model: Model, options?: PolishOptions): Promise<SampleSet> {
      if (!(sampleSet instanceof SampleSet)) throw new TypeError('sampleSet must be a SampleSet');
      const m = checkModel(model);
      if (sampleSet.vartype !== m.vartype || sampleSet.n !== m.n || sampleSet.labels.some((label, i) => label !== m.labels[i])) {
        throw new RangeError('sampleSet must have the model\'s vartype and labels, in the same order');
      }
      if (sampleSet.size === 0) return sampleSet;
      const o = { ...checkOptions('options', options), initialStates: sampleSet.states, reads: sampleSet.size, seed: 0 };
      return run(context, 'steepest', m, o, (plan) => ({ ...plan, occurrences: sampleSet.occurrences }));
    },
  });
}
