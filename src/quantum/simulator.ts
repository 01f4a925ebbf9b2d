// The statevector host: a Simulator owns one statevector kernel provider (reference or WASM)
// and turns circuits into fused programs; a Statevector is a state held by that provider (in
// WASM linear memory for the WASM backends). Gates run as one kernel call per run of gates
// between measurements, with no per-gate copies; amplitudes are copied out only when asked for.
// Sampling draws seeded uniforms from the project's xoshiro128** (`Rng`), sorts them and maps
// them to basis states in one pass, so a seed gives the same shots on every backend.

import type { StatevectorKernels, SvProgram, SvState, SvVector } from '../kernels/statevector/contract.js';
import { Rng } from '../kernels/reference/rng.js';
import { checkInteger, checkOptions, checkSeed, checkTypedArray } from '../validate.js';
import { Circuit, opMatrix } from './circuit.js';
import { compileGates, type UnitGate } from './fusion.js';
import { preflight, type MemoryNeeds } from './memory.js';
import { DiagonalObservable, PauliSum } from './observable.js';

/**
 * Default cache block: 2^14 amplitudes = 256 KiB, half the L2 of a core here (AMD EPYC, 512 KiB
 * L2 per core). Measured on layers of 24 gates at n = 20 and 24 (wasm-simd, CPU time, loaded
 * machine): blocks of 13..17 qubits were within ~5% of each other and 14 the best or level with
 * the best; see the block-size sweep in bench/results/statevector.json.
 */
export const DEFAULT_BLOCK_QUBITS = 14;

/** Options of a Simulator. */
export interface SimulatorOptions {
  /** Cache blocking: runs of ops whose targets fit k qubits are applied per 2^k-amplitude block (default DEFAULT_BLOCK_QUBITS; 2..20, 0 or 1 disables; see assembly/statevector/run.ts). */
  readonly blockQubits?: number;
  /**
   * Gate fusion width: 0 none; 1 merges runs of 1-qubit gates (default); 2 also merges into dense
   * 4x4 blocks. A dense 4x4 pass is compute-bound here (~1.5–3 ns/amplitude against ~0.6 for a
   * 2x2 or diagonal pass, and cache blocking already keeps runs of low-qubit gates in L2), so
   * width 2 only pays when many gates share a pair (see bench/results/statevector.json).
   */
  readonly fusion?: number;
}

/** One step of a compiled circuit. */
export type Segment =
  | { readonly kind: 'program'; readonly program: SvProgram }
  | { readonly kind: 'measure'; readonly qubit: number; readonly clbit: number }
  | { readonly kind: 'reset'; readonly qubit: number };

const X = Float64Array.from([0, 0, 1, 0, 1, 0, 0, 0]);

/** The gate ops of a circuit as fusable units, for bound parameter values. */
export function unitGate(op: Extract<Circuit['ops'][number], { kind: 'gate' }>, values: Float64Array): UnitGate {
  if (op.name === 'ccx') return { qubits: op.qubits, matrix: X, controls: (1 << op.qubits[0]) | (1 << op.qubits[1]) };
  return { qubits: op.qubits, matrix: opMatrix(op, values) };
}

/** A simulator over one statevector kernel provider. */
export class Simulator {
  readonly kernels: StatevectorKernels;
  readonly blockQubits: number;
  readonly fusion: number;
  readonly #diagonals = new WeakMap<DiagonalObservable, SvVector>();
  /** Frees a diagonal's provider vector once its observable is garbage-collected. */
  readonly #release = new FinalizationRegistry<SvVector>((v) => this.kernels.free(v));

  constructor(kernels: StatevectorKernels, options?: SimulatorOptions) {
    const opts = checkOptions('options', options);
    this.kernels = kernels;
    this.blockQubits = opts.blockQubits === undefined ? DEFAULT_BLOCK_QUBITS : checkInteger('options.blockQubits', opts.blockQubits, 0, 20);
    this.fusion = opts.fusion === undefined ? 1 : checkInteger('options.fusion', opts.fusion, 0, 2);
  }

  /** 'reference' | 'wasm-scalar' | 'wasm-simd'. */
  get backend(): string {
    return this.kernels.backend;
  }

  /** A new state |0…0⟩ of n qubits; RangeError stating the bytes when it cannot fit. */
  state(n: number, needs?: MemoryNeeds): Statevector {
    preflight(this.kernels, n, needs);
    return new Statevector(this, this.kernels.allocState(n));
  }

