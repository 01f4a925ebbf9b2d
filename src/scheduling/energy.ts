// The placement energy H = λ1·R + λ2·L + λ3·F + μ·C, evaluated in full from an assignment
// (pod → node index, -1 = unplaced). This is the oracle: state.ts keeps the same terms
// incrementally and the property tests hold the two together. Definitions:
//
//   R = Σ_{used n} [ cost_n + Σ_{r: cap_nr > 0} (1 − used_nr / cap_nr)² ]
//       The (cap − used)²/cap divided once more by cap, so every resource is unitless
//       in [0, 1] per node and cpu, memory and GPUs weigh alike; cost_n is the node-cost term
//       (normalised to mean 1, so by default each used node costs 1).
//   L = Σ_{pairs {s,t}} W'_st · mean_{i∈s, j∈t} d(node_i, node_j)
//       W' = (w(s→t) + w(t→s)) / mean pair weight; with replicas the pair's cost is the mean
//       over all |s|·|t| pod pairs (a caller's requests spread evenly over the callee's
//       replicas). A self-loop averages over all ordered pairs of the service's own pods,
//       including i = j (which adds the constant d_node/|s|). d is latency f64[5] by the
//       closest shared level: same node, rack, zone, region, else cross region.
//   F = Σ_{critical s} Σ_{level ∈ node, rack, zone} Σ_D n_s(D)²  +  Σ_{level ∈ node, zone} φ_level Σ_D W(D)²
//       W(D) = the services with every pod in domain D (a one-replica service is always whole
//       somewhere): what one failure of D takes down entirely, the evaluator's blast radius.
//       Both levels count every service: a zone failure takes its one-pod services whatever
//       the placement, but how many of them share the worst zone is the placement's doing
//       (counting multi-pod services only, pimc piled the one-pod ones into one zone and lost
//       ~54% of services to one zone failure against the greedy's ~12%). The first part spreads
//       critical replicas; the second (weights.exposure, zoneExposure) keeps every
//       multi-replica service out of a single node and zone and spreads the services that are
//       whole somewhere (one-replica services above all) evenly over nodes and zones, Σ W² being
//       the smooth stand-in for the worst domain's W (minimised, for a fixed number of whole
//       services, by an even spread). A service with an unplaced pod is whole nowhere. The price
//       is latency: zone-balanced services call across zones more (types.ts Weights.zoneExposure
//       has the measured trade-off). A max_D W term on zones was tried too (incremental with a
//       histogram of zones by W) and measured no better than Σ W², so it is not kept.
//   C = Chard + Csoft, where (per unit of violation, times `penalties`)
//       Chard = capacity   Σ_{n,r: used > cap} (1 + (used − cap)·invCap)
//             + taint / nodeAffinity / spread(missing topology label)  per pod on a node its
//               filters reject (a pod too big for the node alone shows up as capacity)
//             + antiAffinity  Σ_hard terms conflicting pod pairs (constraints.ts)
//             + spread        Σ_hard constraints max(0, max − min − maxSkew)
//             + unplaced      per pod with no node
//       Csoft = soft · ( Σ_pods softNode + Σ_soft anti terms weight·pairs + Σ_soft spread
//               excess + Σ_{s, n} max(0, n_s(n) − pdbMaxPerNode_s) )
//       The PodDisruptionBudget reads as drain safety: draining one node must not take more
//       pods of a service than its budget allows; a preference, so it is soft.
//
// Resource amounts are integers (quantity.ts), so used/over are exact in float64. Summation
// order here: nodes ascending then resources; services ascending then CSR order; terms
// ascending. state.ts sums in move order, so totals agree to rounding (tests: 1e-9 relative).

import type { CompiledProblem } from './compile.js';
import { PENALTY_AFFINITY, PENALTY_ANTI, PENALTY_CAPACITY, PENALTY_SOFT, PENALTY_SPREAD, PENALTY_TAINT, PENALTY_UNPLACED, REASON_AFFINITY, REASON_TAINT, REASON_TOPOLOGY } from './compile.js';
import type { EnergyBreakdown } from './types.js';

