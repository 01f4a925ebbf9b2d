// Scalar statevector gate kernels. Twin of src/kernels/statevector/reference-gates.ts and sibling
// of gates_simd.ts (same signatures, chosen in gates.ts on ASC_FEATURE_SIMD).
//
// Layout: 2^n complex f64 amplitudes, interleaved re/im (16 bytes per amplitude) from `st`;
// qubit 0 is the least significant bit of the basis index. Matrices are complex row-major
// (re, im pairs) in little-endian local order: for a 2-qubit gate on (qa, qb) the local index
// is bit(qa) | bit(qb) << 1. Every complex multiply-add is written in one fixed order,
// re += mr*ar - mi*ai, im += mr*ai + mi*ar (no FMA in WASM or JS), so the three backends agree
// bit for bit on the gate kernels. Kernels assume valid input (the host validates); they never
// allocate.

/** Matrix shapes with a cheaper exact loop (see shapeOf in gates_simd.ts): all-real, and RX-like. */
const GENERAL = 0, REAL = 1, RX = 2;

/** Applies the 2x2 matrix at `m` (8 f64) to qubit q. Zero terms of the special shapes are dropped, which changes no value. */
export function gate1Scalar(st: usize, n: i32, q: i32, m: usize): void {
  const m00i = load<f64>(m, 8), m01r = load<f64>(m, 16), m01i = load<f64>(m, 24);
  const m10r = load<f64>(m, 32), m10i = load<f64>(m, 40), m11i = load<f64>(m, 56);
  if (m00i == 0 && m01i == 0 && m10i == 0 && m11i == 0) gate1ScalarShaped(REAL, st, n, q, m);
  else if (m00i == 0 && m11i == 0 && m01r == 0 && m10r == 0) gate1ScalarShaped(RX, st, n, q, m);
  else gate1ScalarShaped(GENERAL, st, n, q, m);
}

/** One amplitude pair (p, p1) of a 2x2 of the given shape, in the fixed order of the general formula. */
// @ts-ignore: decorator
@inline
function pairScalar(shape: i32, p: usize, p1: usize, m00r: f64, m00i: f64, m01r: f64, m01i: f64, m10r: f64, m10i: f64, m11r: f64, m11i: f64): void {
  const a0r = load<f64>(p), a0i = load<f64>(p, 8), a1r = load<f64>(p1), a1i = load<f64>(p1, 8);
  if (shape == REAL) {
    store<f64>(p, m00r * a0r + m01r * a1r);
    store<f64>(p, m00r * a0i + m01r * a1i, 8);
    store<f64>(p1, m10r * a0r + m11r * a1r);
    store<f64>(p1, m10r * a0i + m11r * a1i, 8);
  } else if (shape == RX) {
    store<f64>(p, m00r * a0r - m01i * a1i);
    store<f64>(p, m00r * a0i + m01i * a1r, 8);
    store<f64>(p1, m11r * a1r - m10i * a0i);
    store<f64>(p1, m10i * a0r + m11r * a1i, 8);
  } else {
    store<f64>(p, m00r * a0r - m00i * a0i + m01r * a1r - m01i * a1i);
    store<f64>(p, m00r * a0i + m00i * a0r + m01r * a1i + m01i * a1r, 8);
    store<f64>(p1, m10r * a0r - m10i * a0i + m11r * a1r - m11i * a1i);
    store<f64>(p1, m10r * a0i + m10i * a0r + m11r * a1i + m11i * a1r, 8);
  }
}

