// A kube-scheduler-like baseline: one pod at a time from the PrioritySort queue, Filter (see
// packer.ts), then Score every feasible node with the default plugins at their default
// weights, normalise each plugin's scores to 0..100 over the feasible nodes, bind to the best
// (ties broken by the seeded RNG, as kube-scheduler breaks them at random).
//
// Weights: kubernetes/kubernetes pkg/scheduler/apis/config/v1/default_plugins.go (MultiPoint):
// TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, PodTopologySpread 2,
// InterPodAffinity 2, NodeResourcesBalancedAllocation 1, ImageLocality 1 (not modelled: no
// images). Modelled as in the plugins, simplified where noted:
// - NodeResourcesFit: LeastAllocated (default) or MostAllocated over cpu and memory, weight 1
//   each (the plugin's default resources), requests including the incoming pod.
// - BalancedAllocation: 100·(1 − std of the cpu and memory request fractions).
// - TaintToleration: fewer untolerated PreferNoSchedule taints is better (reverse-normalised).
// - NodeAffinity: matched preferred-term weight, normalised to the best node.
// - PodTopologySpread: ScheduleAnyway constraints, or when a service has none the system
//   defaults (hostname maxSkew 3, zone maxSkew 5); raw = Σ log(domains + 2)·(count in the node's
//   domain + maxSkew − 1), score = 100·(max + min − raw)/max.
// - InterPodAffinity: −Σ preferred anti-affinity weight × pods of the other service in the
//   node's domain, min-max normalised.
// Not modelled: percentageOfNodesToScore (all nodes are scored), preemption, volumes, ports.

import { Rng } from '../../kernels/reference/rng.js';
import type { CompiledProblem } from '../compile.js';
import type { SolverOptions, SolverResult } from '../solvers/types.js';
import { Packer, priorityOrder } from './packer.js';

/** The NodeResourcesFit scoring strategy. */
export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

/** kube-scheduler's default score-plugin weights for the plugins modelled here. */
export const DEFAULT_PLUGIN_WEIGHTS = Object.freeze({
  NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1, TaintToleration: 3, NodeAffinity: 2, PodTopologySpread: 2, InterPodAffinity: 2,
});

const W = DEFAULT_PLUGIN_WEIGHTS;

function normaliseMax(raw: Float64Array, out: Float64Array, count: number, weight: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (raw[i] > max) max = raw[i];
  for (let i = 0; i < count; i++) out[i] += weight * (max === 0 ? (reverse ? 100 : 0) : reverse ? 100 - (raw[i] * 100) / max : (raw[i] * 100) / max);
}

