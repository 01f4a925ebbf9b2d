// The WASM backend: one WebAssembly instance behind the kernel contract. Models are copied
// into linear memory once (prepare); each call copies its states in and its results out through
// one reusable per-instance buffer, so a call costs O(count·n) in copies on top of the kernel's
// O(count·nnz). @assemblyscript/loader is not used: it copies arrays on every call and its
// generated glue needs the managed runtime; raw pointers and host-side views are the fast path.

import type { CsrArrays, Kernels, PreparedModel } from '../contract.js';
import { instantiateModule, type WasmExports } from './exports.js';
import { WasmHeap } from './heap.js';

class WasmModel implements PreparedModel {
  readonly vartype;
  readonly n;
  readonly nnz;
  readonly offset;
  readonly rowPtr: number;
  readonly cols: number;
  readonly vals: number;
  readonly lin: number;
  #block: number;
  readonly #heap: WasmHeap;

  constructor(heap: WasmHeap, m: CsrArrays) {
    this.vartype = m.vartype;
    this.n = m.n;
    this.nnz = m.cols.length;
    this.offset = m.offset;
    this.#heap = heap;
    // one block: vals f64[nnz] | lin f64[n] | rowPtr i32[n+1] | cols i32[nnz], f64 parts first for alignment
    const valsBytes = 8 * this.nnz;
    const linBytes = 8 * this.n;
    const rowBytes = 4 * (this.n + 1);
    this.#block = heap.alloc(valsBytes + linBytes + rowBytes + 4 * this.nnz);
    this.vals = this.#block;
    this.lin = this.vals + valsBytes;
    this.rowPtr = this.lin + linBytes;
    this.cols = this.rowPtr + rowBytes;
    heap.f64().set(m.vals, this.vals >>> 3);
    heap.f64().set(m.linear, this.lin >>> 3);
    heap.i32().set(m.rowPtr, this.rowPtr >>> 2);
    heap.i32().set(m.cols, this.cols >>> 2);
  }

  get live(): boolean {
    return this.#block !== 0;
  }

