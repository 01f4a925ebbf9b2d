// The one interface every compute backend satisfies. Hot loops are declared here with numbers
// and typed arrays only, so a provider can be plain TypeScript (reference/) or a WebAssembly
// instance (wasm/). The host chooses a provider once (load.ts) and never branches per call.
//
// Providers assume valid input; `checked.ts` wraps one with the boundary checks that the public
// `loadKernels` hands out.

/** BINARY variables take 0/1, SPIN variables -1/+1. */
export type Vartype = 'BINARY' | 'SPIN';

/** Which implementation runs the kernels, once resolved. */
export type BackendName = 'wasm-simd' | 'wasm-scalar' | 'reference';

/** What a caller may ask for; 'wasm' means SIMD when the runtime validates it, else scalar. */
export type BackendChoice = 'auto' | 'wasm' | 'wasm-scalar' | 'reference';

/**
 * A sparse symmetric model in compressed sparse rows: E(v) = offset + Σ_i linear_i v_i +
 * Σ_{i<j} Q_ij v_i v_j, with each coupling Q_ij stored in both row i and row j, columns
 * strictly ascending in each row and no diagonal entries (those belong in `linear`).
 */
export interface CsrArrays {
  readonly vartype: Vartype;
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
  readonly linear: Float64Array;
  readonly offset: number;
}

/** A model uploaded to a backend (for WASM, copied once into linear memory). */
export interface PreparedModel {
  readonly vartype: Vartype;
  readonly n: number;
  readonly nnz: number;
  readonly offset: number;
  /** Releases backend memory; using the model afterwards throws. */
  dispose(): void;
}

/** The kernel contract. States are Int8Array, row-major [count × n]. */
export interface Kernels {
  readonly backend: BackendName;
  /** Uploads a CSR model once, for many kernel calls. */
  prepare(model: CsrArrays): PreparedModel;
  /** out[s] = E(state s), for `count` states. */
  energies(model: PreparedModel, states: Int8Array, count: number, out: Float64Array): void;
  /** out[s·n + i] = linear_i + Σ_j Q_ij v_j (the local field of variable i in state s). */
  localFields(model: PreparedModel, states: Int8Array, count: number, out: Float64Array): void;
  /** out[s·n + i] = E(state s with variable i flipped) − E(state s). */
  flipDeltas(model: PreparedModel, states: Int8Array, count: number, out: Float64Array): void;
  /** Seeds a 4-word xoshiro128** state for stream `stream` of `seed`. */
  rngSeed(seed: number, stream: number, state: Uint32Array): void;
  /** Fills `out` with 32-bit draws, advancing `state`. */
  rngFillU32(state: Uint32Array, out: Uint32Array): void;
  /** Fills `out` with doubles uniform in [0, 1) (53 bits each, two draws), advancing `state`. */
  rngFillF64(state: Uint32Array, out: Float64Array): void;
}
