// Cluster + Workload → CompiledProblem: flat typed arrays a WASM placement kernel consumes
// without objects. This layout is the ABI of the placement kernel (assembly/placement); change
// it only together with the kernel. Sizes: P pods, N nodes, R resources, S services, LV levels.
//
//   pods & services  podService i32[P]; serviceStart i32[S+1] (pods of s are contiguous:
//                    [serviceStart[s], serviceStart[s+1]), replicas expanded in service order,
//                    pod p of s is named `${service}-${p - serviceStart[s]}`); critical u8[S];
//                    priority i32[S]; pdbMaxPerNode i32[S] (0 = no budget)
//   resources        podReq f64[P×R], nodeCap f64[N×R] (integers: milli-units, bytes for
//                    memory-like; see quantity.ts), invCap f64[N×R] (1/cap, or 1/max cap of the
//                    resource where cap is 0), nodeCost f64[N] (normalised to mean 1),
//                    nodeDevices i32[N×R] (devices a resource is split into; 0 = aggregate only)
//   hard filters     mask u8[P×N] (1 = pod may go there), reasons u8[P×N] (REASON_* bits, 0 iff
//                    mask is 1): taints NoSchedule/NoExecute (incl. cordon), nodeSelector and
//                    required node affinity, the pod alone does not fit the empty node, the node
//                    lacks a DoNotSchedule spread topologyKey
//   preferences      softNode f64[S×N]: untolerated PreferNoSchedule taints + unmet preferred
//                    node-affinity weight / 100; preferTaints i32[S×N]; preferAffinity f64[S×N]
//                    (matched preferred weight, for the kube-like scorer)
//   topology         domainCount i32[LV]; domainOf i32[LV×N] (level-major; -1 only on levels
//                    ≥ 4); countOffset i32[LV+1]: per-(service, domain) counters live in one
//                    i32 array at countOffset[l] + s·domainCount[l] + d. Levels 0..3 are node,
//                    rack, zone, region (nested); ≥ 4 are extra constraint keys (topology.ts)
//   call graph       CSR over services, symmetrised: graphPtr i32[S+1], graphCol i32[nnz],
//                    graphCoef f64[nnz] = W'_st / (|s|·|t|) where W'_st = (w(s→t) + w(t→s)) /
//                    mean over pairs; a self-loop appears once in its row; latency f64[5]
//                    (same node, rack, zone, cross zone, cross region, ms)
//   anti-affinity    KA terms, unordered service pairs: antiA, antiB, antiLevel i32[KA],
//                    antiWeight f64[KA] (1 hard, Σ preferred weight/100 soft), antiHard u8[KA];
//                    antiPtr i32[S+1] / antiIdx i32 (terms touching each service, once each)
//   spread           KS constraints: spreadService, spreadLevel, spreadMaxSkew i32[KS],
//                    spreadHard u8[KS]; spreadElig u8 at spreadEligOffset[k] + domain (domains
//                    holding a node the service may select); spreadDomains i32[KS] (eligible
//                    count); spreadHistOffset i32[KS+1] (replicas+1 histogram slots each);
//                    spreadPtr i32[S+1] / spreadIdx i32 (constraints of each service)
//   weights          weights f64[6] = λ1, λ2, λ3, μ, φ_node, φ_zone (exposure, inside F); penalties f64[7] in PENALTY_* order
//
// compile = expand(buildTables(…)). buildTables does the O(S·N) work: every filter and
// preference evaluated once per (service, node), plus topology and resource units. expand only
// copies: the pod rows of mask/reasons (O(P·N) bytes), requests, domains, call graph,
// constraints, budgets. The Rescheduler keeps the tables and updates them per event
// (compile-tables.ts), so a node added or a new service evaluates one column or row, not all.

import { field, resolveNumbers, validateCluster, validateWorkload } from './validate.js';
import { quantityUnits } from './quantity.js';
import { matchesNodeSelection, nodeLabels, nodeTaints, preferredAffinityTotal, preferredAffinityWeight, untolerated } from './selectors.js';
import { Topology } from './topology.js';
import type { Cluster, NetworkModel, Penalties, Quantity, Taint, Weights, Workload } from './types.js';
import { DEFAULT_NETWORK, DEFAULT_PENALTIES, DEFAULT_WEIGHTS } from './types.js';
import { buildConstraints, type ConstraintArrays } from './constraints.js';

