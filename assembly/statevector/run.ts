// The circuit interpreter: one exported call runs a whole fused program over a state, so a
// circuit costs no per-gate boundary crossing and no copies. Program layout (built by
// src/kernels/statevector/program.ts): ops i32[4*count] = (code, a, b, p) per op, params f64 with
// each op's matrix or table at params[8*p] (64-byte slots).
//
//   1 GATE1  a=q            2x2 at p (8 f64)        2 GATE1C a=q b=control mask  2x2 at p
//   3 GATE2  a=qa b=qb      4x4 at p (32 f64)       4 DIAG2  a=lo b=hi (lo<hi)   4 complex at p
//   5 LEVELS a=idx pointer  b=level count, complex table at p      6 REFLECT (Grover diffusion)
//
// Cache blocking (twin: runBlocked in src/kernels/statevector/reference-gates.ts). A run of
// consecutive ops is applied block by block, every op of the run on one block of 2^B amplitudes
// (B = `block`, sized by the host to sit in L2) before moving to the next, so the run costs one
// pass over memory instead of one per op. A block is the set of amplitudes that agree on every
// qubit outside a set S of B qubits: S = the low qubits [0, L) plus the run's targets T >= L.
// When T is empty (every target < B) a block is 2^B contiguous amplitudes and is worked on in
// place; otherwise it is 2^|T| rows of 2^L contiguous amplitudes, gathered into a buffer, worked
// on there with target qubits renumbered (q -> its rank in S, which keeps their order), and
// scattered back. Rows are at least 2^LMIN amplitudes (512 bytes) so the gather reads whole
// cache lines.
//
// What joins a run: GATE1 / GATE2 put their qubits in S; GATE1C its target (a control outside S
// is one bit of the block's base index, so the op applies to the whole block or skips it);
// DIAG2 joins whatever its qubits (a qubit outside S fixes half of the table per block); LEVELS
// joins in-place runs (its index vector is read at the block's offset) when its table is small
// enough to expand once per block; REFLECT (a global mean) never joins. Every amplitude sees the
// same operations in the same order with the same arithmetic, so blocked results are identical
// to the unblocked loop's, bit for bit.
//
// `scratch` holds the SIMD kernels' expanded tables (512 bytes, or 32 per level). `work` (only
// read when blocking is on and n > block) is WORK_HEAD bytes of per-run tables followed by the
// gather buffer of 16 << block bytes; the host sizes it with the same formula.

import { diag2, gate1, gate1c, gate2, levels, reflect } from "./kernels";

const GATE1 = 1, GATE1C = 2, GATE2 = 3, DIAG2 = 4, LEVELS = 5, REFLECT = 6;

/** Fewest low qubits in a gathered block (rows of 2^5 amplitudes = 512 bytes). */
const LMIN: i32 = 5;
/** work: [0, 64) a per-block DIAG2 table, [64, 192) map i32[32], [192, WORK_HEAD) row offsets. */
const MAP: usize = 64;
const ROWS: usize = 192;
const ROWS_MAX_LOG: i32 = 12;
const WORK_HEAD: usize = ROWS + (4 << ROWS_MAX_LOG);

// @ts-ignore: decorator
@inline
function exec(op: usize, st: usize, n: i32, params: usize, scratch: usize, work: usize, hi: u32): void {
  const code = load<i32>(op), a = load<i32>(op, 4), b = load<i32>(op, 8);
  const m = params + (<usize>load<i32>(op, 12) << 6); // 64-byte slots
  switch (code) {
    case GATE1: gate1(st, n, a, m); break;
    case GATE1C: {
      // on a slice, a control among the qubits above it (fixed by `hi`) holds or skips the whole slice
      const inside: u32 = <u32>b & lowMask(n), outside = <u32>b & ~lowMask(n);
      if ((hi & outside) != outside) break;
      if (inside == 0) gate1(st, n, a, m);
      else gate1c(st, n, a, <i32>inside, m);
      break;
    }
    case GATE2: gate2(st, n, a, b, m, scratch); break;
    case DIAG2: diagPart(st, n, a, b, a, b, a < n, b < n, hi, m, work); break;
    case LEVELS: levels(st, n, <usize><u32>a, m, b, scratch); break;
    case REFLECT: reflect(st, n); break;
    default: break; // the host encodes only the codes above
  }
}

