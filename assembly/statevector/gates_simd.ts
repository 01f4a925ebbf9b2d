// SIMD statevector gate kernels: the same contract and results as gates_scalar.ts (bit for bit:
// each lane does the scalar kernel's operations in its order).
//
// One v128 carries one amplitude (re, im). A complex scalar m = (mr, mi) times an amplitude a is
// R*a + I*swap(a) with R = (mr, mr), I = (-mi, mi) and swap(a) = (ai, ar): two mul, one add, one
// shuffle, no lane extraction. asc does not unroll loops, and unrolling the 2x2 loop by hand (two
// amplitude pairs per iteration, a separate path for qubit 0) was measured 1.46x faster in
// /work/shared/ASSEMBLYSCRIPT.md, so the 1-qubit and diagonal kernels are unrolled by two.

import { gate1Scalar, insertZeros } from "./gates_scalar";

// @ts-ignore: decorator
@inline
function swap(a: v128): v128 {
  return f64x2.shuffle(a, a, 1, 0);
}

// @ts-ignore: decorator
@inline
function rv(m: usize): v128 {
  return f64x2.splat(load<f64>(m));
}

// @ts-ignore: decorator
@inline
function iv(m: usize): v128 {
  const mi = load<f64>(m, 8);
  return f64x2.replace_lane(f64x2.splat(mi), 0, -mi);
}

/** Matrix shapes with a cheaper exact kernel: every entry real (H, RY, X), or a real diagonal with an imaginary off-diagonal (RX). */
const GENERAL = 0, REAL = 1, RX = 2;

/**
 * The shape of the 2x2 at `m`. A blocked run of gates is bound by arithmetic, not memory (a
 * general 2x2 is four v128 multiplies per amplitude, ~0.9 ns in L2 here), and the special shapes
 * need two. Dropping terms whose coefficient is exactly zero changes no value (x + 0*y = x for the
 * finite amplitudes a state holds; at most the sign of a zero), so every shape still gives the
 * scalar kernel's results.
 */
// @ts-ignore: decorator
@inline
export function shapeOf(m: usize): i32 {
  const m00i = load<f64>(m, 8), m01r = load<f64>(m, 16), m01i = load<f64>(m, 24);
  const m10r = load<f64>(m, 32), m10i = load<f64>(m, 40), m11i = load<f64>(m, 56);
  if (m00i == 0 && m01i == 0 && m10i == 0 && m11i == 0) return REAL;
  if (m00i == 0 && m11i == 0 && m01r == 0 && m10r == 0) return RX;
  return GENERAL;
}

/** Row 0 of the 2x2 on one amplitude pair (a0, a1), swapped copies a0s, a1s, in the scalar order. */
// @ts-ignore: decorator
@inline
function row0(shape: i32, a0: v128, a0s: v128, a1: v128, a1s: v128, r00: v128, i00: v128, r01: v128, i01: v128): v128 {
  if (shape == REAL) return f64x2.add(f64x2.mul(r00, a0), f64x2.mul(r01, a1));
  if (shape == RX) return f64x2.add(f64x2.mul(r00, a0), f64x2.mul(i01, a1s));
  return f64x2.add(f64x2.add(f64x2.add(f64x2.mul(r00, a0), f64x2.mul(i00, a0s)), f64x2.mul(r01, a1)), f64x2.mul(i01, a1s));
}

/** Row 1 of the 2x2 on one amplitude pair. */
// @ts-ignore: decorator
@inline
function row1(shape: i32, a0: v128, a0s: v128, a1: v128, a1s: v128, r10: v128, i10: v128, r11: v128, i11: v128): v128 {
  if (shape == REAL) return f64x2.add(f64x2.mul(r10, a0), f64x2.mul(r11, a1));
  if (shape == RX) return f64x2.add(f64x2.mul(i10, a0s), f64x2.mul(r11, a1));
  return f64x2.add(f64x2.add(f64x2.add(f64x2.mul(r10, a0), f64x2.mul(i10, a0s)), f64x2.mul(r11, a1)), f64x2.mul(i11, a1s));
}

/**
 * Applies the 2x2 matrix at `m` (8 f64) to qubit q. With q >= n the n-qubit state at st is a
 * slice of a larger one: each of its amplitudes is paired with the one 2^q further on.
 */
