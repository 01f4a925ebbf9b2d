// Shard runners for the simple host-side samplers: steepest descent, constructive greedy and
// uniform random states. Plain TypeScript over the CSR arrays with incremental local fields
// (the gain of flipping i is d_i·f_i, d_i the change of v_i); exact fields come from the
// kernels at the start and exact energies at the end, as in every sampler.

import type { Kernels, PreparedModel } from '../../kernels/contract.js';
import { rngNextU32 } from '../../kernels/reference/rng.js';
import { flipScale } from '../schedule.js';
import { energiesOf, initialState, Reads } from './reads.js';
import { total, type Runner } from './runner.js';
import type { ShardSpec, SteepestParams } from './spec.js';

/**
 * Steepest descent: each read flips the variable with the most negative gain (lowest index on
 * ties) until no gain is below −tol (tol = 1e-12·maxΔ, so float noise cannot cycle), at most
 * maxIterations flips.
 */
export function steepestRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec, p: SteepestParams): Runner {
  const { n, rowPtr, cols, vals, vartype } = spec.model;
  const spin = vartype === 'SPIN';
  const m = spec.end - spec.start;
  const reads = new Reads(kernels, spec, m);
  const x = new Int8Array(m * n);
  for (let r = 0; r < m; r++) initialState(kernels, spec, r, reads.rng.subarray(4 * r, 4 * r + 4), x, r * n);
  const f = new Float64Array(m * n);
  kernels.localFields(model, x, m, f);
  const tol = 1e-12 * flipScale(spec.model).maxDelta;
  const e = new Float64Array(1);
  return {
    step() {
      for (let r = 0; r < m; r++) {
        if (reads.active[r] === 0) continue;
        const base = r * n;
        let it = reads.done[r];
        const stop = Math.min(p.maxIterations, it + spec.chunk);
        let minimum = false;
        for (; it < stop; it++) {
          let pick = -1;
          let gain = -tol;
          for (let i = 0; i < n; i++) {
            const v = x[base + i];
            const delta = (spin ? -2 * v : 1 - 2 * v) * f[base + i];
            if (delta < gain) {
              gain = delta;
              pick = i;
            }
          }
          if (pick < 0) {
            minimum = true;
            break;
          }
          const v = x[base + pick];
          const d = spin ? -2 * v : 1 - 2 * v;
          x[base + pick] = v + d;
          for (let k = rowPtr[pick]; k < rowPtr[pick + 1]; k++) f[base + cols[k]] += vals[k] * d;
        }
        energiesOf(kernels, model, x, base, 1, e);
        reads.offer(r, x, base, e[0]);
        reads.advance(r, it);
        if (minimum || it >= p.maxIterations) reads.active[r] = 0;
        if (minimum) reads.converged[r] = 1;
      }
      return reads.anyActive();
    },
    best: () => reads.overall(spec.start),
    sweep: () => reads.maxDone(),
    finish() {
      const converged = total(reads.converged);
      return { states: reads.best, rows: m, units: total(reads.done), converged, natural: converged === m ? 'converged' : 'sweeps', extra: null };
    },
  };
}

/**
 * Constructive greedy: unset variables sit at their mean (0 for SPIN, ½ for BINARY), so the
 * energy is linear in each of them with slope f_i; each step fixes the unset variable with the
 * largest |f_i| at the value that lowers the energy. Read 0 breaks ties by lowest index (the
 * classic deterministic greedy); other reads break ties at random from their streams. A read
 * stopped mid-construction fixes its remaining variables by the sign of their current field.
 */
export function greedyRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec): Runner {
  const { n, rowPtr, cols, vals, linear, vartype } = spec.model;
  const spin = vartype === 'SPIN';
  const low = spin ? -1 : 0;
  const mean = spin ? 0 : 0.5;
  const m = spec.end - spec.start;
  const reads = new Reads(kernels, spec, m);
  const x = new Int8Array(m * n);
  const set = new Uint8Array(m * n);
  const f = new Float64Array(m * n);
  const assigned = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) acc += vals[k] * mean;
      f[r * n + i] = linear[i] + acc;
    }
  }

  function fix(r: number, i: number, v: number): void {
    const base = r * n;
    x[base + i] = v;
    set[base + i] = 1;
    assigned[r]++;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) f[base + cols[k]] += vals[k] * (v - mean);
  }

  function complete(r: number): void {
    const e = new Float64Array(1);
    energiesOf(kernels, model, x, r * n, 1, e);
    reads.offer(r, x, r * n, e[0]);
    reads.active[r] = 0;
    reads.converged[r] = 1;
  }

  return {
    step() {
      for (let r = 0; r < m; r++) {
        if (reads.active[r] === 0) continue;
        const base = r * n;
        const rng = reads.rng.subarray(4 * r, 4 * r + 4);
        const random = spec.start + r > 0;
        for (let q = 0; q < spec.chunk && assigned[r] < n; q++) {
          let pick = -1;
          let size = -1;
          let ties = 0;
          for (let i = 0; i < n; i++) {
            if (set[base + i] === 1) continue;
            const a = Math.abs(f[base + i]);
            if (a > size) {
              size = a;
              pick = i;
              ties = 1;
            } else if (random && a === size && rngNextU32(rng) % ++ties === 0) {
              pick = i;
            }
          }
          const fi = f[base + pick];
          fix(r, pick, fi > 0 ? low : fi < 0 ? 1 : random && rngNextU32(rng) >>> 31 === 1 ? 1 : low);
        }
        reads.advance(r, assigned[r]);
        if (assigned[r] === n) complete(r);
      }
      return reads.anyActive();
    },
    best: () => reads.overall(spec.start),
    sweep: () => reads.maxDone(),
    finish() {
      for (let r = 0; r < m; r++) {
        if (reads.active[r] === 0 || assigned[r] === 0) continue;
        for (let i = 0; i < n; i++) if (set[r * n + i] === 0) fix(r, i, f[r * n + i] > 0 ? low : 1);
        complete(r);
        reads.converged[r] = 0;
      }
      return { states: reads.best, rows: m, units: total(reads.done), converged: total(reads.converged), natural: 'converged', extra: null };
    },
  };
}

/** Uniform random states: `chunk` reads per step; reads never drawn are left out of the result. */
export function randomRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec): Runner {
  const n = spec.model.n;
  const m = spec.end - spec.start;
  const reads = new Reads(kernels, spec, m);
  const x = new Int8Array(m * n);
  const e = new Float64Array(m);
  let drawn = 0;
  return {
    step() {
      const to = Math.min(m, drawn + spec.chunk);
      for (let r = drawn; r < to; r++) initialState(kernels, { ...spec, given: null }, r, reads.rng.subarray(4 * r, 4 * r + 4), x, r * n);
      energiesOf(kernels, model, x, drawn * n, to - drawn, e.subarray(drawn, to));
      for (let r = drawn; r < to; r++) {
        reads.offer(r, x, r * n, e[r]);
        reads.advance(r, 1);
      }
      drawn = to;
      return drawn < m;
    },
    best: () => reads.overall(spec.start),
    sweep: () => drawn,
    finish: () => ({ states: reads.best.subarray(0, drawn * n), rows: drawn, units: drawn, converged: 0, natural: 'sweeps', extra: null }),
  };
}
