// SIMD reductions over a statevector: the same contract as expect_scalar.ts. One v128 holds one
// amplitude (re, im); sums keep two accumulators (a single add chain is latency-bound at about
// one amplitude per add latency) and fold their lanes at the end, so results differ from the
// scalar build only by summation order (well under 1e-12 relative).

import { expectDiagScalar, innerScalar, norm2Scalar, probOneScalar, probsScalar } from "./expect_scalar";

// @ts-ignore: decorator
@inline
function swap(a: v128): v128 {
  return f64x2.shuffle(a, a, 1, 0);
}

// @ts-ignore: decorator
@inline
function hsum(a: v128): f64 {
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

/** sum_x |a_x|^2. */
export function norm2Simd(st: usize, n: i32): f64 {
  if (n < 1) return norm2Scalar(st, n);
  const end = st + (<usize>16 << <usize>n);
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
  for (let p = st; p < end; p += 32) {
    const a = v128.load(p), b = v128.load(p, 16);
    s0 = f64x2.add(s0, f64x2.mul(a, a));
    s1 = f64x2.add(s1, f64x2.mul(b, b));
  }
  return hsum(f64x2.add(s0, s1));
}

/** out[x] = |a_x|^2. */
export function probsSimd(st: usize, n: i32, out: usize): void {
  if (n < 1) {
    probsScalar(st, n, out);
    return;
  }
  const end = st + (<usize>16 << <usize>n);
  let o = out;
  for (let p = st; p < end; p += 32) {
    const a = v128.load(p), b = v128.load(p, 16);
    const aa = f64x2.mul(a, a), bb = f64x2.mul(b, b);
    v128.store(o, f64x2.add(f64x2.shuffle(aa, bb, 0, 2), f64x2.shuffle(aa, bb, 1, 3)));
    o += 16;
  }
}

/** Probability that qubit q reads 1. */
export function probOneSimd(st: usize, n: i32, q: i32): f64 {
  if (q == 0) return probOneScalar(st, n, q);
  const s: usize = <usize>16 << <usize>q;
  const end = st + (<usize>16 << <usize>n);
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
  for (let b = st + s; b < end; b += s << 1) {
    const e = b + s;
    for (let p = b; p < e; p += 32) {
      const a = v128.load(p), c = v128.load(p, 16);
      s0 = f64x2.add(s0, f64x2.mul(a, a));
      s1 = f64x2.add(s1, f64x2.mul(c, c));
    }
  }
  return hsum(f64x2.add(s0, s1));
}

/** sum_x d_x |a_x|^2 for a real diagonal d (f64 per amplitude). */
export function expectDiagSimd(st: usize, n: i32, d: usize): f64 {
  if (n < 1) return expectDiagScalar(st, n, d);
  const end = st + (<usize>16 << <usize>n);
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
  let dp = d;
  for (let p = st; p < end; p += 32) {
    const a = v128.load(p), b = v128.load(p, 16);
    const dv = v128.load(dp);
    s0 = f64x2.add(s0, f64x2.mul(f64x2.shuffle(dv, dv, 0, 0), f64x2.mul(a, a)));
    s1 = f64x2.add(s1, f64x2.mul(f64x2.shuffle(dv, dv, 1, 1), f64x2.mul(b, b)));
    dp += 16;
  }
  return hsum(f64x2.add(s0, s1));
}

/** out = <a|b> (re, im). */
export function innerSimd(a: usize, b: usize, n: i32, out: usize): void {
  if (n < 1) {
    innerScalar(a, b, n, out);
    return;
  }
  const size: usize = <usize>16 << <usize>n;
  let r0 = f64x2.splat(0.0), r1 = f64x2.splat(0.0), i0 = f64x2.splat(0.0), i1 = f64x2.splat(0.0);
  for (let o: usize = 0; o < size; o += 32) {
    const x = v128.load(a + o), y = v128.load(b + o), u = v128.load(a + o, 16), v = v128.load(b + o, 16);
    r0 = f64x2.add(r0, f64x2.mul(x, y));
    i0 = f64x2.add(i0, f64x2.mul(x, swap(y)));
    r1 = f64x2.add(r1, f64x2.mul(u, v));
    i1 = f64x2.add(i1, f64x2.mul(u, swap(v)));
  }
  const r = f64x2.add(r0, r1), i = f64x2.add(i0, i1);
  store<f64>(out, hsum(r));
  store<f64>(out, f64x2.extract_lane(i, 0) - f64x2.extract_lane(i, 1), 8);
}

/** Writes the group's weights as (R, I) vector pairs to `wx` (32 bytes per term). */
// @ts-ignore: decorator
@inline
function expandWeights(w: usize, count: i32, wx: usize): void {
  for (let t: usize = 0; t < <usize>count; t++) {
    const wr = load<f64>(w + (t << 4)), wi = load<f64>(w + (t << 4), 8);
    v128.store(wx + (t << 5), f64x2.splat(wr));
    v128.store(wx + (t << 5), f64x2.replace_lane(f64x2.splat(wi), 0, -wi), 16);
  }
}

/** S(x) * k as one v128, from the expanded weights (sign flips by xor of the sign bits). */
// @ts-ignore: decorator
@inline
function groupTimes(x: usize, k: v128, z: usize, wx: usize, count: i32): v128 {
  let sr = f64x2.splat(0.0), si = f64x2.splat(0.0);
  for (let t: usize = 0; t < <usize>count; t++) {
    const neg = i64x2.splat(<i64>(popcnt<u32>(<u32>x & load<u32>(z + (t << 2))) & 1) << 63);
    sr = f64x2.add(sr, v128.xor(v128.load(wx + (t << 5)), neg));
    si = f64x2.add(si, v128.xor(v128.load(wx + (t << 5), 16), neg));
  }
  return f64x2.add(f64x2.mul(sr, k), f64x2.mul(si, swap(k)));
}

/** out = <bra| P |ket> for the Pauli group; `wx` is 32*count bytes of scratch. */
export function pauliInnerSimd(bra: usize, ket: usize, n: i32, flip: i32, z: usize, w: usize, count: i32, out: usize, wx: usize): void {
  expandWeights(w, count, wx);
  const size: usize = <usize>1 << <usize>n;
  let r = f64x2.splat(0.0), i = f64x2.splat(0.0);
  for (let x: usize = 0; x < size; x++) {
    const c = groupTimes(x, v128.load(ket + (x << 4)), z, wx, count);
    const b = v128.load(bra + ((x ^ <usize>flip) << 4));
    r = f64x2.add(r, f64x2.mul(b, c));
    i = f64x2.add(i, f64x2.mul(b, swap(c)));
  }
  store<f64>(out, hsum(r));
  store<f64>(out, f64x2.extract_lane(i, 0) - f64x2.extract_lane(i, 1), 8);
}

/** dst[x ^ flip] += S(x) src[x] for the Pauli group; `wx` is 32*count bytes of scratch. */
export function pauliApplySimd(src: usize, dst: usize, n: i32, flip: i32, z: usize, w: usize, count: i32, wx: usize): void {
  expandWeights(w, count, wx);
  const size: usize = <usize>1 << <usize>n;
  for (let x: usize = 0; x < size; x++) {
    const c = groupTimes(x, v128.load(src + (x << 4)), z, wx, count);
    const dp = dst + ((x ^ <usize>flip) << 4);
    v128.store(dp, f64x2.add(v128.load(dp), c));
  }
}