export function gate1Simd(st: usize, n: i32, q: i32, m: usize): void {
  if (n < 2) {
    gate1Scalar(st, n, q, m);
    return;
  }
  const shape = shapeOf(m);
  if (shape == REAL) gate1Shaped(REAL, st, n, q, m);
  else if (shape == RX) gate1Shaped(RX, st, n, q, m);
  else gate1Shaped(GENERAL, st, n, q, m);
}

/** gate1Simd for one matrix shape (a constant after inlining, so each copy has one loop body). */
// @ts-ignore: decorator
@inline
function gate1Shaped(shape: i32, st: usize, n: i32, q: i32, m: usize): void {
  const r00 = rv(m), i00 = iv(m), r01 = rv(m + 16), i01 = iv(m + 16);
  const r10 = rv(m + 32), i10 = iv(m + 32), r11 = rv(m + 48), i11 = iv(m + 48);
  const end = st + (<usize>16 << <usize>n);
  if (q == 0) {
    // pairs are neighbours: two pairs (64 bytes) per iteration
    for (let p = st; p < end; p += 64) {
      const a0 = v128.load(p), a1 = v128.load(p, 16), b0 = v128.load(p, 32), b1 = v128.load(p, 48);
      const a0s = swap(a0), a1s = swap(a1), b0s = swap(b0), b1s = swap(b1);
      v128.store(p, row0(shape, a0, a0s, a1, a1s, r00, i00, r01, i01));
      v128.store(p, row1(shape, a0, a0s, a1, a1s, r10, i10, r11, i11), 16);
      v128.store(p, row0(shape, b0, b0s, b1, b1s, r00, i00, r01, i01), 32);
      v128.store(p, row1(shape, b0, b0s, b1, b1s, r10, i10, r11, i11), 48);
    }
    return;
  }
  const s: usize = <usize>16 << <usize>q;
  if (q == 1) {
    for (let b = st; b < end; b += 64) {
      const p1 = b + 32;
      const a0 = v128.load(b), b0 = v128.load(b, 16), a1 = v128.load(p1), b1 = v128.load(p1, 16);
      const a0s = swap(a0), a1s = swap(a1), b0s = swap(b0), b1s = swap(b1);
      v128.store(b, row0(shape, a0, a0s, a1, a1s, r00, i00, r01, i01));
      v128.store(p1, row1(shape, a0, a0s, a1, a1s, r10, i10, r11, i11));
      v128.store(b, row0(shape, b0, b0s, b1, b1s, r00, i00, r01, i01), 16);
      v128.store(p1, row1(shape, b0, b0s, b1, b1s, r10, i10, r11, i11), 16);
    }
    return;
  }
  // Strides of 512 B .. 32 KiB interleave two streams that jump every 2^q amplitudes, which the
  // hardware prefetcher does not follow out of DRAM (measured 1.7-2.0 ns/amplitude at 24 qubits
  // for q = 5..11 against 0.65 for q >= 12). So the state is walked in 64 KiB chunks, and while
  // one chunk is computed the next is read in order (two loads per iteration, one per 64-byte
  // line), which brings it into cache at streaming speed (measured ~1.05 ns at 24 qubits).
  // A state that fits L2 (a cache block) needs no look-ahead.
  const chunk: usize = max<usize>(s << 1, CHUNK);
  if (q >= n || q < 5 || q > TOUCH_MAX_Q || end - st <= chunk || end - st <= NO_TOUCH_BYTES) {
    // q >= n: a slice paired with the part 2^q further on, walked once (a step of 2^(q+1)
    // amplitudes could wrap past 4 GiB and come back below `end`)
    const step: usize = q >= n ? end - st : s << 1;
    for (let b = st; b < end; b += step) {
      const bEnd = min(b + s, end);
      for (let p = b; p < bEnd; p += 64) {
        pair2(shape, p, p + s, 0, r00, i00, r01, i01, r10, i10, r11, i11);
        pair2(shape, p, p + s, 32, r00, i00, r01, i01, r10, i10, r11, i11);
      }
    }
    return;
  }
  let seen: i64 = 0;
  for (let c = st; c < end; c += chunk) {
    const cEnd = c + chunk;
    let tp = cEnd < end ? cEnd : c;
    for (let b = c; b < cEnd; b += s << 1) {
      const bEnd = b + s;
      // s >= 64 bytes: one cache line of each stream (four pairs) per iteration
      for (let p = b; p < bEnd; p += 64) {
        const p1 = p + s;
        seen |= load<i64>(tp) | load<i64>(tp, 64);
        tp += 128;
        pair2(shape, p, p1, 0, r00, i00, r01, i01, r10, i10, r11, i11);
        pair2(shape, p, p1, 32, r00, i00, r01, i01, r10, i10, r11, i11);
      }
    }
  }
  sink |= seen;
}

