// The nouns every sampler shares: why a run stopped, what a progress report says, and the
// `info` a SampleSet carries (timing and the reproducibility manifest). Plain data only, so a
// SampleSet's info survives JSON and structured clone unchanged.

import type { BackendName } from '../kernels/contract.js';

/** The samplers qsched ships, by registry name. */
export type SamplerName = 'sa' | 'sqa' | 'pt' | 'tabu' | 'steepest' | 'greedy' | 'random' | 'exact';

/** Every registry name, in documentation order. */
export const SAMPLER_NAMES: readonly SamplerName[] = Object.freeze(['sa', 'sqa', 'pt', 'tabu', 'steepest', 'greedy', 'random', 'exact'] as const);

/**
 * Why a run ended. 'sweeps': the configured sweep/iteration budget ran out; 'converged': every
 * read stopped on its own (ε window, local minimum, tabu stall, construction done); 'target': a
 * read reached options.target; 'time-limit': options.timeLimitMs passed; 'aborted':
 * options.signal fired (with onAbort 'partial'); 'exhausted': the whole space was enumerated.
 */
export type StopReason = 'sweeps' | 'target' | 'converged' | 'time-limit' | 'aborted' | 'exhausted';

/** A best-so-far report, emitted after each chunk of work. */
export interface Progress {
  readonly sampler: SamplerName;
  /** The item holding bestEnergy: a read (for 'exact', a Gray-code index); −1 before any energy is known. */
  readonly read: number;
  /** The shard that reported (0 when running in this thread). */
  readonly shard: number;
  /** Sweeps (iterations, enumerated states for 'exact') completed by the reads of the reporting shard. */
  readonly sweep: number;
  /** Lowest energy seen so far over every read (Infinity before any). */
  readonly bestEnergy: number;
  readonly elapsedMs: number;
}

/** Wall-clock costs in nanoseconds. */
export interface Timing {
  /** From the call to the returned SampleSet, validation included. */
  readonly total: number;
  /** From the first shard's start to the last shard's end. */
  readonly sampling: number;
  /** Each shard's own running time, measured where it ran (a worker or this thread). */
  readonly shards: readonly number[];
}

/** One shard of a run: which items it ran and the random streams it drew from. */
export interface ShardManifest {
  /** Items [start, end): reads, or Gray-code indices for 'exact'. */
  readonly items: readonly [number, number];
  readonly seed: number;
  /** Streams [first, end) of `seed` used by the shard (item k uses streams k·perItem .. (k+1)·perItem − 1). */
  readonly streams: readonly [number, number];
}

/** A JSON-safe parameter value. */
export type ParamValue = number | string | boolean | null | readonly number[];

/** Everything needed to reproduce a run: with the same model, params and seed, the same SampleSet. */
export interface Manifest {
  /** qsched version (src/version.ts). */
  readonly engine: string;
  readonly sampler: SamplerName;
  readonly backend: BackendName;
  /** First 16 hex digits of the WASM build's sha256; null for the reference backend or when unknown. */
  readonly wasmHash: string | null;
  readonly seed: number;
  /** Whether the seed was given or drawn at random (and is reported here so it can be reused). */
  readonly seedSource: 'given' | 'random';
  readonly workers: number;
  readonly shards: readonly ShardManifest[];
  /** Every resolved option and default: β range, sweeps, replicas, Γ0, chunk size, … */
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** Counts of the work a run did. */
export interface WorkInfo {
  /** What `units` counts. */
  readonly unit: 'sweeps' | 'iterations' | 'states';
  /** Total units over every read. */
  readonly units: number;
  /** Reads that ended on their own (ε window, local minimum, stall). */
  readonly converged: number;
}

/** Parallel tempering statistics, one row per read. */
export interface TemperingInfo {
  /** Final β ladder of each read (hot → cold). */
  readonly ladders: readonly (readonly number[])[];
  /** Swap acceptance of each neighbouring pair after adaptation (NaN-free: 0 when never tried). */
  readonly swapRates: readonly (readonly number[])[];
}

/** Quantum annealing statistics. */
export interface QuantumInfo {
  /** Reheats per read (adaptive restart). */
  readonly restarts: readonly number[];
  /**
   * Final energy of every Trotter replica, reads × replicas (only with options.returnReplicas),
   * on the SPIN form the kernel ran: equal to the model's energy of the mapped state, bit for
   * bit on SPIN models and up to float rounding on BINARY ones (the rows' energies are exact).
   */
  readonly replicaEnergies?: readonly (readonly number[])[];
}

/** The `info` of a SampleSet. */
export interface SampleSetInfo {
  readonly timing: Timing;
  readonly stopReason: StopReason;
  readonly manifest: Manifest;
  readonly work: WorkInfo;
  readonly pt?: TemperingInfo;
  readonly sqa?: QuantumInfo;
}
