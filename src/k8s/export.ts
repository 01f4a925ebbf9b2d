// The scheduling types → Kubernetes manifests (the inverse of mapping.ts for everything the
// types hold): Nodes, one PriorityClass per distinct priority, one Deployment per service
// (label app=<name>), one PodDisruptionBudget per budget, and one AppGroup carrying the call
// graph (weight as minBandwidth). Fractional GPU requests become the qsched.io/gpu-share
// annotation, since Kubernetes only accepts whole extended resources. Used to write the
// examples in examples/k8s and the bench snapshot, and by tests as the round trip.

import type { Cluster, NodeSelectorTerm, Service, Workload } from '../scheduling/types.js';
import { quantityUnits } from '../scheduling/quantity.js';
import type { KubeObject } from './objects.js';
import { CRITICAL_ANNOTATION, GPU_RESOURCE, GPU_SHARE_ANNOTATION } from './podspec.js';
import { COST_ANNOTATION } from './mapping.js';

/** Options of `toManifests`. */
export interface ExportOptions {
  readonly namespace?: string;
  /** Name of the AppGroup (default "qsched-app"). */
  readonly appGroup?: string;
  /** Add this scheduling gate to every pod template (for the batch controller). */
  readonly schedulingGate?: string;
}

const term = (t: NodeSelectorTerm) => ({ matchExpressions: t.matchExpressions.map((r) => ({ key: r.key, operator: r.operator, ...(r.values !== undefined ? { values: [...r.values] } : {}) })) });
const appSelector = (names: readonly string[]) => (names.length === 1 ? { matchLabels: { app: names[0] } } : { matchExpressions: [{ key: 'app', operator: 'In', values: [...names] }] });

function deployment(s: Service, ns: string, gate: string | undefined): KubeObject {
  const requests: Record<string, string | number> = {};
  const limits: Record<string, string | number> = {};
  const annotations: Record<string, string> = {};
  for (const [r, q] of Object.entries(s.requests ?? {})) {
    if (r === GPU_RESOURCE && quantityUnits(r, q, r) % 1000 !== 0) annotations[GPU_SHARE_ANNOTATION] = String(q);
    else requests[r] = q;
  }
  for (const [r, q] of Object.entries(s.limits ?? {})) if (!(r === GPU_RESOURCE && annotations[GPU_SHARE_ANNOTATION] !== undefined)) limits[r] = q;
  if (s.critical === true) annotations[CRITICAL_ANNOTATION] = 'true';
  const affinity: Record<string, unknown> = {};
  if (s.nodeAffinity !== undefined) {
    affinity.nodeAffinity = {
      ...(s.nodeAffinity.required !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: s.nodeAffinity.required.map(term) } } : {}),
      ...(s.nodeAffinity.preferred !== undefined ? { preferredDuringSchedulingIgnoredDuringExecution: s.nodeAffinity.preferred.map((p) => ({ weight: p.weight, preference: term(p.preference) })) } : {}),
    };
  }
  if (s.podAntiAffinity !== undefined) {
    const pa = s.podAntiAffinity;
    affinity.podAntiAffinity = {
      ...(pa.required !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: pa.required.map((t) => ({ labelSelector: appSelector(t.services ?? [s.name]), topologyKey: t.topologyKey })) } : {}),
      ...(pa.preferred !== undefined ? { preferredDuringSchedulingIgnoredDuringExecution: pa.preferred.map((t) => ({ weight: t.weight, podAffinityTerm: { labelSelector: appSelector(t.services ?? [s.name]), topologyKey: t.topologyKey } })) } : {}),
    };
  }
  const podSpec: Record<string, unknown> = {
    containers: [{ name: 'app', image: 'registry.invalid/app:1', resources: { ...(Object.keys(requests).length > 0 ? { requests } : {}), ...(Object.keys(limits).length > 0 ? { limits } : {}) } }],
  };
  if ((s.priority ?? 0) !== 0) podSpec.priorityClassName = `qsched-priority-${s.priority}`;
  if (s.nodeSelector !== undefined) podSpec.nodeSelector = { ...s.nodeSelector };
  if (s.tolerations !== undefined) podSpec.tolerations = s.tolerations.map((t) => ({ ...t }));
  if (Object.keys(affinity).length > 0) podSpec.affinity = affinity;
  if (s.topologySpreadConstraints !== undefined) podSpec.topologySpreadConstraints = s.topologySpreadConstraints.map((c) => ({ ...c, labelSelector: { matchLabels: { app: s.name } } }));
  if (gate !== undefined) podSpec.schedulingGates = [{ name: gate }];
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: s.name, namespace: ns, labels: { app: s.name } },
    spec: {
      replicas: s.replicas, selector: { matchLabels: { app: s.name } },
      template: { metadata: { labels: { app: s.name }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) }, spec: podSpec },
    },
  };
}

/** Manifests for a typed cluster and workload (nodes first, then priority classes, deployments, budgets, the AppGroup). */
export function toManifests(cluster: Cluster, workload: Workload, options: ExportOptions = {}): KubeObject[] {
  const ns = options.namespace ?? 'default';
  const out: KubeObject[] = [];
  for (const n of cluster.nodes) {
    out.push({
      apiVersion: 'v1', kind: 'Node',
      metadata: { name: n.name, labels: { ...(n.labels ?? {}) }, ...(n.cost !== undefined ? { annotations: { [COST_ANNOTATION]: String(n.cost) } } : {}) },
      spec: { ...(n.taints !== undefined ? { taints: n.taints.map((t) => ({ ...t })) } : {}), ...(n.unschedulable === true ? { unschedulable: true } : {}) },
      status: { allocatable: { ...n.allocatable }, capacity: { ...n.allocatable } },
    });
  }
  const priorities = [...new Set(workload.services.map((s) => s.priority ?? 0).filter((p) => p !== 0))].sort((a, b) => a - b);
  for (const p of priorities) out.push({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: `qsched-priority-${p}` }, value: p, globalDefault: false });
  for (const s of workload.services) out.push(deployment(s, ns, options.schedulingGate));
  for (const s of workload.services) {
    if (s.disruptionBudget === undefined) continue;
    out.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: s.name, namespace: ns }, spec: { ...s.disruptionBudget, selector: { matchLabels: { app: s.name } } } });
  }
  if ((workload.edges ?? []).length > 0) {
    const deps = new Map<string, { workload: object; minBandwidth: string }[]>();
    for (const e of workload.edges ?? []) {
      const list = deps.get(e.from) ?? [];
      list.push({ workload: { kind: 'Deployment', apiVersion: 'apps/v1', name: e.to, namespace: ns, selector: e.to }, minBandwidth: String(e.weight) });
      deps.set(e.from, list);
    }
    out.push({
      apiVersion: 'appgroup.diktyo.x-k8s.io/v1alpha1', kind: 'AppGroup', metadata: { name: options.appGroup ?? 'qsched-app', namespace: ns },
      spec: {
        numMembers: workload.services.length, topologySortingAlgorithm: 'KahnSort',
        workloads: workload.services.map((s) => ({
          workload: { kind: 'Deployment', apiVersion: 'apps/v1', name: s.name, namespace: ns, selector: s.name },
          ...(deps.has(s.name) ? { dependencies: deps.get(s.name) } : {}),
        })),
      },
    });
  }
  return out;
}