const CHUNK: usize = 65536;
const TOUCH_MAX_Q: i32 = 11;
/** States up to this size (a cache block) are walked without look-ahead loads. */
const NO_TOUCH_BYTES: usize = 1 << 20;

/** Keeps the look-ahead loads observable so the optimizer cannot drop them. */
let sink: i64 = 0;

/** Two pairs (p+o, p1+o) and (p+o+16, p1+o+16) of a 2x2 gate. */
// @ts-ignore: decorator
@inline
function pair2(shape: i32, p: usize, p1: usize, o: usize, r00: v128, i00: v128, r01: v128, i01: v128, r10: v128, i10: v128, r11: v128, i11: v128): void {
  const a0 = v128.load(p + o), b0 = v128.load(p + o, 16), a1 = v128.load(p1 + o), b1 = v128.load(p1 + o, 16);
  const a0s = swap(a0), a1s = swap(a1), b0s = swap(b0), b1s = swap(b1);
  v128.store(p + o, row0(shape, a0, a0s, a1, a1s, r00, i00, r01, i01));
  v128.store(p1 + o, row1(shape, a0, a0s, a1, a1s, r10, i10, r11, i11));
  v128.store(p + o, row0(shape, b0, b0s, b1, b1s, r00, i00, r01, i01), 16);
  v128.store(p1 + o, row1(shape, b0, b0s, b1, b1s, r10, i10, r11, i11), 16);
}

/**
 * Applies the 2x2 matrix at `m` to qubit q where every bit of `cmask` is set (q not in cmask).
 * The pairs to touch form runs: with L the lowest special bit (target or control), 2^L
 * consecutive amplitudes share their special bits, so the run start is computed once per run
 * (bit insertion) and the run is a plain unrolled loop. When runs would be shorter than 4 pairs,
 * walking every target pair with a (well-predicted) control test is cheaper. As in gate1Simd, a
 * target q >= n pairs the slice at st with the part 2^q further on (controls stay below n).
 */
export function gate1cSimd(st: usize, n: i32, q: i32, cmask: i32, m: usize): void {
  const shape = shapeOf(m);
  if (shape == REAL) gate1cShaped(REAL, st, n, q, cmask, m);
  else if (shape == RX) gate1cShaped(RX, st, n, q, cmask, m);
  else gate1cShaped(GENERAL, st, n, q, cmask, m);
}

