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

/** Applies op i of a program to a state `a` of n qubits. */
function exec(a: Float64Array, n: number, prog: SvProgram, vectors: readonly Uint16Array[], i: number): void {
  const { ops, params } = prog;
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

// Cache blocking, twin of assembly/statevector/run.ts (see its header for the design): a run of
// ops whose target qubits fit a set S of B qubits (the low qubits [0, L) plus targets T >= L) is
// applied block by block; a block is the amplitudes that agree outside S, worked on in place
// when T is empty and gathered into a buffer (rows of 2^L amplitudes) otherwise. Same run
// formation and the same per-amplitude arithmetic as the WASM executor, so results are
// identical to the unblocked loop.

const LMIN = 5;
const ROWS_MAX_LOG = 12;
const popcount = (x: number) => {
  let c = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) c++;
  return c;
};

/** Largest L with popcount(U >> L) <= B - L and enough low qubits, or -1. */
function lowPart(U: number, B: number): number {
  const lmin = Math.max(Math.min(LMIN, B - 2), B - ROWS_MAX_LOG, 1);
  for (let L = B; L >= lmin; L--) if (popcount(L >= 32 ? 0 : U >>> L) <= B - L) return L;
  return -1;
}

/** Qubits op i needs inside the block, 'levels' for a LEVELS op that may join in-place runs, or -1. */
function needs(prog: SvProgram, i: number, B: number): number | 'levels' {
  const code = prog.ops[4 * i], x = prog.ops[4 * i + 1], y = prog.ops[4 * i + 2];
  if (code === OP.GATE1 || code === OP.GATE1C) return 1 << x;
  if (code === OP.GATE2) return (1 << x) | (1 << y);
  if (code === OP.DIAG2) return 0;
  if (code === OP.LEVELS) return y <= 2 ** Math.max(B - 5, 4) ? 'levels' : -1;
  return -1;
}

/** The bits of r placed at the set bits of mask, lowest first. */
function deposit(r: number, mask: number): number {
  let out = 0;
  for (let m = mask >>> 0, k = r; m !== 0; k >>>= 1) {
    const low = m & -m;
    if (k & 1) out |= low;
    m ^= low;
  }
  return out >>> 0;
}

/** A DIAG2 table of a 1-qubit diagonal on block qubit q (entries d0, d1); returns [table, lo, hi]. */
function diag1(q: number, d0r: number, d0i: number, d1r: number, d1i: number): [Float64Array, number, number] {
  const r = q === 0 ? 1 : 0;
  const t = q < r ? [d0r, d0i, d1r, d1i, d0r, d0i, d1r, d1i] : [d0r, d0i, d0r, d0i, d1r, d1i, d1r, d1i];
  return [Float64Array.from(t), Math.min(q, r), Math.max(q, r)];
}

/** Applies op i to one block `a` (bq qubits) with base index `base` in the state. */
function execBlock(a: Float64Array, bq: number, base: number, S: number, map: Int32Array, prog: SvProgram, vectors: readonly Uint16Array[], i: number): void {
  const { ops, params } = prog;
  const code = ops[4 * i], x = ops[4 * i + 1], y = ops[4 * i + 2], o = 8 * ops[4 * i + 3];
  if (code === OP.GATE1) gate1(a, bq, map[x], params, o);
  else if (code === OP.GATE1C) {
    const outside = (y & ~S) >>> 0;
    if (((base & outside) >>> 0) !== outside) return; // a control outside the block reads 0 here
    let mapped = 0;
    for (let q = 0; q < 32; q++) if ((y & S & (1 << q)) !== 0) mapped |= 1 << map[q];
    if (mapped === 0) gate1(a, bq, map[x], params, o);
    else gate1c(a, bq, map[x], mapped, params, o);
  } else if (code === OP.GATE2) gate2(a, bq, map[x], map[y], params, o);
  else if (code === OP.DIAG2) {
    const inLo = ((S >>> x) & 1) === 1, inHi = ((S >>> y) & 1) === 1;
    if (inLo && inHi) return diag2(a, bq, map[x], map[y], params, o);
    const l = (base >>> x) & 1, h = (base >>> y) & 1, e = (k: number) => [params[o + 2 * k], params[o + 2 * k + 1]] as const;
    let t: [Float64Array, number, number];
    if (inLo) t = diag1(map[x], ...e(2 * h), ...e(1 + 2 * h));
    else if (inHi) t = diag1(map[y], ...e(l), ...e(l + 2));
    else t = diag1(0, ...e(l + 2 * h), ...e(l + 2 * h));
    diag2(a, bq, t[1], t[2], t[0], 0);
  } else if (code === OP.LEVELS) levels(a, bq, vectors[x].subarray(base, base + 2 ** bq), params, o);
}