  /** Runs `circuit` from |0…0⟩ and returns the final state (measurements use `options.seed`, default 0). */
  run(circuit: Circuit, params?: ArrayLike<number> | Readonly<Record<string, number>>, options?: { readonly seed?: number }): Statevector {
    if (!(circuit instanceof Circuit)) throw new TypeError('circuit must be a Circuit');
    const values = circuit.bind(params);
    const s = this.state(circuit.n);
    s.applyBound(circuit, values, options);
    return s;
  }

  /** Compiles a circuit for bound values into programs and measurement steps. */
  compile(circuit: Circuit, values: Float64Array): Segment[] {
    const out: Segment[] = [];
    let gates: UnitGate[] = [];
    let fences = new Set<number>();
    const flush = () => {
      if (gates.length > 0) out.push({ kind: 'program', program: compileGates(gates, circuit.n, this.fusion, fences) });
      gates = [];
      fences = new Set();
    };
    for (const op of circuit.ops) {
      if (op.kind === 'gate') gates.push(unitGate(op, values));
      else if (op.kind === 'barrier') fences.add(gates.length - 1);
      else {
        flush();
        out.push(op.kind === 'measure' ? { kind: 'measure', qubit: op.qubit, clbit: op.clbit } : { kind: 'reset', qubit: op.qubit });
      }
    }
    flush();
    return out;
  }

  /** The provider-side vector of a diagonal observable (uploaded once per simulator). */
  diagonal(d: DiagonalObservable): SvVector {
    let v = this.#diagonals.get(d);
    if (v === undefined) {
      v = this.kernels.allocVector('f64', d.values.length);
      this.kernels.writeVector(v, d.values);
      this.#diagonals.set(d, v);
      this.#release.register(d, v);
    }
    return v;
  }
}

/** A state of n qubits held by a simulator's provider. Call `dispose()` to release its memory. */
export class Statevector {
  readonly n: number;
  readonly simulator: Simulator;
  #handle: SvState | undefined;

  constructor(simulator: Simulator, handle: SvState) {
    this.simulator = simulator;
    this.n = handle.n;
    this.#handle = handle;
  }

  /** The provider handle (throws after dispose). */
  get handle(): SvState {
    if (this.#handle === undefined) throw new RangeError('statevector was disposed');
    return this.#handle;
  }

  get #k(): StatevectorKernels {
    return this.simulator.kernels;
  }

  /** Applies a circuit (n ≤ this.n) in place; returns the classical bits its measurements wrote. */
  apply(circuit: Circuit, params?: ArrayLike<number> | Readonly<Record<string, number>>, options?: { readonly seed?: number }): number[] {
    if (!(circuit instanceof Circuit)) throw new TypeError('circuit must be a Circuit');
    if (circuit.n > this.n) throw new RangeError(`circuit has ${circuit.n} qubits, the state ${this.n}`);
    return this.applyBound(circuit, circuit.bind(params), options);
  }

  /** apply() for values that are already bound and checked. */
  applyBound(circuit: Circuit, values: Float64Array, options?: { readonly seed?: number }): number[] {
    const opts = checkOptions('options', options);
    const rng = new Rng(opts.seed === undefined ? 0 : checkSeed('options.seed', opts.seed));
    const bits: number[] = [];
    for (const seg of this.simulator.compile(circuit, values)) {
      if (seg.kind === 'program') this.runProgram(seg.program);
      else if (seg.kind === 'measure') bits[seg.clbit] = this.measure(seg.qubit, rng);
      else this.reset(seg.qubit, rng);
    }
    return bits;
  }

  /** Runs a compiled program in place (one kernel call). */
  runProgram(program: SvProgram): void {
    this.#k.run(this.handle, program, this.simulator.blockQubits);
  }

  /** A copy of the 2^(n+1) interleaved (re, im) values. */
  amplitudes(): Float64Array {
    const out = new Float64Array(2 ** (this.n + 1));
    this.#k.read(this.handle, out);
    return out;
  }