// @ts-ignore: decorator
@inline
function gate1cShaped(shape: i32, st: usize, n: i32, q: i32, cmask: i32, m: usize): void {
  const r00 = rv(m), i00 = iv(m), r01 = rv(m + 16), i01 = iv(m + 16);
  const r10 = rv(m + 32), i10 = iv(m + 32), r11 = rv(m + 48), i11 = iv(m + 48);
  const t: usize = <usize>1 << <usize>q;
  const all: usize = t | <usize>cmask;
  const s: usize = t << 4;
  const lowBits = <i32>ctz<u32>(<u32>all);
  if (lowBits < 2) {
    const cm = <usize>cmask;
    const end = st + (<usize>16 << <usize>n);
    const step: usize = q >= n ? end - st : s << 1; // q >= n: one pass (see gate1Simd)
    for (let b = st; b < end; b += step) {
      const bEnd = min(b + s, end);
      for (let p = b; p < bEnd; p += 16) {
        if ((((p - st) >>> 4) & cm) != cm) continue;
        const p1 = p + s;
        const a0 = v128.load(p), a1 = v128.load(p1);
        const a0s = swap(a0), a1s = swap(a1);
        v128.store(p, row0(shape, a0, a0s, a1, a1s, r00, i00, r01, i01));
        v128.store(p1, row1(shape, a0, a0s, a1, a1s, r10, i10, r11, i11));
      }
    }
    return;
  }
  const runBytes: usize = <usize>16 << <usize>lowBits;
  // bits of the state in `all` (a target q >= n is outside it; inserting a zero there is a no-op)
  const runs: usize = <usize>1 << <usize>(n - <i32>popcnt<u32>(<u32>all & ((<u32>1 << <u32>n) - 1)) - lowBits);
  for (let r: usize = 0; r < runs; r++) {
    const p0 = st + ((insertZeros(r << <usize>lowBits, all) | <usize>cmask) << 4);
    const pEnd = p0 + runBytes;
    for (let p = p0; p < pEnd; p += 32) {
      const p1 = p + s;
      const a0 = v128.load(p), b0 = v128.load(p, 16), a1 = v128.load(p1), b1 = v128.load(p1, 16);
      const a0s = swap(a0), a1s = swap(a1), b0s = swap(b0), b1s = swap(b1);
      v128.store(p, row0(shape, a0, a0s, a1, a1s, r00, i00, r01, i01));
      v128.store(p1, row1(shape, a0, a0s, a1, a1s, r10, i10, r11, i11));
      v128.store(p, row0(shape, b0, b0s, b1, b1s, r00, i00, r01, i01), 16);
      v128.store(p1, row1(shape, b0, b0s, b1, b1s, r10, i10, r11, i11), 16);
    }
  }
}

/** One output amplitude of a 4x4 gate: row at `row` as 4 (R, I) pairs, in the scalar order. */
// @ts-ignore: decorator
@inline
function row4(row: usize, a0: v128, s0: v128, a1: v128, s1: v128, a2: v128, s2: v128, a3: v128, s3: v128): v128 {
  let acc = f64x2.add(f64x2.mul(v128.load(row), a0), f64x2.mul(v128.load(row, 16), s0));
  acc = f64x2.add(acc, f64x2.mul(v128.load(row, 32), a1));
  acc = f64x2.add(acc, f64x2.mul(v128.load(row, 48), s1));
  acc = f64x2.add(acc, f64x2.mul(v128.load(row, 64), a2));
  acc = f64x2.add(acc, f64x2.mul(v128.load(row, 80), s2));
  acc = f64x2.add(acc, f64x2.mul(v128.load(row, 96), a3));
  return f64x2.add(acc, f64x2.mul(v128.load(row, 112), s3));
}

/**
 * Applies the 4x4 matrix at `m` (32 f64) to qubits (qa, qb). `mx` is 512 bytes of scratch that
 * receives the 16 (R, I) vector pairs once per call, so the inner loop loads them from L1. As in
 * gate1Simd, one qubit at or above n pairs the slice at st with the part 2^q further on.
 */
export function gate2Simd(st: usize, n: i32, qa: i32, qb: i32, m: usize, mx: usize): void {
  for (let k: usize = 0; k < 16; k++) {
    v128.store(mx + (k << 5), rv(m + (k << 4)));
    v128.store(mx + (k << 5), iv(m + (k << 4)), 16);
  }
  const lo = qa < qb ? qa : qb, hi = qa < qb ? qb : qa;
  const slo: usize = <usize>16 << <usize>lo, shi: usize = <usize>16 << <usize>hi;
  const sa: usize = <usize>16 << <usize>qa, sb: usize = <usize>16 << <usize>qb;
  const end = st + (<usize>16 << <usize>n);
  const step: usize = hi >= n ? end - st : shi << 1; // hi >= n: one pass (see gate1Simd)
  for (let b1 = st; b1 < end; b1 += step) {
    const e1 = min(b1 + shi, end); // end only when hi >= n: the slice is paired with the part 2^hi further on
    for (let b0 = b1; b0 < e1; b0 += slo << 1) {
      const e0 = b0 + slo;
      for (let p = b0; p < e0; p += 16) {
        const a0 = v128.load(p), a1 = v128.load(p + sa), a2 = v128.load(p + sb), a3 = v128.load(p + sa + sb);
        const s0 = swap(a0), s1 = swap(a1), s2 = swap(a2), s3 = swap(a3);
        v128.store(p, row4(mx, a0, s0, a1, s1, a2, s2, a3, s3));
        v128.store(p + sa, row4(mx + 128, a0, s0, a1, s1, a2, s2, a3, s3));
        v128.store(p + sb, row4(mx + 256, a0, s0, a1, s1, a2, s2, a3, s3));
        v128.store(p + sa + sb, row4(mx + 384, a0, s0, a1, s1, a2, s2, a3, s3));
      }
    }
  }
}

