// Plain-TS twins of assembly/statevector/expect_scalar.ts, measure.ts and cost.ts: reductions,
// Pauli groups, measurement, cost vectors and levels. Same loop and summation order as the
// scalar build (the SIMD build differs only by summation order). Not built for speed.

import { MAX_LEVELS, type BitForm, type PauliGroup } from './contract.js';

/** sum |a_x|^2. */
export function norm2(a: Float64Array): number {
  let acc = 0;
  for (let p = 0; p < a.length; p += 2) acc += a[p] * a[p] + a[p + 1] * a[p + 1];
  return acc;
}

/** out[x] = |a_x|^2. */
export function probabilities(a: Float64Array, out: Float64Array): void {
  for (let x = 0; 2 * x < a.length; x++) out[x] = a[2 * x] * a[2 * x] + a[2 * x + 1] * a[2 * x + 1];
}

/** Probability that qubit q reads 1. */
export function probOne(a: Float64Array, q: number): number {
  let acc = 0;
  for (let x = 1 << q; 2 * x < a.length; x++) {
    if (((x >> q) & 1) === 0) continue;
    acc += a[2 * x] * a[2 * x] + a[2 * x + 1] * a[2 * x + 1];
  }
  return acc;
}

/** sum d_x |a_x|^2. */
export function expectDiag(a: Float64Array, d: Float64Array): number {
  let acc = 0;
  for (let x = 0; x < d.length; x++) acc += d[x] * (a[2 * x] * a[2 * x] + a[2 * x + 1] * a[2 * x + 1]);
  return acc;
}

/** out = <a|b>. */
export function inner(a: Float64Array, b: Float64Array, out: Float64Array): void {
  let re = 0, im = 0;
  for (let p = 0; p < a.length; p += 2) {
    re += a[p] * b[p] + a[p + 1] * b[p + 1];
    im += a[p] * b[p + 1] - a[p + 1] * b[p];
  }
  out[0] = re;
  out[1] = im;
}

function popParity(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/** S(x) of a group as [re, im] written into s. */
function groupScale(x: number, g: PauliGroup, s: Float64Array): void {
  let sr = 0, si = 0;
  for (let t = 0; t < g.z.length; t++) {
    if (popParity(x & g.z[t])) {
      sr -= g.w[2 * t];
      si -= g.w[2 * t + 1];
    } else {
      sr += g.w[2 * t];
      si += g.w[2 * t + 1];
    }
  }
  s[0] = sr;
  s[1] = si;
}

/** out = <bra|P|ket> for one Pauli group. */
export function pauliInner(bra: Float64Array, ket: Float64Array, g: PauliGroup, out: Float64Array): void {
  const s = new Float64Array(2);
  let re = 0, im = 0;
  for (let x = 0; 2 * x < ket.length; x++) {
    groupScale(x, g, s);
    const kr = ket[2 * x], ki = ket[2 * x + 1];
    const cr = s[0] * kr - s[1] * ki, ci = s[0] * ki + s[1] * kr;
    const y = 2 * (x ^ g.flip);
    const br = bra[y], bi = bra[y + 1];
    re += br * cr + bi * ci;
    im += br * ci - bi * cr;
  }
  out[0] = re;
  out[1] = im;
}

/** dst += P src for one Pauli group. */
export function pauliApply(src: Float64Array, dst: Float64Array, g: PauliGroup): void {
  const s = new Float64Array(2);
  for (let x = 0; 2 * x < src.length; x++) {
    groupScale(x, g, s);
    const kr = src[2 * x], ki = src[2 * x + 1];
    const y = 2 * (x ^ g.flip);
    dst[y] = dst[y] + (s[0] * kr - s[1] * ki);
    dst[y + 1] = dst[y + 1] + (s[0] * ki + s[1] * kr);
  }
}

/** Keeps amplitudes with qubit q = bit, scaled; zeroes the others. */
export function collapse(a: Float64Array, q: number, bit: number, scale: number): void {
  for (let x = 0; 2 * x < a.length; x++) {
    if (((x >> q) & 1) === bit) {
      a[2 * x] *= scale;
      a[2 * x + 1] *= scale;
    } else {
      a[2 * x] = 0;
      a[2 * x + 1] = 0;
    }
  }
}

/** Inverse-CDF sampling of ascending uniforms (see assembly/statevector/measure.ts). */
export function sampleSorted(a: Float64Array, us: Float64Array, out: Int32Array): void {
  const size = a.length / 2;
  let x = 0, acc = 0, last = 0;
  for (let k = 0; k < us.length; k++) {
    const u = us[k];
    while (x < size) {
      const p = a[2 * x] * a[2 * x] + a[2 * x + 1] * a[2 * x + 1];
      if (p > 0) {
        if (acc + p > u) break;
        last = x;
      }
      acc += p;
      x++;
    }
    out[k] = x < size ? x : last;
  }
}

/** out[x] = cost of the bits of x, by doubling (see assembly/statevector/cost.ts). */
export function quboCost(f: BitForm, out: Float64Array): void {
  out[0] = f.offset;
  for (let k = 0; k < f.n; k++) {
    const half = 2 ** k;
    for (let x = 0; x < half; x++) {
      let d = f.a[k];
      for (let e = f.rowPtr[k]; e < f.rowPtr[k + 1]; e++) d += f.vals[e] * ((x >>> f.cols[e]) & 1);
      out[x + half] = out[x] + d;
    }
  }
}

/** idx[x] = level of c[x] in first-appearance order; count, or -1 past MAX_LEVELS. */
export function costLevels(c: Float64Array, idx: Uint16Array, values: Float64Array): number {
  const seen = new Map<number, number>();
  for (let x = 0; x < c.length; x++) {
    const v = c[x] + 0;
    let level = seen.get(v);
    if (level === undefined) {
      if (seen.size === MAX_LEVELS) return -1;
      level = seen.size;
      seen.set(v, level);
      values[level] = v;
    }
    idx[x] = level;
  }
  return seen.size;
}

/** idx[x] = c[x] < threshold ? 1 : 0; returns the count marked. */
export function markBelow(c: Float64Array, threshold: number, idx: Uint16Array): number {
  let marked = 0;
  for (let x = 0; x < c.length; x++) {
    idx[x] = c[x] < threshold ? 1 : 0;
    marked += idx[x];
  }
  return marked;
}
