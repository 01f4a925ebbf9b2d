// The search behind reschedule: works on a PlacementState in place, moving only the pods it is
// allowed to, within the eviction budgets, and records nothing but the state. Three steps:
//
//   place     forced pods (lost, new, or on a closed node) go to their best node that keeps
//             every hard rule (hardOk); when none exists, `makeRoom` tries to move up to the
//             remaining move budget of other pods off one node so the pod fits there
//   improve   steepest descent over the free pods and, when others may migrate, over the
//             candidate pods, each move paying `migrationCost` when it takes a running pod
//             away from where the event found it (and refunding it when it returns)
//   order     the moves are replayed from the starting assignment one by one, each only when
//             it keeps every hard rule at that step (capacity first of all) and, for an
//             eviction, when the service's unavailable pods stay within its disruption budget;
//             moves that never become possible are cancelled (the pod stays put)
//
// Kernels-style numeric code: typed arrays, no closures in the inner loops.

import type { CompiledProblem } from '../compile.js';
import type { PlacementState } from '../state.js';
import { spreadExcessAfter } from '../spread-hist.js';

const EPS = 1e-9;

/** Eviction bookkeeping shared by the steps (all indexed by pod or service). */
export interface Budget {
  /** Node of each pod when the event arrived (`park` for a lost or new pod). */
  readonly origin: Int32Array;
  /** 1 when the pod was running when the event arrived (origin is a real node). */
  readonly running: Uint8Array;
  /** 1 when the event forces the pod to move (lost, new, on a closed node). */
  readonly forced: Uint8Array;
  /** Evictions each service may still take (Infinity without a budget). */
  readonly pdbLeft: Float64Array;
  /** Voluntary moves left in this call. */
  movesLeft: number;
  /** Migration cost per voluntary move of a pod that is not free. */
  readonly migrationCost: number;
  /** 1 when the pod is free (touched by the event, or in its neighbourhood). */
  readonly free: Uint8Array;
  readonly park: number;
}

/** True when moving pod x to node b breaks no hard rule at b (mask, capacity, required anti-affinity, DoNotSchedule spread). */
export function hardOk(st: PlacementState, x: number, b: number, park: number): boolean {
  const pr = st.pr;
  const N = pr.N;
  const R = pr.R;
  const a = st.assignment[x];
  if (a === b || b === park || pr.mask[x * N + b] === 0) return false;
  for (let r = 0; r < R; r++) if (st.used[b * R + r] + pr.podReq[x * R + r] > pr.nodeCap[b * R + r]) return false;
  if (st.dev !== null && !st.dev.fits(x, b)) return false;
  const s = pr.podService[x];
  for (let i = pr.antiPtr[s]; i < pr.antiPtr[s + 1]; i++) {
    const k = pr.antiIdx[i];
    if (pr.antiHard[k] === 0) continue;
    const l = pr.antiLevel[k];
    const db = pr.domainOf[l * N + b];
    if (db < 0) continue;
    const other = pr.antiA[k] === s ? pr.antiB[k] : pr.antiA[k];
    let c = st.cnt[pr.countOffset[l] + other * pr.domainCount[l] + db];
    if (other === s && pr.domainOf[l * N + a] === db) c--;
    if (c > 0) return false;
  }
  for (let i = pr.spreadPtr[s]; i < pr.spreadPtr[s + 1]; i++) {
    const k = pr.spreadIdx[i];
    if (pr.spreadHard[k] === 0) continue;
    const l = pr.spreadLevel[k];
    const da = pr.domainOf[l * N + a];
    const db = pr.domainOf[l * N + b];
    if (da === db) continue;
    const base = pr.countOffset[l] + s * pr.domainCount[l];
    const rem = da >= 0 && pr.spreadElig[pr.spreadEligOffset[k] + da] === 1;
    const add = db >= 0 && pr.spreadElig[pr.spreadEligOffset[k] + db] === 1;
    if (!rem && !add) continue;
    const before = Math.max(0, st.spreadMax[k] - st.spreadMin[k] - pr.spreadMaxSkew[k]);
    const after = spreadExcessAfter(pr, st.hist, st.spreadMax, st.spreadMin, k, rem, rem ? st.cnt[base + da] : 0, add, add ? st.cnt[base + db] : 0);
    if (after > before) return false;
  }
  return true;
}

/** Whether x is moved away from where the event found it (a running pod now elsewhere). */
const isEvicted = (bg: Budget, x: number, node: number) => bg.running[x] === 1 && node !== bg.origin[x];

/** Can x go to b as far as the budgets are concerned? */
export function budgetOk(bg: Budget, pr: CompiledProblem, x: number, cur: number, b: number): boolean {
  if (bg.running[x] === 0) return true;
  const before = isEvicted(bg, x, cur);
  const after = isEvicted(bg, x, b);
  if (before || !after) return true;
  if (bg.pdbLeft[pr.podService[x]] < 1) return false;
  return bg.forced[x] === 1 || bg.movesLeft >= 1;
}

/** Applies a move and keeps the budgets; returns ΔH. */
export function commitMove(st: PlacementState, bg: Budget, x: number, b: number): number {
  const pr = st.pr;
  const cur = st.assignment[x];
  const before = isEvicted(bg, x, cur);
  const after = isEvicted(bg, x, b);
  const d = st.applyMove(x, b);
  if (before !== after) {
    const sign = after ? 1 : -1;
    bg.pdbLeft[pr.podService[x]] -= sign;
    if (bg.forced[x] === 0) bg.movesLeft -= sign;
  }
  return d;
}

/** Migration cost of x going from its current node to b. */
function migration(bg: Budget, x: number, cur: number, b: number): number {
  if (bg.free[x] === 1 || bg.forced[x] === 1 || bg.running[x] === 0) return 0;
  return (isEvicted(bg, x, b) ? bg.migrationCost : 0) - (isEvicted(bg, x, cur) ? bg.migrationCost : 0);
}