/** Byte offset of the DIAG2 entry of amplitude j (bit(lo) | bit(hi) << 1, 16 bytes each). */
// @ts-ignore: decorator
@inline
function diagEntry(j: usize, lo: i32, hi: i32): usize {
  return (((j >> <usize>lo) & 1) | (((j >> <usize>hi) & 1) << 1)) << 4;
}

/** The amplitude at p + off times the entry (r, i) = (rv, iv) of a table. */
// @ts-ignore: decorator
@inline
function cmulAt(p: usize, off: usize, r: v128, i: v128): void {
  const a = v128.load(p + off);
  v128.store(p + off, f64x2.add(f64x2.mul(r, a), f64x2.mul(i, swap(a))));
}

/** Multiplies each amplitude by tab[bit(lo) | bit(hi) << 1] (4 complex at `tab`), lo < hi. */
export function diag2Simd(st: usize, n: i32, lo: i32, hi: i32, tab: usize): void {
  const slo: usize = <usize>16 << <usize>lo, shi: usize = <usize>16 << <usize>hi;
  const end = st + (<usize>16 << <usize>n);
  if (hi <= 2 && n >= 3) {
    // the entries repeat every 8 amplitudes: one loop over 128-byte periods with the 8 entries
    // in registers (a loop per run of 1 or 2 amplitudes would reload the table every 32-64 bytes)
    const t0 = tab + diagEntry(0, lo, hi), t1 = tab + diagEntry(1, lo, hi), t2 = tab + diagEntry(2, lo, hi), t3 = tab + diagEntry(3, lo, hi);
    const t4 = tab + diagEntry(4, lo, hi), t5 = tab + diagEntry(5, lo, hi), t6 = tab + diagEntry(6, lo, hi), t7 = tab + diagEntry(7, lo, hi);
    const r0 = rv(t0), i0 = iv(t0), r1 = rv(t1), i1 = iv(t1), r2 = rv(t2), i2 = iv(t2), r3 = rv(t3), i3 = iv(t3);
    const r4 = rv(t4), i4 = iv(t4), r5 = rv(t5), i5 = iv(t5), r6 = rv(t6), i6 = iv(t6), r7 = rv(t7), i7 = iv(t7);
    for (let p = st; p < end; p += 128) {
      cmulAt(p, 0, r0, i0); cmulAt(p, 16, r1, i1); cmulAt(p, 32, r2, i2); cmulAt(p, 48, r3, i3);
      cmulAt(p, 64, r4, i4); cmulAt(p, 80, r5, i5); cmulAt(p, 96, r6, i6); cmulAt(p, 112, r7, i7);
    }
    return;
  }
  if (lo == 0) {
    // entries alternate per amplitude: handle pairs (x even, x odd) with two entries
    for (let b1 = st; b1 < end; b1 += shi) {
      const t = tab + (((b1 - st) & shi) != 0 ? 32 : 0);
      const r0 = rv(t), i0 = iv(t), r1 = rv(t + 16), i1 = iv(t + 16);
      const e1 = b1 + shi;
      for (let p = b1; p < e1; p += 32) {
        const a = v128.load(p), b = v128.load(p, 16);
        v128.store(p, f64x2.add(f64x2.mul(r0, a), f64x2.mul(i0, swap(a))));
        v128.store(p, f64x2.add(f64x2.mul(r1, b), f64x2.mul(i1, swap(b))), 16);
      }
    }
    return;
  }
  if (lo == 1) {
    // runs of two amplitudes: handle four per iteration (two with entry h|0, two with h|1)
    // instead of a two-amplitude inner loop per run
    for (let b1 = st; b1 < end; b1 += shi) {
      const t = tab + (((b1 - st) & shi) != 0 ? 32 : 0);
      const r0 = rv(t), i0 = iv(t), r1 = rv(t + 16), i1 = iv(t + 16);
      const e1 = b1 + shi;
      for (let p = b1; p < e1; p += 64) {
        const a = v128.load(p), b = v128.load(p, 16), c = v128.load(p, 32), d = v128.load(p, 48);
        v128.store(p, f64x2.add(f64x2.mul(r0, a), f64x2.mul(i0, swap(a))));
        v128.store(p, f64x2.add(f64x2.mul(r0, b), f64x2.mul(i0, swap(b))), 16);
        v128.store(p, f64x2.add(f64x2.mul(r1, c), f64x2.mul(i1, swap(c))), 32);
        v128.store(p, f64x2.add(f64x2.mul(r1, d), f64x2.mul(i1, swap(d))), 48);
      }
    }
    return;
  }
  for (let b1 = st; b1 < end; b1 += shi) {
    const h: usize = ((b1 - st) & shi) != 0 ? 32 : 0;
    const e1 = b1 + shi;
    for (let b0 = b1; b0 < e1; b0 += slo) {
      const t = tab + h + (((b0 - st) & slo) != 0 ? 16 : 0);
      const r = rv(t), i = iv(t);
      const e0 = b0 + slo;
      // slo >= 32 bytes: two amplitudes per iteration
      for (let p = b0; p < e0; p += 32) {
        const a = v128.load(p), b = v128.load(p, 16);
        v128.store(p, f64x2.add(f64x2.mul(r, a), f64x2.mul(i, swap(a))));
        v128.store(p, f64x2.add(f64x2.mul(r, b), f64x2.mul(i, swap(b))), 16);
      }
    }
  }
}