/** Bits [0, n) set. */
// @ts-ignore: decorator
@inline
function lowMask(n: i32): u32 {
  return n >= 32 ? 0xffffffff : (<u32>1 << <u32>n) - 1;
}

/** Smallest low part [0, lmin) of a gathered block of B qubits. */
// @ts-ignore: decorator
@inline
function lowMin(B: i32): i32 {
  return max(max(min(LMIN, B - 2), B - ROWS_MAX_LOG), 1); // rows of at least 2 amplitudes (32 bytes)
}

/** Largest L in [lowMin(B), B] with popcount(U >> L) <= B - L, or -1 if there is none. */
function lowPart(U: u32, B: i32): i32 {
  for (let L = B; L >= lowMin(B); L--) {
    if (<i32>popcnt<u32>(L >= 32 ? 0 : U >>> <u32>L) <= B - L) return L;
  }
  return -1;
}

/**
 * Qubits op `op` needs inside the block (bit mask), or -1 when it cannot join a run. `inPlace`
 * is set for ops that can only join in-place runs.
 */
// @ts-ignore: decorator
@inline
function needs(op: usize, B: i32): i64 {
  const code = load<i32>(op), a = load<i32>(op, 4), b = load<i32>(op, 8);
  if (code == GATE1 || code == GATE1C) return <i64>(1 << a);
  if (code == GATE2) return <i64>((1 << a) | (1 << b));
  if (code == DIAG2) return 0;
  if (code == LEVELS) return b <= (1 << max(B - 5, 4)) ? <i64>1 << 40 : -1; // bit 40: in place only
  return -1;
}

/** Index of the j-th amplitude-row set: the bits of r deposited at the set bits of mask. */
// @ts-ignore: decorator
@inline
function deposit(r: u32, mask: u32): u32 {
  let out: u32 = 0, m = mask, k = r;
  while (m != 0) {
    const low = m & (~m + 1);
    if (k & 1) out |= low;
    k >>>= 1;
    m ^= low;
  }
  return out;
}

/** Copies one complex entry (16 bytes) from `src` to `dst` (no v128: shared by both builds). */
// @ts-ignore: decorator
@inline
function copy16(dst: usize, src: usize): void {
  store<f64>(dst, load<f64>(src));
  store<f64>(dst, load<f64>(src, 8), 8);
}

/**
 * Writes at `t` the DIAG2 table of a 1-qubit diagonal on block qubit q (d0 for bit 0, d1 for bit
 * 1) paired with a block qubit r it ignores; returns r. r is the top qubit of the block (or the
 * next one down), which keeps diag2 on its long-run loops instead of a period of 4 amplitudes.
 */
// @ts-ignore: decorator
@inline
function diag1Table(t: usize, q: i32, bq: i32, d0: usize, d1: usize): i32 {
  // entries are indexed bit(lo) | bit(hi) << 1
  const r = q == bq - 1 ? bq - 2 : bq - 1;
  copy16(t, d0);
  copy16(t + 16, q < r ? d1 : d0);
  copy16(t + 32, q < r ? d0 : d1);
  copy16(t + 48, d1);
  return r;
}

/**
 * DIAG2 (table at m, on state qubits a < b) applied to `p` (bq qubits), where state qubit a is
 * block qubit ml when inLo (likewise b, mh, inHi) and otherwise fixed at its bit in `full`, the
 * state index of the block's first amplitude: a qubit outside the block selects half of the
 * table, so the op becomes a 1-qubit diagonal or a constant phase (a 4-entry table built in
 * `work`). Every amplitude is multiplied by the same entry as in the whole-state pass.
 */
