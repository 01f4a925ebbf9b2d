// qsched/edge: the entry for browsers, Deno and Cloudflare Workers. It imports nothing from
// Node; the caller hands over the WASM as bytes, a fetch Response (compiled streaming where the
// runtime can), or a precompiled WebAssembly.Module (required on Cloudflare Workers).
//
// Where the runtime has Web Workers (browsers, Deno), `createWebWorkerExecutor` runs the same
// tasks as the Node pool (sampler shards, pimc chains, whole schedules) on module workers that
// load this very bundle: a worker started under the name 'qsched-worker' serves tasks instead of
// being a plain import. Every worker instantiates the one compiled Module it is sent, and task k
// of a job draws from stream k of its seed, so results do not depend on the worker count.

import { AbortError, abortErrorFrom, WorkerError } from './errors.js';
import type { BackendName, Kernels } from './kernels/contract.js';
import type { LoadedKernels, LoadKernelsOptions, WasmSource } from './kernels/load.js';
import { loadKernelsFrom } from './kernels/load.js';
import { referenceKernels } from './kernels/reference/index.js';
import { wasmKernels } from './kernels/wasm/index.js';
import type { Executor, RunOptions } from './parallel/pool.js';
import { checkTask, runTask, type Task, type TaskResult } from './parallel/tasks.js';
import { checkInteger, checkOptions } from './validate.js';

export * from './core.js';

/** Options of the edge `loadKernels`: the WASM builds, as the runtime provides them. */
export interface EdgeLoadOptions extends LoadKernelsOptions {
  /** The SIMD build (build/qsched.simd.wasm). */
  readonly simd?: WasmSource;
  /** The scalar build (build/qsched.scalar.wasm), used where SIMD does not validate. */
  readonly scalar?: WasmSource;
}

/** Loads kernels from the given WASM sources; with none, 'auto' gives the reference backend. */
export async function loadKernels(options: EdgeLoadOptions = {}): Promise<LoadedKernels> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  return loadKernelsFrom({ simd: options.simd, scalar: options.scalar }, { backend: options.backend });
}

/** The name a pool worker is started under; a worker with this name serves tasks. */
export const WEB_WORKER_NAME = 'qsched-worker';

/** Options of `createWebWorkerExecutor`. */
export interface WebWorkerExecutorOptions {
  /** What `loadKernels` returned: its compiled Module is sent to every worker (reference: none). */
  readonly kernels: LoadedKernels;
  /** Workers, 1–64. Default: navigator.hardwareConcurrency (at least 1). */
  readonly workers?: number;
  /** URL of this bundle (dist/edge/qsched.edge.js), if the default (import.meta.url) is not it. */
  readonly url?: string | URL;
}

interface Job { readonly task: Task; readonly resolve: (v: unknown) => void; readonly reject: (e: unknown) => void; readonly signal?: AbortSignal; id?: number }
interface Slot { worker: Worker; job?: Job }
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; name: string; message: string };

/** The Executor (same interface as the Node pool's) over module Web Workers. */
class WebWorkerExecutor implements Executor {
  readonly workers: number;
  readonly backend: BackendName;
  readonly threads = [] as unknown as Executor['threads'];
  readonly #url: string | URL;
  readonly #module: WebAssembly.Module | undefined;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 0;
  #closed = false;

  constructor(workers: number, kernels: LoadedKernels, url: string | URL) {
    this.workers = workers;
    this.backend = kernels.backend;
    this.#module = kernels.module;
    this.#url = url;
    for (let i = 0; i < workers; i++) {
      const slot = {} as Slot;
      this.#spawn(slot);
      this.#slots.push(slot);
    }
  }

  /** Starts a worker for `slot` and sends it the Module. */
  #spawn(slot: Slot) {
    const worker = new Worker(this.#url, { type: 'module', name: WEB_WORKER_NAME });
    slot.worker = worker;
    worker.addEventListener('message', (e: MessageEvent<Reply>) => this.#reply(slot, e.data));
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault?.();
      if (slot.worker === worker) this.#crash(slot, e.message || 'the worker failed to start or threw outside a task');
    });
    worker.postMessage({ type: 'init', module: this.#module });
  }

  #reply(slot: Slot, m: Reply) {
    const job = slot.job;
    if (job === undefined || job.id !== m.id) return;
    slot.job = undefined;
    if (m.ok) job.resolve(m.result);
    else if (m.name === 'TypeError') job.reject(new TypeError(m.message));
    else if (m.name === 'RangeError') job.reject(new RangeError(m.message));
    else job.reject(new WorkerError(`task '${job.task.kind}' failed in a worker: ${m.message}`));
    this.#pump();
  }