/** Filter reason bits in `reasons`. */
export const REASON_TAINT = 1;
export const REASON_AFFINITY = 2;
export const REASON_RESOURCES = 4;
export const REASON_TOPOLOGY = 8;
/** Slots of `penalties`. */
export const PENALTY_CAPACITY = 0, PENALTY_ANTI = 1, PENALTY_SPREAD = 2, PENALTY_TAINT = 3, PENALTY_AFFINITY = 4, PENALTY_UNPLACED = 5, PENALTY_SOFT = 6;

/** Options of `compile`: each defaults field by field. */
export interface CompileOptions {
  readonly weights?: Partial<Weights>;
  readonly penalties?: Partial<Penalties>;
  readonly network?: Partial<NetworkModel>;
}

/** The flat problem; see the header of compile.ts for the layout. */
export interface CompiledProblem extends ConstraintArrays {
  readonly P: number;
  readonly N: number;
  readonly R: number;
  readonly S: number;
  readonly LV: number;
  readonly podNames: readonly string[];
  readonly nodeNames: readonly string[];
  readonly serviceNames: readonly string[];
  readonly resourceNames: readonly string[];
  readonly levelKeys: readonly string[];
  readonly domainNames: readonly (readonly string[])[];
  readonly podService: Int32Array;
  readonly serviceStart: Int32Array;
  readonly critical: Uint8Array;
  readonly priority: Int32Array;
  readonly pdbMaxPerNode: Int32Array;
  readonly podReq: Float64Array;
  readonly nodeCap: Float64Array;
  readonly invCap: Float64Array;
  /** Devices per (node, resource), N×R: 0 = counted in aggregate only (see ClusterNode.devices and devices.ts). */
  readonly nodeDevices: Int32Array;
  readonly nodeCost: Float64Array;
  readonly mask: Uint8Array;
  readonly reasons: Uint8Array;
  readonly softNode: Float64Array;
  readonly preferTaints: Int32Array;
  readonly preferAffinity: Float64Array;
  readonly domainCount: Int32Array;
  readonly domainOf: Int32Array;
  readonly countOffset: Int32Array;
  readonly graphPtr: Int32Array;
  readonly graphCol: Int32Array;
  readonly graphCoef: Float64Array;
  readonly latency: Float64Array;
  readonly weights: Float64Array;
  readonly penalties: Float64Array;
  /** The resolved options, for manifests. */
  readonly resolved: { readonly weights: Weights; readonly penalties: Penalties; readonly network: NetworkModel };
}

function resourceOrder(cluster: Cluster, workload: Workload): string[] {
  const names = new Set<string>();
  for (const n of cluster.nodes) for (const r of Object.keys(n.allocatable)) names.add(r);
  for (const s of workload.services) for (const r of Object.keys(s.requests ?? {})) names.add(r);
  const rest = [...names].filter((r) => r !== 'cpu' && r !== 'memory').sort();
  return ['cpu', 'memory', ...rest];
}

/**
 * The call graph as a symmetric CSR over services (in `serviceNames` order): edge weights summed
 * per unordered pair, divided by the mean pair weight and by |s|·|t| (the per-pod-pair
 * coefficient). Also used by reschedule/inplace.ts to swap a changed graph into a compiled problem.
 */
export function callGraph(serviceNames: readonly string[], edges: Workload['edges'], serviceStart: Int32Array): { ptr: Int32Array; col: Int32Array; coef: Float64Array } {
  const S = serviceNames.length;
  const index = new Map(serviceNames.map((name, i) => [name, i]));
  const size = (s: number) => serviceStart[s + 1] - serviceStart[s];
  const pairs = new Map<number, number>();
  for (const e of edges ?? []) {
    const a = index.get(e.from) as number;
    const b = index.get(e.to) as number;
    if (e.weight === 0 || size(a) === 0 || size(b) === 0) continue;
    const key = Math.min(a, b) * S + Math.max(a, b);
    pairs.set(key, (pairs.get(key) ?? 0) + e.weight);
  }
  let total = 0;
  for (const w of pairs.values()) total += w;
  const mean = pairs.size > 0 ? total / pairs.size : 1;
  const rows: { t: number; c: number }[][] = Array.from({ length: S }, () => []);
  for (const [key, w] of [...pairs].sort((x, y) => x[0] - y[0])) {
    const a = Math.floor(key / S);
    const b = key % S;
    const coef = w / mean / (size(a) * size(b));
    rows[a].push({ t: b, c: coef });
    if (a !== b) rows[b].push({ t: a, c: coef });
  }
  const ptr = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) ptr[s + 1] = ptr[s] + rows[s].length;
  const col = new Int32Array(ptr[S]);
  const coef = new Float64Array(ptr[S]);
  for (let s = 0; s < S; s++) {
    rows[s].sort((x, y) => x.t - y.t).forEach((e, k) => { col[ptr[s] + k] = e.t; coef[ptr[s] + k] = e.c; });
  }
  return { ptr, col, coef };
}