/** The best hard-feasible target of x within the budgets (ΔH + migration), or -1. Writes the score to out[0]. */
export function bestTarget(st: PlacementState, bg: Budget, x: number, allowed: Int32Array, from: number, to: number, out: Float64Array, avoid = -1): number {
  const cur = st.assignment[x];
  let best = -1;
  let bestD = Infinity;
  for (let i = from; i < to; i++) {
    const b = allowed[i];
    if (b === avoid || !hardOk(st, x, b, bg.park) || !budgetOk(bg, st.pr, x, cur, b)) continue;
    const d = st.deltaMove(x, b) + migration(bg, x, cur, b);
    if (d < bestD - EPS) { bestD = d; best = b; }
  }
  out[0] = bestD;
  return best;
}

/** Allowed target nodes per service (CSR over services), excluding park and closed nodes. */
export function allowedTargets(pr: CompiledProblem, closed: Uint8Array): { ptr: Int32Array; list: Int32Array } {
  const { S, N, mask, serviceStart } = pr;
  const ptr = new Int32Array(S + 1);
  // Filled in place and trimmed: pushing into a JS array took 1.2 ms against 0.4 ms for this at
  // 400 services × 100 nodes (measured on a loaded 2-core machine); it runs on every event.
  const list = new Int32Array(S * N);
  let k = 0;
  for (let s = 0; s < S; s++) {
    const row = serviceStart[s] * N;
    if (serviceStart[s + 1] > serviceStart[s]) for (let n = 0; n < N; n++) if (closed[n] === 0 && mask[row + n] === 1) list[k++] = n;
    ptr[s + 1] = k;
  }
  return { ptr, list: list.slice(0, k) };
}

/**
 * Tries to free one node for pod x by moving at most `bg.movesLeft` other running pods off it
 * (each to its best hard-feasible node elsewhere); on success x is placed there and true is
 * returned. Nodes are tried in order of the smallest shortfall (aggregate resources plus, with
 * devices, the device shortfall of devices.ts); on each, the victim whose removal leaves the
 * smallest shortfall goes first. Every trial that fails is undone.
 */
export function makeRoom(st: PlacementState, bg: Budget, x: number, allowed: { ptr: Int32Array; list: Int32Array }, podsOnNode: (n: number) => number[], maxTries = 8): boolean {
  const pr = st.pr;
  const s = pr.podService[x];
  if (bg.movesLeft < 1) return false;
  const cands: { n: number; short: number }[] = [];
  for (let i = allowed.ptr[s]; i < allowed.ptr[s + 1]; i++) {
    const n = allowed.list[i];
    const short = shortfall(st, x, n, -1);
    if (short > 0) cands.push({ n, short });
  }
  cands.sort((p, q) => p.short - q.short || p.n - q.n);
  const out = new Float64Array(1);
  for (const { n } of cands.slice(0, maxTries)) {
    const log: [number, number][] = [];
    const tried = new Set<number>();
    // Pods only leave n here (bestTarget avoids n), so the list is taken once.
    const onN = podsOnNode(n);
    while (!fits(st, x, n) && bg.movesLeft >= 1) {
      // The victim whose removal leaves x the smallest shortfall on n (ties: the larger pod).
      const now = shortfall(st, x, n, -1);
      let best = -1;
      let bestShort = now;
      for (const y of onN) {
        if (y === x || tried.has(y) || bg.forced[y] === 1 || bg.running[y] === 0) continue;
        const after = shortfall(st, x, n, y);
        if (after < bestShort - EPS || (best >= 0 && Math.abs(after - bestShort) <= EPS && reqSize(pr, y) > reqSize(pr, best))) { bestShort = after; best = y; }
      }
      if (best < 0) break;
      tried.add(best);
      const t = bestTarget(st, bg, best, allowed.list, allowed.ptr[pr.podService[best]], allowed.ptr[pr.podService[best] + 1], out, n);
      if (t < 0) continue;
      log.push([best, n]);
      commitMove(st, bg, best, t);
    }
    if (fits(st, x, n) && hardOk(st, x, n, bg.park) && budgetOk(bg, pr, x, st.assignment[x], n)) {
      commitMove(st, bg, x, n);
      return true;
    }
    for (let i = log.length - 1; i >= 0; i--) commitMove(st, bg, log[i][0], log[i][1]);
  }
  return false;
}

function reqSize(pr: CompiledProblem, p: number): number {
  let s = 0;
  for (let r = 0; r < pr.R; r++) s += pr.podReq[p * pr.R + r] * pr.invCap[r];
  return s;
}

/** How far x is from fitting on n (0 = fits) as if pod `without` (-1: none) were gone: aggregate overflow per unit of capacity, plus the device shortfall. */
function shortfall(st: PlacementState, x: number, n: number, without: number): number {
  const pr = st.pr;
  const R = pr.R;
  let short = 0;
  for (let r = 0; r < R; r++) {
    const over = st.used[n * R + r] - (without >= 0 ? pr.podReq[without * R + r] : 0) + pr.podReq[x * R + r] - pr.nodeCap[n * R + r];
    if (over > 0) short += over * pr.invCap[n * R + r];
  }
  if (st.dev !== null) short += st.dev.shortfall(x, n, without);
  return short;
}

function fits(st: PlacementState, x: number, n: number): boolean {
  const pr = st.pr;
  for (let r = 0; r < pr.R; r++) if (st.used[n * pr.R + r] + pr.podReq[x * pr.R + r] > pr.nodeCap[n * pr.R + r]) return false;
  return st.dev === null || st.dev.fits(x, n);
}
