// A threaded WASM statevector for Node: the shared-memory SIMD build (qsched.simd-shared.wasm)
// on one shared WebAssembly.Memory, instantiated on the main thread and on T − 1 helper threads
// (thread-worker.ts). split.ts cuts each program into runs: diagonals and ops with no target
// among the top log2 T qubits run on T contiguous slices at once, a gate with one target among
// them runs split by that target's pairs, anything else on the main thread alone; results equal
// one thread bit for bit. The hand-off is Atomics wait/notify on a control block per helper,
// after a short spin (SPIN_MS): no messages per gate, a few µs per run against ~1 ms per gate at
// n = 20. Below MIN_THREADED_QUBITS everything runs on the main thread.
//
// Node only: browsers need cross-origin isolation for shared memory and Workers have no threads,
// so the edge entry never loads this file.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KernelLoadError, WorkerError } from '../../errors.js';
import { compiledModule, packageRoot } from '../node.js';
import { wasmKernels } from '../wasm/index.js';
import type { StatevectorKernels } from './contract.js';
import { splitRunner, type SliceArgs, type SliceExports } from './split.js';
import { CTL, SPIN_MS } from './threads-ctl.js';
import { wasmStatevectorKernels } from './wasm.js';

/** Smallest state split across threads (below it the hand-off costs more than it saves). */
export const MIN_THREADED_QUBITS = 14;

/** A threaded statevector provider; `close()` stops its helper threads. */
export interface ThreadedStatevectorKernels extends StatevectorKernels {
  readonly threads: number;
  close(): Promise<void>;
}

/** How long the main thread waits for a helper's slice before giving up (a dead helper never answers). */
const WAIT_MS = 120_000;

/** One helper thread and its control block (Int32 slots, threads-ctl.ts). */
export interface Helper { readonly worker: Worker; readonly c: Int32Array }

/**
 * Starts a helper thread (thread-worker.js) with the shared build on `memory`; resolves once it
 * has instantiated the module. KernelLoadError when the built helper is missing or fails.
 */
export async function startHelper(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<Helper> {
  // The compiled helper (also when this file runs from source, as under vitest).
  const file = join(packageRoot(), 'dist', 'src', 'kernels', 'statevector', 'thread-worker.js');
  if (!existsSync(file)) throw new KernelLoadError(`missing ${file}: run \`npm run build\` first`);
  const c = new Int32Array(new SharedArrayBuffer(4 * CTL.SIZE));
  const worker = new Worker(file, { workerData: { module, memory, ctl: c.buffer } });
  worker.unref();
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => { if (Atomics.load(c, CTL.READY) === 1) { clearInterval(timer); resolve(); } }, 2);
    worker.once('error', (cause) => { clearInterval(timer); reject(new KernelLoadError('a statevector helper thread failed to start', { cause })); });
    worker.once('exit', (code) => { clearInterval(timer); reject(new KernelLoadError(`a statevector helper thread exited (code ${code}) before it was ready`)); });
  });
  return { worker, c };
}

/**
 * Statevector kernels on `threads` threads (a power of two, 2–16; the main thread counts as one).
 * Rejects with RangeError for a bad count and KernelLoadError when the shared build is missing.
 */
export async function threadedStatevectorKernels(threads: number): Promise<ThreadedStatevectorKernels> {
  if (!Number.isInteger(threads) || threads < 2 || threads > 16 || (threads & (threads - 1)) !== 0) {
    throw new RangeError(`threads must be a power of two in [2, 16], got ${String(threads)}`);
  }
  const module = compiledModule('simd-shared');
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
  } catch (cause) {
    throw new KernelLoadError('this runtime cannot create shared WebAssembly memory', { cause });
  }
  const k = wasmKernels(module, memory);
  const ex = k.exports as unknown as SliceExports;
  const heap = k.heap;
  const started = await Promise.allSettled(Array.from({ length: threads - 1 }, () => startHelper(module, memory)));
  const helpers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(helpers.map(({ worker }) => worker.terminate())); // no helper outlives a failed start
    throw failed.reason;
  }

  let seq = 0;
  // Why the provider cannot run any more (closed, or a helper that never finished its part).
  let unusable: string | undefined;
  // Thread t runs args[t]: the main thread the first, helper t the others (the control block).
  // Every helper is waited for before anything is thrown, so no part is still writing when the
  // next run reuses the buffers.
  const dispatch = (args: readonly SliceArgs[]): void => {
    if (unusable !== undefined) throw new WorkerError(unusable);
    seq++;
    helpers.forEach(({ c }, h) => {
      const [s, nn, o, cnt, p, sc, bl, w, hi] = args[h + 1];
      c[CTL.ST] = s; c[CTL.N] = nn; c[CTL.OPS] = o; c[CTL.COUNT] = cnt; c[CTL.PARAMS] = p; c[CTL.SCRATCH] = sc; c[CTL.BLOCK] = bl; c[CTL.WORK] = w; c[CTL.HI] = hi;
      c[CTL.CMD] = 1;
      Atomics.store(c, CTL.SEQ, seq);
      Atomics.notify(c, CTL.SEQ);
    });
    let failure: unknown;
    try {
      ex.svRunSlice(...args[0]);
    } catch (cause) {
      failure = cause;
    }
    let trapped = false;
    for (const { c } of helpers) {
      const spinUntil = performance.now() + SPIN_MS, deadline = Date.now() + WAIT_MS;
      for (let i = 1; ; i++) {
        const done = Atomics.load(c, CTL.DONE);
        if (done === seq) break;
        if ((i & 255) !== 0 || performance.now() < spinUntil) continue; // spin first (see SPIN_MS)
        if (Date.now() > deadline) {
          unusable = `a statevector helper thread did not finish its part within ${WAIT_MS} ms; this threaded statevector can no longer run (close it)`;
          throw new WorkerError(unusable);
        }
        Atomics.wait(c, CTL.DONE, done, 100); // the value just read: a store after it wakes the wait
      }
      trapped ||= c[CTL.ERR] !== 0;
    }
    if (failure !== undefined) throw failure;
    if (trapped) throw new WorkerError('a statevector helper thread trapped');
  };
  const runner = splitRunner(ex, heap, threads, dispatch, MIN_THREADED_QUBITS);

  const base = wasmStatevectorKernels(k.exports, heap, runner);
  let closed = false;
  return {
    ...base,
    threads,
    async close() {
      if (closed) return;
      closed = true;
      unusable = 'this threaded statevector was closed';
      for (const { c } of helpers) { c[CTL.CMD] = -1; Atomics.add(c, CTL.SEQ, 1); Atomics.notify(c, CTL.SEQ); }
      await Promise.all(helpers.map(({ worker }) => worker.terminate()));
    },
  };
}