function diagPart(p: usize, bq: i32, a: i32, b: i32, ml: i32, mh: i32, inLo: bool, inHi: bool, full: u32, m: usize, work: usize): void {
  if (inLo && inHi) {
    diag2(p, bq, ml, mh, m);
    return;
  }
  const t = work; // 4 complex entries for this block
  const l: usize = <usize>((full >>> <u32>a) & 1), h: usize = <usize>((full >>> <u32>b) & 1);
  if (inLo) {
    const r = diag1Table(t, ml, bq, m + (h << 5), m + (h << 5) + 16);
    diag2(p, bq, min(ml, r), max(ml, r), t);
  } else if (inHi) {
    const r = diag1Table(t, mh, bq, m + (l << 4), m + (l << 4) + 32);
    diag2(p, bq, min(mh, r), max(mh, r), t);
  } else {
    const d = m + ((l | (h << 1)) << 4);
    diag1Table(t, bq - 1, bq, d, d);
    diag2(p, bq, bq - 2, bq - 1, t);
  }
}

/**
 * Applies op `op` to one block at `p` (bq qubits) whose base index in the state (or slice) is
 * `base`; `hi` holds the bits of the qubits above a slice (0 for a whole state).
 */
function execBlock(op: usize, p: usize, bq: i32, base: u32, hi: u32, S: u32, params: usize, scratch: usize, work: usize): void {
  const code = load<i32>(op), a = load<i32>(op, 4), b = load<i32>(op, 8);
  const m = params + (<usize>load<i32>(op, 12) << 6);
  const map = work + MAP;
  if (code == GATE1) {
    gate1(p, bq, load<i32>(map + (<usize>a << 2)), m);
  } else if (code == GATE1C) {
    const cm = <u32>b, outside = cm & ~S;
    if (((base | hi) & outside) != outside) return; // a control outside the block reads 0 here
    let inside = cm & S, mapped: i32 = 0;
    while (inside != 0) {
      const low = inside & (~inside + 1);
      mapped |= 1 << load<i32>(map + (<usize>ctz<u32>(low) << 2));
      inside ^= low;
    }
    const q = load<i32>(map + (<usize>a << 2));
    if (mapped == 0) gate1(p, bq, q, m);
    else gate1c(p, bq, q, mapped, m);
  } else if (code == GATE2) {
    gate2(p, bq, load<i32>(map + (<usize>a << 2)), load<i32>(map + (<usize>b << 2)), m, scratch);
  } else if (code == DIAG2) {
    const inLo = ((S >>> <u32>a) & 1) != 0, inHi = ((S >>> <u32>b) & 1) != 0;
    diagPart(p, bq, a, b, load<i32>(map + (<usize>a << 2)), load<i32>(map + (<usize>b << 2)), inLo, inHi, base | hi, m, work);
  } else if (code == LEVELS) {
    levels(p, bq, <usize><u32>a + (<usize>base << 1), m, b, scratch);
  }
}

/**
 * Copies `bytes` (a multiple of 32) from src to dst. An inline loop: memory.copy is a call out
 * of WASM in V8, whose fixed cost would be paid per 512-byte row.
 */
// @ts-ignore: decorator
@inline
function copyRow(dst: usize, src: usize, bytes: usize): void {
  const end = src + bytes;
  if (ASC_FEATURE_SIMD) {
    for (let s = src, d = dst; s < end; s += 32, d += 32) {
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s, 16), 16);
    }
  } else {
    for (let s = src, d = dst; s < end; s += 32, d += 32) {
      store<f64>(d, load<f64>(s));
      store<f64>(d, load<f64>(s, 8), 8);
      store<f64>(d, load<f64>(s, 16), 16);
      store<f64>(d, load<f64>(s, 24), 24);
    }
  }
}

