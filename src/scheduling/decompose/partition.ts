// Splitting a large problem into parts that can be solved independently:
//
//   services  groups closed under required and preferred anti-affinity references (a term may
//             only name services of its own part), then by namespace (the name's prefix before
//             '/', when there is one), then by call-graph community: weighted label propagation
//             over the symmetrised call graph (fixed visiting order, ties to the smaller label,
//             at most 20 rounds), so heavy callers and callees land together. Communities are
//             packed first-fit-decreasing into parts of at most `maxPartPods` pods; a community
//             larger than that is cut along its BFS order.
//   nodes     every node goes to exactly one part. Nodes offering an extended resource (GPUs)
//             go to the parts that request it, in proportion to their request; the rest are
//             dealt zone by zone (round robin over zones, so every part sees every zone and
//             zone spread stays satisfiable) to the part whose capacity share lags its demand
//             share the most (demand = mean of its cpu and memory shares).
// Deterministic: no randomness, ties broken by index.

import { quantityUnits } from '../quantity.js';
import type { Cluster, ClusterNode, Workload } from '../types.js';
import { ZONE_LABEL } from '../types.js';

/** One independent part: a sub-cluster and a sub-workload (edges inside the part only). */
export interface Part {
  readonly cluster: Cluster;
  readonly workload: Workload;
  readonly pods: number;
}

/** Options of partitionProblem. */
export interface PartitionOptions {
  /** Most pods per part. Default 500. */
  readonly maxPartPods?: number;
}

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) { this.parent = Int32Array.from({ length: n }, (_, i) => i); }
  find(x: number): number { while (this.parent[x] !== x) { this.parent[x] = this.parent[this.parent[x]]; x = this.parent[x]; } return x; }
  union(a: number, b: number): void { const x = this.find(a); const y = this.find(b); if (x !== y) this.parent[Math.max(x, y)] = Math.min(x, y); }
}

const namespaceOf = (name: string) => (name.includes('/') ? name.slice(0, name.indexOf('/')) : '');

/** Service groups (indices into workload.services), each a call-graph community closed under anti-affinity. */
export function serviceGroups(workload: Workload, maxPartPods: number): number[][] {
  const S = workload.services.length;
  const index = new Map(workload.services.map((s, i) => [s.name, i]));
  const uf = new UnionFind(S);
  workload.services.forEach((s, i) => {
    for (const t of [...(s.podAntiAffinity?.required ?? []), ...(s.podAntiAffinity?.preferred ?? [])]) {
      for (const other of t.services ?? []) uf.union(i, index.get(other) as number);
    }
  });
  // Symmetric weighted adjacency within a namespace.
  const adj: Map<number, number>[] = Array.from({ length: S }, () => new Map());
  for (const e of workload.edges ?? []) {
    const a = index.get(e.from) as number;
    const b = index.get(e.to) as number;
    if (a === b || e.weight <= 0 || namespaceOf(e.from) !== namespaceOf(e.to)) continue;
    adj[a].set(b, (adj[a].get(b) ?? 0) + e.weight);
    adj[b].set(a, (adj[b].get(a) ?? 0) + e.weight);
  }
  const label = Int32Array.from({ length: S }, (_, i) => uf.find(i));
  const members = new Map<number, number[]>();
  for (let i = 0; i < S; i++) { const r = uf.find(i); const m = members.get(r) ?? []; m.push(i); members.set(r, m); }
  const size = (i: number) => workload.services[i].replicas;
  for (let round = 0; round < 20; round++) {
    let changed = false;
    const labelPods = new Map<number, number>();
    for (let i = 0; i < S; i++) labelPods.set(label[i], (labelPods.get(label[i]) ?? 0) + size(i));
    for (let i = 0; i < S; i++) {
      if (uf.find(i) !== i && label[i] !== label[uf.find(i)]) { label[i] = label[uf.find(i)]; changed = true; continue; }
      const score = new Map<number, number>();
      for (const [j, w] of adj[i]) score.set(label[j], (score.get(label[j]) ?? 0) + w);
      let best = label[i];
      let bestW = score.get(best) ?? 0;
      for (const [l, w] of score) {
        // Do not grow a community past a part's size.
        if (l !== label[i] && (labelPods.get(l) ?? 0) + size(i) > maxPartPods) continue;
        if (w > bestW || (w === bestW && l < best)) { best = l; bestW = w; }
      }
      if (best !== label[i]) {
        // Anti-affinity groups move as one.
        for (const k of members.get(uf.find(i)) as number[]) {
          labelPods.set(label[k], (labelPods.get(label[k]) ?? 0) - size(k));
          labelPods.set(best, (labelPods.get(best) ?? 0) + size(k));
          label[k] = best;
        }
        changed = true;
      }
    }
    if (!changed) break;
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < S; i++) {
    const key = `${namespaceOf(workload.services[i].name)}\u0000${label[i]}`;
    const g = groups.get(key) ?? [];
    g.push(i);
    groups.set(key, g);
  }
  // Cut communities larger than a part (anti-affinity groups are never cut).
  const out: number[][] = [];
  for (const g of groups.values()) {
    let pods = 0;
    for (const i of g) pods += size(i);
    if (pods <= maxPartPods) { out.push(g); continue; }
    const units = new Map<number, number[]>();
    for (const i of g) { const r = uf.find(i); const u = units.get(r) ?? []; u.push(i); units.set(r, u); }
    let cur: number[] = [];
    let curPods = 0;
    for (const u of units.values()) {
      const up = u.reduce((a, i) => a + size(i), 0);
      if (curPods > 0 && curPods + up > maxPartPods) { out.push(cur); cur = []; curPods = 0; }
      cur.push(...u);
      curPods += up;
    }
    if (cur.length > 0) out.push(cur);
  }
  return out;
}

