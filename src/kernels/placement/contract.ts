// The placement kernel contract: path-integral Monte Carlo in assignment space (pod → node) for
// the scheduling energy of src/scheduling/energy.ts. A separate interface from kernels/contract.ts
// (the QUBO kernels), with the same habits: numbers, typed arrays and opaque handles only; a
// plain-TS reference provider (reference.ts, built on PlacementState) and a WASM provider
// (wasm.ts, assembly/placement/) over the instance `wasmKernels()` returns. Providers assume valid
// input: the solver (src/scheduling/solvers/pimc.ts) validates before calling.
//
// A chain holds K Trotter replicas of an assignment, each with PlacementState's aggregates, and
// one RNG stream. `run` performs `sweeps` sweeps; sweep t, for each Trotter position k = 0..K−1
// in order (replica slots[k]):
//   1. P u32 draws u_i, thresholds θ_i = negLog(u_i) (reference/metropolis.ts);
//   2. P proposals i = 0..P−1, each drawing from the same stream after the thresholds:
//      u = next(); if P ≥ 2 and u < swapThr: p = below(P), q = below(P) — a swap of p and q
//      (rejected unless they sit on different nodes, belong to different services and each may
//      go to the other's node); else p = below(P), a move of p (rejected if its service allows
//      < 2 nodes), v = next() picks the target: v < nearThr and the service has call-graph
//      neighbours: the node of pod below(|t|) of neighbour t = below(degree); else v < packThr:
//      the node of pod below(P) (a used node); else v < agreeThr and K > 1: the node of p in the
//      next (next() < 2^31) or previous Trotter slice; else allowed[below(len)]. Rejected if
//      the target is p's node or masked. below(n) = ⌊u·n / 2^32⌋ of one draw.
//   3. ΔE = ΔH/K − Σ J⊥[t, s]·Δagree over the moved pods, Δagree counting agreement with the
//      slices at k ± 1 (mod K; none when K = 1); accept iff β_t·ΔE < θ_i. ΔH and the aggregate
//      updates are PlacementState's deltaMove/applyMove; a swap is applyMove(p, b) then
//      deltaMove(q, a), kept with applyMove(q, a) or undone, as PlacementState.deltaSwap does.
//   After the K positions, if `exchange` is on and K ≥ 4: K draws, θ as above; for k = 0..K−1
//   the configurations at positions k and k+1 (mod K) trade places iff β_t·ΔE_coupling < θ_k.
// So every provider makes the same decisions from the same stream: the reference and WASM
// agree bit for bit (tested), and totals stay equal to evaluate() to rounding.

import type { BackendName } from '../contract.js';
import type { CompiledProblem } from '../../scheduling/compile.js';

/** A problem uploaded to a provider (for WASM, copied once into linear memory). */
export interface PreparedPlacement {
  readonly P: number;
  readonly S: number;
  /** Releases provider memory; using it afterwards throws. */
  dispose(): void;
}

/** K replicas of an assignment with their aggregates and one RNG stream. */
export interface PlacementChain {
  readonly replicas: number;
  /** Releases provider memory; using it afterwards throws. */
  dispose(): void;
}

/** What `setReplica` copies: PlacementState satisfies it (arrays of its sizes, totals). */
export interface ReplicaSnapshot {
  readonly assignment: Int32Array;
  readonly used: Float64Array;
  readonly podsOn: Int32Array;
  readonly nodeR: Float64Array;
  readonly nodeOver: Float64Array;
  readonly cnt: Int32Array;
  readonly hist: Int32Array;
  readonly spreadMax: Int32Array;
  readonly spreadMin: Int32Array;
  /** W(D) of the exposure term (nodes, then zones). */
  readonly whole: Int32Array;
  readonly R: number;
  readonly L: number;
  readonly F: number;
  readonly Chard: number;
  readonly Csoft: number;
  readonly nodesUsed: number;
}

/** Move mix of a chain: cumulative u32 thresholds in [0, 2^32] (see the module comment). */
export interface MoveThresholds {
  readonly swap: number;
  readonly near: number;
  readonly pack: number;
  readonly agree: number;
  /** Slice exchange after each sweep (needs K ≥ 4). */
  readonly exchange: boolean;
}

/** Totals per replica in `totals`: R, L, F, Chard, Csoft, nodesUsed. */
export const TOTALS = 6;
/** Counters in `counters`: proposals evaluated, moves accepted, swaps accepted, exchanges accepted. */
export const COUNTERS = 4;

/** The placement kernels. Every method assumes valid, live handles of matching sizes. */
export interface PlacementKernels {
  readonly backend: BackendName;
  /** Uploads a compiled problem once, for many chains. */
  prepare(problem: CompiledProblem): PreparedPlacement;
  /** A chain of `replicas` Trotter slices (all empty until setReplica). */
  createChain(problem: PreparedPlacement, replicas: number): PlacementChain;
  /** Copies a full state (assignment, aggregates, totals) into replica slot r. */
  setReplica(chain: PlacementChain, r: number, state: ReplicaSnapshot): void;
  /** Seeds the chain's stream (stream `stream` of `seed`), resets slots to identity and counters to 0. */
  seed(chain: PlacementChain, seed: number, stream: number, moves: MoveThresholds): void;
  /** `sweeps` sweeps; betas f64[sweeps], jperp f64[sweeps × S] (J⊥ of each service per sweep). */
  run(chain: PlacementChain, sweeps: number, betas: Float64Array, jperp: Float64Array): void;
  /** out[r·TOTALS + j]: totals of replica slot r. */
  totals(chain: PlacementChain, out: Float64Array): void;
  /** The assignment of replica slot r. */
  readAssignment(chain: PlacementChain, r: number, out: Int32Array): void;
  /** The replica slot at each Trotter position (out: Int32Array(K)). */
  slots(chain: PlacementChain, out: Int32Array): void;
  /** The RNG state (4 words) and counters (COUNTERS), for tests and stats. */
  rngState(chain: PlacementChain, out: Uint32Array): void;
  counters(chain: PlacementChain, out: Float64Array): void;
}
