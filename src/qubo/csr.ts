// Building the kernels' CSR layout from coupling triplets: duplicates are summed, (i, j) and
// (j, i) are the same coupling, diagonal terms go to the linear part (for BINARY, x_i² = x_i;
// for SPIN, s_i² = 1 goes to the offset), exact zeros are dropped, and every coupling is stored
// in both rows with columns ascending, as src/kernels/contract.ts requires.

import type { CsrArrays, Vartype } from '../kernels/contract.js';
import { checkFinite, checkInteger, checkOneOf } from '../validate.js';

/** Couplings as parallel arrays: Q[i[k], j[k]] += w[k]. */
export interface Triplets {
  readonly i: ArrayLike<number>;
  readonly j: ArrayLike<number>;
  readonly w: ArrayLike<number>;
}

/** Builds symmetric CSR arrays from triplets; names the offending field on bad input. */
export function csrFromTriplets(
  vartype: Vartype,
  n: number,
  couplings: Triplets,
  linear?: ArrayLike<number>,
  offset = 0,
): CsrArrays {
  checkOneOf('vartype', vartype, ['BINARY', 'SPIN'] as const);
  checkInteger('n', n, 0, 1 << 26); // keys a·n + b stay below 2^53
  checkFinite('offset', offset);
  const m = couplings.i.length;
  if (couplings.j.length !== m || couplings.w.length !== m) {
    throw new RangeError(`couplings.i, .j and .w must have the same length, got ${m}, ${couplings.j.length}, ${couplings.w.length}`);
  }
  const lin = new Float64Array(n);
  if (linear !== undefined) {
    if (linear.length !== n) throw new RangeError(`linear must have length n = ${n}, got ${linear.length}`);
    for (let k = 0; k < n; k++) lin[k] = checkFinite(`linear[${k}]`, linear[k]);
  }
  // merge each unordered pair (a < b) into a map keyed a*n + b
  const merged = new Map<number, number>();
  for (let k = 0; k < m; k++) {
    const a = checkInteger(`couplings.i[${k}]`, couplings.i[k], 0, n - 1);
    const b = checkInteger(`couplings.j[${k}]`, couplings.j[k], 0, n - 1);
    const w = checkFinite(`couplings.w[${k}]`, couplings.w[k]);
    if (a === b) {
      if (vartype === 'BINARY') lin[a] += w;
      else offset += w;
      continue;
    }
    const key = a < b ? a * n + b : b * n + a;
    merged.set(key, (merged.get(key) ?? 0) + w);
  }
  const degree = new Int32Array(n);
  for (const [key, w] of merged) {
    if (w === 0) continue;
    degree[Math.floor(key / n)]++;
    degree[key % n]++;
  }
  const rowPtr = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) rowPtr[r + 1] = rowPtr[r] + degree[r];
  const nnz = rowPtr[n];
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  const fill = rowPtr.slice(0, n);
  const keys = [...merged.keys()].sort((x, y) => x - y);
  // keys ascend by (a, b): row a receives b in ascending order; row b receives a ascending too
  for (const key of keys) {
    const w = merged.get(key)!;
    if (w === 0) continue;
    const a = Math.floor(key / n);
    const b = key % n;
    cols[fill[a]] = b;
    vals[fill[a]++] = w;
    cols[fill[b]] = a;
    vals[fill[b]++] = w;
  }
  // row r first receives its (a, r) entries with a < r (keys a·n + r < r·n), ascending in a,
  // then its (r, b) entries with b > r, ascending in b: every row comes out sorted.
  return { vartype, n, rowPtr, cols, vals, linear: lin, offset };
}
