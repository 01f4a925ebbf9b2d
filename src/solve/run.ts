// Executes a Plan: picks the kernels and (for workers > 1) a pool, splits the items into shards
// (item k always draws from stream k of the seed, so the split never changes a result), runs
// them, and assembles one SampleSet. Final energies are always taken here, on the caller's
// model, with the kernels' `energies` (the summation Model.energy uses), never from a runner's
// incremental bookkeeping. Abort: with onAbort 'reject' the promise rejects at once with an
// AbortError whose cause is the signal's reason (shards stop at their next chunk); with
// 'partial' the run stops at the next chunk boundary and resolves with what it has.

import type { BackendName } from '../kernels/contract.js';
import { abortErrorFrom } from '../errors.js';
import type { Executor } from '../parallel/pool.js';
import { shardRanges } from '../parallel/shard.js';
import type { Model } from '../qubo/model.js';
import { VERSION } from '../version.js';
import { backendMatches, choiceFor, type SolveContext } from './context.js';
import { Control, STOP } from './engine/control.js';
import { grayIndex, rankCandidates } from './engine/exact.js';
import type { ShardResult, ShardSpec } from './engine/spec.js';
import { ProgressEmitter, runInThread, runOnPool } from './execute.js';
import type { Plan } from './plan.js';
import { SampleSet } from './sampleset.js';
import type { SampleSetInfo, StopReason } from './types.js';

const REASONS: Record<number, StopReason> = { [STOP.aborted]: 'aborted', [STOP.target]: 'target', [STOP.time]: 'time-limit' };