/** Places every pod kube-scheduler style; `strategy` picks the NodeResourcesFit scorer. */
export function kubeGreedy(pr: CompiledProblem, strategy: ScoringStrategy, seed: number): SolverResult {
  const { N, R } = pr;
  const pk = new Packer(pr);
  const rng = new Rng(seed, 1);
  const feasible = new Int32Array(N);
  const score = new Float64Array(N);
  const raw = new Float64Array(N);
  const zoneDomains = pr.domainCount[2];
  for (const p of priorityOrder(pr)) {
    let count = 0;
    for (let n = 0; n < N; n++) if (pk.blockers(p, n) === 0) feasible[count++] = n;
    if (count === 0) { pk.recordBlocked(p); continue; }
    const s = pr.podService[p];
    score.fill(0);
    for (let i = 0; i < count; i++) {
      const n = feasible[i];
      let fit = 0;
      let f0 = 0;
      let f1 = 0;
      for (let r = 0; r < 2 && r < R; r++) {
        const cap = pr.nodeCap[n * R + r];
        const req = pk.used[n * R + r] + pr.podReq[p * R + r];
        const frac = cap > 0 ? Math.min(1, req / cap) : 1;
        fit += strategy === 'LeastAllocated' ? (1 - frac) * 100 : frac * 100;
        if (r === 0) f0 = frac; else f1 = frac;
      }
      score[i] += W.NodeResourcesFit * (fit / 2) + W.NodeResourcesBalancedAllocation * (1 - Math.abs(f0 - f1) / 2) * 100;
    }
    for (let i = 0; i < count; i++) raw[i] = pr.preferTaints[s * N + feasible[i]];
    normaliseMax(raw, score, count, W.TaintToleration, true);
    for (let i = 0; i < count; i++) raw[i] = pr.preferAffinity[s * N + feasible[i]];
    normaliseMax(raw, score, count, W.NodeAffinity, false);

    let hasSpread = false;
    for (let i = 0; i < count; i++) raw[i] = 0;
    for (let j = pr.spreadPtr[s]; j < pr.spreadPtr[s + 1]; j++) {
      const k = pr.spreadIdx[j];
      hasSpread = true;
      if (pr.spreadHard[k] === 1) continue;
      const w = Math.log(pr.spreadDomains[k] + 2);
      for (let i = 0; i < count; i++) raw[i] += w * (pk.count(s, pr.spreadLevel[k], feasible[i]) + pr.spreadMaxSkew[k] - 1);
    }
    if (!hasSpread) {
      for (let i = 0; i < count; i++) {
        raw[i] = Math.log(N + 2) * (pk.count(s, 0, feasible[i]) + 2) + Math.log(zoneDomains + 2) * (pk.count(s, 2, feasible[i]) + 4);
      }
    }
    let max = 0;
    let min = Infinity;
    for (let i = 0; i < count; i++) { max = Math.max(max, raw[i]); min = Math.min(min, raw[i]); }
    for (let i = 0; i < count; i++) score[i] += W.PodTopologySpread * (max === 0 ? 100 : (100 * (max + min - raw[i])) / max);

    let any = false;
    for (let i = 0; i < count; i++) raw[i] = 0;
    for (let j = pr.antiPtr[s]; j < pr.antiPtr[s + 1]; j++) {
      const k = pr.antiIdx[j];
      if (pr.antiHard[k] === 1) continue;
      any = true;
      const other = pr.antiA[k] === s ? pr.antiB[k] : pr.antiA[k];
      for (let i = 0; i < count; i++) raw[i] -= 100 * pr.antiWeight[k] * pk.count(other, pr.antiLevel[k], feasible[i]);
    }
    if (any) {
      max = -Infinity;
      min = Infinity;
      for (let i = 0; i < count; i++) { max = Math.max(max, raw[i]); min = Math.min(min, raw[i]); }
      if (max > min) for (let i = 0; i < count; i++) score[i] += (W.InterPodAffinity * 100 * (raw[i] - min)) / (max - min);
    }

    let best = -1;
    let ties = 0;
    for (let i = 0; i < count; i++) {
      if (best < 0 || score[i] > score[best] + 1e-9) { best = i; ties = 1; }
      else if (Math.abs(score[i] - score[best]) <= 1e-9 && rng.below(++ties) === 0) best = i;
    }
    pk.place(p, feasible[best]);
  }
  return pk.result({ strategy });
}

/** Solver 'greedy': the kube-scheduler default (LeastAllocated), or `params.strategy`. */
export async function greedySolver(pr: CompiledProblem, options: SolverOptions): Promise<SolverResult> {
  const strategy = options.params.strategy ?? 'LeastAllocated';
  if (strategy !== 'LeastAllocated' && strategy !== 'MostAllocated') {
    throw new RangeError(`options.params.strategy must be one of 'LeastAllocated', 'MostAllocated', got ${JSON.stringify(strategy)}`);
  }
  return kubeGreedy(pr, strategy, options.seed);
}

/** Solver 'greedy-most': the same with MostAllocated (bin-packing) scoring. */
export async function greedyMostSolver(pr: CompiledProblem, options: SolverOptions): Promise<SolverResult> {
  return kubeGreedy(pr, 'MostAllocated', options.seed);
}
