// What one shard of a sampler run is given and what it gives back: plain structured-clonable
// data (numbers, typed arrays), so the same spec runs in this thread or in a pool worker. The
// host resolves every default before building a spec; a shard never picks a number itself, so
// its result depends only on the spec (and on when it is told to stop).
//
// checkShardSpec guards the 'sample-shard' task kind of the executor, which is reachable from
// user code: it checks every field and names it (`task.spec.params.sweeps`).

import { checkCsr } from '../../kernels/checked.js';
import type { CsrArrays } from '../../kernels/contract.js';
import { checkFinite, checkInteger, checkOneOf, checkSeed, checkTypedArray } from '../../validate.js';
import type { SamplerName, StopReason } from '../types.js';

/**
 * Simulated annealing: sweeps/sweepsPerBeta β steps, each used for sweepsPerBeta sweeps; the
 * steps are `betas` (a custom schedule) or computed from `shape` and `range` (schedule.betaAt),
 * so a million-sweep schedule is not shipped to every worker.
 */
export interface SaParams {
  readonly sampler: 'sa';
  readonly sweeps: number;
  readonly sweepsPerBeta: number;
  readonly shape: 'geometric' | 'linear' | 'custom';
  readonly range: readonly [number, number];
  readonly betas: Float64Array | null;
}

/** Path-integral quantum annealing on a SPIN model. */
export interface SqaParams {
  readonly sampler: 'sqa';
  readonly sweeps: number;
  readonly replicas: number;
  readonly gamma0: number;
  readonly t0: number;
  readonly alpha: number;
  readonly coolEvery: number;
  readonly globalMoves: boolean;
  /** Chunks in the restart variance window; 0 disables adaptive restarts. */
  readonly restartWindow: number;
  readonly restartThreshold: number;
  readonly maxRestarts: number;
  readonly returnReplicas: boolean;
}

/** Parallel tempering: `chains` chains per read on an adaptive geometric ladder. */
export interface PtParams {
  readonly sampler: 'pt';
  readonly sweeps: number;
  readonly chains: number;
  readonly exchangeEvery: number;
  readonly betaHot: number;
  readonly betaCold: number;
  readonly adapt: boolean;
}

/** Tabu search with restarts. */
export interface TabuParams {
  readonly sampler: 'tabu';
  readonly tenure: number;
  readonly restarts: number;
  /** Iterations without improvement that end a start. */
  readonly stall: number;
  /** Hard cap on the iterations of one start. */
  readonly maxIterations: number;
}

/** Steepest descent to a local minimum. */
export interface SteepestParams {
  readonly sampler: 'steepest';
  readonly maxIterations: number;
}

/** Constructive greedy; random states. */
export interface PlainParams {
  readonly sampler: 'greedy' | 'random';
}

/** Exhaustive Gray-code search keeping the k best. */
export interface ExactParams {
  readonly sampler: 'exact';
  readonly k: number;
  /** States enumerated per chunk. */
  readonly block: number;
}

export type ShardParams = SaParams | SqaParams | PtParams | TabuParams | SteepestParams | PlainParams | ExactParams;

/** Job-level stopping rules every shard applies between chunks. */
export interface StopSpec {
  /** Date.now() value after which the shard stops (Infinity: none). */
  readonly deadline: number;
  /** Stop when a read's energy is ≤ target (−Infinity: none). */
  readonly target: number;
  /** A read stops when its best improved by ≤ epsilon over the last `window` units (window 0: off). */
  readonly epsilon: number;
  readonly window: number;
}

/** One shard: items [start, end) of a run. */
export interface ShardSpec {
  readonly params: ShardParams;
  /** The working model (the SPIN form for 'sqa'). */
  readonly model: CsrArrays;
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  /** This shard's progress slot in the control block. */
  readonly slot: number;
  /** Initial states for items [start, end), row-major; row k used only when given[k] is 1. */
  readonly initial: Int8Array | null;
  readonly given: Uint8Array | null;
  /** Sweeps (iterations; rounds of exchangeEvery sweeps for 'pt'; items for 'random') per chunk. */
  readonly chunk: number;
  readonly stop: StopSpec;
}

/** Sampler-specific results of a shard, one row per read. */
export interface ShardExtra {
  readonly ladders?: Float64Array;
  readonly swapRates?: Float64Array;
  readonly restarts?: Int32Array;
  readonly replicaEnergies?: Float64Array;
}

/** What a shard returns. */
export interface ShardResult {
  /** rows × n best states (working model's vartype); reads that never started are left out. */
  readonly states: Int8Array;
  readonly rows: number;
  /** Sweeps / iterations / enumerated states done, summed over reads. */
  readonly units: number;
  readonly converged: number;
  /** How the shard ended when nobody stopped it. */
  readonly natural: StopReason;
  /** The control block's stop code when the shard ended (0: ran to its natural end). */
  readonly stop: number;
  readonly timeNs: number;
  readonly extra: ShardExtra | null;
}

const SAMPLERS: readonly SamplerName[] = ['sa', 'sqa', 'pt', 'tabu', 'steepest', 'greedy', 'random', 'exact'];
const INT_MAX = 0x7fffffff;

function int(name: string, value: unknown, min: number, max = INT_MAX): number {
  return checkInteger(name, value, min, max);
}

