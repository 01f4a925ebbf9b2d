// The circuit interpreter: one exported call runs a whole fused program over a state, so a
// circuit costs no per-gate boundary crossing and no copies. Program layout (built by
// src/kernels/statevector/program.ts): ops i32[4*count] = (code, a, b, p) per op, params f64 with
// each op's matrix or table at params[8*p] (64-byte slots).
//
//   1 GATE1  a=q            2x2 at p (8 f64)        2 GATE1C a=q b=control mask  2x2 at p
//   3 GATE2  a=qa b=qb      4x4 at p (32 f64)       4 DIAG2  a=lo b=hi (lo<hi)   4 complex at p
//   5 LEVELS a=idx pointer  b=level count, complex table at p      6 REFLECT (Grover diffusion)
//
// Cache blocking: a run of consecutive gate ops whose qubits are all below `block` is applied
// block by block (2^block amplitudes, sized by the host to sit in L2), every op of the run on one
// block before moving to the next. Each amplitude sees the same operations in the same order, so
// results are identical to the unblocked loop; the run costs one pass over memory instead of one
// per op. `scratch` holds the SIMD kernels' expanded tables (512 bytes, or 32 per level).

import { diag2, gate1, gate1c, gate2, levels, reflect } from "./kernels";

const GATE1 = 1, GATE1C = 2, GATE2 = 3, DIAG2 = 4, LEVELS = 5, REFLECT = 6;

// @ts-ignore: decorator
@inline
function exec(op: usize, st: usize, n: i32, params: usize, scratch: usize): void {
  const code = load<i32>(op), a = load<i32>(op, 4), b = load<i32>(op, 8);
  const m = params + (<usize>load<i32>(op, 12) << 6); // 64-byte slots
  switch (code) {
    case GATE1: gate1(st, n, a, m); break;
    case GATE1C: gate1c(st, n, a, b, m); break;
    case GATE2: gate2(st, n, a, b, m, scratch); break;
    case DIAG2: diag2(st, n, a, b, m); break;
    case LEVELS: levels(st, n, <usize><u32>a, m, b, scratch); break;
    case REFLECT: reflect(st, n); break;
    default: break; // the host encodes only the codes above
  }
}

/** Highest qubit an op touches, or 64 when it cannot run on a block. */
// @ts-ignore: decorator
@inline
function reach(op: usize): i32 {
  const code = load<i32>(op), a = load<i32>(op, 4), b = load<i32>(op, 8);
  if (code == GATE1) return a;
  if (code == GATE1C) return max(a, 31 - <i32>clz<u32>(<u32>b));
  if (code == GATE2 || code == DIAG2) return max(a, b);
  return 64;
}

/** Runs `count` ops on the state at `st` (n qubits). */
export function svRun(st: usize, n: i32, ops: usize, count: i32, params: usize, scratch: usize, block: i32): void {
  let i = 0;
  while (i < count) {
    let j = i;
    if (block > 0 && n > block) {
      while (j < count && reach(ops + (<usize>j << 4)) < block) j++;
    }
    if (j - i >= 2) {
      const blockBytes: usize = <usize>16 << <usize>block;
      const end = st + (<usize>16 << <usize>n);
      for (let bst = st; bst < end; bst += blockBytes) {
        for (let k = i; k < j; k++) exec(ops + (<usize>k << 4), bst, block, params, scratch);
      }
      i = j;
    } else {
      exec(ops + (<usize>i << 4), st, n, params, scratch);
      i++;
    }
  }
}
