// Gate fusion: neighbouring gates merge into blocks of at most `width` qubits (default 2) whose
// product matrix is applied in one pass, then each block becomes the cheapest program op that
// represents it exactly: a diagonal block becomes DIAG2 (a phase table, no matrix multiply), a
// block that is the identity unless a control qubit is set becomes GATE1C (touches half the
// amplitudes), others GATE1 / GATE2. CCX is never fused (GATE1C with two controls).
//
// Merging is greedy in circuit order. A gate may join block X at X's place when every block
// after X is disjoint from the gate's qubits, or join blocks that are each the last one on all
// of their qubits (they can move forward to the gate); either move only commutes operations on
// disjoint qubits, so the fused program equals the circuit exactly.

import { ProgramBuilder } from '../kernels/statevector/program.js';
import type { SvProgram } from '../kernels/statevector/contract.js';
import { identity, isDiagonal, kron, matmul, swapQubits } from './linalg.js';

/** A gate ready to fuse: 1 or 2 qubits with its matrix, or a multi-controlled 2x2 (`controls` set). */
export interface UnitGate {
  readonly qubits: readonly number[];
  readonly matrix: Float64Array;
  /** Control mask (CCX): the 2x2 `matrix` acts on qubits[qubits.length − 1] when all controls are 1. */
  readonly controls?: number;
}

interface Block {
  qubits: number[];
  matrix: Float64Array;
  alive: boolean;
  fixed: boolean;
  controls?: number;
}

/** The gate's matrix on the block qubits `u` (u has 1 or 2 entries, gate qubits ⊆ u). */
function embed(qubits: readonly number[], m: Float64Array, u: readonly number[]): Float64Array {
  if (u.length === 1) return m;
  if (qubits.length === 2) return qubits[0] === u[0] ? m : swapQubits(m);
  return qubits[0] === u[0] ? kron(identity(2), m) : kron(m, identity(2));
}

/** Fuses gates into blocks of at most `width` qubits (0: no fusion). */
export function fuseGates(gates: readonly UnitGate[], width: number, barrierAfter: ReadonlySet<number> = new Set()): Block[] {
  const blocks: Block[] = [];
  const last = new Map<number, Block>();
  const fence: Block = { qubits: [], matrix: new Float64Array(0), alive: false, fixed: true };
  gates.forEach((g, gi) => {
    const qg = g.qubits;
    const S = [...new Set(qg.map((q) => last.get(q)).filter((b): b is Block => b !== undefined))];
    const U = [...new Set([...S.flatMap((b) => b.qubits), ...qg])];
    const canFuse = width > 0 && g.controls === undefined && S.every((b) => !b.fixed) && U.length <= width;
    const movable = (b: Block) => b.qubits.every((q) => last.get(q) === b);
    if (canFuse && S.length === 1) {
      const X = S[0];
      const u = X.qubits.length === U.length ? X.qubits : [...X.qubits, ...qg.filter((q) => !X.qubits.includes(q))];
      X.matrix = matmul(embed(qg, g.matrix, u), embed(X.qubits, X.matrix, u));
      X.qubits = u;
      for (const q of qg) last.set(q, X); // not X's other qubit: a later block may own it
    } else if (canFuse && S.length > 1 && S.every(movable)) {
      let m = identity(2 ** U.length);
      const u = qg.slice();
      for (const b of S) m = matmul(embed(b.qubits, b.matrix, u), m);
      for (const b of S) b.alive = false;
      const nb: Block = { qubits: u, matrix: matmul(embed(qg, g.matrix, u), m), alive: true, fixed: false };
      blocks.push(nb);
      for (const q of u) last.set(q, nb);
    } else {
      const nb: Block = { qubits: qg.slice(), matrix: g.matrix, alive: true, fixed: g.controls !== undefined || width === 0, controls: g.controls };
      if (!nb.fixed && width >= qg.length) {
        // absorb movable blocks that sit entirely on this gate's qubits
        for (const b of S) {
          if (!b.fixed && movable(b) && b.qubits.every((q) => qg.includes(q))) {
            nb.matrix = matmul(nb.matrix, embed(b.qubits, b.matrix, qg));
            b.alive = false;
          }
        }
      }
      blocks.push(nb);
      for (const q of qg) last.set(q, nb);
    }
    if (barrierAfter.has(gi)) for (const q of last.keys()) last.set(q, fence);
  });
  return blocks.filter((b) => b.alive);
}

const EXACT = (m: Float64Array, i: number, re: number) => m[2 * i] === re && m[2 * i + 1] === 0;

/** If the 4x4 m is the identity unless local bit `c` is set, the 2x2 acting on the other bit. */
function controlledPart(m: Float64Array, c: 0 | 1): Float64Array | undefined {
  const bit = 1 << c;
  for (let r = 0; r < 4; r++) {
    for (let k = 0; k < 4; k++) {
      const inBlock = (r & bit) !== 0 && (k & bit) !== 0;
      if (inBlock) continue;
      if (!EXACT(m, r * 4 + k, r === k ? 1 : 0)) return undefined;
    }
  }
  const idx = [bit, 3];
  const out = new Float64Array(8);
  for (let r = 0; r < 2; r++) for (let k = 0; k < 2; k++) {
    out[2 * (r * 2 + k)] = m[2 * (idx[r] * 4 + idx[k])];
    out[2 * (r * 2 + k) + 1] = m[2 * (idx[r] * 4 + idx[k]) + 1];
  }
  return out;
}

/** Appends one block to a program as its cheapest exact op. */
export function emitBlock(pb: ProgramBuilder, b: { qubits: readonly number[]; matrix: Float64Array; controls?: number }, n: number): void {
  const m = b.matrix;
  if (b.controls !== undefined) {
    pb.gate1c(b.qubits[b.qubits.length - 1], b.controls, m);
  } else if (b.qubits.length === 1) {
    const q = b.qubits[0];
    if (n >= 2 && isDiagonal(m)) {
      const r = q === 0 ? 1 : 0;
      const d0 = [m[0], m[1]], d1 = [m[6], m[7]];
      pb.diag2(Math.min(q, r), Math.max(q, r), q < r ? [...d0, ...d1, ...d0, ...d1] : [...d0, ...d0, ...d1, ...d1]);
    } else pb.gate1(q, m);
  } else {
    const [a, c] = b.qubits;
    if (isDiagonal(m)) {
      const t = (k: number) => [m[2 * (k * 4 + k)], m[2 * (k * 4 + k) + 1]];
      pb.diag2(Math.min(a, c), Math.max(a, c), a < c ? [...t(0), ...t(1), ...t(2), ...t(3)] : [...t(0), ...t(2), ...t(1), ...t(3)]);
      return;
    }
    const c0 = controlledPart(m, 0);
    if (c0 !== undefined) return void pb.gate1c(c, 1 << a, c0);
    const c1 = controlledPart(m, 1);
    if (c1 !== undefined) return void pb.gate1c(a, 1 << c, c1);
    pb.gate2(a, c, m);
  }
}

/** Fuses `gates` and encodes them as one program for n qubits. */
export function compileGates(gates: readonly UnitGate[], n: number, width = 2, barrierAfter?: ReadonlySet<number>): SvProgram {
  const pb = new ProgramBuilder();
  for (const b of fuseGates(gates, width, barrierAfter)) emitBlock(pb, b, n);
  return pb.build();
}
