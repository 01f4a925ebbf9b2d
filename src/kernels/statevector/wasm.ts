// The WASM statevector provider, built on the instance that `wasmKernels()` returns (its
// `.exports` and `.heap`): states and vectors are blocks of that instance's linear memory from
// the host heap (WasmHeap), so programs run in place and nothing is copied per gate. Per-call
// inputs (a program's ops and params, a Pauli group, uniforms) are staged in one scratch block
// that only grows. Views are re-derived from the heap on every access (memory growth detaches
// them). Assumes valid input: src/quantum/ validates before calling.

import { KernelLoadError } from '../../errors.js';
import type { WasmHeap } from '../wasm/heap.js';
import { OP, type StatevectorKernels, type SvState, type SvVector } from './contract.js';

/** The statevector exports of the qsched module (assembly/statevector/index.ts). */
export interface SvExports {
  readonly memory: WebAssembly.Memory;
  simdEnabled(): number;
  svRun(st: number, n: number, ops: number, count: number, params: number, scratch: number, block: number, work: number): void;
  svWorkBytes(n: number, block: number): number;
  svNorm2(st: number, n: number): number;
  svProbabilities(st: number, n: number, out: number): void;
  svProbOne(st: number, n: number, q: number): number;
  svExpectDiag(st: number, n: number, d: number): number;
  svInner(a: number, b: number, n: number, out: number): void;
  svPauliInner(bra: number, ket: number, n: number, flip: number, z: number, w: number, count: number, out: number, scratch: number): void;
  svPauliApply(src: number, dst: number, n: number, flip: number, z: number, w: number, count: number, scratch: number): void;
  svQuboCost(n: number, offset: number, a: number, rowPtr: number, cols: number, vals: number, out: number): void;
  svCostLevels(c: number, n: number, idx: number, values: number, slots: number): number;
  svMarkBelow(c: number, n: number, threshold: number, idx: number): number;
  svCollapse(st: number, n: number, q: number, bit: number, scale: number): void;
  svSampleSorted(st: number, n: number, us: number, count: number, out: number): void;
}

const NAMES = ['svRun', 'svWorkBytes', 'svNorm2', 'svProbabilities', 'svProbOne', 'svExpectDiag', 'svInner', 'svPauliInner', 'svPauliApply',
  'svQuboCost', 'svCostLevels', 'svMarkBelow', 'svCollapse', 'svSampleSorted'];

class WasmState implements SvState {
  readonly kind = 'state';
  constructor(readonly n: number, public ptr: number) {}
}

class WasmVector implements SvVector {
  constructor(readonly kind: 'f64' | 'u16', readonly length: number, public ptr: number) {}
}

function live(b: WasmState | WasmVector): number {
  if (b.ptr === 0) throw new RangeError(`${b.kind === 'state' ? 'state' : 'vector'} was freed`);
  return b.ptr;
}
const ps = (s: SvState) => live(s as WasmState);
const pv = (v: SvVector) => live(v as WasmVector);
const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** The svRun signature; a threaded provider (threads.ts) passes its own to split programs across threads. */
export type SvRunner = (st: number, n: number, ops: number, count: number, params: number, scratch: number, block: number, work: number) => void;

