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
  /**
   * Simulated annealing: for each of `count` states, one Metropolis sweep over variables 0..n−1
   * (in order) per entry of `betas`. States and the per-state RNG streams (`rng`, count × 4
   * words, stream s for state s) are updated in place. Local fields are recomputed at entry and
   * kept incrementally. Acceptance (identical in every backend, see reference/metropolis.ts):
   * every attempt takes one u32 draw u and accepts iff β·ΔE < L = −ln((u + ½)·2^−32), and, when
   * ΔE = 0, also L > ln 2 (zero moves pass with probability ½).
   */
  saSweeps(model: PreparedModel, states: Int8Array, count: number, betas: Float64Array, rng: Uint32Array): void;
  /**
   * Path-integral Monte Carlo on a SPIN model: `count` reads, each of `replicas` Trotter slices
   * (states: count × replicas × n, slice-major inside a read). Sweep t uses β = betas[t] and
   * transverse coupling J⊥ = jperp[t]: each slice k in order, each spin i in order, a local move
   * with ΔE = −2s·f_i^k / K + 2·J⊥·s·(s_i^{k−1} + s_i^{k+1}) (periodic in k); then, when
   * `globalMoves`, for each spin i a move flipping it in every slice with ΔE = (Σ_k −2s_i^k f_i^k) / K.
   * Metropolis with β as in saSweeps; one RNG stream per read (rng: count × 4 words).
   */
  sqaSweeps(model: PreparedModel, states: Int8Array, count: number, replicas: number,
    betas: Float64Array, jperp: Float64Array, globalMoves: boolean, rng: Uint32Array): void;
  /**
   * Exhaustive search over the Gray-code sequence t = from..to−1 (state bits = t ^ (t >> 1),
   * bit i set = variable i at 1 / +1), keeping the `k` lowest (energy, t) pairs. Writes them
   * sorted ascending (ties by t) to outStates (k × n) and outEnergies (energies tracked
   * incrementally: exact for integer weights) and returns how many were written (≤ k).
   * n ≤ 30 and 0 ≤ from ≤ to ≤ 2^n.
   */
  exactSearch(model: PreparedModel, from: number, to: number, k: number, outStates: Int8Array, outEnergies: Float64Array): number;
  /** Seeds a 4-word xoshiro128** state for stream `stream` of `seed`. */
  rngSeed(seed: number, stream: number, state: Uint32Array): void;
  /** Fills `out` with 32-bit draws, advancing `state`. */
  rngFillU32(state: Uint32Array, out: Uint32Array): void;
  /** Fills `out` with doubles uniform in [0, 1) (53 bits each, two draws), advancing `state`. */
  rngFillF64(state: Uint32Array, out: Float64Array): void;
}
