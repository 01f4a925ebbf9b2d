// Reference CSR kernels: readable plain TypeScript, the oracle for the WASM twins in
// assembly/qubo/. Not built for speed. The summation order (rows ascending, CSR order inside
// a row, each row's accumulator starting at 0) is the contract's, so WASM results agree bit for bit.

import type { CsrArrays } from '../contract.js';

/** Σ_j Q_ij v_j over row i of `m`, for the state starting at `base` in `states`. */
function rowDot(m: CsrArrays, states: Int8Array, base: number, i: number): number {
  const { rowPtr, cols, vals } = m;
  const end = rowPtr[i + 1];
  let acc = 0;
  for (let k = rowPtr[i]; k < end; k++) acc += vals[k] * states[base + cols[k]];
  return acc;
}

/** out[s] = E(state s). */
export function energies(m: CsrArrays, states: Int8Array, count: number, out: Float64Array): void {
  for (let s = 0; s < count; s++) {
    const base = s * m.n;
    let elin = 0;
    let equad = 0;
    for (let i = 0; i < m.n; i++) {
      const v = states[base + i];
      elin += m.linear[i] * v;
      equad += v * rowDot(m, states, base, i);
    }
    out[s] = m.offset + elin + 0.5 * equad;
  }
}

/** out[s·n + i] = local field of i (deltas = false) or single-flip delta (deltas = true). */
export function fields(m: CsrArrays, states: Int8Array, count: number, out: Float64Array, deltas: boolean): void {
  const spin = m.vartype === 'SPIN';
  for (let s = 0; s < count; s++) {
    const base = s * m.n;
    for (let i = 0; i < m.n; i++) {
      const f = m.linear[i] + rowDot(m, states, base, i);
      if (!deltas) {
        out[base + i] = f;
      } else {
        const v = states[base + i];
        out[base + i] = (spin ? -2 * v : 1 - 2 * v) * f;
      }
    }
  }
}
