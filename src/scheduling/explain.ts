// The filter and decode stages of schedule(): blocking constraints found before solving
// (a pod no node admits, a resource the whole cluster lacks, more replicas than domains under
// required self anti-affinity), and the translation of a solver's Int32Array back into names
// with per-pod explanations (each pod's share of R, L and F, the violations it is part of, and
// the nodes its static filters exclude and why). Shares sum over pods to the breakdown totals:
// R splits a node's term evenly over its pods; L gives each pod of a pair half of its pairs
// (a self-loop pod all of its own); F gives a pod its domain's count at each level.

import type { CompiledProblem } from './compile.js';
import { REASON_AFFINITY, REASON_RESOURCES, REASON_TAINT, REASON_TOPOLOGY } from './compile.js';
import { domainCounts, EXPOSURE_LEVELS, nodeDistance, wholeCounts } from './energy.js';
import { formatUnits } from './quantity.js';
import type { SolverResult } from './solvers/types.js';
import type { PodExplanation, Violation } from './types.js';

// Filter bit, key in PodExplanation.excluded, phrase in blocking details (as the baselines say it).
const REASON_NAMES: readonly [number, string, string][] = [
  [REASON_TAINT, 'taint', 'untolerated taint'],
  [REASON_AFFINITY, 'nodeAffinity', 'node affinity/selector mismatch'],
  [REASON_RESOURCES, 'resources', 'pod larger than the empty node'],
  [REASON_TOPOLOGY, 'topologyLabel', 'missing topology label'],
];

function summary(counts: Record<string, number>, N: number): string {
  const parts = Object.entries(counts).map(([k, v]) => `${v} ${k}`);
  return `0/${N} nodes are available: ${parts.join(', ')}`;
}

/** Problems that make a placement impossible before any solver runs (empty when none found). */
export function blockingConstraints(pr: CompiledProblem): Violation[] {
  const { N, R, S } = pr;
  const out: Violation[] = [];
  for (let s = 0; s < S; s++) {
    const p = pr.serviceStart[s];
    if (pr.serviceStart[s + 1] === p) continue;
    const counts: Record<string, number> = {};
    let allowed = 0;
    for (let n = 0; n < N; n++) if (pr.reasons[p * N + n] === 0) allowed++;
    if (allowed > 0) continue;
    for (const [bit, , phrase] of REASON_NAMES) {
      let k = 0;
      for (let n = 0; n < N; n++) if ((pr.reasons[p * N + n] & bit) !== 0) k++;
      if (k > 0) counts[phrase] = k;
    }
    out.push({ constraint: 'filter', service: pr.serviceNames[s], detail: summary(counts, N) });
  }
  for (let r = 0; r < R; r++) {
    let need = 0;
    let have = 0;
    for (let p = 0; p < pr.P; p++) need += pr.podReq[p * R + r];
    for (let n = 0; n < N; n++) have += pr.nodeCap[n * R + r];
    if (need > have) {
      const name = pr.resourceNames[r];
      out.push({ constraint: 'capacity', detail: `${name}: pods request ${formatUnits(need, name)} in total, the cluster has ${formatUnits(have, name)} allocatable` });
    }
  }
  for (let k = 0; k < pr.antiA.length; k++) {
    if (pr.antiHard[k] === 0 || pr.antiA[k] !== pr.antiB[k]) continue;
    const s = pr.antiA[k];
    const p = pr.serviceStart[s];
    const l = pr.antiLevel[k];
    const seen = new Set<number>();
    for (let n = 0; n < N; n++) if (pr.mask[p * N + n] === 1 && pr.domainOf[l * N + n] >= 0) seen.add(pr.domainOf[l * N + n]);
    const replicas = pr.serviceStart[s + 1] - p;
    if (replicas > seen.size) {
      out.push({ constraint: 'antiAffinity', service: pr.serviceNames[s], detail: `${replicas} replicas must not share ${pr.levelKeys[l]}, but only ${seen.size} such domains admit them` });
    }
  }
  return out;
}

/** One blocking entry per pod a solver left unplaced, with its per-reason node counts. */
export function unplacedBlocking(pr: CompiledProblem, result: SolverResult): Violation[] {
  const out: Violation[] = [];
  const explained = new Set<number>();
  for (const b of result.blocked ?? []) {
    explained.add(b.pod);
    out.push({ constraint: 'unplaced', pod: pr.podNames[b.pod], service: pr.serviceNames[pr.podService[b.pod]], detail: summary({ ...b.reasons }, pr.N) });
  }
  for (let p = 0; p < pr.P; p++) {
    if (result.assignment[p] < 0 && !explained.has(p)) {
      out.push({ constraint: 'unplaced', pod: pr.podNames[p], service: pr.serviceNames[pr.podService[p]], detail: 'the solver left this pod without a node' });
    }
  }
  return out;
}

