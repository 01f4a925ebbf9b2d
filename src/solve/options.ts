// The options every sampler shares, checked at the boundary (messages name the field:
// `options.reads must be a positive integer, got 0`) and filled with their defaults, piscina
// style: `CommonOptions` is what a caller writes, `FilledCommon` what the engine reads.
// Sampler-specific options are checked in each sampler's plan (sa.ts, sqa.ts, …).

import type { BackendChoice } from '../kernels/contract.js';
import { BACKEND_CHOICES } from '../kernels/load.js';
import type { Executor } from '../parallel/pool.js';
import { Model } from '../qubo/model.js';
import type { Sample } from '../qubo/labels.js';
import { checkFinite, checkInteger, checkOneOf, checkSeed } from '../validate.js';
import type { Progress } from './types.js';

/** Options shared by every sampler. */
export interface CommonOptions {
  /** 32-bit seed; default: drawn at random and reported in info.manifest.seed. */
  readonly seed?: number;
  /** Independent reads (restarts, PT runs); default per sampler (10 for sa). */
  readonly reads?: number;
  /** Kernel backend; default 'auto' (WASM SIMD where available). */
  readonly backend?: BackendChoice;
  /** Worker threads; default 1 (this thread, no pool). */
  readonly workers?: number;
  /** A pool to reuse instead of starting one (its workers and backend win over the options). */
  readonly executor?: Executor;
  /** Wall-clock budget, checked between chunks inside reads. */
  readonly timeLimitMs?: number;
  /** Stop as soon as some read reaches an energy ≤ target. */
  readonly target?: number;
  /** A read ends when its best improved by ≤ epsilon over the last `window` sweeps (iterations). */
  readonly epsilon?: number;
  readonly window?: number;
  readonly signal?: AbortSignal;
  /** On abort: reject with AbortError (default) or resolve with what was sampled so far. */
  readonly onAbort?: 'reject' | 'partial';
  /** Called after each chunk with the best energy so far. */
  readonly onProgress?: (progress: Progress) => void;
  /** Sweeps (iterations) per chunk: the granularity of stopping checks; default from the model size. */
  readonly chunk?: number;
}

/** Options of samplers that start from given states. */
export interface InitialOptions {
  /** Start states: a row-major Int8Array (rows × n, index order) or samples; default: random. */
  readonly initialStates?: Int8Array | readonly Sample[];
  /** How reads beyond the given states start: 'random' (default) or 'tile' (repeat the given ones). */
  readonly initialFill?: 'random' | 'tile';
}

/** CommonOptions after checking, with defaults. */
export interface FilledCommon {
  readonly seed: number;
  readonly seedSource: 'given' | 'random';
  readonly reads: number;
  readonly readsGiven: boolean;
  readonly backend: BackendChoice;
  readonly workers: number;
  readonly executor: Executor | undefined;
  readonly timeLimitMs: number | undefined;
  readonly target: number | undefined;
  readonly epsilon: number | undefined;
  readonly window: number | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: 'reject' | 'partial';
  readonly onProgress: ((progress: Progress) => void) | undefined;
  readonly chunk: number | undefined;
}

