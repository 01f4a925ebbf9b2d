// Seeded synthetic clusters and microservice workloads (every random thing takes a seed).
//
// The shape follows the Alibaba microservice traces (../shared/datasets/traces, v2021/v2022
// schema; Luo et al., SoCC'21): services (msname) with several instances (msinstanceid → our
// replicas), RPC edges between an upstream (um) and a downstream (dm) service carrying a call
// rate (MCR → our edge weight), entry services called from the gateway, stateless services in
// the middle and stateful-like memory-heavy leaves (the trace's MC/DB call targets). Call graphs
// in the trace are tree-like with heavy-tailed fan-out and a few very popular downstream
// services; we draw fan-out from a Pareto law (α = 1.5, capped at 10), pick callees by
// preferential attachment (popular services get more callers), and thread synchronous chains
// of 4–6 hops from entries down to a leaf. Rates start log-normal at the entries and propagate
// down the graph with a per-call factor. Cycles and self-loops occur, as in the trace.
//
// Clusters: a region of `zones` zones, racks per zone, nodes of mixed cloud-like shapes
// (general, compute, memory; allocatable a little under capacity) with costs in $/h, and
// optionally a few tainted GPU nodes. Requests are scaled so the workload asks for
// `utilisation` (default 0.5) of the cluster's cpu and memory, and no pod exceeds 45% of the
// smallest node, so every generated instance is feasible.

import { Rng } from '../kernels/reference/rng.js';
import { checkInteger, checkSeed } from '../validate.js';
import type { CallEdge, Cluster, ClusterNode, Service, Workload } from './types.js';
import { HOSTNAME_LABEL, RACK_LABEL, REGION_LABEL, ZONE_LABEL } from './types.js';

/** Options of `generateInstance`. */
export interface GenerateOptions {
  readonly pods: number;
  /** Default ceil(pods / 5). */
  readonly nodes?: number;
  /** Default 3. */
  readonly zones?: number;
  /** Default: about 6 nodes per rack. */
  readonly racksPerZone?: number;
  /** Add a few tainted GPU nodes and GPU services (whole and fractional shares). Default false. */
  readonly gpu?: boolean;
  /** Share of cluster cpu and memory the workload requests, in (0, 0.9]. Default 0.5. */
  readonly utilisation?: number;
  readonly seed?: number;
}

/** A generated problem. */
export interface Instance {
  readonly cluster: Cluster;
  readonly workload: Workload;
}

const NODE_TYPES = [
  { type: 'm.xlarge', cpu: 3920, mem: 14, cost: 0.192, share: 30 },
  { type: 'm.2xlarge', cpu: 7910, mem: 29, cost: 0.384, share: 25 },
  { type: 'c.2xlarge', cpu: 7910, mem: 14, cost: 0.34, share: 15 },
  { type: 'r.xlarge', cpu: 3920, mem: 29, cost: 0.252, share: 15 },
  { type: 'r.2xlarge', cpu: 7910, mem: 60, cost: 0.504, share: 15 },
] as const;
const GPU_TYPE = { type: 'g.xlarge', cpu: 3920, mem: 14, cost: 0.526 };
const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' } as const;

type Kind = 'cpu' | 'memory' | 'balanced';
interface Draft { name: string; replicas: number; kind: Kind; critical: boolean; cpu: number; mem: number; gpu: number }

function pick<T extends { share: number }>(rng: Rng, items: readonly T[]): T {
  let total = 0;
  for (const it of items) total += it.share;
  let x = rng.float() * total;
  for (const it of items) { x -= it.share; if (x < 0) return it; }
  return items[items.length - 1];
}

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.float();
}

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
}

function makeCluster(rng: Rng, count: number, zones: number, racksPerZone: number, gpuNodes: number): ClusterNode[] {
  const region = 'region-1';
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < count; i++) {
    const gpu = i >= count - gpuNodes;
    const t = gpu ? GPU_TYPE : pick(rng, NODE_TYPES);
    const z = i % zones;
    const rack = Math.floor(i / zones) % racksPerZone;
    const zone = `${region}${String.fromCharCode(97 + z)}`;
    const name = `node-${String(i).padStart(3, '0')}`;
    const allocatable: Record<string, string> = { cpu: `${t.cpu}m`, memory: `${t.mem}Gi` };
    if (gpu) allocatable['nvidia.com/gpu'] = '1';
    nodes.push({
      name,
      allocatable,
      labels: {
        [HOSTNAME_LABEL]: name, [RACK_LABEL]: `${zone}-rack-${rack}`, [ZONE_LABEL]: zone, [REGION_LABEL]: region,
        'node.kubernetes.io/instance-type': t.type, ...(gpu ? { accelerator: 'nvidia-t4' } : {}),
      },
      ...(gpu ? { taints: [GPU_TAINT] } : {}),
      cost: t.cost,
    });
  }
  return nodes;
}

