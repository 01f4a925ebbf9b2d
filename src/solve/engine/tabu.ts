// Tabu search shard runner, in plain TypeScript on the host (each iteration scans all n flip
// gains, which is the whole cost; no kernel would save more than its call overhead). Local
// fields are kept incrementally: a flip of i with change d adds d·Q_ij to each neighbour's field,
// and the gain of flipping i is d_i·f_i. Fields and energies are recomputed exactly with the
// kernels at every (re)start, so float drift cannot accumulate across starts.
//
// Each read is a multistart: a random start (or the given initial state), then moves to the
// best non-tabu flip (ties broken at random from the read's stream; a tabu flip is allowed when
// it beats the read's best: aspiration), a flipped variable staying tabu for `tenure` moves. A
// start ends after `stall` iterations without improving its own best (or maxIterations), and
// the read restarts from a fresh random state `restarts` times.

import type { Kernels, PreparedModel } from '../../kernels/contract.js';
import { rngNextU32 } from '../../kernels/reference/rng.js';
import { energiesOf, initialState, Reads } from './reads.js';
import { total, type Runner } from './runner.js';
import type { ShardSpec, TabuParams } from './spec.js';

/** Tabu search over items [start, end) of `spec`: read k on stream k. */
export function tabuRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec, p: TabuParams): Runner {
  const { n, rowPtr, cols, vals, vartype } = spec.model;
  const spin = vartype === 'SPIN';
  const m = spec.end - spec.start;
  const reads = new Reads(kernels, spec, m);
  const x = new Int8Array(m * n);
  const f = new Float64Array(m * n);
  const tabu = new Float64Array(m * n);
  const bestX = new Int8Array(m * n);
  const energy = new Float64Array(m);
  const bestE = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const startBest = new Float64Array(m);
  const stall = new Float64Array(m);
  const startIters = new Float64Array(m);
  const iters = new Float64Array(m);
  const left = new Float64Array(m).fill(p.restarts);
  const dirty = new Uint8Array(m);
  const one = new Float64Array(1);

  function start(r: number, first: boolean): void {
    const rng = reads.rng.subarray(4 * r, 4 * r + 4);
    const base = r * n;
    if (first) initialState(kernels, spec, r, rng, x, base);
    else initialState(kernels, { ...spec, given: null }, r, rng, x, base);
    kernels.localFields(model, x.subarray(base, base + n), 1, f.subarray(base, base + n));
    energiesOf(kernels, model, x, base, 1, one);
    energy[r] = startBest[r] = one[0];
    tabu.fill(0, base, base + n);
    stall[r] = startIters[r] = 0;
    if (energy[r] < bestE[r]) record(r);
  }

  function record(r: number): void {
    bestE[r] = energy[r];
    bestX.set(x.subarray(r * n, (r + 1) * n), r * n);
    dirty[r] = 1;
  }

  /** Runs up to `budget` iterations of read r; false when the read has finished. */
  function run(r: number, budget: number): boolean {
    const base = r * n;
    const rng = reads.rng.subarray(4 * r, 4 * r + 4);
    for (let q = 0; q < budget; q++) {
      let pick = -1;
      let gain = Number.POSITIVE_INFINITY;
      let ties = 0;
      const it = iters[r];
      for (let i = 0; i < n; i++) {
        const v = x[base + i];
        const delta = (spin ? -2 * v : 1 - 2 * v) * f[base + i];
        if (tabu[base + i] > it && !(energy[r] + delta < bestE[r])) continue;
        if (delta < gain) {
          gain = delta;
          pick = i;
          ties = 1;
        } else if (delta === gain && rngNextU32(rng) % ++ties === 0) {
          pick = i;
        }
      }
      if (pick >= 0) {
        const v = x[base + pick];
        const d = spin ? -2 * v : 1 - 2 * v;
        x[base + pick] = v + d;
        energy[r] += gain;
        for (let k = rowPtr[pick]; k < rowPtr[pick + 1]; k++) f[base + cols[k]] += vals[k] * d;
        tabu[base + pick] = it + 1 + p.tenure;
      }
      iters[r]++;
      startIters[r]++;
      if (energy[r] < startBest[r]) {
        startBest[r] = energy[r];
        stall[r] = 0;
        if (energy[r] < bestE[r]) record(r);
      } else {
        stall[r]++;
      }
      if (stall[r] >= p.stall || startIters[r] >= p.maxIterations) {
        if (left[r] === 0) return false;
        left[r]--;
        start(r, false);
      }
    }
    return true;
  }

  for (let r = 0; r < m; r++) start(r, true);

  return {
    step() {
      for (let r = 0; r < m; r++) {
        if (reads.active[r] === 0) continue;
        const more = run(r, spec.chunk);
        if (dirty[r] === 1) {
          energiesOf(kernels, model, bestX, r * n, 1, one);
          reads.offer(r, bestX, r * n, one[0]);
          dirty[r] = 0;
        }
        reads.advance(r, iters[r]);
        if (!more) {
          reads.active[r] = 0;
          reads.converged[r] = 1;
        }
      }
      return reads.anyActive();
    },
    best: () => reads.overall(spec.start),
    sweep: () => reads.maxDone(),
    finish() {
      return { states: reads.best, rows: m, units: total(reads.done), converged: total(reads.converged), natural: 'converged', extra: null };
    },
  };
}