/** Disruptions a PodDisruptionBudget allows a service of `replicas` pods (percentages round up, as Kubernetes does). */
export function disruptionsAllowed(replicas: number, pdb: { minAvailable?: number | string; maxUnavailable?: number | string }): number {
  const scaled = (v: number | string) => (typeof v === 'number' ? v : Math.ceil((Number(v.slice(0, -1)) * replicas) / 100));
  if (pdb.minAvailable !== undefined) return Math.max(0, replicas - scaled(pdb.minAvailable));
  return Math.max(0, scaled(pdb.maxUnavailable as number | string));
}

/**
 * What `compile` evaluates per (service, node), kept apart from the per-pod expansion so the
 * Rescheduler can hold it between events and grow it by one node column or one service row
 * (compile-tables.ts). Every S×N array is service-major; nothing here depends on replica counts
 * except `topology`'s level numbering (see `constraintKeys`). Treat as immutable: updates return
 * new tables sharing what they do not change, and `expand` shares softNode, preferTaints,
 * preferAffinity and nodeCap with the problem it returns.
 */
export interface CompileTables {
  readonly cluster: Cluster;
  readonly workload: Workload;
  readonly resolved: CompiledProblem['resolved'];
  readonly resourceNames: readonly string[];
  /** Allocatable in integer units, N×R. */
  readonly nodeCap: Float64Array;
  /** Requests in integer units, S×R. */
  readonly serviceReq: Float64Array;
  readonly labels: readonly Readonly<Record<string, string>>[];
  readonly taints: readonly (readonly Taint[])[];
  /** Hierarchy levels plus every key of `keys`, created in that order. */
  readonly topology: Topology;
  /** constraintKeys(workload) the topology was built for. */
  readonly keys: readonly string[];
  /** Whether each service's nodeSelector / required node affinity accepts each node (rows of N; spread eligibility reads them). */
  readonly selects: readonly (readonly boolean[])[];
  /** REASON_* bits per (service, node) (the pod rows of `reasons` are copies of these). */
  readonly serviceReasons: Uint8Array;
  readonly softNode: Float64Array;
  readonly preferTaints: Int32Array;
  readonly preferAffinity: Float64Array;
}

/**
 * Constraint topologyKeys in the order compile first asks for them: anti-affinity terms of every
 * service, then spread constraints of services with pods (constraints.ts skips empty ones), then
 * DoNotSchedule spread keys of all services (the filter). Levels ≥ 4 are numbered in this order,
 * so a scale from or to zero replicas can renumber them.
 */
export function constraintKeys(workload: Workload): string[] {
  const keys = new Set<string>();
  for (const s of workload.services) {
    for (const t of s.podAntiAffinity?.required ?? []) keys.add(t.topologyKey);
    for (const t of s.podAntiAffinity?.preferred ?? []) keys.add(t.topologyKey);
  }
  for (const s of workload.services) if (s.replicas > 0) for (const c of s.topologySpreadConstraints ?? []) keys.add(c.topologyKey);
  for (const s of workload.services) for (const c of s.topologySpreadConstraints ?? []) if (c.whenUnsatisfiable === 'DoNotSchedule') keys.add(c.topologyKey);
  return [...keys];
}

/** The topology of `cluster` with the levels of `keys` created in order (O(N · levels) label lookups). */
export function topologyFor(cluster: Cluster, keys: readonly string[]): Topology {
  const topology = new Topology(cluster);
  for (const k of keys) topology.levelFor(k);
  return topology;
}

/** Requests (or allocatable) of one object in resource order; throws naming `path`. */
export function unitsRow(path: string, quantities: Readonly<Record<string, Quantity>> | undefined, resourceNames: readonly string[]): Float64Array {
  return Float64Array.from(resourceNames, (r) => {
    const q = quantities?.[r];
    return q === undefined ? 0 : quantityUnits(field(path, r), q, r);
  });
}

/**
 * Evaluates service row s of `t`'s S×N arrays for nodes [from, to) into the given arrays (row
 * stride `stride`): taints, node selection, the pod alone against the empty node, missing
 * DoNotSchedule spread keys, and the preferences. The one place these rules are applied.
 */