function checkParams(name: string, value: unknown, n: number): void {
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be an object`);
  const p = value as Record<string, unknown>;
  switch (checkOneOf(`${name}.sampler`, p.sampler, SAMPLERS)) {
    case 'sa': {
      const spb = int(`${name}.sweepsPerBeta`, p.sweepsPerBeta, 1);
      const sweeps = int(`${name}.sweeps`, p.sweeps, 1);
      const shape = checkOneOf(`${name}.shape`, p.shape, ['geometric', 'linear', 'custom'] as const);
      const range = p.range as unknown[];
      if (!Array.isArray(range) || range.length !== 2) throw new TypeError(`${name}.range must be a pair of numbers`);
      range.forEach((b, k) => {
        if (!(checkFinite(`${name}.range[${k}]`, b) >= 0) || (shape === 'geometric' && !((b as number) > 0))) throw new RangeError(`${name}.range[${k}] must be ${shape === 'geometric' ? '> 0' : '>= 0'}`);
      });
      if (shape !== 'custom') {
        if (sweeps % spb !== 0) throw new RangeError(`${name}.sweeps must be a multiple of sweepsPerBeta`);
        break;
      }
      const betas = checkTypedArray(`${name}.betas`, p.betas, Float64Array);
      betas.forEach((b, k) => {
        if (!(b >= 0 && Number.isFinite(b))) throw new RangeError(`${name}.betas[${k}] must be a finite number >= 0, got ${b}`);
      });
      if (sweeps !== betas.length * spb) throw new RangeError(`${name}.sweeps must equal betas.length × sweepsPerBeta`);
      break;
    }
    case 'sqa':
      int(`${name}.sweeps`, p.sweeps, 1);
      int(`${name}.replicas`, p.replicas, 2, 64);
      for (const key of ['gamma0', 't0', 'alpha', 'restartThreshold']) {
        if (!(checkFinite(`${name}.${key}`, p[key]) >= 0)) throw new RangeError(`${name}.${key} must be >= 0`);
      }
      if (!((p.t0 as number) > 0 && (p.alpha as number) > 0 && (p.alpha as number) < 1)) throw new RangeError(`${name}.t0 must be > 0 and ${name}.alpha in (0, 1)`);
      int(`${name}.coolEvery`, p.coolEvery, 1);
      int(`${name}.restartWindow`, p.restartWindow, 0, 1 << 20);
      int(`${name}.maxRestarts`, p.maxRestarts, 0, 1 << 20);
      if (typeof p.globalMoves !== 'boolean' || typeof p.returnReplicas !== 'boolean') throw new TypeError(`${name}.globalMoves and .returnReplicas must be booleans`);
      break;
    case 'pt':
      int(`${name}.sweeps`, p.sweeps, 1);
      int(`${name}.chains`, p.chains, 2, 64);
      int(`${name}.exchangeEvery`, p.exchangeEvery, 1);
      if (!(checkFinite(`${name}.betaHot`, p.betaHot) > 0 && checkFinite(`${name}.betaCold`, p.betaCold) >= (p.betaHot as number))) {
        throw new RangeError(`${name} needs 0 < betaHot <= betaCold`);
      }
      if (typeof p.adapt !== 'boolean') throw new TypeError(`${name}.adapt must be a boolean`);
      break;
    case 'tabu':
      int(`${name}.tenure`, p.tenure, 0, Math.max(0, n - 1));
      int(`${name}.restarts`, p.restarts, 0);
      int(`${name}.stall`, p.stall, 1);
      int(`${name}.maxIterations`, p.maxIterations, 1);
      break;
    case 'steepest':
      int(`${name}.maxIterations`, p.maxIterations, 1);
      break;
    case 'exact':
      if (n > 30) throw new RangeError(`model has ${n} variables; the exact sampler enumerates at most 30`);
      int(`${name}.k`, p.k, 1, Math.min(1 << 20, 2 ** n));
      int(`${name}.block`, p.block, 1);
      break;
    case 'greedy':
    case 'random':
      break;
  }
}

/** Throws a TypeError/RangeError naming the field when `spec` is not a valid ShardSpec. */
export function checkShardSpec(name: string, value: unknown): ShardSpec {
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be an object`);
  const s = value as Record<string, unknown>;
  const model = checkCsr(s.model, `${name}.model`);
  if (model.n === 0) throw new RangeError(`${name}.model has no variables`);
  checkParams(`${name}.params`, s.params, model.n);
  const sampler = (s.params as ShardParams).sampler;
  if (sampler === 'sqa' && model.vartype !== 'SPIN') throw new RangeError(`${name}.model must be SPIN for sqa`);
  checkSeed(`${name}.seed`, s.seed);
  const limit = sampler === 'exact' ? 2 ** model.n : INT_MAX;
  const start = checkInteger(`${name}.start`, s.start, 0, limit);
  const end = checkInteger(`${name}.end`, s.end, start, limit);
  int(`${name}.slot`, s.slot, 0, 1 << 16);
  int(`${name}.chunk`, s.chunk, 1);
  if (s.initial !== null || s.given !== null) {
    const initial = checkTypedArray(`${name}.initial`, s.initial, Int8Array, (end - start) * model.n);
    checkTypedArray(`${name}.given`, s.given, Uint8Array, end - start);
    const spin = model.vartype === 'SPIN';
    initial.forEach((v, k) => {
      if (spin ? v !== 1 && v !== -1 : v !== 0 && v !== 1) throw new RangeError(`${name}.initial[${k}] must be ${spin ? '-1 or +1' : '0 or 1'}, got ${v}`);
    });
  }
  const stop = s.stop as Record<string, unknown> | null;
  if (stop === null || typeof stop !== 'object') throw new TypeError(`${name}.stop must be an object`);
  for (const key of ['deadline', 'target', 'epsilon'] as const) {
    if (typeof stop[key] !== 'number' || Number.isNaN(stop[key])) throw new TypeError(`${name}.stop.${key} must be a number`);
  }
  int(`${name}.stop.window`, stop.window, 0, Number.MAX_SAFE_INTEGER);
  return value as ShardSpec;
}
