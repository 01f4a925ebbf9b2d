// Plain-TS twins of assembly/statevector/gates_scalar.ts and run.ts: the oracle for every gate
// kernel. Same loops and the same order of every complex multiply-add (re += mr*ar - mi*ai,
// im += mr*ai + mi*ar), so all three backends agree bit for bit on gates. Not built for speed.
// `a` is the interleaved state (2^(n+1) f64); matrices are complex row-major (re, im pairs).

import { OP, type SvProgram } from './contract.js';

/** Applies the 2x2 matrix m (from offset o) to qubit q. */
export function gate1(a: Float64Array, n: number, q: number, m: Float64Array, o: number): void {
  const [m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i] = m.subarray(o, o + 8);
  const s = 2 << q;
  const end = 2 << n;
  for (let b = 0; b < end; b += 2 * s) {
    for (let p = b; p < b + s; p += 2) {
      const p1 = p + s;
      const a0r = a[p], a0i = a[p + 1], a1r = a[p1], a1i = a[p1 + 1];
      a[p] = m00r * a0r - m00i * a0i + m01r * a1r - m01i * a1i;
      a[p + 1] = m00r * a0i + m00i * a0r + m01r * a1i + m01i * a1r;
      a[p1] = m10r * a0r - m10i * a0i + m11r * a1r - m11i * a1i;
      a[p1 + 1] = m10r * a0i + m10i * a0r + m11r * a1i + m11i * a1r;
    }
  }
}

/** Applies the 2x2 matrix to qubit q where every bit of cmask is set. */
export function gate1c(a: Float64Array, n: number, q: number, cmask: number, m: Float64Array, o: number): void {
  const [m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i] = m.subarray(o, o + 8);
  const t = 1 << q;
  for (let x = 0; x < 1 << n; x++) {
    if ((x & t) !== 0 || (x & cmask) !== cmask) continue;
    const p = 2 * x, p1 = 2 * (x | t);
    const a0r = a[p], a0i = a[p + 1], a1r = a[p1], a1i = a[p1 + 1];
    a[p] = m00r * a0r - m00i * a0i + m01r * a1r - m01i * a1i;
    a[p + 1] = m00r * a0i + m00i * a0r + m01r * a1i + m01i * a1r;
    a[p1] = m10r * a0r - m10i * a0i + m11r * a1r - m11i * a1i;
    a[p1 + 1] = m10r * a0i + m10i * a0r + m11r * a1i + m11i * a1r;
  }
}

/** Applies the 4x4 matrix (local index bit(qa) | bit(qb) << 1) to qubits qa != qb. */
export function gate2(a: Float64Array, n: number, qa: number, qb: number, m: Float64Array, o: number): void {
  const sa = 1 << qa, sb = 1 << qb;
  const ar = [0, 0, 0, 0], ai = [0, 0, 0, 0], idx = [0, 0, 0, 0];
  for (let x = 0; x < 1 << n; x++) {
    if ((x & sa) !== 0 || (x & sb) !== 0) continue;
    idx[0] = 2 * x;
    idx[1] = 2 * (x | sa);
    idx[2] = 2 * (x | sb);
    idx[3] = 2 * (x | sa | sb);
    for (let j = 0; j < 4; j++) {
      ar[j] = a[idx[j]];
      ai[j] = a[idx[j] + 1];
    }
    for (let r = 0; r < 4; r++) {
      const row = o + 8 * r;
      let re = m[row] * ar[0] - m[row + 1] * ai[0];
      let im = m[row] * ai[0] + m[row + 1] * ar[0];
      for (let j = 1; j < 4; j++) {
        re = re + m[row + 2 * j] * ar[j] - m[row + 2 * j + 1] * ai[j];
        im = im + m[row + 2 * j] * ai[j] + m[row + 2 * j + 1] * ar[j];
      }
      a[idx[r]] = re;
      a[idx[r] + 1] = im;
    }
  }
}

/** Multiplies amplitude x by the complex table entry ((x>>lo)&1) | ((x>>hi)&1) << 1. */
export function diag2(a: Float64Array, n: number, lo: number, hi: number, t: Float64Array, o: number): void {
  for (let x = 0; x < 1 << n; x++) {
    const k = o + 2 * (((x >> lo) & 1) | (((x >> hi) & 1) << 1));
    const dr = t[k], di = t[k + 1], p = 2 * x;
    const ar = a[p], ai = a[p + 1];
    a[p] = dr * ar - di * ai;
    a[p + 1] = dr * ai + di * ar;
  }
}

/** Multiplies amplitude x by the complex t[idx[x]]. */
export function levels(a: Float64Array, n: number, idx: Uint16Array, t: Float64Array, o: number): void {
  for (let x = 0; x < 1 << n; x++) {
    const k = o + 2 * idx[x];
    const dr = t[k], di = t[k + 1], p = 2 * x;
    const ar = a[p], ai = a[p + 1];
    a[p] = dr * ar - di * ai;
    a[p + 1] = dr * ai + di * ar;
  }
}

/** Grover diffusion: a_x = 2 mean(a) - a_x. */
export function reflect(a: Float64Array, n: number): void {
  const size = 1 << n;
  let sr = 0, si = 0;
  for (let x = 0; x < size; x++) {
    sr += a[2 * x];
    si += a[2 * x + 1];
  }
  const w = 2 / size;
  const mr = sr * w, mi = si * w;
  for (let x = 0; x < size; x++) {
    a[2 * x] = mr - a[2 * x];
    a[2 * x + 1] = mi - a[2 * x + 1];
  }
}

/** Runs a program (see contract.ts) op by op, without cache blocking. */
export function runProgram(a: Float64Array, n: number, prog: SvProgram, vectors: readonly Uint16Array[]): void {
  const { ops, params } = prog;
  for (let i = 0; i < prog.count; i++) {
    const code = ops[4 * i], x = ops[4 * i + 1], y = ops[4 * i + 2], o = 8 * ops[4 * i + 3];
    switch (code) {
      case OP.GATE1: gate1(a, n, x, params, o); break;
      case OP.GATE1C: gate1c(a, n, x, y, params, o); break;
      case OP.GATE2: gate2(a, n, x, y, params, o); break;
      case OP.DIAG2: diag2(a, n, x, y, params, o); break;
      case OP.LEVELS: levels(a, n, vectors[x], params, o); break;
      case OP.REFLECT: reflect(a, n); break;
      default: throw new RangeError(`program op ${i} has unknown code ${code}`);
    }
  }
}
