// The static measures of a placement (no randomness): resource use and fragmentation,
// cross-zone traffic, and failure blast radius. All work on the compiled problem (integer
// resource units, dense topology ids) and a node index per pod (-1 = unplaced).
//
// Fragmentation, per resource r, over the nodes that hold at least one pod:
//   idle      Σ free_r / Σ cap_r: capacity paid for and not requested (1 − utilisation).
//   stranded  the share of that free capacity no pod of the workload could use: free_r on node n
//             counts as stranded when no service whose pods request r > 0 passes n's static
//             filters and fits n's free capacity in every resource (e.g. free cpu next to
//             exhausted memory, or free cpu on a tainted GPU node). This is the issue's
//             "share of free capacity on used nodes that is stranded".
//   gpuFgd    FGD-style GPU fragmentation (Weng et al., ATC'23), over every node with GPU
//             capacity, used or not: for each GPU task type m (a service requesting a resource
//             whose name contains "gpu") with popularity p_m (its share of GPU pods), the free
//             GPU of node n that m cannot use is all of it when m does not fit n, else the
//             remainder free mod req_m; gpuFgd = Σ_n Σ_m p_m·frag_n(m) / Σ_n free. We only know a
//             node's aggregate GPU amount, not per-device shares, so this is the aggregate
//             analogue of FGD's per-GPU rule.
// Cross-zone traffic: each edge's rate is spread evenly over caller × callee pod pairs (the same
// assumption as the energy's L term); the share of Σ rate whose pod pairs sit in different zones
// (or regions). Edges touching a service with no placed pod are left out.
// Blast radius: for each node and each zone failing alone, the share of services (with a placed
// pod) that lose every placed replica, the same share among critical services, and the pods to
// reschedule. Max and mean over the domains that hold a pod (failing an empty node costs nothing).

import type { CompiledProblem } from '../compile.js';
import type { Workload } from '../types.js';

/** Idle and stranded shares of one resource on the used nodes. */
export interface ResourceUse {
  readonly idle: number;
  readonly stranded: number;
}

/** Blast radius of one kind of failure (single node or single zone). */
export interface BlastRadius {
  /** Domains that hold at least one pod (the ones whose failure costs something). */
  readonly domains: number;
  readonly maxServicesLost: number;
  readonly meanServicesLost: number;
  /** The same shares among critical services (null when there are none). */
  readonly maxCriticalLost: number | null;
  readonly meanCriticalLost: number | null;
  readonly maxPods: number;
  readonly meanPods: number;
  /** The domain with the largest services-lost share (ties: most pods, then first). */
  readonly worst: string | null;
}

const isGpu = (name: string) => /gpu/i.test(name);

/** Idle and stranded shares per resource, and the FGD-style GPU fragmentation (null without GPU pods). */
export function resourceUse(pr: CompiledProblem, assignment: Int32Array): { byResource: Record<string, ResourceUse>; gpuFgd: number | null; used: Float64Array; podsOn: Int32Array } {
  const { P, N, R, S } = pr;
  const used = new Float64Array(N * R);
  const podsOn = new Int32Array(N);
  for (let p = 0; p < P; p++) {
    const n = assignment[p];
    if (n < 0) continue;
    podsOn[n]++;
    for (let r = 0; r < R; r++) used[n * R + r] += pr.podReq[p * R + r];
  }
  const fits = (s: number, n: number): boolean => {
    const p = pr.serviceStart[s];
    if (pr.mask[p * N + n] === 0) return false;
    for (let r = 0; r < R; r++) if (pr.podReq[p * R + r] > pr.nodeCap[n * R + r] - used[n * R + r]) return false;
    return true;
  };
  const byResource: Record<string, ResourceUse> = {};
  for (let r = 0; r < R; r++) {
    let cap = 0, free = 0, stranded = 0;
    for (let n = 0; n < N; n++) {
      if (podsOn[n] === 0 || pr.nodeCap[n * R + r] === 0) continue;
      const f = Math.max(0, pr.nodeCap[n * R + r] - used[n * R + r]);
      cap += pr.nodeCap[n * R + r];
      free += f;
      if (f === 0) continue;
      let usable = false;
      for (let s = 0; s < S && !usable; s++) {
        if (pr.serviceStart[s + 1] > pr.serviceStart[s] && pr.podReq[pr.serviceStart[s] * R + r] > 0) usable = fits(s, n);
      }
      if (!usable) stranded += f;
    }
    byResource[pr.resourceNames[r]] = { idle: cap > 0 ? free / cap : 0, stranded: free > 0 ? stranded / free : 0 };
  }

  let gpuFgd: number | null = null;
  for (let r = 0; r < R; r++) {
    if (!isGpu(pr.resourceNames[r])) continue;
    const types: number[] = [];
    let gpuPods = 0;
    for (let s = 0; s < S; s++) {
      const size = pr.serviceStart[s + 1] - pr.serviceStart[s];
      if (size > 0 && pr.podReq[pr.serviceStart[s] * R + r] > 0) { types.push(s); gpuPods += size; }
    }
    if (types.length === 0) continue;
    let free = 0, frag = 0;
    for (let n = 0; n < N; n++) {
      if (pr.nodeCap[n * R + r] === 0) continue;
      const f = Math.max(0, pr.nodeCap[n * R + r] - used[n * R + r]);
      free += f;
      for (const s of types) {
        const share = (pr.serviceStart[s + 1] - pr.serviceStart[s]) / gpuPods;
        const req = pr.podReq[pr.serviceStart[s] * R + r];
        frag += share * (fits(s, n) ? f % req : f);
      }
    }
    gpuFgd = free > 0 ? frag / free : 0;
    break; // the first GPU resource that GPU pods request (clusters have one GPU vendor in practice)
  }
  return { byResource, gpuFgd, used, podsOn };
}

