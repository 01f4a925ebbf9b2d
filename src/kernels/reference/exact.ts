// Reference exhaustive search: walks the Gray-code sequence so that each step flips one variable
// and costs O(degree), keeping the k lowest energies. Twin of assembly/exact/gray.ts.

import type { CsrArrays } from '../contract.js';
import { energies } from './csr.js';

/** Count of trailing zero bits of a positive 32-bit integer. */
function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** See Kernels.exactSearch. */
export function exactSearch(m: CsrArrays, from: number, to: number, k: number, outStates: Int8Array, outEnergies: Float64Array): number {
  const n = m.n;
  if (k === 0 || from >= to) return 0;
  const spin = m.vartype === 'SPIN';
  const lo = spin ? -1 : 0;
  const state = new Int8Array(n);
  const g0 = (from ^ (from >>> 1)) >>> 0;
  for (let i = 0; i < n; i++) state[i] = (g0 >>> i) & 1 ? 1 : lo;
  const f = new Float64Array(n);
  const { rowPtr, cols, vals, linear } = m;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) acc += vals[q] * state[cols[q]];
    f[i] = linear[i] + acc;
  }
  const e0 = new Float64Array(1);
  energies(m, state, 1, e0);
  let e = e0[0];
  // kept: ascending by (energy, t); at most k entries
  const keptE = new Float64Array(k);
  const keptT = new Float64Array(k);
  let size = 0;
  for (let t = from; ; ) {
    if (size < k || e < keptE[size - 1]) {
      let p = size < k ? size++ : size - 1;
      while (p > 0 && keptE[p - 1] > e) {
        keptE[p] = keptE[p - 1];
        keptT[p] = keptT[p - 1];
        p--;
      }
      keptE[p] = e;
      keptT[p] = t;
    }
    t++;
    if (t >= to) break;
    const i = ctz(t);
    const v = state[i];
    const d = spin ? -2 * v : 1 - 2 * v;
    e += d * f[i];
    state[i] = v + d;
    for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) f[cols[q]] += vals[q] * d;
  }
  for (let r = 0; r < size; r++) {
    const g = (keptT[r] ^ (keptT[r] >>> 1)) >>> 0;
    for (let i = 0; i < n; i++) outStates[r * n + i] = (g >>> i) & 1 ? 1 : lo;
    outEnergies[r] = keptE[r];
  }
  return size;
}
