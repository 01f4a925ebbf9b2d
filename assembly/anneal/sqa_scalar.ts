// Path-integral Monte Carlo sweeps over Trotter replicas (see Kernels.sqaSweeps): SPIN models
// only, states count x K x n (slice-major inside a read), one RNG stream per read. Twin of
// src/kernels/reference/anneal.ts sqaSweeps. `fields` is scratch for (K+1)*n f64: fields | thresholds.

import { accepts, fillNegLog } from "./metropolis";
import { fieldsOf, spread } from "./sa_scalar";

export function sqaSweepsScalar(
  n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize,
  states: usize, count: i32, K: i32, betas: usize, jperp: usize, nbetas: i32, globalMoves: i32,
  rng: usize, fields: usize,
): void {
  const invK: f64 = 1.0 / <f64>K;
  const sliceBytes = <usize>n;
  const thr = fields + ((<usize>K * <usize>n) << 3);
  for (let s = 0; s < count; s++) {
    const read = states + <usize>s * <usize>K * sliceBytes;
    const r = rng + (<usize>s << 4);
    for (let k = 0; k < K; k++) {
      fieldsOf(n, rowPtr, cols, vals, lin, read + <usize>k * sliceBytes, fields + ((<usize>k * <usize>n) << 3));
    }
    for (let t = 0; t < nbetas; t++) {
      const beta = load<f64>(betas + (<usize>t << 3));
      const j2 = 2.0 * load<f64>(jperp + (<usize>t << 3));
      for (let k = 0; k < K; k++) {
        const slice = read + <usize>k * sliceBytes;
        const up = read + <usize>((k + 1) % K) * sliceBytes;
        const down = read + <usize>((k + K - 1) % K) * sliceBytes;
        const f = fields + ((<usize>k * <usize>n) << 3);
        fillNegLog(r, thr, n);
        for (let i = 0; i < n; i++) {
          const v = <i32>load<i8>(slice + <usize>i);
          const nb = <i32>load<i8>(up + <usize>i) + <i32>load<i8>(down + <usize>i);
          const delta = <f64>(-2 * v) * load<f64>(f + (<usize>i << 3)) * invK + j2 * <f64>v * <f64>nb;
          if (accepts(beta, delta, load<f64>(thr + (<usize>i << 3)))) {
            store<i8>(slice + <usize>i, <i8>(-v));
            spread(rowPtr, cols, vals, f, i, <f64>(-2 * v));
          }
        }
      }
      if (globalMoves) {
        fillNegLog(r, thr, n);
        for (let i = 0; i < n; i++) {
          let acc: f64 = 0.0;
          for (let k = 0; k < K; k++) {
            const v = <i32>load<i8>(read + <usize>k * sliceBytes + <usize>i);
            acc += <f64>(-2 * v) * load<f64>(fields + ((<usize>k * <usize>n + <usize>i) << 3));
          }
          if (accepts(beta, acc * invK, load<f64>(thr + (<usize>i << 3)))) {
            for (let k = 0; k < K; k++) {
              const p = read + <usize>k * sliceBytes + <usize>i;
              const v = <i32>load<i8>(p);
              store<i8>(p, <i8>(-v));
              spread(rowPtr, cols, vals, fields + ((<usize>k * <usize>n) << 3), i, <f64>(-2 * v));
            }
          }
        }
      }
    }
  }
}
