// How a threaded statevector cuts a program (threads.ts; the plan is pure and Node-free, so tests
// can run it on one thread over the scalar and SIMD builds). A program is split into runs of
// consecutive ops of one kind, with top = n − log2 T:
//   PARALLEL  no target among the top qubits (DIAG2 and LEVELS always): T contiguous slices of
//             n − log2 T qubits; svRunSlice fixes the top bits of each (`hi`), so a DIAG2 on a
//             top qubit applies half its table and a control there holds or skips the slice.
//   SPAN q    one target q among the top qubits (GATE1, GATE1C, GATE2, its other qubits below
//             top − 1): part t of the 2^(n−1) amplitudes whose bit q is 0, each paired by the
//             kernels with the amplitude 2^q further on.
//   MAIN      anything else (two top qubits in one gate, Grover's reflection): svRun on the whole
//             state, on the calling thread.
// Every amplitude goes through the same kernel arithmetic as in svRun, so the results equal one
// thread bit for bit. `dispatch` runs each part's svRunSlice arguments (on T threads at once, or
// one after another).

import type { WasmHeap } from '../wasm/heap.js';
import { OP } from './contract.js';
import type { SvRunner } from './wasm.js';

/** svRunSlice's arguments: state, qubits, ops, count, params, scratch, block, work, hi. */
export type SliceArgs = [number, number, number, number, number, number, number, number, number];

/** The exports a split runner calls. */
export interface SliceExports {
  svRun(st: number, n: number, ops: number, count: number, params: number, scratch: number, block: number, work: number): void;
  svRunSlice(...args: SliceArgs): void;
  svWorkBytes(n: number, block: number): number;
}

const PARALLEL = -1, MAIN = -2;

/** How op i (at `at`, in i32 units) runs: PARALLEL, MAIN, or the top qubit q it is split by. */
function kindOf(i32: Int32Array, at: number, top: number): number {
  const code = i32[at];
  const a = i32[at + 1];
  const b = i32[at + 2];
  const inSpan = (q: number) => q < top - 1; // below the width of a SPAN slice
  if (code === OP.GATE1) return a < top ? PARALLEL : a;
  if (code === OP.GATE1C) return a < top ? PARALLEL : b >>> (top - 1) === 0 ? a : MAIN; // controls anywhere / inside
  if (code === OP.GATE2) {
    if (a < top && b < top) return PARALLEL;
    if (a >= top && inSpan(b)) return a;
    return b >= top && inSpan(a) ? b : MAIN;
  }
  return code === OP.DIAG2 || code === OP.LEVELS ? PARALLEL : MAIN;
}

/**
 * A runner with svRun's signature that splits programs over `threads` parts (a power of two)
 * for states of `minQubits` or more; smaller states run whole through svRun.
 */
export function splitRunner(ex: SliceExports, heap: WasmHeap, threads: number, dispatch: (args: readonly SliceArgs[]) => void, minQubits: number): SvRunner {
  const levels = Math.log2(threads);
  // Per-part buffers, grown on demand: ops copy, LEVELS scratch, cache-blocking work.
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

  /** Runs ops [ops, count) on every part, part t on the slice `at(t)` = [first amplitude, qubits, hi]. */
  function parallel(st: number, ops: number, count: number, params: number, block: number, at: (t: number) => [number, number, number]): void {
    const i32 = heap.i32();
    let maxLevels = 0;
    for (let i = 0; i < count; i++) if (i32[ops / 4 + 4 * i] === OP.LEVELS) maxLevels = Math.max(maxLevels, i32[ops / 4 + 4 * i + 2]);
    const args: SliceArgs[] = [];
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
    dispatch(args);
  }

  return (st, n, ops, count, params, scratch, block, work) => {
    if (n < minQubits) { ex.svRun(st, n, ops, count, params, scratch, block, work); return; }
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
        // (a part of 2^(n−1−levels) lies inside one run of 2^q of them, aligned to its size)
        const q = kind, part = 2 ** (n - 1 - levels);
        parallel(st, ops + 16 * i, j - i, params, 0, (t) => {
          const first = Math.floor((t * part) / 2 ** q) * 2 ** (q + 1) + ((t * part) % 2 ** q);
          return [first, n - 1 - levels, first];
        });
      }
      i = j;
    }
  };
}