  /** Replaces the amplitudes (2^(n+1) finite interleaved values with norm 1 ± 1e-9). */
  setAmplitudes(amplitudes: Float64Array): void {
    const a = checkTypedArray('amplitudes', amplitudes, Float64Array, 2 ** (this.n + 1));
    let norm = 0;
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) throw new RangeError(`amplitudes[${i}] must be finite, got ${a[i]}`);
      norm += a[i] * a[i];
    }
    if (Math.abs(norm - 1) > 1e-9) throw new RangeError(`amplitudes must have norm 1, got squared norm ${norm}`);
    this.#k.write(this.handle, a);
  }

  /** Sets the basis state |index⟩ (bit q of index = qubit q). */
  setBasis(index: number): void {
    this.#k.setBasis(this.handle, checkInteger('index', index, 0, 2 ** this.n - 1));
  }

  /** Copies another state of the same size into this one (no host copy). */
  copyFrom(other: Statevector): void {
    if (other.n !== this.n || other.simulator !== this.simulator) throw new RangeError('copyFrom needs a state of the same simulator and size');
    this.#k.copy(this.handle, other.handle);
  }

  /** ⟨ψ|ψ⟩. */
  norm2(): number {
    return this.#k.norm2(this.handle);
  }

  /** |a_x|² for every basis state x. */
  probabilities(): Float64Array {
    const out = new Float64Array(2 ** this.n);
    this.#k.probabilities(this.handle, out);
    return out;
  }

  /** Probability that qubit q reads 1. */
  probabilityOne(q: number): number {
    return this.#k.probOne(this.handle, checkInteger('q', q, 0, this.n - 1)) / this.norm2();
  }

  /** `shots` basis indices drawn from |a_x|² with a seeded generator (same on every backend). */
  sample(shots: number, seed = 0): Int32Array {
    const count = checkInteger('shots', shots, 0, 1 << 26);
    const rng = new Rng(checkSeed('seed', seed));
    const norm = this.norm2();
    const us = Float64Array.from({ length: count }, () => rng.float() * norm);
    const order = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => us[a] - us[b]);
    const sorted = Float64Array.from(order, (i) => us[i]);
    const hits = new Int32Array(count);
    this.#k.sampleSorted(this.handle, sorted, hits);
    const out = new Int32Array(count);
    order.forEach((i, k) => (out[i] = hits[k]));
    return out;
  }

  /** Sampled counts by bitstring, qubit 0 rightmost (as OpenQASM and Qiskit print them). */
  counts(shots: number, seed = 0): Record<string, number> {
    const out: Record<string, number> = {};
    for (const x of this.sample(shots, seed)) {
      const key = x.toString(2).padStart(this.n, '0');
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  /** Measures qubit q (collapsing the state); `rng` or a seed chooses the outcome. */
  measure(q: number, rng: Rng | number = 0): 0 | 1 {
    checkInteger('q', q, 0, this.n - 1);
    const r = typeof rng === 'number' ? new Rng(checkSeed('seed', rng)) : rng;
    const total = this.norm2();
    const p1 = this.#k.probOne(this.handle, q) / total;
    const bit = r.float() < p1 ? 1 : 0;
    const p = bit === 1 ? p1 : 1 - p1;
    this.#k.collapse(this.handle, q, bit, 1 / Math.sqrt(p * total));
    return bit;
  }

  /** Resets qubit q to |0⟩: measures it, then flips it if it read 1. */
  reset(q: number, rng: Rng | number = 0): void {
    if (this.measure(q, rng) === 1) this.runProgram(compileGates([{ qubits: [q], matrix: X }], this.n, 0));
  }

  /** ⟨ψ|O|ψ⟩ for a Pauli sum or a diagonal observable (O must fit in n qubits). */
  expectation(obs: PauliSum | DiagonalObservable): number {
    if (obs instanceof PauliSum) {
      if (obs.n > this.n) throw new RangeError(`observable acts on ${obs.n} qubits, the state has ${this.n}`);
      const out = new Float64Array(2);
      let e = obs.constant;
      for (const g of obs.groups) {
        this.#k.pauliInner(this.handle, this.handle, g, out);
        e += out[0];
      }
      return e;
    }
    if (obs instanceof DiagonalObservable) {
      if (obs.n !== this.n) throw new RangeError(`diagonal observable has 2^${obs.n} values, the state 2^${this.n} amplitudes`);
      return this.#k.expectDiag(this.handle, this.simulator.diagonal(obs));
    }
    throw new TypeError('obs must be a PauliSum or a DiagonalObservable');
  }

  /** Releases the state's memory; later use throws. */
  dispose(): void {
    if (this.#handle !== undefined) this.#k.free(this.#handle);
    this.#handle = undefined;
  }
}