// @ts-ignore: decorator
@inline
function gate1ScalarShaped(shape: i32, st: usize, n: i32, q: i32, m: usize): void {
  const m00r = load<f64>(m), m00i = load<f64>(m, 8), m01r = load<f64>(m, 16), m01i = load<f64>(m, 24);
  const m10r = load<f64>(m, 32), m10i = load<f64>(m, 40), m11r = load<f64>(m, 48), m11i = load<f64>(m, 56);
  const s: usize = <usize>16 << <usize>q;
  const end = st + (<usize>16 << <usize>n);
  const step: usize = q >= n ? end - st : s << 1; // q >= n: one pass (see gate1Simd)
  for (let b = st; b < end; b += step) {
    const bEnd = min(b + s, end);
    for (let p = b; p < bEnd; p += 16) {
      const p1 = p + s;
      pairScalar(shape, p, p1, m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i);
    }
  }
}

/** Index k with a zero bit inserted at every set bit of `mask` (ascending). */
// @ts-ignore: decorator
@inline
export function insertZeros(k: usize, mask: usize): usize {
  let x = k;
  let m = mask;
  while (m != 0) {
    const low = m & (~m + 1);
    x = ((x & ~(low - 1)) << 1) | (x & (low - 1));
    m ^= low;
  }
  return x;
}

/** Applies the 2x2 matrix at `m` to qubit q where every bit of `cmask` is set (q not in cmask). */
export function gate1cScalar(st: usize, n: i32, q: i32, cmask: i32, m: usize): void {
  const m00i = load<f64>(m, 8), m01r = load<f64>(m, 16), m01i = load<f64>(m, 24);
  const m10r = load<f64>(m, 32), m10i = load<f64>(m, 40), m11i = load<f64>(m, 56);
  if (m00i == 0 && m01i == 0 && m10i == 0 && m11i == 0) gate1cScalarShaped(REAL, st, n, q, cmask, m);
  else if (m00i == 0 && m11i == 0 && m01r == 0 && m10r == 0) gate1cScalarShaped(RX, st, n, q, cmask, m);
  else gate1cScalarShaped(GENERAL, st, n, q, cmask, m);
}

// @ts-ignore: decorator
@inline
function gate1cScalarShaped(shape: i32, st: usize, n: i32, q: i32, cmask: i32, m: usize): void {
  const m00r = load<f64>(m), m00i = load<f64>(m, 8), m01r = load<f64>(m, 16), m01i = load<f64>(m, 24);
  const m10r = load<f64>(m, 32), m10i = load<f64>(m, 40), m11r = load<f64>(m, 48), m11i = load<f64>(m, 56);
  const t: usize = <usize>1 << <usize>q;
  const all: usize = t | <usize>cmask;
  // a target q >= n lies outside the state (a slice paired with the part 2^q further on, see gate1Simd)
  const count: usize = <usize>1 << <usize>(n - <i32>popcnt<u32>(<u32>all & ((<u32>1 << <u32>n) - 1)));
  const s: usize = t << 4;
  for (let k: usize = 0; k < count; k++) {
    const p = st + ((insertZeros(k, all) | <usize>cmask) << 4);
    pairScalar(shape, p, p + s, m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i);
  }
}