  dispose(): void {
    if (this.#block === 0) return;
    this.#heap.free(this.#block);
    this.#block = 0;
  }
}

/** A per-instance buffer that only grows; calls carve their inputs and outputs from it. */
class Scratch {
  #ptr = 0;
  #size = 0;
  constructor(readonly heap: WasmHeap) {}
  /** Pointer to at least `bytes` bytes, valid until the next call. */
  take(bytes: number): number {
    if (bytes > this.#size) {
      if (this.#ptr !== 0) this.heap.free(this.#ptr);
      this.#size = Math.max(bytes, 2 * this.#size, 4096);
      this.#ptr = this.heap.alloc(this.#size);
    }
    return this.#ptr;
  }
}

function liveModel(model: PreparedModel): WasmModel {
  const m = model as WasmModel;
  if (!m.live) throw new RangeError('model was disposed');
  return m;
}

/** Creates WASM kernels from a compiled qsched module (SIMD or scalar build; the shared-memory build with its `memory`). */
export function wasmKernels(module: WebAssembly.Module, memory?: WebAssembly.Memory): Kernels & { readonly exports: WasmExports; readonly heap: WasmHeap } {
  const ex = instantiateModule(module, memory);
  const heap = new WasmHeap(ex.memory, ex.heapBase());
  const scratch = new Scratch(heap);
  const rngState = heap.alloc(16);

  // copies `states` in, reserves `outLen` doubles and the SIMD kernels' n·4 interleave buffer
  function stage(m: WasmModel, states: Int8Array, count: number, outLen: number) {
    const stateBytes = Math.ceil((count * m.n) / 16) * 16;
    const outBytes = Math.ceil(outLen / 2) * 16;
    const base = scratch.take(stateBytes + outBytes + 32 * m.n);
    const out = base + stateBytes;
    heap.i8().set(states.subarray(0, count * m.n), base);
    return { states: base, out, interleave: out + outBytes };
  }

  function runFields(model: PreparedModel, states: Int8Array, count: number, out: Float64Array, mode: number): void {
    const m = liveModel(model);
    const p = stage(m, states, count, count * m.n);
    ex.csrFields(m.n, m.rowPtr, m.cols, m.vals, m.lin, m.vartype === 'SPIN' ? 1 : 0, mode, p.states, count, p.out, p.interleave);
    out.set(heap.f64().subarray(p.out >>> 3, (p.out >>> 3) + count * m.n));
  }

  /** Lays out consecutive regions in the scratch block; returns their pointers (16-aligned). */
  function layout(...bytes: number[]): number[] {
    const sizes = bytes.map((b) => Math.ceil(b / 16) * 16);
    let p = scratch.take(sizes.reduce((a, b) => a + b, 0));
    return sizes.map((size) => {
      const at = p;
      p += size;
      return at;
    });
  }

  return {
    backend: ex.simdEnabled() === 1 ? 'wasm-simd' : 'wasm-scalar',
    exports: ex,
    heap,
    prepare: (model) => new WasmModel(heap, model),
    energies(model, states, count, out) {
      const m = liveModel(model);
      const p = stage(m, states, count, count);
      ex.csrEnergies(m.n, m.rowPtr, m.cols, m.vals, m.lin, m.offset, p.states, count, p.out, p.interleave);
      out.set(heap.f64().subarray(p.out >>> 3, (p.out >>> 3) + count));
    },
    localFields: (model, states, count, out) => runFields(model, states, count, out, 0),
    flipDeltas: (model, states, count, out) => runFields(model, states, count, out, 1),
    saSweeps(model, states, count, betas, rng) {
      const m = liveModel(model);
      const len = count * m.n;
      const [pStates, pBetas, pRng, pFields] = layout(len, 8 * betas.length, 16 * count, 16 * m.n);
      heap.i8().set(states.subarray(0, len), pStates);
      heap.f64().set(betas, pBetas >>> 3);
      heap.u32().set(rng.subarray(0, 4 * count), pRng >>> 2);
      ex.saSweeps(m.n, m.rowPtr, m.cols, m.vals, m.lin, m.vartype === 'SPIN' ? 1 : 0, pStates, count, pBetas, betas.length, pRng, pFields);
      states.set(heap.i8().subarray(pStates, pStates + len));
      rng.set(heap.u32().subarray(pRng >>> 2, (pRng >>> 2) + 4 * count));
    },
    sqaSweeps(model, states, count, replicas, betas, jperp, globalMoves, rng) {
      const m = liveModel(model);
      const len = count * replicas * m.n;
      const [pStates, pBetas, pJ, pRng, pFields] = layout(len, 8 * betas.length, 8 * betas.length, 16 * count, 8 * (replicas + 1) * m.n);
      heap.i8().set(states.subarray(0, len), pStates);
      heap.f64().set(betas, pBetas >>> 3);
      heap.f64().set(jperp.subarray(0, betas.length), pJ >>> 3);
      heap.u32().set(rng.subarray(0, 4 * count), pRng >>> 2);
      ex.sqaSweeps(m.n, m.rowPtr, m.cols, m.vals, m.lin, pStates, count, replicas, pBetas, pJ, betas.length, globalMoves ? 1 : 0, pRng, pFields);
      states.set(heap.i8().subarray(pStates, pStates + len));
      rng.set(heap.u32().subarray(pRng >>> 2, (pRng >>> 2) + 4 * count));
    },
    exactSearch(model, from, to, k, outStates, outEnergies) {
      const m = liveModel(model);
      const [pStates, pE, pScratch] = layout(k * m.n, 8 * k, 8 * m.n + 16 * k + m.n);
      const found = ex.exactSearch(m.n, m.rowPtr, m.cols, m.vals, m.lin, m.offset, m.vartype === 'SPIN' ? 1 : 0, from, to, k, pStates, pE, pScratch);
      outStates.set(heap.i8().subarray(pStates, pStates + found * m.n));
      outEnergies.set(heap.f64().subarray(pE >>> 3, (pE >>> 3) + found));
      return found;
    },
    rngSeed(seed, stream, state) {
      ex.rngSeed(rngState, seed, stream);
      state.set(heap.u32().subarray(rngState >>> 2, (rngState >>> 2) + 4));
    },
    rngFillU32(state, out) {
      const ptr = scratch.take(4 * out.length);
      heap.u32().set(state, rngState >>> 2);
      ex.rngFillU32(rngState, ptr, out.length);
      out.set(heap.u32().subarray(ptr >>> 2, (ptr >>> 2) + out.length));
      state.set(heap.u32().subarray(rngState >>> 2, (rngState >>> 2) + 4));
    },
    rngFillF64(state, out) {
      const ptr = scratch.take(8 * out.length);
      heap.u32().set(state, rngState >>> 2);
      ex.rngFillF64(rngState, ptr, out.length);
      out.set(heap.f64().subarray(ptr >>> 3, (ptr >>> 3) + out.length));
      state.set(heap.u32().subarray(rngState >>> 2, (rngState >>> 2) + 4));
    },
  } satisfies Kernels & { exports: WasmExports; heap: WasmHeap };
}
