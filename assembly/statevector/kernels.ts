// Chooses each statevector kernel's variant at compile time: the SIMD build gets the *_simd.ts
// functions, the scalar build the *_scalar.ts ones (same signatures and results; the SIMD gate
// kernels take an extra scratch pointer for their expanded tables, which the scalar ones ignore).

import { diag2Scalar, gate1Scalar, gate1cScalar, gate2Scalar, levelsScalar, reflectScalar } from "./gates_scalar";
import { diag2Simd, gate1Simd, gate1cSimd, gate2Simd, levelsSimd, reflectSimd } from "./gates_simd";
import {
  expectDiagScalar, innerScalar, norm2Scalar, pauliApplyScalar, pauliInnerScalar, probOneScalar, probsScalar,
} from "./expect_scalar";
import {
  expectDiagSimd, innerSimd, norm2Simd, pauliApplySimd, pauliInnerSimd, probOneSimd, probsSimd,
} from "./expect_simd";

// @ts-ignore: decorator
@inline
export function gate1(st: usize, n: i32, q: i32, m: usize): void {
  if (ASC_FEATURE_SIMD) gate1Simd(st, n, q, m);
  else gate1Scalar(st, n, q, m);
}

// @ts-ignore: decorator
@inline
export function gate1c(st: usize, n: i32, q: i32, cmask: i32, m: usize): void {
  if (ASC_FEATURE_SIMD) gate1cSimd(st, n, q, cmask, m);
  else gate1cScalar(st, n, q, cmask, m);
}

// @ts-ignore: decorator
@inline
export function gate2(st: usize, n: i32, qa: i32, qb: i32, m: usize, scratch: usize): void {
  if (ASC_FEATURE_SIMD) gate2Simd(st, n, qa, qb, m, scratch);
  else gate2Scalar(st, n, qa, qb, m);
}

// @ts-ignore: decorator
@inline
export function diag2(st: usize, n: i32, lo: i32, hi: i32, tab: usize): void {
  if (ASC_FEATURE_SIMD) diag2Simd(st, n, lo, hi, tab);
  else diag2Scalar(st, n, lo, hi, tab);
}

// @ts-ignore: decorator
@inline
export function levels(st: usize, n: i32, idx: usize, tab: usize, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) levelsSimd(st, n, idx, tab, count, scratch);
  else levelsScalar(st, n, idx, tab);
}

// @ts-ignore: decorator
@inline
export function reflect(st: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) reflectSimd(st, n);
  else reflectScalar(st, n);
}

/** sum_x |a_x|^2. */
export function svNorm2(st: usize, n: i32): f64 {
  return ASC_FEATURE_SIMD ? norm2Simd(st, n) : norm2Scalar(st, n);
}

/** out[x] = |a_x|^2 (f64 per amplitude). */
export function svProbabilities(st: usize, n: i32, out: usize): void {
  if (ASC_FEATURE_SIMD) probsSimd(st, n, out);
  else probsScalar(st, n, out);
}

/** Probability that qubit q reads 1. */
export function svProbOne(st: usize, n: i32, q: i32): f64 {
  return ASC_FEATURE_SIMD ? probOneSimd(st, n, q) : probOneScalar(st, n, q);
}

/** sum_x d_x |a_x|^2. */
export function svExpectDiag(st: usize, n: i32, d: usize): f64 {
  return ASC_FEATURE_SIMD ? expectDiagSimd(st, n, d) : expectDiagScalar(st, n, d);
}

/** out (2 f64) = <a|b>. */
export function svInner(a: usize, b: usize, n: i32, out: usize): void {
  if (ASC_FEATURE_SIMD) innerSimd(a, b, n, out);
  else innerScalar(a, b, n, out);
}

/** out (2 f64) = <bra|P|ket> for one Pauli group; scratch: 32 * count bytes (SIMD build). */
export function svPauliInner(bra: usize, ket: usize, n: i32, flip: i32, z: usize, w: usize, count: i32, out: usize, scratch: usize): void {
  if (ASC_FEATURE_SIMD) pauliInnerSimd(bra, ket, n, flip, z, w, count, out, scratch);
  else pauliInnerScalar(bra, ket, n, flip, z, w, count, out);
}

/** dst[x ^ flip] += S(x) src[x] for one Pauli group; scratch: 32 * count bytes (SIMD build). */
export function svPauliApply(src: usize, dst: usize, n: i32, flip: i32, z: usize, w: usize, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) pauliApplySimd(src, dst, n, flip, z, w, count, scratch);
  else pauliApplyScalar(src, dst, n, flip, z, w, count);
}
