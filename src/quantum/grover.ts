// Grover search and Dürr–Høyer minimum finding. The oracle is a phase flip on marked basis
// states, held as a u16 level vector (0 unmarked, 1 marked) with the table (1, −1), and the
// diffusion is the reflection about the mean (2⟨a⟩ − a, one reduction and one pass); a whole
// Grover run of k iterations is one program, i.e. one kernel call. Marks come from a predicate
// evaluated once per basis state on the host, or from a cost vector and a threshold in WASM
// (svMarkBelow) — the diagonal oracle Dürr–Høyer needs at every improvement.

import type { SvVector } from '../kernels/statevector/contract.js';
import { ProgramBuilder } from '../kernels/statevector/program.js';
import { Rng } from '../kernels/reference/rng.js';
import { checkInteger, checkOptions, checkSeed, checkTypedArray } from '../validate.js';
import type { Simulator, Statevector } from './simulator.js';

const H = Float64Array.from([Math.SQRT1_2, 0, Math.SQRT1_2, 0, Math.SQRT1_2, 0, -Math.SQRT1_2, 0]);
const FLIP = Float64Array.of(1, 0, -1, 0);

/** The iteration count maximizing the success probability for M marked of N: round(π/(4θ) − 1/2), sin θ = √(M/N). */
export function optimalIterations(n: number, marked: number): number {
  checkInteger('n', n, 1, 30);
  checkInteger('marked', marked, 0, 2 ** n);
  if (marked === 0 || marked === 2 ** n) return 0;
  const theta = Math.asin(Math.sqrt(marked / 2 ** n));
  return Math.max(0, Math.round(Math.PI / (4 * theta) - 0.5));
}

/** Runs k Grover iterations from the uniform state into `s` (one kernel call). */
function groverRun(s: Statevector, marks: SvVector, k: number): void {
  const pb = new ProgramBuilder();
  for (let q = 0; q < s.n; q++) pb.gate1(q, H);
  for (let i = 0; i < k; i++) pb.levels(marks, FLIP).reflect();
  s.setBasis(0);
  s.runProgram(pb.build());
}

/** What `grover` returns. */
export interface GroverResult {
  readonly iterations: number;
  readonly marked: number;
  /** Probability of measuring a marked state after the iterations. */
  readonly successProbability: number;
  /** Sampled basis states (seeded) and whether each is marked. */
  readonly samples: { readonly index: number; readonly marked: boolean }[];
}

/** Grover search over n qubits for the states where `oracle(x)` is true. */
export function grover(sim: Simulator, n: number, oracle: (x: number) => boolean, options?: { readonly iterations?: number; readonly shots?: number; readonly seed?: number }): GroverResult {
  checkInteger('n', n, 1, 30);
  if (typeof oracle !== 'function') throw new TypeError('oracle must be a function of the basis index');
  const o = checkOptions('options', options);
  const shots = o.shots === undefined ? 16 : checkInteger('options.shots', o.shots, 0, 1 << 20);
  const seed = o.seed === undefined ? 0 : checkSeed('options.seed', o.seed);
  const s = sim.state(n, { states: 1, u16Vectors: 1 });
  const k = sim.kernels;
  const marks = k.allocVector('u16', 2 ** n);
  try {
    const host = new Uint16Array(2 ** n);
    let count = 0;
    for (let x = 0; x < host.length; x++) if (oracle(x)) (host[x] = 1), count++;
    k.writeVector(marks, host);
    const iterations = o.iterations === undefined ? optimalIterations(n, count) : checkInteger('options.iterations', o.iterations, 0, 1 << 24);
    groverRun(s, marks, iterations);
    const p = s.probabilities();
    let success = 0;
    for (let x = 0; x < p.length; x++) if (host[x]) success += p[x];
    const samples = [...s.sample(shots, seed)].map((index) => ({ index, marked: host[index] === 1 }));
    return { iterations, marked: count, successProbability: success, samples };
  } finally {
    k.free(marks);
    s.dispose();
  }
}

/** What `durrHoyer` returns. */
export interface DurrHoyerResult {
  readonly index: number;
  readonly value: number;
  /** Grover iterations spent in total, and the measurements made. */
  readonly groverIterations: number;
  readonly measurements: number;
  readonly trace: { readonly index: number; readonly value: number; readonly groverIterations: number }[];
}

/**
 * Dürr–Høyer minimum finding over a cost vector of 2^n values: keep a threshold y, search for
 * x with c[x] < c[y] by BBHT (a random iteration count below m, m growing by 6/5 up to √N),
 * move y on success; stop after 22.5√N + 1.4·log2²N Grover iterations (the paper's budget for
 * success probability ≥ 1/2), or when nothing lies below y (a simulator can see that; a device
 * would spend the rest of the budget).
 */
export function durrHoyer(sim: Simulator, cost: Float64Array, options?: { readonly seed?: number; readonly budget?: number }): DurrHoyerResult {
  checkTypedArray('cost', cost, Float64Array);
  const n = Math.log2(cost.length);
  if (!Number.isInteger(n) || n < 1 || n > 30) throw new RangeError(`cost must have 2^n values (1 ≤ n ≤ 30), got ${cost.length}`);
  for (let i = 0; i < cost.length; i++) if (!Number.isFinite(cost[i])) throw new RangeError(`cost[${i}] must be finite, got ${cost[i]}`);
  const o = checkOptions('options', options);
  const rng = new Rng(o.seed === undefined ? 0 : checkSeed('options.seed', o.seed));
  const N = 2 ** n;
  const budget = o.budget === undefined ? Math.ceil(22.5 * Math.sqrt(N) + 1.4 * n * n) : checkInteger('options.budget', o.budget, 1);
  const s = sim.state(n, { states: 1, f64Vectors: 1, u16Vectors: 1 });
  const k = sim.kernels;
  const c = k.allocVector('f64', N), marks = k.allocVector('u16', N);
  try {
    k.writeVector(c, cost);
    let y = rng.below(N), spent = 0, measurements = 0;
    const trace = [{ index: y, value: cost[y], groverIterations: 0 }];
    let marked = k.markBelow(c, cost[y], marks);
    let m = 1;
    while (spent < budget && marked > 0) {
      const it = rng.below(Math.ceil(m));
      groverRun(s, marks, it);
      spent += it;
      measurements++;
      const x = s.sample(1, rng.u32())[0];
      if (cost[x] < cost[y]) {
        y = x;
        trace.push({ index: y, value: cost[y], groverIterations: spent });
        marked = k.markBelow(c, cost[y], marks);
        m = 1;
      } else m = Math.min(m * 1.2, Math.sqrt(N));
    }
    return { index: y, value: cost[y], groverIterations: spent, measurements, trace };
  } finally {
    k.free(c);
    k.free(marks);
    s.dispose();
  }
}
