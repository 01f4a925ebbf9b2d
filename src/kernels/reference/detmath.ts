// Deterministic elementary functions for the anneal schedules (β ladders, cooling factors, the
// transverse coupling, swap and Metropolis acceptance on the host).
//
// ECMAScript leaves Math.log, exp, pow, tanh, log1p and expm1 "implementation-approximated", and
// V8 has changed them between versions: geometric β values computed with Math.pow differed in
// the last bit on 8.8% of steps between Node 20 and Deno 2.9 (measured; issue 8's note). A seed
// should give the same anneal in Node, Deno, Chromium and workerd, so the schedule code uses
// these instead: written with +, −, ×, ÷ (correctly rounded in IEEE 754, hence the same on every
// engine) and exact bit manipulation, following fdlibm's range reductions.
//
//   ln      x = m·2^e with m ∈ [√½, √2), ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| < 0.172,
//           odd series to s^23; e·ln 2 in two parts (fdlibm's ln2_hi has 21 trailing zero bits)
//   exp     x = k·ln 2 + r, |r| ≤ ½ ln 2, 1 + (Taylor of e^r − 1 to r^17/17!), scaled by 2^k from its bits
//   expm1   Taylor to x^17/17! for |x| < 0.35, else 2^k·expm1(r) + (2^k − 1) with exp's reduction
//   log1p   2·atanh(y/(2 + y)) for y ∈ [−0.25, 0.4], else ln(u) + (y − (u − 1))/u with u = 1 + y
//   tanh    −t/(2 + t) with t = expm1(−2|x|), sign restored
//   pow     exp(y·ln x) for x > 0 (relative error ≈ |y·ln x|·2^−53: 6e-15 at |y·ln x| = 50)
// Accuracy against Math.* is tested on random inputs: ≤ 2 ulp for ln and exp, ≤ 4 for expm1,
// log1p and tanh (measured worst: 3).

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
// Index of the high word: the platform's byte order (little-endian everywhere qsched runs).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00;
const SQRT2 = 1.4142135623730951;

/** 2^k for an integer k in [-1022, 1023], exact. */
function pow2(k: number): number {
  U32[HI] = (k + 1023) << 20;
  U32[LO] = 0;
  return F64[0];
}

/** 2·atanh(s)/s − … the odd series Σ s^(2j)/(2j + 1) to s^22, for |s| < 0.18. */
function atanhSeries(s2: number): number {
  let p = 1 / 23;
  p = p * s2 + 1 / 21;
  p = p * s2 + 1 / 19;
  p = p * s2 + 1 / 17;
  p = p * s2 + 1 / 15;
  p = p * s2 + 1 / 13;
  p = p * s2 + 1 / 11;
  p = p * s2 + 1 / 9;
  p = p * s2 + 1 / 7;
  p = p * s2 + 1 / 5;
  p = p * s2 + 1 / 3;
  return p * s2 + 1;
}

/** Natural logarithm, deterministic across engines. */
export function ln(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2.2250738585072014e-308) { x *= 18014398509481984; e = -54; } // subnormal: × 2^54
  F64[0] = x;
  const hi = U32[HI];
  e += ((hi >>> 20) & 0x7ff) - 1023;
  U32[HI] = (hi & 0x000fffff) | 0x3ff00000; // m ∈ [1, 2)
  let m = F64[0];
  if (m > SQRT2) { m *= 0.5; e += 1; }
  const s = (m - 1) / (m + 1);
  return e * LN2_HI + (e * LN2_LO + 2 * s * atanhSeries(s * s));
}

/** e^x, deterministic across engines. */
export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.floor(x * INV_LN2 + 0.5);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  const p = 1 + expm1Small(r);
  if (k > 1023) return p * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return p * pow2(k + 54) * 5.551115123125783e-17; // × 2^−54
  return p * pow2(k);
}

/** e^r − 1 for |r| < 0.35: Taylor to r^17/17!. */
function expm1Small(x: number): number {
  let p = 1 / 355687428096000; // 1/17!
  p = p * x + 1 / 20922789888000;
  p = p * x + 1 / 1307674368000;
  p = p * x + 1 / 87178291200;
  p = p * x + 1 / 6227020800;
  p = p * x + 1 / 479001600;
  p = p * x + 1 / 39916800;
  p = p * x + 1 / 3628800;
  p = p * x + 1 / 362880;
  p = p * x + 1 / 40320;
  p = p * x + 1 / 5040;
  p = p * x + 1 / 720;
  p = p * x + 1 / 120;
  p = p * x + 1 / 24;
  p = p * x + 1 / 6;
  p = p * x + 0.5;
  return x + x * x * p;
}

/** e^x − 1, accurate near 0, deterministic across engines. */
export function expm1(x: number): number {
  if (Math.abs(x) < 0.35) return expm1Small(x);
  if (!(x > -38)) return Number.isNaN(x) ? NaN : -1; // e^−38 < 2^−54
  const k = Math.floor(x * INV_LN2 + 0.5);
  if (k > 1023) return exp(x);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  const t = pow2(k);
  return t * expm1Small(r) + (t - 1); // 2^k·(e^r − 1) + (2^k − 1), both parts exact but the last add
}

/** ln(1 + y), accurate near 0, deterministic across engines. */
export function log1p(y: number): number {
  if (!(y > -1)) return y === -1 ? -Infinity : NaN;
  if (y === Infinity) return Infinity;
  if (!(y >= -0.25 && y <= 0.4)) {
    const u = 1 + y; // exact for y in [-0.5, -0.25]; otherwise corrected by the rounding error of u
    return ln(u) + (y - (u - 1)) / u;
  }
  const s = y / (2 + y);
  return 2 * s * atanhSeries(s * s);
}

/** tanh x, deterministic across engines. */
export function tanh(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a > 22) return x > 0 ? 1 : -1;
  if (a === 0) return x;
  const t = expm1(-2 * a);
  const v = -t / (2 + t);
  return x < 0 ? -v : v;
}

/** x^y for x > 0 (and x = 0), deterministic across engines; NaN for x < 0. */
export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (x === 0) return y > 0 ? 0 : Infinity;
  return exp(y * ln(x));
}