/** Pod name → node name for the placed pods, and the names of the unplaced ones. */
export function decodeAssignment(pr: CompiledProblem, assignment: Int32Array): { assignment: Record<string, string>; unplaced: string[] } {
  const named: Record<string, string> = {};
  const unplaced: string[] = [];
  for (let p = 0; p < pr.P; p++) {
    if (assignment[p] >= 0) named[pr.podNames[p]] = pr.nodeNames[assignment[p]];
    else unplaced.push(pr.podNames[p]);
  }
  return { assignment: named, unplaced };
}

/** Per-pod explanations; `violations` are the checker's, matched to pods by pod, service or node. */
export function explainPods(pr: CompiledProblem, assignment: Int32Array, violations: readonly Violation[]): PodExplanation[] {
  const { P, N, R } = pr;
  const podsOn = new Int32Array(N);
  const used = new Float64Array(N * R);
  for (let p = 0; p < P; p++) {
    const n = assignment[p];
    if (n < 0) continue;
    podsOn[n]++;
    for (let r = 0; r < R; r++) used[n * R + r] += pr.podReq[p * R + r];
  }
  const nodeR = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    if (podsOn[n] === 0) continue;
    let frag = pr.nodeCost[n];
    for (let r = 0; r < R; r++) {
      const cap = pr.nodeCap[n * R + r];
      if (cap > 0) frag += (1 - used[n * R + r] / cap) ** 2;
    }
    nodeR[n] = frag;
  }
  const cnt = domainCounts(pr, assignment);
  const whole = wholeCounts(pr, cnt);
  const byPod = new Map<string, string[]>();
  const note = (key: string, v: Violation) => {
    const list = byPod.get(key) ?? [];
    list.push(`${v.soft === true ? 'soft ' : ''}${v.constraint}: ${v.detail}`);
    byPod.set(key, list);
  };
  for (const v of violations) {
    if (v.pod !== undefined) note(`pod:${v.pod}`, v);
    else if (v.service !== undefined) note(`service:${v.service}`, v);
    else if (v.node !== undefined) note(`node:${v.node}`, v);
  }
  const out: PodExplanation[] = [];
  for (let p = 0; p < P; p++) {
    const s = pr.podService[p];
    const n = assignment[p];
    let L = 0;
    let F = 0;
    if (n >= 0) {
      for (let e = pr.graphPtr[s]; e < pr.graphPtr[s + 1]; e++) {
        const t = pr.graphCol[e];
        let sum = 0;
        for (let j = pr.serviceStart[t]; j < pr.serviceStart[t + 1]; j++) if (assignment[j] >= 0) sum += nodeDistance(pr, n, assignment[j]);
        L += pr.graphCoef[e] * sum * (t === s ? 1 : 0.5);
      }
      if (pr.critical[s] === 1) {
        for (let l = 0; l < 3; l++) F += cnt[pr.countOffset[l] + s * pr.domainCount[l] + pr.domainOf[l * N + n]];
      }
      // Exposure: a service whole in D shares φ·W(D) among its pods (Σ over D's whole services = φ·W(D)²).
      const size = pr.serviceStart[s + 1] - pr.serviceStart[s];
      for (const l of EXPOSURE_LEVELS) {
        const d = pr.domainOf[l * N + n];
        if (cnt[pr.countOffset[l] + s * pr.domainCount[l] + d] === size) F += (pr.weights[l === 0 ? 4 : 5] * whole[(l === 0 ? 0 : pr.domainCount[0]) + d]) / size;
      }
    }
    const excluded: Record<string, string[]> = {};
    for (let m = 0; m < N; m++) {
      const bits = pr.reasons[p * N + m];
      for (const [bit, name] of REASON_NAMES) if ((bits & bit) !== 0) (excluded[name] ??= []).push(pr.nodeNames[m]);
    }
    const node = n >= 0 ? pr.nodeNames[n] : null;
    out.push({
      pod: pr.podNames[p],
      service: pr.serviceNames[s],
      node,
      terms: { R: n >= 0 ? nodeR[n] / podsOn[n] : 0, L, F },
      violations: [...(byPod.get(`pod:${pr.podNames[p]}`) ?? []), ...(byPod.get(`service:${pr.serviceNames[s]}`) ?? []), ...(node !== null ? byPod.get(`node:${node}`) ?? [] : [])],
      excluded,
    });
  }
  return out;
}