/** Creates the WASM statevector kernels over an instance's exports and heap (`runner` replaces svRun for `run`). */
export function wasmStatevectorKernels(exports: unknown, heap: WasmHeap, runner?: SvRunner): StatevectorKernels {
  const missing = NAMES.filter((k) => typeof (exports as Record<string, unknown>)[k] !== 'function');
  if (missing.length > 0) throw new KernelLoadError(`the WASM module has no statevector kernels: missing ${missing.join(', ')}`);
  const ex = exports as SvExports;
  let scratchPtr = 0;
  let scratchSize = 0;
  let inUse = 0;

  /** Consecutive 16-aligned regions in the scratch block. */
  function layout(...bytes: number[]): number[] {
    const sizes = bytes.map(align16);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total > scratchSize) {
      if (scratchPtr !== 0) heap.free(scratchPtr);
      scratchSize = Math.max(total, 2 * scratchSize, 4096);
      scratchPtr = heap.alloc(scratchSize);
    }
    let p = scratchPtr;
    return sizes.map((s) => ((p += s), p - s));
  }

  function alloc(bytes: number): number {
    const ptr = heap.alloc(bytes);
    heap.u8().fill(0, ptr, ptr + bytes);
    inUse += align16(bytes);
    return ptr;
  }

  function release(ptr: number, bytes: number): void {
    heap.free(ptr);
    inUse -= align16(bytes);
  }

  const stateBytes = (n: number) => 16 * 2 ** n;
  const vecBytes = (v: SvVector) => (v.kind === 'f64' ? 8 : 2) * v.length;

  return {
    backend: ex.simdEnabled() === 1 ? 'wasm-simd' : 'wasm-scalar',
    memoryLimit: 2 ** 32,
    bytesInUse: () => inUse,
    allocState(n) {
      const ptr = alloc(stateBytes(n));
      heap.f64()[ptr / 8] = 1;
      return new WasmState(n, ptr);
    },
    allocVector: (kind, length) => new WasmVector(kind, length, alloc((kind === 'f64' ? 8 : 2) * length)),
    free(buffer) {
      const b = buffer as WasmState | WasmVector;
      if (b.ptr === 0) return;
      release(b.ptr, b.kind === 'state' ? stateBytes((b as WasmState).n) : vecBytes(b as WasmVector));
      b.ptr = 0;
    },
    setBasis(state, index) {
      const p = ps(state);
      heap.u8().fill(0, p, p + stateBytes(state.n));
      heap.f64()[p / 8 + 2 * index] = 1;
    },
    copy(dst, src) {
      const s = ps(src);
      heap.u8().copyWithin(ps(dst), s, s + stateBytes(src.n));
    },
    write: (state, amplitudes) => heap.f64().set(amplitudes.subarray(0, 2 ** (state.n + 1)), ps(state) / 8),
    read(state, out) {
      const p = ps(state) / 8;
      out.set(heap.f64().subarray(p, p + 2 ** (state.n + 1)));
    },
    writeVector(v, data) {
      if (v.kind === 'f64') heap.f64().set(data.subarray(0, v.length), pv(v) / 8);
      else new Uint16Array(heap.u8().buffer, pv(v), v.length).set(data.subarray(0, v.length));
    },
    readVector(v, out) {
      const p = pv(v);
      out.set(v.kind === 'f64' ? heap.f64().subarray(p / 8, p / 8 + v.length) : new Uint16Array(heap.u8().buffer, p, v.length));
    },
    run(state, prog, blockQubits) {
      const [ops, params, scratch, work] = layout(16 * prog.count, 8 * prog.params.length, Math.max(512, 32 * prog.maxLevels), ex.svWorkBytes(state.n, blockQubits));
      const i32 = heap.i32();
      i32.set(prog.ops.subarray(0, 4 * prog.count), ops / 4);
      for (let i = 0; i < prog.count; i++) {
        if (prog.ops[4 * i] === OP.LEVELS) i32[ops / 4 + 4 * i + 1] = pv(prog.vectors[prog.ops[4 * i + 1]]);
      }
      heap.f64().set(prog.params, params / 8);
      (runner ?? ex.svRun)(ps(state), state.n, ops, prog.count, params, scratch, blockQubits, work);
    },
    norm2: (state) => ex.svNorm2(ps(state), state.n),
    probabilities(state, out) {
      const [p] = layout(8 * out.length);
      ex.svProbabilities(ps(state), state.n, p);
      out.set(heap.f64().subarray(p / 8, p / 8 + out.length));
    },
    probOne: (state, q) => ex.svProbOne(ps(state), state.n, q),
    collapse: (state, q, bit, scale) => ex.svCollapse(ps(state), state.n, q, bit, scale),
    sampleSorted(state, us, out) {
      const [u, o] = layout(8 * us.length, 4 * us.length);
      heap.f64().set(us, u / 8);
      ex.svSampleSorted(ps(state), state.n, u, us.length, o);
      out.set(heap.i32().subarray(o / 4, o / 4 + us.length));
    },
    expectDiag: (state, diag) => ex.svExpectDiag(ps(state), state.n, pv(diag)),
    inner(a, b, out) {
      const [o] = layout(16);
      ex.svInner(ps(a), ps(b), a.n, o);
      out.set(heap.f64().subarray(o / 8, o / 8 + 2));
    },
    pauliInner(bra, ket, g, out) {
      const count = g.z.length;
      const [z, w, o, wx] = layout(4 * count, 16 * count, 16, 32 * count);
      heap.i32().set(g.z, z / 4);
      heap.f64().set(g.w.subarray(0, 2 * count), w / 8);
      ex.svPauliInner(ps(bra), ps(ket), ket.n, g.flip, z, w, count, o, wx);
      out.set(heap.f64().subarray(o / 8, o / 8 + 2));
    },
    pauliApply(src, dst, g) {
      const count = g.z.length;
      const [z, w, wx] = layout(4 * count, 16 * count, 32 * count);
      heap.i32().set(g.z, z / 4);
      heap.f64().set(g.w.subarray(0, 2 * count), w / 8);
      ex.svPauliApply(ps(src), ps(dst), src.n, g.flip, z, w, count, wx);
    },
    quboCost(f, out) {
      const [a, r, c, v] = layout(8 * f.n, 4 * (f.n + 1), 4 * f.cols.length, 8 * f.vals.length);
      heap.f64().set(f.a, a / 8);
      heap.i32().set(f.rowPtr, r / 4);
      heap.i32().set(f.cols, c / 4);
      heap.f64().set(f.vals, v / 8);
      ex.svQuboCost(f.n, f.offset, a, r, c, v, pv(out));
    },
    costLevels(cost, idx, values) {
      const [vals, slots] = layout(8 * 65536, 4 * 131072);
      const count = ex.svCostLevels(pv(cost), Math.log2(cost.length), pv(idx), vals, slots);
      if (count > 0) values.set(heap.f64().subarray(vals / 8, vals / 8 + count));
      return count;
    },
    markBelow: (cost, threshold, idx) => ex.svMarkBelow(pv(cost), Math.log2(cost.length), threshold, pv(idx)),
  };
}
