// Bin-packing baselines: first-fit-decreasing and best-fit-decreasing over the same hard filters
// as every constructive baseline (packer.ts). Sizes are normalised per resource by the largest
// node's capacity, so a pod's size is Σ_r req_r / maxCap_r and cpu, memory and GPUs weigh alike.
// Pods go by priority (highest first, as kube-scheduler's queue), then largest first, then index;
// without the priority order, tightly packed nodes leave no room for the spread-constrained
// replicas of critical services (seen on generated instances: BFD stranded a pod). Nodes are
// tried largest first (the usual variable-size bin-packing order). FFD takes the first node that
// passes; BFD takes the open node left tightest (least normalised residual), and opens the
// largest closed node only when no open node fits.

import type { CompiledProblem } from '../compile.js';
import type { SolverOptions, SolverResult } from '../solvers/types.js';
import { Packer } from './packer.js';

function maxCaps(pr: CompiledProblem): Float64Array {
  const m = new Float64Array(pr.R);
  for (let n = 0; n < pr.N; n++) for (let r = 0; r < pr.R; r++) m[r] = Math.max(m[r], pr.nodeCap[n * pr.R + r]);
  for (let r = 0; r < pr.R; r++) if (m[r] === 0) m[r] = 1;
  return m;
}

/** Pods by priority, then largest first (normalised size), then index. */
export function decreasingPods(pr: CompiledProblem): Int32Array {
  const m = maxCaps(pr);
  const size = new Float64Array(pr.P);
  for (let p = 0; p < pr.P; p++) for (let r = 0; r < pr.R; r++) size[p] += pr.podReq[p * pr.R + r] / m[r];
  const order = Array.from({ length: pr.P }, (_, p) => p);
  order.sort((a, b) => pr.priority[pr.podService[b]] - pr.priority[pr.podService[a]] || size[b] - size[a] || a - b);
  return Int32Array.from(order);
}

/** Nodes largest first (normalised capacity), then index. */
export function decreasingNodes(pr: CompiledProblem): Int32Array {
  const m = maxCaps(pr);
  const size = new Float64Array(pr.N);
  for (let n = 0; n < pr.N; n++) for (let r = 0; r < pr.R; r++) size[n] += pr.nodeCap[n * pr.R + r] / m[r];
  const order = Array.from({ length: pr.N }, (_, n) => n);
  order.sort((a, b) => size[b] - size[a] || a - b);
  return Int32Array.from(order);
}

/** First-fit decreasing. */
export function firstFitDecreasing(pr: CompiledProblem): SolverResult {
  const pk = new Packer(pr);
  const nodes = decreasingNodes(pr);
  for (const p of decreasingPods(pr)) {
    let chosen = -1;
    for (const n of nodes) if (pk.blockers(p, n) === 0) { chosen = n; break; }
    if (chosen < 0) pk.recordBlocked(p); else pk.place(p, chosen);
  }
  return pk.result({});
}

/** Best-fit decreasing. */
export function bestFitDecreasing(pr: CompiledProblem): SolverResult {
  const pk = new Packer(pr);
  const m = maxCaps(pr);
  const nodes = decreasingNodes(pr);
  const R = pr.R;
  for (const p of decreasingPods(pr)) {
    let best = -1;
    let bestResidual = Infinity;
    let firstClosed = -1;
    for (const n of nodes) {
      if (pk.blockers(p, n) !== 0) continue;
      if (pk.podsOn[n] === 0) { if (firstClosed < 0) firstClosed = n; continue; }
      let residual = 0;
      for (let r = 0; r < R; r++) residual += (pr.nodeCap[n * R + r] - pk.used[n * R + r] - pr.podReq[p * R + r]) / m[r];
      if (residual < bestResidual) { bestResidual = residual; best = n; }
    }
    if (best < 0) best = firstClosed;
    if (best < 0) pk.recordBlocked(p); else pk.place(p, best);
  }
  return pk.result({});
}

/** Solver 'ffd'. */
export async function ffdSolver(pr: CompiledProblem, _options: SolverOptions): Promise<SolverResult> {
  return firstFitDecreasing(pr);
}

/** Solver 'bfd'. */
export async function bfdSolver(pr: CompiledProblem, _options: SolverOptions): Promise<SolverResult> {
  return bestFitDecreasing(pr);
}
