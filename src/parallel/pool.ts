// The only module that imports Piscina. `createExecutor` gives one API over two ways of running
// tasks: `workers: 1` runs them in the calling thread (no pool, no copies), more workers run them
// on a warm Piscina pool whose threads all instantiate the one WebAssembly.Module compiled here.
// Errors are mapped to qsched's: cancellation → AbortError (cause = the signal's reason), a task
// that throws or a worker that exits or is killed → WorkerError; the pool replaces lost workers
// and keeps serving.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { AbortError, abortErrorFrom, WorkerError } from '../errors.js';
import type { BackendChoice, BackendName, Kernels } from '../kernels/contract.js';
import { loadKernels, packageRoot } from '../kernels/node.js';
import { checkInteger, checkOneOf, checkOptions } from '../validate.js';
import { BACKEND_CHOICES } from '../kernels/load.js';
import { checkTask, runTask, type Task, type TaskResult } from './tasks.js';
import type { WorkerInit } from './worker.js';

/** Options of `createExecutor`. */
export interface ExecutorOptions {
  /** Worker threads; 1 runs in the calling thread. Default: available cores. */
  readonly workers?: number;
  /** Kernel backend for every worker. Default 'auto'. */
  readonly backend?: BackendChoice;
  /** A worker module to run instead of qsched's (advanced; tests use it to inject failures). */
  readonly filename?: string;
}

/** Per-run options. */
export interface RunOptions {
  readonly signal?: AbortSignal;
}

/** Runs tasks in this thread or on a pool; the same results either way. */
export interface Executor {
  readonly workers: number;
  readonly backend: BackendName;
  /** The pool's live worker threads (empty in-thread). */
  readonly threads: readonly Worker[];
  run<T extends Task>(task: T, options?: RunOptions): Promise<TaskResult<T>>;
  /** Stops the workers; pending tasks reject. */
  close(): Promise<void>;
}

/** The built worker entry, also when this module runs from source under a test runner. */
function workerFile(): string {
  const built = join(packageRoot(), 'dist', 'src', 'parallel', 'worker.js');
  if (!existsSync(built)) throw new WorkerError(`missing ${built}: run \`npm run build\` first`);
  return built;
}

function checkSignal(options: RunOptions | undefined): AbortSignal | undefined {
  const signal = checkOptions('options', options).signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal');
  return signal;
}

class InlineExecutor implements Executor {
  readonly workers = 1;
  readonly threads: readonly Worker[] = [];
  readonly #kernels: Kernels;
  constructor(kernels: Kernels) {
    this.#kernels = kernels;
  }
  get backend(): BackendName {
    return this.#kernels.backend;
  }
  async run<T extends Task>(task: T, options?: RunOptions): Promise<TaskResult<T>> {
    const signal = checkSignal(options);
    checkTask(task);
    if (signal?.aborted) throw abortErrorFrom(signal);
    return runTask(this.#kernels, task) as TaskResult<T>;
  }
  async close(): Promise<void> {}
}

class PoolExecutor implements Executor {
  readonly workers: number;
  readonly backend: BackendName;
  readonly #pool: Piscina;
  readonly #filename: string | undefined;
  constructor(workers: number, backend: BackendName, init: WorkerInit, filename: string | undefined) {
    this.#filename = filename;
    this.workers = workers;
    this.backend = backend;
    this.#pool = new Piscina({
      filename: filename ?? workerFile(),
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: init,
    });
    // a worker that dies between tasks is replaced by Piscina; its error is not the caller's
    this.#pool.on('error', () => {});
  }
  get threads(): readonly Worker[] {
    return this.#pool.threads;
  }
  async run<T extends Task>(task: T, options?: RunOptions): Promise<TaskResult<T>> {
    const signal = checkSignal(options);
    if (this.#filename === undefined) checkTask(task);
    if (signal?.aborted) throw abortErrorFrom(signal);
    try {
      return (await this.#pool.run(task, { signal: signal ?? null })) as TaskResult<T>;
    } catch (err) {
      const e = err as Error;
      if (signal?.aborted) throw abortErrorFrom(signal);
      if (e?.name === 'AbortError') throw new AbortError(e.message, { cause: e });
      const message = e?.message ?? String(err);
      if (/worker exited|Terminating worker thread|terminated/i.test(message)) {
        throw new WorkerError(`worker crashed while running task '${task.kind}': ${message}`, { cause: err });
      }
      throw new WorkerError(`task '${task.kind}' failed in a worker: ${message}`, { cause: err });
    }
  }
  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}

/** Creates an executor: in-thread for `workers: 1`, else a warm Piscina pool. */
export async function createExecutor(options?: ExecutorOptions): Promise<Executor> {
  const opts = checkOptions('options', options);
  const workers = opts.workers === undefined ? availableParallelism() : checkInteger('options.workers', opts.workers, 1, 256);
  const backend = opts.backend === undefined ? 'auto' : checkOneOf('options.backend', opts.backend, BACKEND_CHOICES);
  if (opts.filename !== undefined && typeof opts.filename !== 'string') throw new TypeError('options.filename must be a string');
  const kernels = await loadKernels({ backend });
  if (workers === 1 && opts.filename === undefined) return new InlineExecutor(kernels.unchecked);
  return new PoolExecutor(workers, kernels.backend, { module: kernels.module }, opts.filename as string | undefined);
}