/** Applies ops [i, j) block by block; U = qubits they need in the block, L = the low part. */
function runBlocked(st: usize, n: i32, ops: usize, i: i32, j: i32, params: usize, scratch: usize, work: usize, U: u32, L: i32, hi: u32): void {
  const low: u32 = L >= 32 ? 0xffffffff : (<u32>1 << <u32>L) - 1;
  const T = U & ~low, S = low | T;
  const bq = L + <i32>popcnt<u32>(T);
  const map = work + MAP;
  for (let q = 0; q < n; q++) {
    const inS = (S >>> <u32>q) & 1;
    store<i32>(map + (<usize>q << 2), inS ? <i32>popcnt<u32>(S & ((<u32>1 << <u32>q) - 1)) : -1);
  }
  const blocks: u32 = <u32>1 << <u32>(n - bq);
  if (T == 0) {
    const bytes: usize = <usize>16 << <usize>bq;
    for (let k: u32 = 0; k < blocks; k++) {
      const base = k << <u32>bq;
      const p = st + (<usize>base << 4);
      for (let o = i; o < j; o++) execBlock(ops + (<usize>o << 4), p, bq, base, hi, S, params, scratch, work);
    }
    return;
  }
  const rows: u32 = <u32>1 << <u32>(bq - L);
  const rowBytes: usize = <usize>16 << <usize>L;
  const off = work + ROWS;
  for (let r: u32 = 0; r < rows; r++) store<u32>(off + (<usize>r << 2), deposit(r, T));
  const buf = work + WORK_HEAD;
  const outside: u32 = ~S & ((<u32>1 << <u32>n) - 1);
  for (let k: u32 = 0; k < blocks; k++) {
    const base = deposit(k, outside);
    const src = st + (<usize>base << 4);
    for (let r: u32 = 0; r < rows; r++) copyRow(buf + (<usize>r * rowBytes), src + (<usize>load<u32>(off + (<usize>r << 2)) << 4), rowBytes);
    for (let o = i; o < j; o++) execBlock(ops + (<usize>o << 4), buf, bq, base, hi, S, params, scratch, work);
    for (let r: u32 = 0; r < rows; r++) copyRow(src + (<usize>load<u32>(off + (<usize>r << 2)) << 4), buf + (<usize>r * rowBytes), rowBytes);
  }
}

/** Bytes of `work` that svRun needs for a state of n qubits and a given block (0: none). */
export function svWorkBytes(n: i32, block: i32): i32 {
  return block >= 2 && n > block ? <i32>WORK_HEAD + (16 << block) : 64;
}

/** Runs `count` ops on the state at `st` (n qubits); `block` >= 2 enables cache blocking. */
export function svRun(st: usize, n: i32, ops: usize, count: i32, params: usize, scratch: usize, block: i32, work: usize): void {
  svRunSlice(st, n, ops, count, params, scratch, block, work, 0);
}

/**
 * svRun on a slice of a larger state: the 2^n amplitudes at `st` are those whose qubits n and
 * above hold the bits of `hi` (the slice's first index in the whole state). Ops may name qubits
 * of the whole state in DIAG2 and in GATE1C controls (a qubit above the slice reads its bit in
 * `hi`), and one target q >= n of a GATE1, GATE1C or GATE2 pairs each amplitude of the slice with
 * the one 2^q further on (the slice is then part of the amplitudes whose bit q is 0; run such ops
 * with block 0, and with their other qubits below n); every other qubit must be below n. The threaded provider (threads.ts) runs each slice on
 * its own thread; each amplitude sees the same arithmetic as in svRun on the whole state.
 */
export function svRunSlice(st: usize, n: i32, ops: usize, count: i32, params: usize, scratch: usize, block: i32, work: usize, hi: u32): void {
  const blocking = block >= 2 && n > block;
  let i = 0;
  while (i < count) {
    if (blocking) {
      // grow the run while its qubits still fit one block (T empty if a LEVELS op is in it)
      let U: u32 = 0, L = block, j = i, inPlace = false;
      while (j < count) {
        const need = needs(ops + (<usize>j << 4), block);
        if (need < 0) break;
        const U2 = U | <u32>need, ip = inPlace || (need >>> 40) != 0;
        const L2 = lowPart(U2, block);
        if (L2 < 0 || (ip && L2 != block)) break;
        U = U2; L = L2; inPlace = ip; j++;
      }
      if (j - i >= 2) {
        runBlocked(st, n, ops, i, j, params, scratch, work, U, L, hi);
        i = j;
        continue;
      }
    }
    exec(ops + (<usize>i << 4), st, n, params, scratch, work, hi);
    i++;
  }
}
