// Chooses the CSR kernel variant at compile time: the SIMD build gets csr_simd.ts, the scalar
// build csr_scalar.ts. Both have the same signatures and produce bit-identical results.

import { energiesScalar, fieldsScalar } from "./csr_scalar";
import { energiesSimd, fieldsSimd } from "./csr_simd";

/** Energies of `count` i8 states; see csr_scalar.ts for the layout. */
export function csrEnergies(
  n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize, offset: f64,
  states: usize, count: i32, out: usize, scratch: usize,
): void {
  if (ASC_FEATURE_SIMD) energiesSimd(n, rowPtr, cols, vals, lin, offset, states, count, out, scratch);
  else energiesScalar(n, rowPtr, cols, vals, lin, offset, states, count, out, scratch);
}

/** Local fields (mode 0) or single-flip deltas (mode 1) of `count` i8 states. */
export function csrFields(
  n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize, spin: i32, mode: i32,
  states: usize, count: i32, out: usize, scratch: usize,
): void {
  if (ASC_FEATURE_SIMD) fieldsSimd(n, rowPtr, cols, vals, lin, spin, mode, states, count, out, scratch);
  else fieldsScalar(n, rowPtr, cols, vals, lin, spin, mode, states, count, out, scratch);
}