/** `value` must be an integer ≥ 1 (and ≤ max). */
export function positiveInteger(name: string, value: unknown, max = 0x7fffffff): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a positive integer, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${describe(value)}`);
  if (value > max) throw new RangeError(`${name} must be at most ${max}, got ${value}`);
  return value;
}

/** `value` must be a finite number in [min, max]. */
export function numberIn(name: string, value: unknown, min: number, max: number): number {
  const x = checkFinite(name, value);
  if (x < min || x > max) throw new RangeError(`${name} must be a number in [${min}, ${max}], got ${x}`);
  return x;
}

/** `value` must be a finite number ≥ 0 (> 0 when `strict`). */
export function nonNegative(name: string, value: unknown, strict = false): number {
  const x = checkFinite(name, value);
  if (strict ? !(x > 0) : x < 0) throw new RangeError(`${name} must be ${strict ? '> 0' : '>= 0'}, got ${x}`);
  return x;
}

/** `value` must be a boolean. */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** A random 32-bit seed (Math.random is enough: the seed is reported, not secret). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x100000000) >>> 0;
}

/** Throws unless `model` is a Model with at least one variable. */
export function checkModel(model: unknown): Model {
  if (!(model instanceof Model)) throw new TypeError(`model must be a Model, got ${describe(model)}`);
  if (model.n === 0) throw new RangeError('model has no variables');
  return model;
}

/** Checks the shared options; `defaultReads` is the sampler's read count. */
export function checkCommon(options: Record<string, unknown>, defaultReads: number): FilledCommon {
  const o = options;
  const seedGiven = o.seed !== undefined;
  const executor = o.executor as Executor | undefined;
  if (executor !== undefined && (executor === null || typeof executor !== 'object' || typeof executor.run !== 'function' || typeof executor.workers !== 'number')) {
    throw new TypeError('options.executor must be an Executor from createExecutor');
  }
  const signal = o.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`options.signal must be an AbortSignal, got ${describe(signal)}`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError(`options.onProgress must be a function, got ${describe(o.onProgress)}`);
  const timeLimitMs = o.timeLimitMs === undefined ? undefined : checkFinite('options.timeLimitMs', o.timeLimitMs);
  if (timeLimitMs !== undefined && timeLimitMs < 0) throw new RangeError(`options.timeLimitMs must be >= 0, got ${timeLimitMs}`);
  const epsilon = o.epsilon === undefined ? undefined : checkFinite('options.epsilon', o.epsilon);
  if (epsilon !== undefined && epsilon < 0) throw new RangeError(`options.epsilon must be >= 0, got ${epsilon}`);
  return {
    seed: seedGiven ? checkSeed('options.seed', o.seed) : randomSeed(),
    seedSource: seedGiven ? 'given' : 'random',
    reads: o.reads === undefined ? defaultReads : positiveInteger('options.reads', o.reads, 1 << 24),
    readsGiven: o.reads !== undefined,
    backend: o.backend === undefined ? 'auto' : checkOneOf('options.backend', o.backend, BACKEND_CHOICES),
    workers: o.workers === undefined ? 1 : checkInteger('options.workers', o.workers, 1, 256),
    executor,
    timeLimitMs,
    target: o.target === undefined ? undefined : checkFinite('options.target', o.target),
    epsilon,
    window: o.window === undefined ? undefined : positiveInteger('options.window', o.window, Number.MAX_SAFE_INTEGER),
    signal: signal as AbortSignal | undefined,
    onAbort: o.onAbort === undefined ? 'reject' : checkOneOf('options.onAbort', o.onAbort, ['reject', 'partial'] as const),
    onProgress: o.onProgress as FilledCommon['onProgress'],
    chunk: o.chunk === undefined ? undefined : positiveInteger('options.chunk', o.chunk),
  };
}

/**
 * Default sweeps per chunk: about 2^20 variable updates (a few ms in WASM), at least 16 sweeps
 * (so the per-chunk energy pass costs ≤ 1/16 of the sweeps) and at most 128 (so small models
 * still check the clock often). `width` is the number of states a sweep touches (K for SQA).
 */
export function defaultChunk(model: Model, width = 1): number {
  const work = (model.csr.cols.length + model.n) * width;
  return Math.min(128, Math.max(16, Math.ceil(2 ** 20 / Math.max(work, 1))));
}

/** Iterations per chunk for the one-flip-per-iteration samplers (each iteration scans n gains). */
export function defaultIterationChunk(model: Model): number {
  return Math.min(4096, Math.max(16, Math.ceil(2 ** 20 / (model.n + model.csr.cols.length / Math.max(model.n, 1)))));
}

/** Initial states resolved against the reads: row k of `states` is used when given[k] is 1. */
export interface ResolvedInitial {
  readonly states: Int8Array;
  readonly given: Uint8Array;
  /** The read count (options.reads, or the number of given states when reads was not set). */
  readonly reads: number;
  readonly rows: number;
  readonly fill: 'random' | 'tile';
}

/** Checks options.initialStates / initialFill against the model; null when no states were given. */
export function resolveInitial(model: Model, o: Record<string, unknown>, common: FilledCommon): ResolvedInitial | null {
  const fill = o.initialFill === undefined ? 'random' : checkOneOf('options.initialFill', o.initialFill, ['random', 'tile'] as const);
  const raw = o.initialStates;
  if (raw === undefined) return null;
  const n = model.n;
  let rows: Int8Array;
  if (raw instanceof Int8Array) {
    if (raw.length % n !== 0) throw new RangeError(`options.initialStates must hold rows × n values (n = ${n}), got ${raw.length}`);
    rows = raw;
    const spin = model.vartype === 'SPIN';
    raw.forEach((v, k) => {
      if (spin ? v !== 1 && v !== -1 : v !== 0 && v !== 1) throw new RangeError(`options.initialStates[${k}] must be ${spin ? '-1 or +1 (SPIN)' : '0 or 1 (BINARY)'}, got ${v}`);
    });
  } else if (Array.isArray(raw)) {
    rows = new Int8Array(raw.length * n);
    raw.forEach((sample, k) => rows.set(model.toState(sample as Sample, `options.initialStates[${k}]`), k * n));
  } else {
    throw new TypeError(`options.initialStates must be an Int8Array or an array of samples, got ${describe(raw)}`);
  }
  const count = rows.length / n;
  if (count === 0) throw new RangeError('options.initialStates must hold at least one state');
  const reads = common.readsGiven ? common.reads : count;
  if (count > reads) throw new RangeError(`options.initialStates has ${count} states, more than options.reads = ${reads}`);
  const states = new Int8Array(reads * n);
  const given = new Uint8Array(reads);
  for (let r = 0; r < reads; r++) {
    if (r < count || fill === 'tile') {
      states.set(rows.subarray((r % count) * n, (r % count + 1) * n), r * n);
      given[r] = 1;
    }
  }
  return { states, given, reads, rows: count, fill };
}