/** Applies the 4x4 matrix at `m` (32 f64) to qubits (qa, qb), qa != qb. */
export function gate2Scalar(st: usize, n: i32, qa: i32, qb: i32, m: usize): void {
  const lo = qa < qb ? qa : qb, hi = qa < qb ? qb : qa;
  const slo: usize = <usize>16 << <usize>lo, shi: usize = <usize>16 << <usize>hi;
  const sa: usize = <usize>16 << <usize>qa, sb: usize = <usize>16 << <usize>qb;
  const end = st + (<usize>16 << <usize>n);
  const step: usize = hi >= n ? end - st : shi << 1; // hi >= n: one pass (see gate1Simd)
  for (let b1 = st; b1 < end; b1 += step) {
    const e1 = min(b1 + shi, end); // end only when hi >= n (see gate2Simd)
    for (let b0 = b1; b0 < e1; b0 += slo << 1) {
      const e0 = b0 + slo;
      for (let p = b0; p < e0; p += 16) {
        const ar0 = load<f64>(p), ai0 = load<f64>(p, 8);
        const ar1 = load<f64>(p + sa), ai1 = load<f64>(p + sa, 8);
        const ar2 = load<f64>(p + sb), ai2 = load<f64>(p + sb, 8);
        const ar3 = load<f64>(p + sa + sb), ai3 = load<f64>(p + sa + sb, 8);
        for (let r: usize = 0; r < 4; r++) {
          const row = m + (r << 6);
          let re: f64 = load<f64>(row) * ar0 - load<f64>(row, 8) * ai0;
          let im: f64 = load<f64>(row) * ai0 + load<f64>(row, 8) * ar0;
          re = re + load<f64>(row, 16) * ar1 - load<f64>(row, 24) * ai1;
          im = im + load<f64>(row, 16) * ai1 + load<f64>(row, 24) * ar1;
          re = re + load<f64>(row, 32) * ar2 - load<f64>(row, 40) * ai2;
          im = im + load<f64>(row, 32) * ai2 + load<f64>(row, 40) * ar2;
          re = re + load<f64>(row, 48) * ar3 - load<f64>(row, 56) * ai3;
          im = im + load<f64>(row, 48) * ai3 + load<f64>(row, 56) * ar3;
          const o = p + (r & 1 ? sa : 0) + (r & 2 ? sb : 0);
          store<f64>(o, re);
          store<f64>(o, im, 8);
        }
      }
    }
  }
}

/** Multiplies each amplitude by tab[bit(lo) | bit(hi) << 1] (4 complex at `tab`), lo < hi. */
export function diag2Scalar(st: usize, n: i32, lo: i32, hi: i32, tab: usize): void {
  const slo: usize = <usize>16 << <usize>lo, shi: usize = <usize>16 << <usize>hi;
  const end = st + (<usize>16 << <usize>n);
  for (let b1 = st; b1 < end; b1 += shi) {
    const h: usize = ((b1 - st) & shi) != 0 ? 32 : 0;
    const e1 = b1 + shi;
    for (let b0 = b1; b0 < e1; b0 += slo) {
      const t = tab + h + (((b0 - st) & slo) != 0 ? 16 : 0);
      const dr = load<f64>(t), di = load<f64>(t, 8);
      const e0 = b0 + slo;
      for (let p = b0; p < e0; p += 16) {
        const ar = load<f64>(p), ai = load<f64>(p, 8);
        store<f64>(p, dr * ar - di * ai);
        store<f64>(p, dr * ai + di * ar, 8);
      }
    }
  }
}

/** Multiplies amplitude x by the complex tab[idx[x]] (idx u16 per amplitude). */
export function levelsScalar(st: usize, n: i32, idx: usize, tab: usize): void {
  const count: usize = <usize>1 << <usize>n;
  for (let x: usize = 0; x < count; x++) {
    const t = tab + (<usize>load<u16>(idx + (x << 1)) << 4);
    const p = st + (x << 4);
    const dr = load<f64>(t), di = load<f64>(t, 8);
    const ar = load<f64>(p), ai = load<f64>(p, 8);
    store<f64>(p, dr * ar - di * ai);
    store<f64>(p, dr * ai + di * ar, 8);
  }
}

/** Grover diffusion: a[x] = 2 mean(a) - a[x]. */
export function reflectScalar(st: usize, n: i32): void {
  const count: usize = <usize>1 << <usize>n;
  let sr: f64 = 0.0, si: f64 = 0.0;
  for (let x: usize = 0; x < count; x++) {
    sr += load<f64>(st + (x << 4));
    si += load<f64>(st + (x << 4), 8);
  }
  const w = 2.0 / <f64>count;
  const mr = sr * w, mi = si * w;
  for (let x: usize = 0; x < count; x++) {
    const p = st + (x << 4);
    store<f64>(p, mr - load<f64>(p));
    store<f64>(p, mi - load<f64>(p, 8), 8);
  }
}