/** Latency between two nodes by their closest shared level of the hierarchy (levels 0..3). */
export function nodeDistance(pr: CompiledProblem, a: number, b: number): number {
  const N = pr.N;
  if (a === b) return pr.latency[0];
  if (pr.domainOf[N + a] === pr.domainOf[N + b]) return pr.latency[1];
  if (pr.domainOf[2 * N + a] === pr.domainOf[2 * N + b]) return pr.latency[2];
  if (pr.domainOf[3 * N + a] === pr.domainOf[3 * N + b]) return pr.latency[3];
  return pr.latency[4];
}

/** The hard-filter penalty of pod p on node n (0 when the mask allows it). */
export function filterPenalty(pr: CompiledProblem, p: number, n: number): number {
  const bits = pr.reasons[p * pr.N + n];
  if (bits === 0) return 0;
  let sum = 0;
  if ((bits & REASON_TAINT) !== 0) sum += pr.penalties[PENALTY_TAINT];
  if ((bits & REASON_AFFINITY) !== 0) sum += pr.penalties[PENALTY_AFFINITY];
  if ((bits & REASON_TOPOLOGY) !== 0) sum += pr.penalties[PENALTY_SPREAD];
  return sum;
}

/** Per-(service, domain) pod counts at every level, laid out as `countOffset` says. */
export function domainCounts(pr: CompiledProblem, assignment: Int32Array): Int32Array {
  const cnt = new Int32Array(pr.countOffset[pr.LV]);
  for (let p = 0; p < pr.P; p++) {
    const n = assignment[p];
    if (n < 0) continue;
    const s = pr.podService[p];
    for (let l = 0; l < pr.LV; l++) {
      const d = pr.domainOf[l * pr.N + n];
      if (d >= 0) cnt[pr.countOffset[l] + s * pr.domainCount[l] + d]++;
    }
  }
  return cnt;
}

/** The levels of the exposure term: node and zone. */
export const EXPOSURE_LEVELS = [0, 2] as const;

/** W(D) for the node domains, then the zone domains: services with every pod in D. */
export function wholeCounts(pr: CompiledProblem, cnt: Int32Array): Int32Array {
  const D0 = pr.domainCount[0];
  const whole = new Int32Array(D0 + pr.domainCount[2]);
  for (let s = 0; s < pr.S; s++) {
    const size = pr.serviceStart[s + 1] - pr.serviceStart[s];
    if (size === 0) continue;
    for (const l of EXPOSURE_LEVELS) {
      const base = pr.countOffset[l] + s * pr.domainCount[l];
      const off = l === 0 ? 0 : D0;
      for (let d = 0; d < pr.domainCount[l]; d++) if (cnt[base + d] === size) whole[off + d]++;
    }
  }
  return whole;
}

/** Spread excess max(0, max − min − maxSkew) of constraint k over its eligible domains. */
export function spreadExcess(pr: CompiledProblem, cnt: Int32Array, k: number): number {
  if (pr.spreadDomains[k] === 0) return 0;
  const l = pr.spreadLevel[k];
  const base = pr.countOffset[l] + pr.spreadService[k] * pr.domainCount[l];
  let max = -1;
  let min = 0x7fffffff;
  for (let d = 0; d < pr.domainCount[l]; d++) {
    if (pr.spreadElig[pr.spreadEligOffset[k] + d] === 0) continue;
    const c = cnt[base + d];
    if (c > max) max = c;
    if (c < min) min = c;
  }
  return Math.max(0, max - min - pr.spreadMaxSkew[k]);
}

/** Conflicting pod pairs of anti-affinity term k. */
export function antiPairs(pr: CompiledProblem, cnt: Int32Array, k: number): number {
  const l = pr.antiLevel[k];
  const D = pr.domainCount[l];
  const a = pr.countOffset[l] + pr.antiA[k] * D;
  const b = pr.countOffset[l] + pr.antiB[k] * D;
  let pairs = 0;
  for (let d = 0; d < D; d++) pairs += a === b ? (cnt[a + d] * (cnt[a + d] - 1)) / 2 : cnt[a + d] * cnt[b + d];
  return pairs;
}

