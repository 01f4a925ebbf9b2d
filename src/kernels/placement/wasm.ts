// The WASM placement provider, built on the instance that `wasmKernels()` returns (its
// `.exports` and `.heap`): a prepared problem is one heap block (layout.ts), a chain another
// that holds the replicas, the RNG state and the counters, so a chunk of sweeps is one call
// with only its schedule (betas, J⊥) copied in. Views are re-derived from the heap on every
// access (memory growth detaches them). Assumes valid input.

import { KernelLoadError } from '../../errors.js';
import type { CompiledProblem } from '../../scheduling/compile.js';
import type { WasmHeap } from '../wasm/heap.js';
import { COUNTERS, TOTALS, type MoveThresholds, type PlacementChain, type PlacementKernels, type PreparedPlacement, type ReplicaSnapshot } from './contract.js';
import { CHAIN_HEADER, chainLayout, packProblem, proposalArrays, type ChainLayout } from './layout.js';

/** The placement exports of the qsched module (assembly/placement/index.ts). */
export interface PlExports {
  readonly memory: WebAssembly.Memory;
  simdEnabled(): number;
  rngSeed(state: number, seed: number, stream: number): void;
  plRun(problem: number, chain: number, sweeps: number, betas: number, jperp: number): void;
}

class WasmProblem implements PreparedPlacement {
  readonly P: number;
  readonly S: number;
  constructor(readonly pr: CompiledProblem, public ptr: number, readonly heap: WasmHeap) {
    this.P = pr.P;
    this.S = pr.S;
  }
  dispose(): void {
    if (this.ptr === 0) return;
    this.heap.free(this.ptr);
    this.ptr = 0;
  }
}

class WasmChain implements PlacementChain {
  constructor(readonly problem: WasmProblem, readonly replicas: number, readonly layout: ChainLayout, public ptr: number) {}
  dispose(): void {
    if (this.ptr === 0) return;
    this.problem.heap.free(this.ptr);
    this.ptr = 0;
  }
}

function liveProblem(p: PreparedPlacement): WasmProblem {
  const w = p as WasmProblem;
  if (w.ptr === 0) throw new RangeError('placement problem was disposed');
  return w;
}

function live(c: PlacementChain): WasmChain {
  const w = c as WasmChain;
  if (w.ptr === 0) throw new RangeError('placement chain was disposed');
  liveProblem(w.problem);
  return w;
}

/** Creates the WASM placement kernels over an instance's exports and heap. */
export function wasmPlacementKernels(exports: unknown, heap: WasmHeap): PlacementKernels {
  if (typeof (exports as Record<string, unknown>).plRun !== 'function') throw new KernelLoadError('the WASM module has no placement kernels: missing plRun');
  const ex = exports as PlExports;
  let scratchPtr = 0;
  let scratchSize = 0;

  /** Consecutive 16-aligned regions of the per-provider scratch block. */
  function layout(...bytes: number[]): number[] {
    const sizes = bytes.map((b) => Math.ceil(b / 16) * 16);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total > scratchSize) {
      if (scratchPtr !== 0) heap.free(scratchPtr);
      scratchSize = Math.max(total, 2 * scratchSize, 4096);
      scratchPtr = heap.alloc(scratchSize);
    }
    let p = scratchPtr;
    return sizes.map((s) => ((p += s), p - s));
  }

  const slotBase = (c: WasmChain, r: number) => c.ptr + c.layout.replicas + r * c.layout.stride;

  return {
    backend: ex.simdEnabled() === 1 ? 'wasm-simd' : 'wasm-scalar',
    prepare(pr) {
      const bytes = packProblem(pr, proposalArrays(pr));
      const ptr = heap.alloc(bytes.length);
      heap.u8().set(bytes, ptr);
      return new WasmProblem(pr, ptr, heap);
    },
    createChain(problem, replicas) {
      const p = liveProblem(problem);
      const lay = chainLayout(p.pr, replicas);
      const ptr = heap.alloc(lay.bytes);
      heap.u8().fill(0, ptr, ptr + lay.bytes);
      heap.i32().set(CHAIN_HEADER.map((f) => lay[f]), ptr >> 2);
      return new WasmChain(p, replicas, lay, ptr);
    },
    setReplica(chain, r, st: ReplicaSnapshot) {
      const c = live(chain);
      const L = c.layout;
      const base = slotBase(c, r);
      const i32 = heap.i32();
      const f64 = heap.f64();
      i32.set(st.assignment, (base + L.assign) >> 2);
      i32.set(st.podsOn, (base + L.podsOn) >> 2);
      i32.set(st.cnt, (base + L.cnt) >> 2);
      i32.set(st.hist, (base + L.hist) >> 2);
      i32.set(st.spreadMax, (base + L.smax) >> 2);
      i32.set(st.spreadMin, (base + L.smin) >> 2);
      i32.set(st.whole, (base + L.whole) >> 2);
      f64.set(st.used, (base + L.used) >> 3);
      f64.set(st.nodeR, (base + L.nodeR) >> 3);
      f64.set(st.nodeOver, (base + L.nodeOver) >> 3);
      f64.set([st.R, st.L, st.F, st.Chard, st.Csoft, st.nodesUsed], (base + L.tot) >> 3);
    },
    seed(chain, seed, stream, moves: MoveThresholds) {
      const c = live(chain);
      const L = c.layout;
      ex.rngSeed(c.ptr + L.rng, seed, stream);
      heap.i32().set(Int32Array.from({ length: c.replicas }, (_, k) => k), (c.ptr + L.slots) >> 2);
      const f64 = heap.f64();
      f64.set([moves.swap, moves.near, moves.pack, moves.agree, moves.exchange ? 1 : 0], (c.ptr + L.moves) >> 3);
      f64.fill(0, (c.ptr + L.counters) >> 3, ((c.ptr + L.counters) >> 3) + COUNTERS);
    },
    run(chain, sweeps, betas, jperp) {
      const c = live(chain);
      const S = c.problem.S;
      const [pb, pj] = layout(8 * sweeps, 8 * sweeps * S);
      const f64 = heap.f64();
      f64.set(betas.subarray(0, sweeps), pb >> 3);
      f64.set(jperp.subarray(0, sweeps * S), pj >> 3);
      ex.plRun(c.problem.ptr, c.ptr, sweeps, pb, pj);
    },
    totals(chain, out) {
      const c = live(chain);
      const f64 = heap.f64();
      for (let r = 0; r < c.replicas; r++) {
        const at = (slotBase(c, r) + c.layout.tot) >> 3;
        out.set(f64.subarray(at, at + TOTALS), r * TOTALS);
      }
    },
    readAssignment(chain, r, out) {
      const c = live(chain);
      const at = (slotBase(c, r) + c.layout.assign) >> 2;
      out.set(heap.i32().subarray(at, at + c.problem.P));
    },
    slots(chain, out) {
      const c = live(chain);
      const at = (c.ptr + c.layout.slots) >> 2;
      out.set(heap.i32().subarray(at, at + c.replicas));
    },
    rngState(chain, out) {
      const c = live(chain);
      const at = (c.ptr + c.layout.rng) >> 2;
      out.set(heap.u32().subarray(at, at + 4));
    },
    counters(chain, out) {
      const c = live(chain);
      const at = (c.ptr + c.layout.counters) >> 3;
      out.set(heap.f64().subarray(at, at + COUNTERS));
    },
  };
}
