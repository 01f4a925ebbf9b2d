// A threaded WASM statevector for Node: the shared-memory SIMD build (qsched.simd-shared.wasm)
// on one shared WebAssembly.Memory, instantiated on the main thread and on T − 1 helper threads
// (thread-worker.ts). A program is split into runs of ops; a run whose ops have no target among
// the top k = log2 T qubits is applied to the T contiguous slices of the state in parallel
// (svRunSlice), each slice a state of n − k qubits with its own LEVELS index slice, scratch and
// cache-blocking buffer. Diagonals (DIAG2, LEVELS) always split: on a slice, a top qubit of a
// DIAG2 is fixed, so half its table applies; a control among the top qubits holds or skips a
// whole slice. A 1-qubit gate on a top qubit q splits by pairs: thread t takes part t of the
// amplitudes whose bit q is 0, each with its partner 2^q further on. Every other op (a controlled
// or 2-qubit gate with a target among the top qubits, Grover's reflection) runs on the main
// thread alone. Each amplitude goes through the same kernel arithmetic as on one thread, so the
// results are identical bit for bit. The hand-off is Atomics wait/notify on a control block per
// helper, after a short spin (SPIN_MS): no messages per gate, a few µs per run against ~1 ms per
// gate at n = 20. Below MIN_THREADED_QUBITS everything runs on the main thread.
//
// Node only: browsers need cross-origin isolation for shared memory and Workers have no threads,
// so the edge entry never loads this file.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KernelLoadError, WorkerError } from '../../errors.js';
import { compiledModule, packageRoot } from '../node.js';
import { wasmKernels } from '../wasm/index.js';
import { OP, type StatevectorKernels } from './contract.js';
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
  const ex = k.exports as unknown as { svRun: (...a: number[]) => void; svRunSlice: (...a: number[]) => void; svWorkBytes(n: number, block: number): number };
  const heap = k.heap;
  // The compiled helper (also when this file runs from source, as under vitest).
  const file = join(packageRoot(), 'dist', 'src', 'kernels', 'statevector', 'thread-worker.js');
  if (!existsSync(file)) throw new KernelLoadError(`missing ${file}: run \`npm run build\` first`);
  const helpers: { worker: Worker; c: Int32Array }[] = [];
  for (let t = 1; t < threads; t++) {
    const c = new Int32Array(new SharedArrayBuffer(4 * CTL.SIZE));
    const worker = new Worker(file, { workerData: { module, memory, ctl: c.buffer } });
    worker.unref();
    helpers.push({ worker, c });
  }
  await Promise.all(helpers.map(({ worker, c }) => new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => { if (Atomics.load(c, CTL.READY) === 1) { clearInterval(timer); resolve(); } }, 2);
    worker.once('error', (cause) => { clearInterval(timer); reject(new KernelLoadError('a statevector helper thread failed to start', { cause })); });
  })));

  const levels = Math.log2(threads);
  // Per-thread buffers, grown on demand: ops copy, LEVELS scratch, cache-blocking work.
  type Buf = { ptr: number; bytes: number };
  const bufs = Array.from({ length: threads }, () => ({ ops: { ptr: 0, bytes: 0 }, scratch: { ptr: 0, bytes: 0 }, work: { ptr: 0, bytes: 0 } }));
  const grow = (b: Buf, bytes: number): number => {
    if (bytes > b.bytes) {
      if (b.ptr !== 0) heap.free(b.ptr);
      b.bytes = Math.max(bytes, 2 * b.bytes, 64);
      b.ptr = heap.alloc(b.bytes);
    }
    return b.ptr;
  };
  let seq = 0;

  /**
   * How op i (at `at`) runs with `top` = n − log2 T: on the T slices (PARALLEL), as a 1-qubit
   * gate on top qubit q split by pairs (q itself: SPAN), or on the main thread alone (MAIN).
   */
  const PARALLEL = -1, MAIN = -2;
  const kindOf = (i32: Int32Array, at: number, top: number): number => {
    const code = i32[at];
    const a = i32[at + 1];
    const b = i32[at + 2];
    if (code === OP.GATE1) return a < top ? PARALLEL : a;
    if (code === OP.GATE1C) return a < top ? PARALLEL : MAIN; // controls may be anywhere
    if (code === OP.GATE2) return a < top && b < top ? PARALLEL : MAIN;
    return code === OP.DIAG2 || code === OP.LEVELS ? PARALLEL : MAIN;
  };

  /**
   * Runs ops [ops, count) on every thread, thread t on the slice `at(t)` = [start, qubits, hi].
   * A SPAN run's slices are T equal parts of the amplitudes whose bit q is 0; the kernels pair
   * each with the amplitude 2^q further on (a target at or above the slice width), so the other
   * half is covered too.
   */
  function parallel(st: number, ops: number, count: number, params: number, block: number, at: (t: number) => [number, number, number]): void {
    const i32 = heap.i32();
    let maxLevels = 0;
    for (let i = 0; i < count; i++) if (i32[ops / 4 + 4 * i] === OP.LEVELS) maxLevels = Math.max(maxLevels, i32[ops / 4 + 4 * i + 2]);
    const args: number[][] = [];
    for (let t = 0; t < threads; t++) {
      const [first, qubits, hi] = at(t);
      const o = grow(bufs[t].ops, 16 * count);
      const scratch = grow(bufs[t].scratch, Math.max(512, 32 * maxLevels));
      const work = grow(bufs[t].work, Math.max(16, ex.svWorkBytes(qubits, block)));
      const v = heap.i32();
      v.copyWithin(o / 4, ops / 4, ops / 4 + 4 * count);
      // LEVELS reads its u16 index vector from `a`: the slice's entries start 2 bytes × first further on.
      for (let i = 0; i < count; i++) if (v[o / 4 + 4 * i] === OP.LEVELS) v[o / 4 + 4 * i + 1] = (v[o / 4 + 4 * i + 1] >>> 0) + 2 * first;
      args.push([st + 16 * first, qubits, o, count, params, scratch, block, work, hi | 0]);
    }
    seq++;
    helpers.forEach(({ c }, h) => {
      const [s, nn, o, cnt, p, sc, bl, w, hi] = args[h + 1];
      c[CTL.ST] = s; c[CTL.N] = nn; c[CTL.OPS] = o; c[CTL.COUNT] = cnt; c[CTL.PARAMS] = p; c[CTL.SCRATCH] = sc; c[CTL.BLOCK] = bl; c[CTL.WORK] = w; c[CTL.HI] = hi;
      c[CTL.CMD] = 1;
      Atomics.store(c, CTL.SEQ, seq);
      Atomics.notify(c, CTL.SEQ);
    });
    ex.svRunSlice(...args[0]);
    for (const { c } of helpers) {
      const spinUntil = performance.now() + SPIN_MS, deadline = Date.now() + WAIT_MS;
      for (let i = 1; Atomics.load(c, CTL.DONE) !== seq; i++) {
        if ((i & 255) !== 0 || performance.now() < spinUntil) continue; // spin first (see SPIN_MS)
        if (Date.now() > deadline) throw new WorkerError(`a statevector helper thread did not finish its slice within ${WAIT_MS} ms`);
        Atomics.wait(c, CTL.DONE, Atomics.load(c, CTL.DONE), 100);
      }
      if (c[CTL.ERR] !== 0) throw new WorkerError('a statevector helper thread trapped');
    }
  }

  const runner = (st: number, n: number, ops: number, count: number, params: number, scratch: number, block: number, work: number) => {
    if (n < MIN_THREADED_QUBITS) { ex.svRun(st, n, ops, count, params, scratch, block, work); return; }
    const top = n - levels;
    let i = 0;
    while (i < count) {
      const i32 = heap.i32();
      const kind = kindOf(i32, ops / 4 + 4 * i, top);
      let j = i + 1;
      while (j < count && kindOf(i32, ops / 4 + 4 * j, top) === kind) j++;
      if (kind === PARALLEL) {
        parallel(st, ops + 16 * i, j - i, params, block, (t) => [t * 2 ** top, top, t * 2 ** top]);
      } else if (kind === MAIN) {
        ex.svRun(st, n, ops + 16 * i, j - i, params, scratch, block, work);
      } else {
        // SPAN on qubit q = kind: part t of the 2^(n−1) amplitudes with bit q clear, in order
        const q = kind, part = 2 ** (n - 1 - levels);
        parallel(st, ops + 16 * i, j - i, params, 0, (t) => {
          const first = Math.floor((t * part) / 2 ** q) * 2 ** (q + 1) + ((t * part) % 2 ** q);
          return [first, n - 1 - levels, first];
        });
      }
      i = j;
    }
  };

  const base = wasmStatevectorKernels(k.exports, heap, runner);
  let closed = false;
  return {
    ...base,
    threads,
    async close() {
      if (closed) return;
      closed = true;
      for (const { c } of helpers) { c[CTL.CMD] = -1; Atomics.add(c, CTL.SEQ, 1); Atomics.notify(c, CTL.SEQ); }
      await Promise.all(helpers.map(({ worker }) => worker.terminate()));
    },
  };
}