/** Applies ops [i, j) block by block; L = the low part, T = the gathered targets. */
function runBlocked(a: Float64Array, n: number, prog: SvProgram, vectors: readonly Uint16Array[], i: number, j: number, T: number, L: number): void {
  const low = 2 ** L - 1, S = (low | T) >>> 0;
  const bq = L + popcount(T);
  const map = new Int32Array(32).fill(-1);
  for (let q = 0; q < n; q++) if ((S >>> q) & 1) map[q] = popcount(S & (2 ** q - 1));
  const blocks = 2 ** (n - bq);
  if (T === 0) {
    for (let k = 0; k < blocks; k++) {
      const base = k * 2 ** bq, view = a.subarray(2 * base, 2 * (base + 2 ** bq));
      for (let op = i; op < j; op++) execBlock(view, bq, base, S, map, prog, vectors, op);
    }
    return;
  }
  const rows = Array.from({ length: 2 ** (bq - L) }, (_, r) => 2 * deposit(r, T));
  const row = 2 ** (L + 1), buf = new Float64Array(2 ** (bq + 1));
  const outside = ~S & (2 ** n - 1);
  for (let k = 0; k < blocks; k++) {
    const base = deposit(k, outside);
    rows.forEach((off, r) => buf.set(a.subarray(2 * base + off, 2 * base + off + row), r * row));
    for (let op = i; op < j; op++) execBlock(buf, bq, base, S, map, prog, vectors, op);
    rows.forEach((off, r) => a.set(buf.subarray(r * row, (r + 1) * row), 2 * base + off));
  }
}

/** One step of a blocked execution: ops [start, end) alone (`L` < 0) or as a run with low part L and gathered targets T. */
export interface RunStep {
  readonly start: number;
  readonly end: number;
  readonly L: number;
  readonly T: number;
}

/** How a program is cut into runs for a state of n qubits and a block of `block` qubits (0: none). */
export function planRuns(prog: SvProgram, n: number, block: number): RunStep[] {
  const steps: RunStep[] = [];
  const blocking = block >= 2 && n > block;
  let i = 0;
  while (i < prog.count) {
    if (blocking) {
      let U = 0, L = block, j = i, inPlace = false;
      for (; j < prog.count; j++) {
        const need = needs(prog, j, block);
        if (need === -1) break;
        const U2 = need === 'levels' ? U : (U | need) >>> 0;
        const ip: boolean = inPlace || need === 'levels';
        const L2 = lowPart(U2, block);
        if (L2 < 0 || (ip && L2 !== block)) break;
        U = U2;
        L = L2;
        inPlace = ip;
      }
      if (j - i >= 2) {
        steps.push({ start: i, end: j, L, T: (U & ~(2 ** L - 1)) >>> 0 });
        i = j;
        continue;
      }
    }
    steps.push({ start: i, end: i + 1, L: -1, T: 0 });
    i++;
  }
  return steps;
}

/** Runs a program (see contract.ts) on a state of n qubits; `block` >= 2 enables cache blocking. */
export function runProgram(a: Float64Array, n: number, prog: SvProgram, vectors: readonly Uint16Array[], block = 0): void {
  for (const { start, end, L, T } of planRuns(prog, n, block)) {
    if (L < 0) exec(a, n, prog, vectors, start);
    else runBlocked(a, n, prog, vectors, start, end, T, L);
  }
}