function draftServices(rng: Rng, pods: number, gpuPods: number): Draft[] {
  const drafts: Draft[] = [];
  let left = pods;
  let gpuLeft = gpuPods;
  while (left > 0) {
    const critical = rng.float() < 0.15;
    let replicas = critical ? 3 + rng.below(4) : pick(rng, [{ r: 1, share: 35 }, { r: 2, share: 35 }, { r: 3, share: 20 }, { r: 4, share: 10 }]).r;
    replicas = Math.min(replicas, left);
    const kind: Kind = pick(rng, [{ k: 'cpu' as const, share: 40 }, { k: 'memory' as const, share: 30 }, { k: 'balanced' as const, share: 30 }]).k;
    const [cpu, mem] = kind === 'cpu' ? [uniform(rng, 500, 1500), uniform(rng, 0.25, 1)] : kind === 'memory' ? [uniform(rng, 100, 300), uniform(rng, 2, 6)] : [uniform(rng, 250, 750), uniform(rng, 0.5, 2)];
    let gpu = 0;
    if (gpuLeft > 0 && kind !== 'memory' && !critical) {
      gpu = rng.float() < 0.5 ? 1000 : 500;
      replicas = Math.min(replicas, gpuLeft);
      gpuLeft -= replicas;
    }
    drafts.push({ name: `ms-${String(drafts.length).padStart(4, '0')}`, replicas, kind, critical: critical && replicas >= 2, cpu, mem, gpu });
    left -= replicas;
  }
  return drafts;
}

function callGraph(rng: Rng, drafts: readonly Draft[]): CallEdge[] {
  const S = drafts.length;
  const order = Array.from({ length: S }, (_, i) => i);
  const leaves = order.filter((i) => drafts[i].kind === 'memory');
  const others = order.filter((i) => drafts[i].kind !== 'memory');
  const entryCount = Math.max(1, Math.round(others.length * 0.08));
  // With no cpu-heavy or balanced service (small workloads), the first service is the entry.
  const entries = others.length > 0 ? others.slice(0, entryCount) : order.slice(0, 1);
  const mids = others.slice(entryCount);
  const out: number[][] = Array.from({ length: S }, () => []);
  const indeg = new Float64Array(S);
  const link = (u: number, v: number) => { if (!out[u].includes(v)) { out[u].push(v); indeg[v]++; } };
  for (let c = 0; c < Math.max(1, Math.floor(S / 15)); c++) {
    let u = entries[c % entries.length];
    const hops = Math.min(mids.length, 4 + rng.below(3));
    const used = new Set<number>();
    for (let h = 0; h < hops; h++) {
      let v = mids[rng.below(mids.length)];
      for (let tries = 0; used.has(v) && tries < 8; tries++) v = mids[rng.below(mids.length)];
      if (used.has(v)) break;
      used.add(v);
      link(u, v);
      u = v;
    }
    if (leaves.length > 0) link(u, leaves[rng.below(leaves.length)]);
  }
  const targets = [...mids, ...leaves];
  for (const u of [...entries, ...mids]) {
    const degree = Math.min(10, Math.floor((1 - rng.float()) ** (-1 / 1.5)));
    for (let k = 0; k < degree && targets.length > 1; k++) {
      if (rng.float() < 0.02) { link(u, u); continue; }
      let total = 0;
      for (const v of targets) total += v === u ? 0 : indeg[v] + 1;
      let x = rng.float() * total;
      for (const v of targets) {
        if (v === u) continue;
        x -= indeg[v] + 1;
        if (x < 0) { link(u, v); break; }
      }
    }
  }
  const rate = new Float64Array(S);
  const seen = new Uint8Array(S);
  const queue: number[] = [];
  for (const e of entries) { rate[e] = Math.exp(5 + 0.8 * normal(rng)); seen[e] = 1; queue.push(e); }
  const edges: CallEdge[] = [];
  const weightOf = new Map<number, number>();
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q];
    for (const v of out[u]) {
      const w = Math.max(0.1, Math.round(rate[u] * uniform(rng, 0.3, 1.2) * 10) / 10);
      weightOf.set(u * S + v, w);
      rate[v] += w;
      if (seen[v] === 0) { seen[v] = 1; queue.push(v); }
    }
  }
  for (let u = 0; u < S; u++) {
    for (const v of out[u]) edges.push({ from: drafts[u].name, to: drafts[v].name, weight: weightOf.get(u * S + v) ?? Math.round(uniform(rng, 1, 10) * 10) / 10 });
  }
  return edges;
}

