// Shared fixtures of the solve tests: seeded random models with integer weights (so every
// backend agrees bit for bit) and a brute-force ground state to check the exact sampler against.

import { Rng } from '../src/kernels/reference/rng.js';
import { randomSparseModel } from '../src/qubo/generators.js';
import { Model } from '../src/qubo/model.js';
import type { SampleSet } from '../src/solve/sampleset.js';

/** `count` models of 2..maxN variables, alternating BINARY / SPIN, degree 1..6, integer weights in [-10, 10]. */
export function randomModels(count: number, maxN: number, seed: number): Model[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, k) => {
    const n = 2 + rng.below(maxN - 1);
    const degree = Math.min(n - 1, 1 + rng.below(6));
    return Model.fromCsr(randomSparseModel({ n, degree, seed: seed * 1000 + k, vartype: k % 2 === 1 ? 'SPIN' : 'BINARY' }));
  });
}

/** A model of n variables for longer runs. */
export function sparseModel(n: number, seed: number, vartype: 'BINARY' | 'SPIN' = 'SPIN'): Model {
  return Model.fromCsr(randomSparseModel({ n, degree: 6, seed, vartype }));
}

/** The minimum energy by enumerating every state with model.energies (blocks of 4096 states). */
export function bruteForceMinimum(model: Model): number {
  const n = model.n;
  const lo = model.vartype === 'SPIN' ? -1 : 0;
  const total = 2 ** n;
  const block = Math.min(total, 4096);
  const states = new Int8Array(block * n);
  let best = Number.POSITIVE_INFINITY;
  for (let t0 = 0; t0 < total; t0 += block) {
    for (let q = 0; q < block; q++) for (let i = 0; i < n; i++) states[q * n + i] = ((t0 + q) >>> i) & 1 ? 1 : lo;
    for (const e of model.energies(states, block)) best = Math.min(best, e);
  }
  return best;
}

/** The rows of a SampleSet as plain data (states, energies, occurrences), for equality checks. */
export function rowsOf(ss: SampleSet): { states: number[]; energies: number[]; occurrences: number[] } {
  return { states: Array.from(ss.states), energies: Array.from(ss.energies), occurrences: Array.from(ss.occurrences) };
}
