// Exhaustive search in Gray-code order (see Kernels.exactSearch): each step flips one variable
// at O(degree) cost; the k lowest (energy, t) pairs are kept by insertion into a sorted array.
// Twin of src/kernels/reference/exact.ts. Scratch: n f64 fields | k f64 energies | k f64 t | n i8 state.

import { energiesScalar } from "../qubo/csr_scalar";
import { fieldsOf, spread } from "../anneal/sa_scalar";

export function exactSearch(
  n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize, offset: f64, spin: i32,
  from: u32, to: u32, k: i32, outStates: usize, outEnergies: usize, scratch: usize,
): i32 {
  if (k == 0 || from >= to) return 0;
  const lo: i8 = spin ? -1 : 0;
  const f = scratch;
  const keptE = f + (<usize>n << 3);
  const keptT = keptE + (<usize>k << 3);
  const state = keptT + (<usize>k << 3);
  const g0 = from ^ (from >>> 1);
  for (let i = 0; i < n; i++) store<i8>(state + <usize>i, (g0 >>> <u32>i) & 1 ? 1 : lo);
  fieldsOf(n, rowPtr, cols, vals, lin, state, f);
  energiesScalar(n, rowPtr, cols, vals, lin, offset, state, 1, keptE, 0);
  let e = load<f64>(keptE);
  let size = 0;
  let t = from;
  while (true) {
    if (size < k || e < load<f64>(keptE + (<usize>(size - 1) << 3))) {
      let p = size < k ? size++ : size - 1;
      while (p > 0 && load<f64>(keptE + (<usize>(p - 1) << 3)) > e) {
        store<f64>(keptE + (<usize>p << 3), load<f64>(keptE + (<usize>(p - 1) << 3)));
        store<f64>(keptT + (<usize>p << 3), load<f64>(keptT + (<usize>(p - 1) << 3)));
        p--;
      }
      store<f64>(keptE + (<usize>p << 3), e);
      store<f64>(keptT + (<usize>p << 3), <f64>t);
    }
    t++;
    if (t >= to) break;
    const i = <i32>ctz(t);
    const v = <i32>load<i8>(state + <usize>i);
    const d = spin ? -2 * v : 1 - 2 * v;
    e += <f64>d * load<f64>(f + (<usize>i << 3));
    store<i8>(state + <usize>i, <i8>(v + d));
    spread(rowPtr, cols, vals, f, i, <f64>d);
  }
  for (let r = 0; r < size; r++) {
    const tt = <u32>load<f64>(keptT + (<usize>r << 3));
    const g = tt ^ (tt >>> 1);
    const o = outStates + <usize>r * <usize>n;
    for (let i = 0; i < n; i++) store<i8>(o + <usize>i, (g >>> <u32>i) & 1 ? 1 : lo);
    store<f64>(outEnergies + (<usize>r << 3), load<f64>(keptE + (<usize>r << 3)));
  }
  return size;
}
