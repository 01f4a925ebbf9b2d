// The final polish of 'pimc' (and any assignment): exhaustive steepest-free descent with the
// incremental energy. Each pass tries every pod on every node its filters allow, then (when
// `swaps`) every pair of pods of different services on different nodes, and keeps a change
// when it lowers H by more than 1e-9 without adding hard violations; passes repeat until one
// changes nothing (a local minimum under single moves and swaps) or `maxPasses` is reached.
// Deterministic (fixed visiting order, first improvement). Cost per pass: Σ_p |allowed(p)|
// move deltas plus P²/2 swap deltas, so callers enable swaps on small problems only.

import type { CompiledProblem } from '../compile.js';
import { PlacementState } from '../state.js';

const HARD_EPS = 1e-9;

/** Result of `descend`: the improved state and what it took. */
export interface DescentResult {
  readonly state: PlacementState;
  readonly passes: number;
  readonly moves: number;
  readonly swaps: number;
}

/** Descends from `assignment` (complete: every pod on a node) by single moves and, optionally, swaps. */
export function descend(pr: CompiledProblem, assignment: Int32Array, allowPtr: Int32Array, allowed: Int32Array, swaps: boolean, maxPasses = 100): DescentResult {
  const st = new PlacementState(pr, assignment);
  const { P, N } = pr;
  let passes = 0;
  let moves = 0;
  let swapped = 0;
  const keeps = (d: number) => d < -1e-9 && st.delta[3] <= HARD_EPS;
  for (let changed = true; changed && passes < maxPasses; passes++) {
    changed = false;
    for (let p = 0; p < P; p++) {
      const s = pr.podService[p];
      for (let k = allowPtr[s]; k < allowPtr[s + 1]; k++) {
        const n = allowed[k];
        if (n === st.assignment[p]) continue;
        if (keeps(st.deltaMove(p, n))) {
          st.applyMove(p, n);
          moves++;
          changed = true;
        }
      }
    }
    if (!swaps) continue;
    for (let p = 0; p < P; p++) {
      for (let q = p + 1; q < P; q++) {
        const a = st.assignment[p];
        const b = st.assignment[q];
        if (a === b || pr.podService[p] === pr.podService[q] || pr.mask[p * N + b] === 0 || pr.mask[q * N + a] === 0) continue;
        if (keeps(st.deltaSwap(p, q))) {
          st.applySwap(p, q);
          swapped++;
          changed = true;
        }
      }
    }
  }
  return { state: st, passes, moves, swaps: swapped };
}
