// Reference annealing kernels: simulated annealing sweeps and path-integral Monte Carlo over
// Trotter replicas, in plain TypeScript. The oracle for assembly/anneal/: same loop order, same
// RNG draws (xoshiro128**, one stream per read), same acceptance rule (metropolis.ts), same
// float operations, so a seed gives identical states on every backend. Not built for speed.

import type { CsrArrays } from '../contract.js';
import { LN2, negLog } from './metropolis.js';
import { rngNextU32 } from './rng.js';

/** Metropolis decision for energy change `delta` at `beta` (one draw); zero moves pass with probability ½. */
function accept(delta: number, beta: number, rng: Uint32Array): boolean {
  const threshold = negLog(rngNextU32(rng));
  return beta * delta < threshold && (delta !== 0 || threshold > LN2);
}

/** Local fields of the state at states[base..base+n) into f[fbase..fbase+n). */
function fieldsOf(m: CsrArrays, states: Int8Array, base: number, f: Float64Array, fbase: number): void {
  const { rowPtr, cols, vals, linear } = m;
  for (let i = 0; i < m.n; i++) {
    let acc = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) acc += vals[k] * states[base + cols[k]];
    f[fbase + i] = linear[i] + acc;
  }
}

/** Adds d·Q_ij to the field of every neighbour j of i. */
function spread(m: CsrArrays, f: Float64Array, fbase: number, i: number, d: number): void {
  const { rowPtr, cols, vals } = m;
  for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) f[fbase + cols[k]] += vals[k] * d;
}

/** See Kernels.saSweeps. */
export function saSweeps(m: CsrArrays, states: Int8Array, count: number, betas: Float64Array, rng: Uint32Array): void {
  const n = m.n;
  const spin = m.vartype === 'SPIN';
  const f = new Float64Array(n);
  for (let s = 0; s < count; s++) {
    const base = s * n;
    const r = rng.subarray(4 * s, 4 * s + 4);
    fieldsOf(m, states, base, f, 0);
    for (let t = 0; t < betas.length; t++) {
      const beta = betas[t];
      for (let i = 0; i < n; i++) {
        const v = states[base + i];
        const d = spin ? -2 * v : 1 - 2 * v;
        if (accept(d * f[i], beta, r)) {
          states[base + i] = v + d;
          spread(m, f, 0, i, d);
        }
      }
    }
  }
}

/** See Kernels.sqaSweeps. */
export function sqaSweeps(
  m: CsrArrays, states: Int8Array, count: number, replicas: number,
  betas: Float64Array, jperp: Float64Array, globalMoves: boolean, rng: Uint32Array,
): void {
  const n = m.n;
  const K = replicas;
  const invK = 1 / K;
  const f = new Float64Array(K * n);
  for (let s = 0; s < count; s++) {
    const read = s * K * n;
    const r = rng.subarray(4 * s, 4 * s + 4);
    for (let k = 0; k < K; k++) fieldsOf(m, states, read + k * n, f, k * n);
    for (let t = 0; t < betas.length; t++) {
      const beta = betas[t];
      const j2 = 2 * jperp[t];
      for (let k = 0; k < K; k++) {
        const slice = read + k * n;
        const up = read + ((k + 1) % K) * n;
        const down = read + ((k + K - 1) % K) * n;
        for (let i = 0; i < n; i++) {
          const v = states[slice + i];
          const delta = -2 * v * f[k * n + i] * invK + j2 * v * (states[up + i] + states[down + i]);
          if (accept(delta, beta, r)) {
            states[slice + i] = -v;
            spread(m, f, k * n, i, -2 * v);
          }
        }
      }
      if (globalMoves) {
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let k = 0; k < K; k++) acc += -2 * states[read + k * n + i] * f[k * n + i];
          if (accept(acc * invK, beta, r)) {
            for (let k = 0; k < K; k++) {
              const v = states[read + k * n + i];
              states[read + k * n + i] = -v;
              spread(m, f, k * n, i, -2 * v);
            }
          }
        }
      }
    }
  }
}
