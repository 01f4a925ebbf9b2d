// Independent schedules side by side: `solveOnPool` runs one whole `schedule` in a worker of a
// pool (the Node entry's createExecutor, or any TaskRunner that understands the 'schedule' task
// of src/parallel/tasks.ts), on that worker's kernels. For callers with many independent solves
// (a Pareto sweep over weights, restarts over seeds): start them all and await them together.
// No Node API here: the pool is handed in.

import { abortErrorFrom } from '../errors.js';
import { fillScheduleOptions, type ScheduleOptions } from './options.js';
import type { TaskRunner } from './solvers/types.js';
import type { Cluster, Placement, Workload } from './types.js';
import { validateCluster, validateWorkload } from './validate.js';

/** What one solve needs. */
export interface ProblemInput {
  readonly cluster: Cluster;
  readonly workload: Workload;
}

/**
 * `schedule(input.cluster, input.workload, options)` in a worker of `executor`; the same
 * placement as in this thread for the same seed (kernels agree bit for bit). options.signal
 * cancels the task (AbortError); options.kernels and options.pool cannot cross to a worker
 * (TypeError). Bad input rejects with the TypeError/RangeError naming the field (checked here,
 * before the task is sent); a worker that crashes gives WorkerError.
 */
export async function solveOnPool(input: ProblemInput, options: ScheduleOptions | undefined, executor: TaskRunner): Promise<Placement> {
  if (input === null || typeof input !== 'object') throw new TypeError(`input must be an object with cluster and workload, got ${input === null ? 'null' : typeof input}`);
  if (executor === null || typeof executor !== 'object' || typeof executor.run !== 'function') throw new TypeError('executor must be a pool (createExecutor()) with run()');
  const { signal, kernels, pool, ...rest } = (options ?? {}) as ScheduleOptions;
  if (kernels !== undefined) throw new TypeError("options.kernels cannot cross to a worker (the pool's workers use their own kernels)");
  if (pool !== undefined) throw new TypeError('options.pool cannot cross to a worker');
  // typed errors here, before any task is sent
  validateCluster(input.cluster);
  validateWorkload(input.workload);
  fillScheduleOptions({ ...rest, signal });
  if (signal?.aborted) throw abortErrorFrom(signal);
  const task = { kind: 'schedule' as const, cluster: input.cluster, workload: input.workload, options: rest };
  return (await executor.run(task, { signal })) as Placement;
}