/**
 * Multiplies amplitude x by the complex tab[idx[x]]. `tx` is scratch for the table expanded to
 * (R, I) vector pairs (32 bytes per level), so the loop does two v128 loads per amplitude.
 */
export function levelsSimd(st: usize, n: i32, idx: usize, tab: usize, levels: i32, tx: usize): void {
  for (let k: usize = 0; k < <usize>levels; k++) {
    v128.store(tx + (k << 5), rv(tab + (k << 4)));
    v128.store(tx + (k << 5), iv(tab + (k << 4)), 16);
  }
  const count: usize = <usize>1 << <usize>n;
  if (count < 4) {
    for (let x: usize = 0; x < count; x++) levelAt(st + (x << 4), tx + (<usize>load<u16>(idx + (x << 1)) << 5));
    return;
  }
  // four amplitudes per iteration from one 8-byte load of their indices (15% faster than a u16
  // load each when the state sits in cache)
  for (let x: usize = 0; x < count; x += 4) {
    const w = load<u64>(idx + (x << 1));
    const p = st + (x << 4);
    levelAt(p, tx + ((<usize>w & 0xffff) << 5));
    levelAt(p + 16, tx + ((<usize>(w >> 16) & 0xffff) << 5));
    levelAt(p + 32, tx + ((<usize>(w >> 32) & 0xffff) << 5));
    levelAt(p + 48, tx + (<usize>(w >> 48) << 5));
  }
}

/** The amplitude at p times the expanded table entry at t (rv at t, iv at t + 16). */
// @ts-ignore: decorator
@inline
function levelAt(p: usize, t: usize): void {
  const a = v128.load(p);
  v128.store(p, f64x2.add(f64x2.mul(v128.load(t), a), f64x2.mul(v128.load(t, 16), swap(a))));
}

/** Grover diffusion: a[x] = 2 mean(a) - a[x]. */
export function reflectSimd(st: usize, n: i32): void {
  const count: usize = <usize>1 << <usize>n;
  const end = st + (count << 4);
  let s = f64x2.splat(0.0);
  for (let p = st; p < end; p += 16) s = f64x2.add(s, v128.load(p));
  const m = f64x2.mul(s, f64x2.splat(2.0 / <f64>count));
  for (let p = st; p < end; p += 16) v128.store(p, f64x2.sub(m, v128.load(p)));
}