/** The full energy breakdown of an assignment (pod → node, -1 = unplaced). */
export function evaluate(pr: CompiledProblem, assignment: Int32Array): EnergyBreakdown {
  const { P, N, R, S } = pr;
  const pen = pr.penalties;
  const used = new Float64Array(N * R);
  const podsOn = new Int32Array(N);
  let unplaced = 0;
  let filters = 0;
  let softNodes = 0;
  for (let p = 0; p < P; p++) {
    const n = assignment[p];
    if (n < 0) { unplaced++; continue; }
    podsOn[n]++;
    for (let r = 0; r < R; r++) used[n * R + r] += pr.podReq[p * R + r];
    filters += filterPenalty(pr, p, n);
    softNodes += pr.softNode[pr.podService[p] * N + n];
  }
  let Rterm = 0;
  let over = 0;
  let nodesUsed = 0;
  for (let n = 0; n < N; n++) {
    if (podsOn[n] === 0) continue;
    nodesUsed++;
    let frag = pr.nodeCost[n];
    for (let r = 0; r < R; r++) {
      const cap = pr.nodeCap[n * R + r];
      const u = used[n * R + r];
      if (cap > 0) frag += (1 - u / cap) * (1 - u / cap);
      if (u > cap) over += 1 + (u - cap) * pr.invCap[n * R + r];
    }
    Rterm += frag;
  }

  let L = 0;
  for (let s = 0; s < S; s++) {
    for (let e = pr.graphPtr[s]; e < pr.graphPtr[s + 1]; e++) {
      const t = pr.graphCol[e];
      if (t < s) continue;
      let sum = 0;
      for (let i = pr.serviceStart[s]; i < pr.serviceStart[s + 1]; i++) {
        if (assignment[i] < 0) continue;
        for (let j = pr.serviceStart[t]; j < pr.serviceStart[t + 1]; j++) {
          if (assignment[j] >= 0) sum += nodeDistance(pr, assignment[i], assignment[j]);
        }
      }
      L += pr.graphCoef[e] * sum;
    }
  }

  const cnt = domainCounts(pr, assignment);
  let F = 0;
  for (let s = 0; s < S; s++) {
    if (pr.critical[s] === 0) continue;
    for (let l = 0; l < 3; l++) {
      const base = pr.countOffset[l] + s * pr.domainCount[l];
      for (let d = 0; d < pr.domainCount[l]; d++) F += cnt[base + d] * cnt[base + d];
    }
  }
  const whole = wholeCounts(pr, cnt);
  let W0 = 0;
  let W2 = 0;
  for (let d = 0; d < whole.length; d++) {
    if (d < pr.domainCount[0]) W0 += whole[d] * whole[d];
    else W2 += whole[d] * whole[d];
  }
  F += pr.weights[4] * W0 + pr.weights[5] * W2;

  let antiHard = 0;
  let antiSoft = 0;
  for (let k = 0; k < pr.antiA.length; k++) {
    const v = pr.antiWeight[k] * antiPairs(pr, cnt, k);
    if (pr.antiHard[k] === 1) antiHard += v; else antiSoft += v;
  }
  let spreadHard = 0;
  let spreadSoft = 0;
  for (let k = 0; k < pr.spreadService.length; k++) {
    const v = spreadExcess(pr, cnt, k);
    if (pr.spreadHard[k] === 1) spreadHard += v; else spreadSoft += v;
  }
  let pdb = 0;
  for (let s = 0; s < S; s++) {
    const m = pr.pdbMaxPerNode[s];
    if (m === 0) continue;
    for (let n = 0; n < N; n++) pdb += Math.max(0, cnt[s * N + n] - m);
  }
  const Chard = pen[PENALTY_CAPACITY] * over + filters + pen[PENALTY_ANTI] * antiHard + pen[PENALTY_SPREAD] * spreadHard + pen[PENALTY_UNPLACED] * unplaced;
  const Csoft = pen[PENALTY_SOFT] * (softNodes + antiSoft + spreadSoft + pdb);
  const C = Chard + Csoft;
  const w = pr.weights;
  return { H: w[0] * Rterm + w[1] * L + w[2] * F + w[3] * C, R: Rterm, L, F, C, Chard, nodesUsed, unplaced };
}