  /** Terminates a slot's worker, fails its task with `error` (or a crash), and starts another. */
  #crash(slot: Slot, message: string, error?: unknown) {
    slot.worker.terminate();
    const job = slot.job;
    slot.job = undefined;
    job?.reject(error ?? new WorkerError(`worker crashed while running task '${job.task.kind}': ${message}`));
    if (!this.#closed) this.#spawn(slot);
    this.#pump();
  }

  #pump() {
    for (const slot of this.#slots) {
      if (slot.job !== undefined) continue;
      const job = this.#queue.shift();
      if (job === undefined) return;
      job.id = this.#nextId++;
      slot.job = job;
      slot.worker.postMessage({ type: 'task', id: job.id, task: job.task });
    }
  }

  run<T extends Task>(task: T, options?: RunOptions): Promise<TaskResult<T>> {
    return new Promise<TaskResult<T>>((resolve, reject) => {
      const o = checkOptions('options', options);
      const signal = o.signal as AbortSignal | undefined;
      if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal');
      checkTask(task);
      if (this.#closed) throw new WorkerError('the executor is closed');
      if (signal?.aborted) throw abortErrorFrom(signal);
      const job: Job = { task, resolve: resolve as (v: unknown) => void, reject, signal };
      signal?.addEventListener('abort', () => {
        const queued = this.#queue.indexOf(job);
        if (queued >= 0) {
          this.#queue.splice(queued, 1);
          reject(abortErrorFrom(signal));
          return;
        }
        const slot = this.#slots.find((s) => s.job === job);
        if (slot !== undefined) this.#crash(slot, 'aborted', abortErrorFrom(signal));
      }, { once: true });
      this.#queue.push(job);
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new AbortError('the executor was closed'));
    for (const slot of this.#slots) {
      slot.worker.terminate();
      slot.job?.reject(new AbortError('the executor was closed'));
      slot.job = undefined;
    }
  }
}

/** An executor on module Web Workers (browsers, Deno): pass it as `executor` to samplers or `pool` to schedule. */
export async function createWebWorkerExecutor(options: WebWorkerExecutorOptions): Promise<Executor> {
  const o = checkOptions('options', options);
  const kernels = o.kernels as LoadedKernels | undefined;
  if (kernels === undefined || kernels === null || typeof kernels !== 'object' || typeof kernels.backend !== 'string' || !('module' in kernels)) {
    throw new TypeError('options.kernels must be what loadKernels() returns');
  }
  const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  const workers = o.workers === undefined ? Math.max(1, Math.min(64, hardware ?? 1)) : checkInteger('options.workers', o.workers, 1, 64);
  if (o.url !== undefined && typeof o.url !== 'string' && !(o.url instanceof URL)) throw new TypeError('options.url must be a string or a URL');
  if (typeof Worker !== 'function') throw new RangeError('this runtime has no Web Workers: run in this thread (no executor) instead');
  return new WebWorkerExecutor(workers, kernels, (o.url as string | URL | undefined) ?? import.meta.url);
}

/** The worker side: instantiate the Module sent with 'init', then run each task as the Node pool's workers do. */
function serveTasks(scope: { addEventListener(type: 'message', f: (e: MessageEvent) => void): void; postMessage(m: unknown): void }) {
  let kernels: Kernels | undefined;
  scope.addEventListener('message', async (e: MessageEvent) => {
    const m = e.data as { type?: string; module?: WebAssembly.Module; id?: number; task?: unknown };
    if (m?.type === 'init') {
      kernels = m.module instanceof WebAssembly.Module ? wasmKernels(m.module) : referenceKernels();
      return;
    }
    if (m?.type !== 'task') return;
    try {
      const result = await runTask(kernels ?? referenceKernels(), checkTask(m.task));
      scope.postMessage({ id: m.id, ok: true, result });
    } catch (err) {
      const error = err as Error;
      scope.postMessage({ id: m.id, ok: false, name: error?.name ?? 'Error', message: String(error?.message ?? err) });
    }
  });
}

const self_ = globalThis as unknown as { WorkerGlobalScope?: unknown; name?: unknown };
if (typeof self_.WorkerGlobalScope !== 'undefined' && self_.name === WEB_WORKER_NAME) serveTasks(globalThis as unknown as Parameters<typeof serveTasks>[0]);
