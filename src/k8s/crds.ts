// The scheduler-plugins network-aware CRDs (diktyo):
//   AppGroup (appgroup.diktyo.x-k8s.io/v1alpha1): spec.workloads[].dependencies[] are the call
//     graph; a dependency's minBandwidth is read as the call rate (1 when absent). Workloads are
//     found by kind/namespace/name, else by the pod label appgroup.diktyo.x-k8s.io/workload.
//   NetworkTopology (networktopology.diktyo.x-k8s.io/v1alpha1): the first weight set's network
//     costs, averaged per level (zone, region), become cross-zone / cross-region latencies —
//     qsched has one latency per topology level, not one per pair of domains.

import { parseQuantity } from '../scheduling/quantity.js';
import type { CallEdge, NetworkModel } from '../scheduling/types.js';
import type { ServiceSource } from './mapping.js';
import { type KubeObject, objectRef } from './objects.js';
import type { LoadReport } from './report.js';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const nsOf = (x: KubeObject) => (typeof x.metadata?.namespace === 'string' && x.metadata.namespace !== '' ? x.metadata.namespace : 'default');

/** AppGroups → call-graph edges between the mapped services. */
export function mapAppGroups(groups: readonly KubeObject[], sources: readonly ServiceSource[], report: LoadReport): CallEdge[] {
  const edges: CallEdge[] = [];
  const findWorkload = (info: Obj, ns: string, at: string, ref: string): string | undefined => {
    const wkind = typeof info.kind === 'string' ? info.kind : undefined;
    const wname = typeof info.name === 'string' ? info.name : undefined;
    const wns = typeof info.namespace === 'string' && info.namespace !== '' ? info.namespace : ns;
    const hit = sources.find((s) => s.namespace === wns && s.objectName === wname && (wkind === undefined || s.kind === wkind))
      ?? (typeof info.selector === 'string' ? sources.find((s) => s.namespace === wns && s.templateLabels['appgroup.diktyo.x-k8s.io/workload'] === info.selector) : undefined);
    if (hit === undefined) report.add('ignored', ref, at, `workload ${wkind ?? '?'} ${wns}/${wname ?? '?'} is not loaded; its dependencies are dropped`);
    return hit?.name;
  };
  for (const ag of groups) {
    const ref = objectRef(ag);
    const workloads = o(ag.spec).workloads;
    if (!Array.isArray(workloads)) throw new TypeError(`${ref} spec.workloads must be an array`);
    workloads.forEach((w, i) => {
      const from = findWorkload(o(o(w).workload), nsOf(ag), `spec.workloads[${i}].workload`, ref);
      const deps = o(w).dependencies;
      if (deps === undefined || deps === null) return;
      if (!Array.isArray(deps)) throw new TypeError(`${ref} spec.workloads[${i}].dependencies must be an array`);
      deps.forEach((dep, j) => {
        const at = `spec.workloads[${i}].dependencies[${j}]`;
        const to = findWorkload(o(o(dep).workload), nsOf(ag), `${at}.workload`, ref);
        if (from === undefined || to === undefined) return;
        const bw = o(dep).minBandwidth;
        const weight = bw === undefined || bw === null ? 1 : parseQuantity(`${ref} ${at}.minBandwidth`, bw);
        if (!(weight >= 0)) throw new RangeError(`${ref} ${at}.minBandwidth must be >= 0`);
        if (o(dep).maxNetworkCost !== undefined) report.add('unsupported', ref, `${at}.maxNetworkCost`, 'maxNetworkCost is not a hard limit in qsched; latency is minimised instead');
        edges.push({ from, to, weight });
      });
    });
  }
  if (edges.length > 0) report.add('approximated', 'AppGroup', 'spec.workloads[].dependencies[].minBandwidth', 'call rates are taken from minBandwidth (1 where absent)');
  return edges;
}

/** NetworkTopologies → the cross-zone / cross-region latencies (undefined when none is loaded). */
export function mapNetworkTopologies(list: readonly KubeObject[], report: LoadReport): Partial<NetworkModel> | undefined {
  let network: Partial<NetworkModel> | undefined;
  for (const nt of list) {
    const ref = objectRef(nt);
    const weights = o(nt.spec).weights;
    if (!Array.isArray(weights) || weights.length === 0) { report.add('ignored', ref, 'spec.weights', 'no weights; ignored'); continue; }
    if (weights.length > 1) report.add('approximated', ref, 'spec.weights', `only the first of ${weights.length} weight sets (${String(o(weights[0]).name)}) is used`);
    const sums: Record<string, [number, number]> = {};
    const topo = o(weights[0]).topologyList;
    for (const t of Array.isArray(topo) ? topo : []) {
      const key = o(t).topologyKey;
      for (const origin of Array.isArray(o(t).originList) ? (o(t).originList as unknown[]) : []) {
        for (const c of Array.isArray(o(origin).costList) ? (o(origin).costList as unknown[]) : []) {
          const cost = o(c).networkCost;
          if (typeof cost !== 'number' || !(cost >= 0)) throw new TypeError(`${ref} networkCost must be a number >= 0`);
          const slot = key === 'topology.kubernetes.io/zone' ? 'crossZone' : key === 'topology.kubernetes.io/region' ? 'crossRegion' : undefined;
          if (slot === undefined) { report.add('unsupported', ref, 'spec.weights[0].topologyList', `topologyKey ${String(key)} is not a zone or region key; ignored`); continue; }
          const s = sums[slot] ?? [0, 0];
          s[0] += cost; s[1]++;
          sums[slot] = s;
        }
      }
    }
    network = {};
    for (const [slot, [total, count]] of Object.entries(sums)) (network as Record<string, number>)[slot] = total / count;
    report.add('approximated', ref, 'spec.weights', 'per-pair network costs are averaged per level and used as latencies in ms (qsched has one latency per topology level)');
  }
  return network;
}