/** A seeded synthetic cluster and microservice workload with `pods` pods in total. */
export function generateInstance(options: GenerateOptions): Instance {
  const pods = checkInteger('options.pods', options.pods, 1, 100_000);
  const nodeCount = checkInteger('options.nodes', options.nodes ?? Math.ceil(pods / 5), 1, 100_000);
  const zones = checkInteger('options.zones', options.zones ?? 3, 1, 26);
  const racks = checkInteger('options.racksPerZone', options.racksPerZone ?? Math.max(1, Math.round(nodeCount / zones / 6)), 1, 1000);
  const seed = checkSeed('options.seed', options.seed ?? 1);
  const util = options.utilisation ?? 0.5;
  if (typeof util !== 'number' || !(util > 0 && util <= 0.9)) throw new RangeError(`options.utilisation must be a number in (0, 0.9], got ${String(util)}`);
  const rng = new Rng(seed);
  // GPU nodes are tainted: at most half the cluster, so untolerating pods always have somewhere to go.
  const gpuNodes = options.gpu === true ? Math.min(Math.max(2, Math.round(nodeCount * 0.05)), Math.floor(nodeCount / 2)) : 0;
  const nodes = makeCluster(rng, nodeCount, zones, racks, gpuNodes);
  const drafts = draftServices(rng, pods, Math.floor(gpuNodes * 0.75));
  const edges = callGraph(rng, drafts);

  // Scale cpu and memory requests to the target utilisation of the cluster; cap pod size.
  let capCpu = 0, capMem = 0, reqCpu = 0, reqMem = 0, minCpu = Infinity, minMem = Infinity;
  for (const n of nodes) {
    const c = Number.parseInt(n.allocatable.cpu as string, 10);
    const m = Number.parseInt(n.allocatable.memory as string, 10);
    capCpu += c; capMem += m; minCpu = Math.min(minCpu, c); minMem = Math.min(minMem, m);
  }
  for (const d of drafts) { reqCpu += d.cpu * d.replicas; reqMem += d.mem * d.replicas; }
  const fCpu = (util * capCpu) / reqCpu;
  const fMem = (util * capMem) / reqMem;
  const services: Service[] = drafts.map((d, i) => {
    const cpu = Math.max(10, Math.round(Math.min(d.cpu * fCpu, 0.45 * minCpu) / 10) * 10);
    const memMi = Math.max(64, Math.round(Math.min(d.mem * fMem, 0.45 * minMem) * 16) * 64);
    const requests: Record<string, string> = { cpu: `${cpu}m`, memory: `${memMi}Mi` };
    const limits: Record<string, string> = { cpu: `${2 * cpu}m`, memory: `${memMi}Mi` };
    let extra: Partial<Service> = {};
    if (d.gpu > 0) {
      requests['nvidia.com/gpu'] = d.gpu === 1000 ? '1' : '500m';
      limits['nvidia.com/gpu'] = requests['nvidia.com/gpu'];
      extra = { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], nodeSelector: { accelerator: 'nvidia-t4' } };
    } else if (d.kind === 'memory' && i % 5 === 0) {
      extra = { nodeAffinity: { preferred: [{ weight: 20, preference: { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['r.xlarge', 'r.2xlarge'] }] } }] } };
    }
    if (d.critical) {
      const hard = d.replicas <= nodeCount - gpuNodes && i % 2 === 0; // critical services never tolerate the GPU taint
      extra = {
        ...extra,
        podAntiAffinity: hard ? { required: [{ topologyKey: HOSTNAME_LABEL }] } : { preferred: [{ weight: 100, topologyKey: HOSTNAME_LABEL }] },
        ...(i % 3 === 0 ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'DoNotSchedule' as const }] } : {}),
        disruptionBudget: i % 2 === 0 ? { minAvailable: '50%' } : { maxUnavailable: 1 },
      };
    } else if (d.replicas >= 2 && i % 10 === 3) {
      extra = { ...extra, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: HOSTNAME_LABEL, whenUnsatisfiable: 'ScheduleAnyway' as const }] };
    }
    return { name: d.name, replicas: d.replicas, requests, limits, priority: d.critical ? 1000 : 0, critical: d.critical, ...extra };
  });
  return { cluster: { nodes }, workload: { services, edges } };
}