/** Share of call-graph traffic (Σ edge rates) between pods in different zones. */
export function crossZoneTraffic(pr: CompiledProblem, workload: Workload, assignment: Int32Array): number {
  const N = pr.N;
  const index = new Map(pr.serviceNames.map((name, s) => [name, s]));
  const zoneCounts = (s: number): Map<number, number> => {
    const m = new Map<number, number>();
    for (let p = pr.serviceStart[s]; p < pr.serviceStart[s + 1]; p++) {
      if (assignment[p] < 0) continue;
      const z = pr.domainOf[2 * N + assignment[p]];
      m.set(z, (m.get(z) ?? 0) + 1);
    }
    return m;
  };
  const zones = pr.serviceNames.map((_, s) => zoneCounts(s));
  const placed = zones.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  let total = 0;
  let crossing = 0;
  for (const e of workload.edges ?? []) {
    const a = index.get(e.from) as number;
    const b = index.get(e.to) as number;
    if (e.weight <= 0 || placed[a] === 0 || placed[b] === 0) continue;
    let same = 0;
    for (const [z, c] of zones[a]) same += c * (zones[b].get(z) ?? 0);
    total += e.weight;
    crossing += e.weight * (1 - same / (placed[a] * placed[b]));
  }
  return total > 0 ? crossing / total : 0;
}

/** Blast radius of single failures at `level` (0 node, 2 zone) of the topology. */
export function blastRadius(pr: CompiledProblem, assignment: Int32Array, level: number): BlastRadius {
  const { N, S } = pr;
  const D = pr.domainCount[level];
  const pods = new Int32Array(D);
  const lost = new Float64Array(D);
  const lostCritical = new Float64Array(D);
  let services = 0;
  let criticals = 0;
  for (let s = 0; s < S; s++) {
    let only = -2;
    for (let p = pr.serviceStart[s]; p < pr.serviceStart[s + 1]; p++) {
      if (assignment[p] < 0) continue;
      const d = pr.domainOf[level * N + assignment[p]];
      pods[d]++;
      only = only === -2 || only === d ? d : -1;
    }
    if (only === -2) continue;
    services++;
    if (pr.critical[s] === 1) criticals++;
    if (only >= 0) {
      lost[only]++;
      if (pr.critical[s] === 1) lostCritical[only]++;
    }
  }
  let domains = 0, maxLost = 0, sumLost = 0, maxCrit = 0, sumCrit = 0, maxPods = 0, sumPods = 0, worst = -1;
  for (let d = 0; d < D; d++) {
    if (pods[d] === 0) continue;
    domains++;
    const share = lost[d] / services;
    const crit = criticals > 0 ? lostCritical[d] / criticals : 0;
    sumLost += share;
    sumCrit += crit;
    sumPods += pods[d];
    maxPods = Math.max(maxPods, pods[d]);
    maxCrit = Math.max(maxCrit, crit);
    if (worst < 0 || share > maxLost || (share === maxLost && pods[d] > pods[worst])) worst = d;
    maxLost = Math.max(maxLost, share);
  }
  const mean = (x: number) => (domains > 0 ? x / domains : 0);
  return {
    domains,
    maxServicesLost: maxLost,
    meanServicesLost: mean(sumLost),
    maxCriticalLost: criticals > 0 ? maxCrit : null,
    meanCriticalLost: criticals > 0 ? mean(sumCrit) : null,
    maxPods,
    meanPods: mean(sumPods),
    worst: worst >= 0 ? pr.domainNames[level][worst] : null,
  };
}