/** Rejects when `signal` aborts; dispose() removes the listener. */
function whenAborted(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let listener = () => {};
  const promise = new Promise<never>((_, reject) => {
    listener = () => reject(abortErrorFrom(signal));
    if (signal.aborted) listener();
    else signal.addEventListener('abort', listener, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', listener) };
}

/** Runs `plan` on `model`; `started` is performance.now() and `startedAt` Date.now() at the call. */
export async function runPlan(ctx: SolveContext, model: Model, plan: Plan, started: number, startedAt: number): Promise<SampleSet> {
  const common = plan.common;
  if (common.signal?.aborted && common.onAbort === 'reject') throw abortErrorFrom(common.signal);
  let executor = common.executor;
  if (executor !== undefined && common.backend !== 'auto' && !backendMatches(common.backend, executor.backend)) {
    throw new RangeError(`options.backend is '${common.backend}', but options.executor runs '${executor.backend}'`);
  }
  let owned = false;
  if (executor === undefined && common.workers > 1) {
    if (ctx.createExecutor === undefined) throw new RangeError(`options.workers = ${common.workers} needs worker threads, which this entry cannot start (use the Node entry or options.executor)`);
    executor = await ctx.createExecutor(common.workers, common.backend);
    owned = true;
  }
  try {
    return await runOn(ctx, model, plan, executor, started, startedAt);
  } finally {
    if (owned) await executor!.close();
  }
}

async function runOn(ctx: SolveContext, model: Model, plan: Plan, executor: Executor | undefined, started: number, startedAt: number): Promise<SampleSet> {
  const common = plan.common;
  const kernels = await ctx.kernels(executor === undefined ? common.backend : choiceFor(executor.backend));
  const backend: BackendName = executor?.backend ?? kernels.backend;
  const pool = executor !== undefined && executor.workers > 1 ? executor : undefined;
  const ranges = shardRanges(plan.items, pool?.workers ?? 1);
  // Shared with the workers when the runtime allows SharedArrayBuffer (Node always; a browser
  // page only when cross-origin isolated). Without it, shards on workers cannot see the stop
  // word: results are the same, but a target reached or an abort ends other shards only at
  // their own deadline or end.
  const control = Control.create(ranges.length, pool !== undefined && typeof SharedArrayBuffer === 'function');
  const n = model.n;
  const window = common.window ?? (common.epsilon !== undefined ? plan.defaultWindow : 0);
  const stop = {
    deadline: common.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : startedAt + common.timeLimitMs,
    target: common.target ?? Number.NEGATIVE_INFINITY,
    epsilon: common.epsilon ?? 0,
    window,
  };
  const specs: ShardSpec[] = ranges.map((r, slot) => ({
    params: plan.params, model: plan.work.csr, seed: common.seed, start: r.start, end: r.end, slot, chunk: plan.chunk, stop,
    initial: plan.initial === null ? null : plan.initial.states.slice(r.start * n, r.end * n),
    given: plan.initial === null ? null : plan.initial.given.slice(r.start, r.end),
  }));
  const progress = new ProgressEmitter(plan.sampler, control, specs.length, common.onProgress, started);
  const signal = common.signal;
  const onAbort = () => control.stop(STOP.aborted);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const samplingStart = performance.now();
  const sampling = pool !== undefined ? runOnPool(pool, specs, control, progress) : runInThread(kernels, specs, control, progress);
  sampling.catch(() => {}); // awaited below, or abandoned after a rejecting abort
  let results: ShardResult[];
  try {
    if (signal !== undefined && common.onAbort === 'reject') {
      const abort = whenAborted(signal);
      try {
        results = await Promise.race([sampling, abort.promise]);
      } finally {
        abort.dispose();
      }
    } else {
      results = await sampling;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (progress.failed) throw progress.error;
  const samplingNs = (performance.now() - samplingStart) * 1e6;

  // rows in item order: shard ranges are contiguous and each shard's rows are a prefix of its items
  const rows = results.reduce((a, r) => a + r.rows, 0);
  let states = new Int8Array(rows * n);
  const items: number[] = [];
  let at = 0;
  results.forEach((r, s) => {
    states.set(r.states, at * n);
    for (let q = 0; q < r.rows; q++) items.push(ranges[s].start + q);
    at += r.rows;
  });
  if (plan.work.vartype !== model.vartype) states = states.map((s) => (s + 1) / 2);
  let energies = new Float64Array(rows);
  const prepared = kernels.prepare(model.csr);
  try {
    kernels.energies(prepared, states, rows, energies);
  } finally {
    prepared.dispose();
  }
  let occurrences = plan.occurrences === undefined ? undefined : Int32Array.from(items, (k) => plan.occurrences![k]);
  if (plan.params.sampler === 'exact') {
    // the shards' k best, merged by (energy, Gray index): the same k whatever the shard count
    const t = Array.from({ length: rows }, (_, q) => grayIndex(states, q * n, n));
    const order = rankCandidates(energies, t, rows).slice(0, plan.params.k);
    const picked = new Int8Array(order.length * n);
    order.forEach((q, to) => picked.set(states.subarray(q * n, (q + 1) * n), to * n));
    states = picked;
    energies = Float64Array.from(order, (q) => energies[q]);
    occurrences = undefined;
  }
  const code = control.code;
  const naturals = results.map((r) => r.natural);
  const stopReason: StopReason = code !== STOP.none ? REASONS[code]
    : results.some((r) => r.stop === STOP.time) ? 'time-limit'
    : naturals.length > 0 && naturals.every((x) => x === 'converged') ? 'converged'
    : naturals.includes('exhausted') ? 'exhausted' : 'sweeps';
  const info: SampleSetInfo = {
    timing: { total: Math.round((performance.now() - started) * 1e6), sampling: Math.round(samplingNs), shards: results.map((r) => r.timeNs) },
    stopReason,
    manifest: {
      engine: VERSION, sampler: plan.sampler, backend, wasmHash: ctx.wasmHash?.(backend) ?? null,
      seed: common.seed, seedSource: common.seedSource, workers: pool?.workers ?? 1,
      shards: ranges.map((r) => ({ items: [r.start, r.end] as const, seed: common.seed, streams: [r.start * plan.streamsPerItem, r.end * plan.streamsPerItem] as const })),
      params: {
        ...plan.manifest, items: plan.items, chunk: plan.chunk, timeLimitMs: common.timeLimitMs ?? null, target: common.target ?? null,
        epsilon: window > 0 ? stop.epsilon : null, window: window > 0 ? window : null, onAbort: common.onAbort,
      },
    },
    work: { unit: plan.unit, units: results.reduce((a, r) => a + r.units, 0), converged: results.reduce((a, r) => a + r.converged, 0) },
    ...extras(plan, results),
  };
  return SampleSet.create({ vartype: model.vartype, labels: model.labels, states, energies, occurrences, info });
}

/** Per-read sampler statistics (PT ladders and swap rates, SQA restarts and replica energies). */
function extras(plan: Plan, results: readonly ShardResult[]): Partial<SampleSetInfo> {
  const rowsOf = (values: ArrayLike<number> | undefined, width: number, count: number) =>
    Array.from({ length: count }, (_, q) => Array.from(values === undefined ? [] : Array.prototype.slice.call(values, q * width, (q + 1) * width) as number[]));
  const p = plan.params;
  if (p.sampler === 'pt') {
    return {
      pt: {
        ladders: results.flatMap((r) => rowsOf(r.extra?.ladders, p.chains, r.rows)),
        swapRates: results.flatMap((r) => rowsOf(r.extra?.swapRates, p.chains - 1, r.rows)),
      },
    };
  }
  if (p.sampler === 'sqa') {
    return {
      sqa: {
        restarts: results.flatMap((r) => Array.from(r.extra?.restarts?.subarray(0, r.rows) ?? [])),
        ...(p.returnReplicas ? { replicaEnergies: results.flatMap((r) => rowsOf(r.extra?.replicaEnergies, p.replicas, r.rows)) } : {}),
      },
    };
  }
  return {};
}
