// The Node entry's `schedule`: the core facade (schedule.ts) with the package's WASM kernels
// filled in when the caller gave none (loaded once per backend choice per process, kept warm),
// and, for `workers > 1`, a warm worker pool (one per worker count and backend, kept for the
// process: its threads are unref'd by Piscina and do not hold the process open). Everything else
// — validation, the pipeline, the result — is the core's, so the same seed gives the same
// placement here, on the edge entry with `loadKernels` kernels, and on the reference provider.

import type { BackendChoice } from '../kernels/contract.js';
import { BACKEND_CHOICES, type LoadedKernels } from '../kernels/load.js';
import { loadKernels } from '../kernels/node.js';
import { createExecutor, type Executor } from '../parallel/pool.js';
import type { ScheduleOptions } from './options.js';
import { schedule as coreSchedule } from './schedule.js';
import type { Cluster, Placement, Workload } from './types.js';

const kernelCache = new Map<BackendChoice, Promise<LoadedKernels>>();
const poolCache = new Map<string, Promise<Executor>>();

/** The package's kernels for `backend`, loaded once per process. */
export function nodeKernels(backend: BackendChoice = 'auto'): Promise<LoadedKernels> {
  let k = kernelCache.get(backend);
  if (k === undefined) {
    kernelCache.set(backend, (k = loadKernels({ backend })));
    k.catch(() => kernelCache.delete(backend));
  }
  return k;
}

/** A warm pool of `workers` threads on `backend`, created once per process and kept. */
export function nodePool(workers: number, backend: BackendChoice = 'auto'): Promise<Executor> {
  const key = `${workers}/${backend}`;
  let p = poolCache.get(key);
  if (p === undefined) {
    poolCache.set(key, (p = createExecutor({ workers, backend })));
    p.catch(() => poolCache.delete(key));
  }
  return p;
}

/** Closes the pools `schedule` created (e.g. before a clean exit in tests). */
export async function closeNodePools(): Promise<void> {
  const pools = [...poolCache.values()];
  poolCache.clear();
  await Promise.all(pools.map(async (p) => (await p).close()));
}

/** A backend choice named in options.params.backend, if it is one (the solver validates it). */
function backendOf(options: Record<string, unknown>): BackendChoice {
  const b = (options.params as Record<string, unknown> | undefined)?.backend;
  return typeof b === 'string' && BACKEND_CHOICES.includes(b as BackendChoice) ? (b as BackendChoice) : 'auto';
}

/**
 * Places the workload's pods on the cluster's nodes (the core `schedule`), on the package's WASM
 * kernels unless options.kernels is given, and on a warm pool when options.workers > 1 and no
 * options.pool is given. Rejects (never throws) on bad input or abort.
 */
export async function schedule(cluster: Cluster, workload: Workload, options?: ScheduleOptions): Promise<Placement> {
  if (options !== undefined && (options === null || typeof options !== 'object')) return coreSchedule(cluster, workload, options);
  const o = (options ?? {}) as ScheduleOptions & Record<string, unknown>;
  const backend = backendOf(o);
  const kernels = o.kernels ?? (await nodeKernels(backend));
  const workers = o.workers;
  const pool = o.pool ?? (Number.isInteger(workers) && (workers as number) > 1 && (workers as number) <= 256 ? await nodePool(workers as number, backend) : undefined);
  return coreSchedule(cluster, workload, { ...o, kernels, ...(pool === undefined ? {} : { pool }) });
}