export function evaluateCells(t: Pick<CompileTables, 'workload' | 'nodeCap' | 'serviceReq' | 'labels' | 'taints' | 'topology' | 'resourceNames'>, s: number, from: number, to: number, stride: number,
  out: { selects: readonly boolean[][]; serviceReasons: Uint8Array; softNode: Float64Array; preferTaints: Int32Array; preferAffinity: Float64Array }): void {
  const svc = t.workload.services[s];
  const R = t.resourceNames.length;
  const prefTotal = preferredAffinityTotal(svc);
  const hardIds = (svc.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === 'DoNotSchedule').map((c) => t.topology.ids[t.topology.levelFor(c.topologyKey)]);
  for (let n = from; n < to; n++) {
    let bits = 0;
    if (untolerated(t.taints[n], svc.tolerations, ['NoSchedule', 'NoExecute']).length > 0) bits |= REASON_TAINT;
    const selected = matchesNodeSelection(svc, t.labels[n]);
    out.selects[s][n] = selected;
    if (!selected) bits |= REASON_AFFINITY;
    for (let r = 0; r < R; r++) if (t.serviceReq[s * R + r] > t.nodeCap[n * R + r]) bits |= REASON_RESOURCES;
    for (const ids of hardIds) if (ids[n] < 0) bits |= REASON_TOPOLOGY;
    const i = s * stride + n;
    out.serviceReasons[i] = bits;
    const prefer = untolerated(t.taints[n], svc.tolerations, ['PreferNoSchedule']).length;
    const matched = preferredAffinityWeight(svc, t.labels[n]);
    out.preferTaints[i] = prefer;
    out.preferAffinity[i] = matched;
    out.softNode[i] = prefer + (prefTotal - matched) / 100;
  }
}

/** Validates the inputs and evaluates every (service, node) pair: the expensive half of compile, O(S·N). */
export function buildTables(cluster: Cluster, workload: Workload, options: CompileOptions = {}): CompileTables {
  validateCluster(cluster);
  validateWorkload(workload);
  const weights = resolveNumbers('options.weights', options.weights, DEFAULT_WEIGHTS);
  const penalties = resolveNumbers('options.penalties', options.penalties, DEFAULT_PENALTIES);
  const network = resolveNumbers('options.network', options.network, DEFAULT_NETWORK);
  const services = workload.services;
  const nodes = cluster.nodes;
  const S = services.length;
  const N = nodes.length;
  const resourceNames = resourceOrder(cluster, workload);
  const R = resourceNames.length;
  const nodeCap = new Float64Array(N * R);
  nodes.forEach((n, i) => nodeCap.set(unitsRow(`cluster.nodes[${i}].allocatable`, n.allocatable, resourceNames), i * R));
  const serviceReq = new Float64Array(S * R);
  services.forEach((s, i) => serviceReq.set(unitsRow(`workload.services[${i}].requests`, s.requests, resourceNames), i * R));
  const keys = constraintKeys(workload);
  const t = {
    cluster, workload, resolved: { weights, penalties, network }, resourceNames, nodeCap, serviceReq,
    labels: nodes.map(nodeLabels), taints: nodes.map(nodeTaints), topology: topologyFor(cluster, keys), keys,
    selects: services.map(() => new Array<boolean>(N)),
    serviceReasons: new Uint8Array(S * N), softNode: new Float64Array(S * N), preferTaints: new Int32Array(S * N), preferAffinity: new Float64Array(S * N),
  };
  for (let s = 0; s < S; s++) evaluateCells(t, s, 0, N, N, t);
  return t;
}

/** The pod rows of `mask` and `reasons`: copies of their service's row of `serviceReasons` (memcpy per pod; O(P·N) bytes, no evaluation). */
export function podRows(serviceReasons: Uint8Array, serviceStart: Int32Array, N: number): { mask: Uint8Array; reasons: Uint8Array } {
  const S = serviceStart.length - 1;
  const P = serviceStart[S];
  const mask = new Uint8Array(P * N);
  const reasons = new Uint8Array(P * N);
  const maskRow = new Uint8Array(N);
  for (let s = 0; s < S; s++) {
    if (serviceStart[s + 1] === serviceStart[s]) continue;
    const row = serviceReasons.subarray(s * N, s * N + N);
    for (let n = 0; n < N; n++) maskRow[n] = row[n] === 0 ? 1 : 0;
    for (let p = serviceStart[s]; p < serviceStart[s + 1]; p++) {
      reasons.set(row, p * N);
      mask.set(maskRow, p * N);
    }
  }
  return { mask, reasons };
}

