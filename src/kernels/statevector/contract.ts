// The statevector kernel contract: a separate interface from kernels/contract.ts (which serves
// the QUBO samplers), with the same habits: numbers, typed arrays and opaque buffer handles
// only; a plain-TS reference provider and a WASM provider built on the instance that
// `wasmKernels()` returns; providers assume valid input (src/quantum/ validates).
//
// A state of n qubits is 2^n complex f64 amplitudes, interleaved (re, im); qubit 0 is the least
// significant bit of the basis index. States and vectors live where the provider keeps them
// (WASM linear memory for the WASM provider), so a circuit runs with no per-gate copies: the
// host encodes a fused circuit as one program (see program.ts) and `run` executes it in one call.

import type { BackendName } from '../contract.js';

/** A state of n qubits held by a provider. */
export interface SvState {
  readonly kind: 'state';
  readonly n: number;
}

/** A real (f64) or level-index (u16) vector held by a provider, one entry per basis state. */
export interface SvVector {
  readonly kind: 'f64' | 'u16';
  readonly length: number;
}

/** Opcodes of a program (also in assembly/statevector/run.ts). */
export const OP = { GATE1: 1, GATE1C: 2, GATE2: 3, DIAG2: 4, LEVELS: 5, REFLECT: 6 } as const;

/**
 * A program: `count` ops of 4 i32 (code, a, b, p); each op's matrix/table starts at params[8*p]
 * (8 f64 = 64-byte slots keep WASM loads aligned). LEVELS' `a` is an index into `vectors`
 * (a u16 level vector), `b` the number of levels (complex table of b entries at p).
 */
export interface SvProgram {
  readonly ops: Int32Array;
  readonly count: number;
  readonly params: Float64Array;
  readonly vectors: readonly SvVector[];
  /** Most levels of any LEVELS op (sizes the WASM scratch). */
  readonly maxLevels: number;
}

/**
 * A group of Pauli terms sharing one flip mask: P|x> = S(x)|x ^ flip>, with
 * S(x) = sum_t w_t (-1)^popcount(x & z_t) and w_t = coeff_t * i^(#Y in term t) as (re, im) pairs.
 */
export interface PauliGroup {
  readonly flip: number;
  readonly z: Int32Array;
  readonly w: Float64Array;
}

/**
 * A cost function of the basis bits b_i (bit i of x): offset + sum a_i b_i + sum_{j<i} B_ij b_i b_j,
 * with B as strictly-lower-triangular CSR (row i holds columns j < i).
 */
export interface BitForm {
  readonly n: number;
  readonly offset: number;
  readonly a: Float64Array;
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
}

/** Most distinct values a level vector can index. */
export const MAX_LEVELS = 65536;

/** The statevector kernels. Every method assumes valid, live handles of matching sizes. */
export interface StatevectorKernels {
  readonly backend: BackendName;
  /** Threads gate application runs on (threads.ts); absent = 1. */
  readonly threads?: number;
  /** Stops helper threads, if any. */
  close?(): Promise<void>;
  /** Total bytes the provider can address (4 GiB: 32-bit WASM memory). */
  readonly memoryLimit: number;
  /** Bytes currently held by this provider's buffers. */
  bytesInUse(): number;
  /** A state of n qubits set to |0…0⟩. */
  allocState(n: number): SvState;
  /** A zeroed vector of `length` entries. */
  allocVector(kind: 'f64' | 'u16', length: number): SvVector;
  /** Releases a buffer; freeing twice is a no-op. */
  free(buffer: SvState | SvVector): void;
  /** Sets the state to the basis state |index⟩. */
  setBasis(state: SvState, index: number): void;
  /** dst = src (same n). */
  copy(dst: SvState, src: SvState): void;
  /** Writes 2^(n+1) interleaved values into the state. */
  write(state: SvState, amplitudes: Float64Array): void;
  /** Reads the state's 2^(n+1) interleaved values into `out`. */
  read(state: SvState, out: Float64Array): void;
  /** Writes / reads a vector's entries. */
  writeVector(vector: SvVector, data: Float64Array | Uint16Array): void;
  readVector(vector: SvVector, out: Float64Array | Uint16Array): void;
  /** Runs a program on the state; `blockQubits` >= 2 enables cache blocking (see assembly/statevector/run.ts). */
  run(state: SvState, program: SvProgram, blockQubits: number): void;
  /** sum |a_x|^2. */
  norm2(state: SvState): number;
  /** out[x] = |a_x|^2. */
  probabilities(state: SvState, out: Float64Array): void;
  /** Probability that qubit q reads 1. */
  probOne(state: SvState, q: number): number;
  /** Keeps amplitudes with qubit q = bit, scaled; zeroes the rest. */
  collapse(state: SvState, q: number, bit: number, scale: number): void;
  /** Inverse-CDF sampling of ascending uniforms `us` in [0, norm²) into out (basis indices). */
  sampleSorted(state: SvState, us: Float64Array, out: Int32Array): void;
  /** sum d_x |a_x|^2 for an f64 vector d. */
  expectDiag(state: SvState, diag: SvVector): number;
  /** out = <a|b> as (re, im). */
  inner(a: SvState, b: SvState, out: Float64Array): void;
  /** out = <bra|P|ket> as (re, im) for one Pauli group. */
  pauliInner(bra: SvState, ket: SvState, group: PauliGroup, out: Float64Array): void;
  /** dst += P src for one Pauli group (dst and src distinct). */
  pauliApply(src: SvState, dst: SvState, group: PauliGroup): void;
  /** out[x] = cost(bits of x) for an f64 vector of length 2^n. */
  quboCost(form: BitForm, out: SvVector): void;
  /** idx[x] = level of cost[x]; distinct values to `values` (first appearance); count, or -1 past MAX_LEVELS. */
  costLevels(cost: SvVector, idx: SvVector, values: Float64Array): number;
  /** idx[x] = cost[x] < threshold ? 1 : 0; returns how many are marked. */
  markBelow(cost: SvVector, threshold: number, idx: SvVector): number;
}
