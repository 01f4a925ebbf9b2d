// Cost functions for QAOA, in the two forms the simulator needs. The "bit form" (offset, a_i,
// B_ij over basis bits b_i) feeds the WASM cost-vector kernel; the "Z form" (a diagonal Pauli
// sum) gives the generator of the cost layer for gradients. Bit convention: qubit i reads b_i;
// a BINARY variable x_i = b_i; a SPIN variable s_i = 1 − 2 b_i (|0⟩ is s = +1, the Z eigenvalue).
// Max-Cut: E(s) = Σ w_ij (s_i s_j − 1)/2 = −cut(s), so minimizing E maximizes the cut and QAOA's
// C = −E is the cut value of the published conventions.

import type { CsrArrays } from '../kernels/contract.js';
import type { BitForm } from '../kernels/statevector/contract.js';
import { checkFinite, checkInteger } from '../validate.js';
import { PauliSum } from './observable.js';

/** Anything with CSR arrays: a CsrArrays or a Model (its `.csr`). */
export type CostModel = CsrArrays | { readonly csr: CsrArrays };

/** The CSR arrays of a model, checked for what QAOA needs (finite values, n in [1, 30]). */
export function csrOf(model: CostModel): CsrArrays {
  if (model === null || typeof model !== 'object') throw new TypeError('model must be a Model or CSR arrays');
  const csr = 'csr' in model ? model.csr : model;
  if (csr === null || typeof csr !== 'object' || !(csr.rowPtr instanceof Int32Array) || !(csr.vals instanceof Float64Array)) {
    throw new TypeError('model must be a Model or CSR arrays (rowPtr, cols, vals, linear)');
  }
  checkInteger('model.n', csr.n, 1, 30);
  if (csr.vartype !== 'BINARY' && csr.vartype !== 'SPIN') throw new RangeError(`model.vartype must be 'BINARY' or 'SPIN', got ${String(csr.vartype)}`);
  checkFinite('model.offset', csr.offset);
  csr.vals.forEach((v, i) => checkFinite(`model.vals[${i}]`, v));
  csr.linear.forEach((v, i) => checkFinite(`model.linear[${i}]`, v));
  return csr;
}

/** Each coupling once, as (i, j, w) with j < i. */
function couplings(csr: CsrArrays): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < csr.n; i++) {
    for (let k = csr.rowPtr[i]; k < csr.rowPtr[i + 1]; k++) if (csr.cols[k] < i) out.push([i, csr.cols[k], csr.vals[k]]);
  }
  return out;
}

/** The model as a function of basis bits (see the module comment). */
export function bitForm(csr: CsrArrays): BitForm {
  const n = csr.n;
  const a = new Float64Array(n);
  let offset = csr.offset;
  const pairs = couplings(csr);
  const spin = csr.vartype === 'SPIN';
  for (let i = 0; i < n; i++) {
    a[i] = spin ? -2 * csr.linear[i] : csr.linear[i];
    if (spin) offset += csr.linear[i];
  }
  const rowPtr = new Int32Array(n + 1), cols: number[] = [], vals: number[] = [];
  for (const [i, j, w] of pairs) {
    // s_i s_j = 1 − 2b_i − 2b_j + 4 b_i b_j
    if (spin) {
      offset += w;
      a[i] -= 2 * w;
      a[j] -= 2 * w;
    }
  }
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  for (const [i, j, w] of pairs) {
    rowPtr[i + 1]++;
    cols.push(j);
    vals.push(spin ? 4 * w : w);
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  return { n, offset, a, rowPtr, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

/** E(x) for a basis index, from the bit form (host side, O(n + nnz)). */
export function bitFormValue(f: BitForm, x: number): number {
  let e = f.offset;
  for (let i = 0; i < f.n; i++) {
    if (((x >>> i) & 1) === 0) continue;
    e += f.a[i];
    for (let k = f.rowPtr[i]; k < f.rowPtr[i + 1]; k++) if ((x >>> f.cols[k]) & 1) e += f.vals[k];
  }
  return e;
}

/** The model as a diagonal Pauli sum over Z (the cost layer's generator). */
export function zForm(csr: CsrArrays): PauliSum {
  const spin = csr.vartype === 'SPIN';
  const terms: [number, string][] = [[csr.offset, '']];
  // BINARY x = (1 − Z)/2: h x = h/2 − h/2 Z; Q x_i x_j = Q/4 (1 − Z_i − Z_j + Z_i Z_j)
  for (let i = 0; i < csr.n; i++) {
    const h = csr.linear[i];
    if (spin) terms.push([h, `Z${i}`]);
    else terms.push([h / 2, ''], [-h / 2, `Z${i}`]);
  }
  for (const [i, j, w] of couplings(csr)) {
    if (spin) terms.push([w, `Z${j} Z${i}`]);
    else terms.push([w / 4, ''], [-w / 4, `Z${i}`], [-w / 4, `Z${j}`], [w / 4, `Z${j} Z${i}`]);
  }
  return PauliSum.fromTerms(terms, csr.n);
}

/** A weighted graph: edges [i, j] or [i, j, w] over vertices 0..n−1. */
export type Edge = readonly [number, number] | readonly [number, number, number];

/** The Max-Cut Ising model E(s) = Σ w (s_i s_j − 1)/2 = −cut(s) (SPIN, CSR arrays). */
export function maxCutModel(edges: readonly Edge[], n?: number): CsrArrays {
  if (!Array.isArray(edges)) throw new TypeError('edges must be an array of [i, j] or [i, j, w]');
  let size = n ?? 0;
  const seen = new Map<string, number>();
  edges.forEach((e, k) => {
    if (!Array.isArray(e) || (e.length !== 2 && e.length !== 3)) throw new TypeError(`edges[${k}] must be [i, j] or [i, j, w]`);
    const i = checkInteger(`edges[${k}][0]`, e[0], 0, 29), j = checkInteger(`edges[${k}][1]`, e[1], 0, 29);
    if (i === j) throw new RangeError(`edges[${k}] is a self-loop on ${i}`);
    const w = e.length === 3 ? checkFinite(`edges[${k}][2]`, e[2]) : 1;
    const key = i < j ? `${i},${j}` : `${j},${i}`;
    seen.set(key, (seen.get(key) ?? 0) + w);
    if (n === undefined) size = Math.max(size, i + 1, j + 1);
    else if (i >= n || j >= n) throw new RangeError(`edges[${k}] names a vertex ≥ n = ${n}`);
  });
  checkInteger('n', size, 1, 30);
  const rows: [number, number][][] = Array.from({ length: size }, () => []);
  let offset = 0;
  for (const [key, w] of seen) {
    const [i, j] = key.split(',').map(Number);
    rows[i].push([j, w / 2]);
    rows[j].push([i, w / 2]);
    offset -= w / 2;
  }
  const rowPtr = new Int32Array(size + 1), cols: number[] = [], vals: number[] = [];
  rows.forEach((r, i) => {
    r.sort((a, b) => a[0] - b[0]);
    for (const [j, w] of r) (cols.push(j), vals.push(w));
    rowPtr[i + 1] = cols.length;
  });
  return { vartype: 'SPIN', n: size, rowPtr, cols: Int32Array.from(cols), vals: Float64Array.from(vals), linear: new Float64Array(size), offset };
}