/**
 * The cheap half of compile: replicas expanded into pod rows (mask and reasons copied from the
 * service rows, O(P·N) bytes), requests (O(P·R)), topology arrays, call graph, constraints and
 * budgets. No selector, taint or affinity is evaluated here.
 */
export function expand(t: CompileTables): CompiledProblem {
  const { cluster, workload, resourceNames, nodeCap, topology } = t;
  const { weights, penalties, network } = t.resolved;
  const services = workload.services;
  const nodes = cluster.nodes;
  const S = services.length;
  const N = nodes.length;
  const R = resourceNames.length;

  const serviceStart = new Int32Array(S + 1);
  services.forEach((s, i) => { serviceStart[i + 1] = serviceStart[i] + s.replicas; });
  const P = serviceStart[S];
  const podService = new Int32Array(P);
  const podNames: string[] = [];
  services.forEach((s, i) => {
    for (let k = 0; k < s.replicas; k++) { podService[serviceStart[i] + k] = i; podNames.push(`${s.name}-${k}`); }
  });

  const invCap = new Float64Array(N * R);
  const maxCap = new Float64Array(R);
  for (let i = 0; i < N * R; i++) maxCap[i % R] = Math.max(maxCap[i % R], nodeCap[i]);
  for (let i = 0; i < N * R; i++) invCap[i] = 1 / (nodeCap[i] > 0 ? nodeCap[i] : maxCap[i % R] > 0 ? maxCap[i % R] : 1);
  const podReq = new Float64Array(P * R);
  for (let p = 0; p < P; p++) podReq.set(t.serviceReq.subarray(podService[p] * R, podService[p] * R + R), p * R);
  const nodeDevices = new Int32Array(N * R);
  nodes.forEach((n, i) => {
    for (const [r, count] of Object.entries(n.devices ?? {})) { const k = resourceNames.indexOf(r); if (k >= 0) nodeDevices[i * R + k] = count; }
  });
  const costs = nodes.map((n) => n.cost ?? 1);
  const meanCost = costs.reduce((a, b) => a + b, 0) / N;
  const nodeCost = Float64Array.from(costs, (c) => c / meanCost);

  const constraints = buildConstraints(workload, serviceStart, topology, t.selects);

  const { mask, reasons } = podRows(t.serviceReasons, serviceStart, N);

  const LV = topology.keys.length;
  const domainCount = Int32Array.from(topology.counts);
  const domainOf = new Int32Array(LV * N);
  const countOffset = new Int32Array(LV + 1);
  for (let l = 0; l < LV; l++) {
    domainOf.set(topology.ids[l], l * N);
    countOffset[l + 1] = countOffset[l] + S * domainCount[l];
  }
  const graph = callGraph(services.map((sv) => sv.name), workload.edges, serviceStart);
  const critical = Uint8Array.from(services, (s) => (s.critical === true ? 1 : 0));
  const priority = Int32Array.from(services, (s) => s.priority ?? 0);
  const pdbMaxPerNode = Int32Array.from(services, (s) => {
    if (s.disruptionBudget === undefined) return 0;
    const cap = Math.max(1, disruptionsAllowed(s.replicas, s.disruptionBudget));
    return cap >= s.replicas ? 0 : cap;
  });
  return {
    P, N, R, S, LV,
    podNames, nodeNames: nodes.map((n) => n.name), serviceNames: services.map((s) => s.name), resourceNames: resourceNames.slice(),
    levelKeys: topology.keys.slice(), domainNames: topology.names,
    podService, serviceStart, critical, priority, pdbMaxPerNode,
    podReq, nodeCap, invCap, nodeDevices, nodeCost, mask, reasons, softNode: t.softNode, preferTaints: t.preferTaints, preferAffinity: t.preferAffinity,
    domainCount, domainOf, countOffset,
    graphPtr: graph.ptr, graphCol: graph.col, graphCoef: graph.coef,
    latency: Float64Array.of(network.sameNode, network.sameRack, network.sameZone, network.crossZone, network.crossRegion),
    ...constraints,
    weights: Float64Array.of(weights.resource, weights.latency, weights.fault, weights.constraint, weights.exposure, weights.zoneExposure),
    penalties: Float64Array.of(penalties.capacity, penalties.antiAffinity, penalties.spread, penalties.taint, penalties.nodeAffinity, penalties.unplaced, penalties.soft),
    resolved: { weights, penalties, network },
  };
}

/** Validates the inputs and compiles them into the flat problem the solvers consume. */
export function compile(cluster: Cluster, workload: Workload, options: CompileOptions = {}): CompiledProblem {
  return expand(buildTables(cluster, workload, options));
}
