// Simulated annealing sweeps over a CSR model (see Kernels.saSweeps in src/kernels/contract.ts):
// Metropolis single-flip sweeps with local fields kept incrementally, one RNG stream per state.
// Twin of src/kernels/reference/anneal.ts saSweeps: same loop order, draws and float operations.
// Before each sweep, fillNegLog writes the n acceptance thresholds -ln(u) of that sweep.
// `scratch` holds 2n f64 (fields | thresholds). Kernels assume valid input (the host validates).

import { accepts, fillNegLog } from "./metropolis";

/** fields[i] = lin_i + sum_j Q_ij v_j for the i8 state at `st`. */
// @ts-ignore: decorator
@inline
export function fieldsOf(n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize, st: usize, f: usize): void {
  let k0 = load<i32>(rowPtr);
  for (let i = 0; i < n; i++) {
    const k1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    let acc: f64 = 0.0;
    for (let k = k0; k < k1; k++) {
      acc += load<f64>(vals + (<usize>k << 3)) * <f64>load<i8>(st + <usize>load<i32>(cols + (<usize>k << 2)));
    }
    k0 = k1;
    store<f64>(f + (<usize>i << 3), load<f64>(lin + (<usize>i << 3)) + acc);
  }
}

/** fields[j] += d * Q_ij for every neighbour j of i. */
// @ts-ignore: decorator
@inline
export function spread(rowPtr: usize, cols: usize, vals: usize, f: usize, i: i32, d: f64): void {
  const k1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
  for (let k = load<i32>(rowPtr + (<usize>i << 2)); k < k1; k++) {
    const p = f + (<usize>load<i32>(cols + (<usize>k << 2)) << 3);
    store<f64>(p, load<f64>(p) + load<f64>(vals + (<usize>k << 3)) * d);
  }
}

export function saSweepsScalar(
  n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize, spin: i32,
  states: usize, count: i32, betas: usize, nbetas: i32, rng: usize, scratch: usize,
): void {
  const fields = scratch;
  const thresholds = scratch + (<usize>n << 3);
  for (let s = 0; s < count; s++) {
    const st = states + <usize>s * <usize>n;
    const r = rng + (<usize>s << 4);
    fieldsOf(n, rowPtr, cols, vals, lin, st, fields);
    for (let t = 0; t < nbetas; t++) {
      const beta = load<f64>(betas + (<usize>t << 3));
      fillNegLog(r, thresholds, n);
      for (let i = 0; i < n; i++) {
        const v = <i32>load<i8>(st + <usize>i);
        const d = spin ? -2 * v : 1 - 2 * v;
        if (accepts(beta, <f64>d * load<f64>(fields + (<usize>i << 3)), load<f64>(thresholds + (<usize>i << 3)))) {
          store<i8>(st + <usize>i, <i8>(v + d));
          spread(rowPtr, cols, vals, fields, i, <f64>d);
        }
      }
    }
  }
}