function amount(q: string | number | undefined, r: string): number {
  return q === undefined ? 0 : quantityUnits(r, q, r);
}

/** Splits the problem into parts with disjoint services and disjoint nodes. */
export function partitionProblem(cluster: Cluster, workload: Workload, options: PartitionOptions = {}): Part[] {
  const maxPartPods = options.maxPartPods ?? 500;
  const groups = serviceGroups(workload, maxPartPods);
  // Pack the groups first-fit decreasing into parts.
  const podsOf = (g: number[]) => g.reduce((a, i) => a + workload.services[i].replicas, 0);
  const sorted = groups.map((g) => ({ g, pods: podsOf(g) })).sort((a, b) => b.pods - a.pods || a.g[0] - b.g[0]);
  const bins: { services: number[]; pods: number }[] = [];
  for (const { g, pods } of sorted) {
    const bin = bins.find((b) => b.pods + pods <= maxPartPods);
    if (bin !== undefined) { bin.services.push(...g); bin.pods += pods; } else bins.push({ services: [...g], pods });
  }
  const K = bins.length;
  if (K <= 1) return [{ cluster, workload, pods: bins[0]?.pods ?? 0 }];

  // Demand per part: cpu and memory shares, and extended resources.
  const total = { cpu: 0, memory: 0 };
  for (const n of cluster.nodes) { total.cpu += amount(n.allocatable.cpu, 'cpu'); total.memory += amount(n.allocatable.memory, 'memory'); }
  const extended = new Set<string>();
  for (const s of workload.services) for (const r of Object.keys(s.requests ?? {})) if (r !== 'cpu' && r !== 'memory') extended.add(r);
  const demand = bins.map((b) => {
    let cpu = 0, mem = 0;
    const ext = new Map<string, number>();
    for (const i of b.services) {
      const s = workload.services[i];
      cpu += s.replicas * amount(s.requests?.cpu, 'cpu');
      mem += s.replicas * amount(s.requests?.memory, 'memory');
      for (const r of extended) ext.set(r, (ext.get(r) ?? 0) + s.replicas * amount(s.requests?.[r], r));
    }
    return { share: ((total.cpu > 0 ? cpu / total.cpu : 0) + (total.memory > 0 ? mem / total.memory : 0)) / 2, ext };
  });
  const owner = new Int32Array(cluster.nodes.length).fill(-1);
  const got = new Float64Array(K);
  const nodeShare = (n: ClusterNode) => ((total.cpu > 0 ? amount(n.allocatable.cpu, 'cpu') / total.cpu : 0) + (total.memory > 0 ? amount(n.allocatable.memory, 'memory') / total.memory : 0)) / 2;
  for (const r of [...extended].sort()) {
    const holders = cluster.nodes.map((n, i) => i).filter((i) => owner[i] < 0 && amount(cluster.nodes[i].allocatable[r], r) > 0);
    const want = demand.map((d) => d.ext.get(r) ?? 0);
    const sum = want.reduce((a, b) => a + b, 0);
    if (sum === 0) continue;
    const have = new Float64Array(K);
    const cap = holders.reduce((a, i) => a + amount(cluster.nodes[i].allocatable[r], r), 0);
    for (const i of holders) {
      let best = -1;
      let lag = -Infinity;
      for (let k = 0; k < K; k++) {
        if (want[k] === 0) continue;
        const l = want[k] / sum - have[k] / cap;
        if (l > lag) { lag = l; best = k; }
      }
      owner[i] = best;
      have[best] += amount(cluster.nodes[i].allocatable[r], r);
      got[best] += nodeShare(cluster.nodes[i]);
    }
  }
  // The rest, zone by zone.
  const byZone = new Map<string, number[]>();
  cluster.nodes.forEach((n, i) => {
    if (owner[i] >= 0) return;
    const z = n.labels?.[ZONE_LABEL] ?? '';
    const l = byZone.get(z) ?? [];
    l.push(i);
    byZone.set(z, l);
  });
  const zones = [...byZone.values()];
  const order: number[] = [];
  for (let k = 0; order.length < zones.reduce((a, z) => a + z.length, 0); k++) for (const z of zones) if (k < z.length) order.push(z[k]);
  const sumShare = demand.reduce((a, d) => a + d.share, 0) || 1;
  for (const i of order) {
    let best = 0;
    let lag = -Infinity;
    for (let k = 0; k < K; k++) {
      const l = demand[k].share / sumShare - got[k];
      if (l > lag + 1e-15) { lag = l; best = k; }
    }
    owner[i] = best;
    got[best] += nodeShare(cluster.nodes[i]);
  }
  return bins.map((b, k) => {
    const names = new Set(b.services.map((i) => workload.services[i].name));
    const nodes = cluster.nodes.filter((_, i) => owner[i] === k);
    return {
      cluster: { ...cluster, nodes: nodes.length > 0 ? nodes : [cluster.nodes[0]] },
      workload: { services: b.services.sort((x, y) => x - y).map((i) => workload.services[i]), edges: (workload.edges ?? []).filter((e) => names.has(e.from) && names.has(e.to)) },
      pods: b.pods,
    };
  });
}
