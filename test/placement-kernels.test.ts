// The placement kernels on every backend: from the same start and seed, every provider makes
// the same decisions as the reference (identical assignments, totals, slots, RNG state and
// counters, bit for bit), and each replica's running totals equal a fresh evaluate() of its
// assignment. Fixtures carry every energy term (richInstance) and start from random
// assignments that include masked nodes, so filter penalties and overflows are exercised.

import { describe, expect, it } from 'vitest';
import { placementKernelsOf, referencePlacementKernels, type PlacementKernels, TOTALS, COUNTERS } from '../src/kernels/placement/index.js';
import { Rng } from '../src/kernels/reference/rng.js';
import { compile, type CompiledProblem } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { PlacementState } from '../src/scheduling/state.js';
import { BACKENDS, kernelsFor } from './backends.js';
import { richInstance } from './sched-fixtures.js';

interface Outcome {
  assignments: number[][];
  totals: number[];
  slots: number[];
  rng: number[];
  counters: number[];
}

const MOVES = { swap: 0.2 * 2 ** 32, near: 0.3 * 2 ** 32, pack: 0.5 * 2 ** 32, agree: 0.65 * 2 ** 32, exchange: true };

/** Runs `chunks` chunks of `sweeps` sweeps from per-replica random starts; returns everything observable. */
function runChain(k: PlacementKernels, pr: CompiledProblem, K: number, seed: number, chunks: number, sweeps: number, check?: (pr: CompiledProblem, a: Int32Array, t: Float64Array) => void, between?: () => void): Outcome {
  const prepared = k.prepare(pr);
  const chain = k.createChain(prepared, K);
  const rng = new Rng(seed, 99);
  for (let r = 0; r < K; r++) {
    const start = Int32Array.from({ length: pr.P }, () => (rng.below(3) === 0 ? rng.below(pr.N) : r % pr.N));
    k.setReplica(chain, r, new PlacementState(pr, start));
  }
  k.seed(chain, seed, 3, MOVES);
  const betas = new Float64Array(sweeps);
  const jperp = new Float64Array(sweeps * pr.S);
  for (let c = 0; c < chunks; c++) {
    for (let t = 0; t < sweeps; t++) betas[t] = 0.5 * 1.3 ** (c * sweeps + t);
    for (let i = 0; i < jperp.length; i++) jperp[i] = rng.below(4) / 2;
    k.run(chain, sweeps, betas, jperp);
    if (c === 0) between?.();
  }
  const totals = new Float64Array(K * TOTALS);
  k.totals(chain, totals);
  const assignments: number[][] = [];
  for (let r = 0; r < K; r++) {
    const a = new Int32Array(pr.P);
    k.readAssignment(chain, r, a);
    assignments.push(Array.from(a));
    check?.(pr, a, totals.subarray(r * TOTALS, (r + 1) * TOTALS));
  }
  const slots = new Int32Array(K);
  const state = new Uint32Array(4);
  const counters = new Float64Array(COUNTERS);
  k.slots(chain, slots);
  k.rngState(chain, state);
  k.counters(chain, counters);
  chain.dispose();
  prepared.dispose();
  return { assignments, totals: Array.from(totals), slots: Array.from(slots), rng: Array.from(state), counters: Array.from(counters) };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function matchesEvaluate(pr: CompiledProblem, a: Int32Array, t: Float64Array): void {
  const e = evaluate(pr, a);
  const H = pr.weights[0] * t[0] + pr.weights[1] * t[1] + pr.weights[2] * t[2] + pr.weights[3] * (t[3] + t[4]);
  expect(close(H, e.H), `H ${H} vs ${e.H}`).toBe(true);
  expect([close(t[0], e.R), close(t[1], e.L), close(t[2], e.F), close(t[3], e.Chard), close(t[4], e.C - e.Chard)]).toEqual([true, true, true, true, true]);
  expect(t[5]).toBe(e.nodesUsed);
}

const CASES = [
  { name: 'rich fixture, K=4, integer weights', pr: () => compile(richInstance(11).cluster, richInstance(11).workload, { weights: { resource: 1, latency: 2, fault: 1, constraint: 3, exposure: 1, zoneExposure: 2 } }), K: 4 },
  { name: 'rich fixture, K=5, float weights', pr: () => compile(richInstance(5).cluster, richInstance(5).workload, { weights: { latency: 1.7, fault: 0.6, exposure: 0.3, zoneExposure: 0.7 } }), K: 5 },
  { name: 'generated 150 pods with GPUs, K=2', pr: () => compile(generateInstance({ pods: 150, seed: 4, gpu: true }).cluster, generateInstance({ pods: 150, seed: 4, gpu: true }).workload), K: 2 },
  { name: 'one replica', pr: () => compile(richInstance(3).cluster, richInstance(3).workload), K: 1 },
];

describe.each(BACKENDS)('placement kernels on %s', (backend) => {
  it.each(CASES)('$name: same decisions as the reference, totals equal evaluate()', async ({ pr: make, K }) => {
    const k = placementKernelsOf((await kernelsFor(backend)).unchecked);
    const pr = make();
    const expected = runChain(referencePlacementKernels(), pr, K, 17, 3, 4);
    const got = runChain(k, pr, K, 17, 3, 4, matchesEvaluate);
    expect(got.counters[0]).toBeGreaterThan(0);
    expect(got.counters[1]).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  });

  it('a long hot-to-cold run does not drift from evaluate()', async () => {
    const k = placementKernelsOf((await kernelsFor(backend)).unchecked);
    const { cluster, workload } = generateInstance({ pods: 150, seed: 8, utilisation: 0.8 });
    runChain(k, compile(cluster, workload), 2, 4, 10, 10, matchesEvaluate);
  });

  it('a chain survives memory growth between chunks', async () => {
    const loaded = (await kernelsFor(backend)).unchecked;
    const k = placementKernelsOf(loaded);
    const pr = CASES[0].pr();
    const before = runChain(k, pr, 4, 5, 2, 3);
    const heap = (loaded as { heap?: { alloc(n: number): number; free(p: number): void } }).heap;
    let big: number | undefined;
    const after = runChain(k, pr, 4, 5, 2, 3, undefined, () => (big = heap?.alloc(24 << 20)));
    if (heap !== undefined && big !== undefined) heap.free(big);
    expect(after).toEqual(before);
  });
});
