// Scalar reductions over a statevector: norms, probabilities, diagonal and Pauli expectations,
// inner products and applying a Pauli group. Sibling of expect_simd.ts; twin of
// src/kernels/statevector/reference-expect.ts (same loop order, so the scalar build and the
// reference agree bit for bit; the SIMD build sums in two lanes and agrees to rounding).
//
// A Pauli group shares one flip mask f (X and Y positions). Term t has a sign mask z_t (Y and Z
// positions) and a complex weight w_t = coeff * i^(number of Y), so the group acts as
// P|x> = S(x) |x ^ f> with S(x) = sum_t w_t (-1)^popcount(x & z_t): no matrix is built.

/** sum_x |a_x|^2. */
export function norm2Scalar(st: usize, n: i32): f64 {
  const end = st + (<usize>16 << <usize>n);
  let acc: f64 = 0.0;
  for (let p = st; p < end; p += 16) {
    const r = load<f64>(p), i = load<f64>(p, 8);
    acc += r * r + i * i;
  }
  return acc;
}

/** out[x] = |a_x|^2. */
export function probsScalar(st: usize, n: i32, out: usize): void {
  const count: usize = <usize>1 << <usize>n;
  for (let x: usize = 0; x < count; x++) {
    const r = load<f64>(st + (x << 4)), i = load<f64>(st + (x << 4), 8);
    store<f64>(out + (x << 3), r * r + i * i);
  }
}

/** Probability that qubit q reads 1. */
export function probOneScalar(st: usize, n: i32, q: i32): f64 {
  const s: usize = <usize>16 << <usize>q;
  const end = st + (<usize>16 << <usize>n);
  let acc: f64 = 0.0;
  for (let b = st + s; b < end; b += s << 1) {
    const e = b + s;
    for (let p = b; p < e; p += 16) {
      const r = load<f64>(p), i = load<f64>(p, 8);
      acc += r * r + i * i;
    }
  }
  return acc;
}

/** sum_x d_x |a_x|^2 for a real diagonal d (f64 per amplitude). */
export function expectDiagScalar(st: usize, n: i32, d: usize): f64 {
  const count: usize = <usize>1 << <usize>n;
  let acc: f64 = 0.0;
  for (let x: usize = 0; x < count; x++) {
    const r = load<f64>(st + (x << 4)), i = load<f64>(st + (x << 4), 8);
    acc += load<f64>(d + (x << 3)) * (r * r + i * i);
  }
  return acc;
}

/** out = <a|b> (re, im). */
export function innerScalar(a: usize, b: usize, n: i32, out: usize): void {
  const count: usize = <usize>1 << <usize>n;
  let re: f64 = 0.0, im: f64 = 0.0;
  for (let x: usize = 0; x < count; x++) {
    const o = x << 4;
    const ar = load<f64>(a + o), ai = load<f64>(a + o, 8), br = load<f64>(b + o), bi = load<f64>(b + o, 8);
    re += ar * br + ai * bi;
    im += ar * bi - ai * br;
  }
  store<f64>(out, re);
  store<f64>(out, im, 8);
}

/** out = <bra| P |ket> (re, im) for the Pauli group (flip, z[count] i32, w[count] complex). */
export function pauliInnerScalar(bra: usize, ket: usize, n: i32, flip: i32, z: usize, w: usize, count: i32, out: usize): void {
  const size: usize = <usize>1 << <usize>n;
  let re: f64 = 0.0, im: f64 = 0.0;
  for (let x: usize = 0; x < size; x++) {
    let sr: f64 = 0.0, si: f64 = 0.0;
    for (let t = 0; t < count; t++) {
      const wr = load<f64>(w + (<usize>t << 4)), wi = load<f64>(w + (<usize>t << 4), 8);
      if (popcnt<u32>(<u32>x & load<u32>(z + (<usize>t << 2))) & 1) {
        sr -= wr;
        si -= wi;
      } else {
        sr += wr;
        si += wi;
      }
    }
    const kp = ket + (x << 4), bp = bra + ((x ^ <usize>flip) << 4);
    const kr = load<f64>(kp), ki = load<f64>(kp, 8);
    const cr = sr * kr - si * ki, ci = sr * ki + si * kr;
    const br = load<f64>(bp), bi = load<f64>(bp, 8);
    re += br * cr + bi * ci;
    im += br * ci - bi * cr;
  }
  store<f64>(out, re);
  store<f64>(out, im, 8);
}

/** dst[x ^ flip] += S(x) src[x] for the Pauli group (see pauliInnerScalar); dst != src. */
export function pauliApplyScalar(src: usize, dst: usize, n: i32, flip: i32, z: usize, w: usize, count: i32): void {
  const size: usize = <usize>1 << <usize>n;
  for (let x: usize = 0; x < size; x++) {
    let sr: f64 = 0.0, si: f64 = 0.0;
    for (let t = 0; t < count; t++) {
      const wr = load<f64>(w + (<usize>t << 4)), wi = load<f64>(w + (<usize>t << 4), 8);
      if (popcnt<u32>(<u32>x & load<u32>(z + (<usize>t << 2))) & 1) {
        sr -= wr;
        si -= wi;
      } else {
        sr += wr;
        si += wi;
      }
    }
    const sp = src + (x << 4), dp = dst + ((x ^ <usize>flip) << 4);
    const kr = load<f64>(sp), ki = load<f64>(sp, 8);
    store<f64>(dp, load<f64>(dp) + (sr * kr - si * ki));
    store<f64>(dp, load<f64>(dp, 8) + (sr * ki + si * kr), 8);
  }
}
