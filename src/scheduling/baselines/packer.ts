// The state a constructive baseline builds pod by pod: resources used per node and pod counts per
// (service, domain), with the hard filters a pod must pass on a node given what is already
// placed. The filters are those of kube-scheduler: the static mask (taints, node affinity, fit
// on the empty node, topology label), NodeResourcesFit against current usage, InterPodAffinity's
// required anti-affinity (both directions) and PodTopologySpread's DoNotSchedule rule
// cnt(domain) + 1 − min over eligible domains ≤ maxSkew. A baseline that finds no node for a
// pod records which of these blocked it on how many nodes, like kube-scheduler's
// "0/40 nodes are available: 3 Insufficient cpu, 5 node(s) had untolerated taint".

import type { CompiledProblem } from '../compile.js';
import { REASON_AFFINITY, REASON_RESOURCES, REASON_TAINT, REASON_TOPOLOGY } from '../compile.js';
import type { SolverResult } from '../solvers/types.js';

/** Blocker bits beyond the static REASON_* bits. */
export const BLOCK_RESOURCES = 16;
export const BLOCK_ANTI = 32;
export const BLOCK_SPREAD = 64;

/** A partial assignment with the aggregates the filters need. */
export class Packer {
  readonly pr: CompiledProblem;
  readonly assignment: Int32Array;
  readonly used: Float64Array;
  readonly podsOn: Int32Array;
  readonly cnt: Int32Array;
  readonly blocked: { pod: number; reasons: Record<string, number> }[] = [];

  constructor(pr: CompiledProblem) {
    this.pr = pr;
    this.assignment = new Int32Array(pr.P).fill(-1);
    this.used = new Float64Array(pr.N * pr.R);
    this.podsOn = new Int32Array(pr.N);
    this.cnt = new Int32Array(pr.countOffset[pr.LV]);
  }

  /** Count of service s in node n's domain at level l (0 when the node lacks the key). */
  count(s: number, l: number, n: number): number {
    const d = this.pr.domainOf[l * this.pr.N + n];
    return d < 0 ? 0 : this.cnt[this.pr.countOffset[l] + s * this.pr.domainCount[l] + d];
  }

  /** Minimum count of spread constraint k's service over its eligible domains. */
  spreadMin(k: number): number {
    const pr = this.pr;
    const l = pr.spreadLevel[k];
    const base = pr.countOffset[l] + pr.spreadService[k] * pr.domainCount[l];
    let min = 0x7fffffff;
    for (let d = 0; d < pr.domainCount[l]; d++) {
      if (pr.spreadElig[pr.spreadEligOffset[k] + d] === 1 && this.cnt[base + d] < min) min = this.cnt[base + d];
    }
    return min;
  }

  /** Blocker bits of pod p on node n given the pods placed so far (0 = it may go there). */
  blockers(p: number, n: number): number {
    const pr = this.pr;
    const N = pr.N;
    const R = pr.R;
    let bits = pr.reasons[p * N + n];
    if (bits !== 0) return bits;
    for (let r = 0; r < R; r++) {
      if (this.used[n * R + r] + pr.podReq[p * R + r] > pr.nodeCap[n * R + r]) { bits |= BLOCK_RESOURCES; break; }
    }
    const s = pr.podService[p];
    for (let i = pr.antiPtr[s]; i < pr.antiPtr[s + 1]; i++) {
      const k = pr.antiIdx[i];
      if (pr.antiHard[k] === 0) continue;
      const other = pr.antiA[k] === s ? pr.antiB[k] : pr.antiA[k];
      if (this.count(other, pr.antiLevel[k], n) > 0) { bits |= BLOCK_ANTI; break; }
    }
    for (let i = pr.spreadPtr[s]; i < pr.spreadPtr[s + 1]; i++) {
      const k = pr.spreadIdx[i];
      if (pr.spreadHard[k] === 0) continue;
      if (this.count(s, pr.spreadLevel[k], n) + 1 - this.spreadMin(k) > pr.spreadMaxSkew[k]) { bits |= BLOCK_SPREAD; break; }
    }
    return bits;
  }

  /** Places pod p on node n (the caller checked the blockers). */
  place(p: number, n: number): void {
    const pr = this.pr;
    const s = pr.podService[p];
    this.assignment[p] = n;
    this.podsOn[n]++;
    for (let r = 0; r < pr.R; r++) this.used[n * pr.R + r] += pr.podReq[p * pr.R + r];
    for (let l = 0; l < pr.LV; l++) {
      const d = pr.domainOf[l * pr.N + n];
      if (d >= 0) this.cnt[pr.countOffset[l] + s * pr.domainCount[l] + d]++;
    }
  }

  /** Records why pod p fits nowhere: reason → number of nodes it rules out. */
  recordBlocked(p: number): void {
    const pr = this.pr;
    const reasons: Record<string, number> = {};
    const bump = (k: string) => { reasons[k] = (reasons[k] ?? 0) + 1; };
    for (let n = 0; n < pr.N; n++) {
      const bits = this.blockers(p, n);
      if ((bits & REASON_TAINT) !== 0) bump('untolerated taint');
      if ((bits & REASON_AFFINITY) !== 0) bump('node affinity/selector mismatch');
      if ((bits & REASON_RESOURCES) !== 0) bump('pod larger than the empty node');
      if ((bits & REASON_TOPOLOGY) !== 0) bump('missing topology label');
      if ((bits & BLOCK_RESOURCES) !== 0) {
        for (let r = 0; r < pr.R; r++) {
          if (this.used[n * pr.R + r] + pr.podReq[p * pr.R + r] > pr.nodeCap[n * pr.R + r]) bump(`insufficient ${pr.resourceNames[r]}`);
        }
      }
      if ((bits & BLOCK_ANTI) !== 0) bump('pod anti-affinity');
      if ((bits & BLOCK_SPREAD) !== 0) bump('topology spread (DoNotSchedule)');
    }
    this.blocked.push({ pod: p, reasons });
  }

  /** The result in the solver registry's shape. */
  result(stats: Record<string, number | string | boolean>): SolverResult {
    return { assignment: this.assignment, stats: { ...stats, unplaced: this.blocked.length }, blocked: this.blocked };
  }
}

/** Pods by priority (descending), then index: kube-scheduler's PrioritySort queue. */
export function priorityOrder(pr: CompiledProblem): Int32Array {
  const order = Array.from({ length: pr.P }, (_, p) => p);
  order.sort((a, b) => pr.priority[pr.podService[b]] - pr.priority[pr.podService[a]] || a - b);
  return Int32Array.from(order);
}
