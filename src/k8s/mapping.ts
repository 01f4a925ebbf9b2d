// Kubernetes objects → the scheduling API's Cluster, Workload and network model.
//
//   Node                 → ClusterNode (status.allocatable, labels, spec.taints, spec.unschedulable,
//                          annotation qsched.io/cost), minus the requests of fixed pods on it
//   Deployment, StatefulSet, ReplicaSet → Service (spec.replicas pods of spec.template)
//   Pod, bound           → a placed replica of the workload whose selector matches it, or a
//                          fixed pod (its requests are reserved on its node)
//   Pod, pending         → a replica of its workload; pods without a loaded workload are
//                          grouped by controller owner into one service each
//   DaemonSet            → fixed pods: its requests reserved on every node it would run on
//   PodDisruptionBudget  → disruptionBudget of the workloads its selector matches
//   PriorityClass        → priority of templates naming it (globalDefault for the rest)
//   AppGroup (diktyo)    → call-graph edges, weight = dependency minBandwidth (default 1)
//   NetworkTopology      → network model: mean zone / region network costs
//
// Fixed pods only reserve capacity: they do not count for anti-affinity, spread or latency.
// Resources no workload requests (pods, ephemeral-storage, hugepages…) are dropped from nodes so
// they do not add constant fragmentation terms. Everything not mapped one to one is reported.
// No Node API here: runs anywhere the yaml package does.

import { formatUnits } from '../scheduling/quantity.js';
import type { Cluster, ClusterNode, NetworkModel, Service, Workload } from '../scheduling/types.js';
import { mapAppGroups, mapNetworkTopologies } from './crds.js';
import { checkLabelSelector, formatSelector, type LabelSelector, selectorMatches } from './labels.js';
import { type KubeObject, objectRef, parseObjects } from './objects.js';
import { labelsOf, podResources, serviceFromTemplate, type TemplateContext } from './podspec.js';
import { LoadReport } from './report.js';
import { daemonFits, mapNode } from './nodes.js';
import { reportUnknown, SCHEMAS } from './schema.js';

export { COST_ANNOTATION } from './nodes.js';
/** Priorities of the built-in classes, used when no PriorityClass object is loaded. */
const SYSTEM_PRIORITY: Readonly<Record<string, number>> = { 'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000 };
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/** A service of the mapped workload and where it came from. */
export interface ServiceSource {
  /** Index into workload.services. */
  readonly index: number;
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly objectName: string;
  /** The workload's selector (pods it owns); undefined for grouped pending pods. */
  readonly selector?: LabelSelector;
  readonly templateLabels: Readonly<Record<string, string>>;
}

/** A pod that already runs on a node, as a replica of a mapped service. */
export interface BoundPod { readonly namespace: string; readonly name: string; readonly uid?: string; readonly service: number; readonly node: string }
/** A pending pod mapped to replica `replica` of service `service` (pod name `${service}-${replica}` in the workload). */
export interface PendingPod { readonly namespace: string; readonly name: string; readonly uid?: string; readonly service: number; readonly replica: number }
/** A pod whose requests are reserved on a node (DaemonSet pods, bound pods of no loaded workload). */
export interface FixedPod { readonly ref: string; readonly node: string; readonly requests: Readonly<Record<string, string>> }

/** The result of mapping. */
export interface MappedCluster {
  readonly cluster: Cluster;
  readonly workload: Workload;
  /** From a NetworkTopology, if one was loaded. */
  readonly network?: Partial<NetworkModel>;
  readonly services: readonly ServiceSource[];
  readonly bound: readonly BoundPod[];
  readonly pending: readonly PendingPod[];
  readonly fixed: readonly FixedPod[];
  readonly report: LoadReport;
}

/** Options of `mapObjects`. */
export interface MapOptions {
  /** Which pending pods without a loaded workload become replicas (default: all). */
  readonly pendingFilter?: (pod: KubeObject) => boolean;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const o = (v: unknown): Obj => (isObject(v) ? v : {});
const nsOf = (x: KubeObject) => (typeof x.metadata?.namespace === 'string' && x.metadata.namespace !== '' ? x.metadata.namespace : 'default');
const nameOf = (x: KubeObject, where: string) => {
  const n = x.metadata?.name;
  if (typeof n !== 'string' || n === '') throw new TypeError(`${where}.metadata.name must be a non-empty string`);
  return n;
};

function serviceName(namespace: string, name: string, taken: Set<string>): string {
  const base = namespace === 'default' ? name : `${namespace}/${name}`;
  let out = base;
  for (let k = 2; taken.has(out); k++) out = `${base}~${k}`;
  taken.add(out);
  return out;
}

function ownerOf(pod: KubeObject): { kind: string; name: string; uid?: string } | undefined {
  const refs = pod.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ctl = refs.find((r) => isObject(r) && r.controller === true) ?? refs[0];
  return isObject(ctl) && typeof ctl.kind === 'string' && typeof ctl.name === 'string' ? { kind: ctl.kind, name: ctl.name, uid: typeof ctl.uid === 'string' ? ctl.uid : undefined } : undefined;
}

function isTerminal(pod: KubeObject): boolean {
  const phase = o(pod.status).phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Maps Kubernetes objects (any order, any mix) to the scheduling types; throws TypeError/RangeError naming the object and field on malformed input. */
export function mapObjects(objects: readonly KubeObject[], options: MapOptions = {}): MappedCluster {
  const report = new LoadReport();
  const byKind = new Map<string, KubeObject[]>();
  for (const x of objects) {
    const schema = SCHEMAS[x.kind];
    if (schema === undefined) {
      report.add('ignored', objectRef(x), '', `kind ${x.kind} has no effect on placement; ignored`);
      continue;
    }
    reportUnknown(schema, x, '', report, objectRef(x));
    const list = byKind.get(x.kind) ?? [];
    list.push(x);
    byKind.set(x.kind, list);
  }
  const kind = (k: string) => byKind.get(k) ?? [];

  // Priority classes.
  const classes = new Map<string, number>();
  let globalDefault: number | undefined;
  for (const pc of kind('PriorityClass')) {
    const ref = objectRef(pc);
    if (typeof pc.value !== 'number' || !Number.isInteger(pc.value)) throw new TypeError(`${ref} value must be an integer`);
    classes.set(nameOf(pc, ref), pc.value);
    if (pc.globalDefault === true) globalDefault = pc.value;
  }
  const priorityOf = (name: string | undefined): number | undefined => {
    if (name === undefined || name === '') return globalDefault;
    return classes.get(name) ?? SYSTEM_PRIORITY[name];
  };

  // Workloads first (their selectors decide which pods are theirs).
  const taken = new Set<string>();
  interface Draft { src: Omit<ServiceSource, 'index'>; obj: KubeObject; replicas: number; path: string; spec: unknown; meta: { labels: Record<string, string>; annotations: Record<string, string>; ownerAnnotations?: Record<string, string> } }
  const drafts: Draft[] = [];
  const workloadRefs = new Set<string>();
  for (const k of WORKLOAD_KINDS) for (const w of kind(k)) workloadRefs.add(`${k}/${nsOf(w)}/${nameOf(w, objectRef(w))}`);
  for (const x of objects) {
    if (!WORKLOAD_KINDS.includes(x.kind)) continue;
    const ref = objectRef(x);
    const ns = nsOf(x);
    const owner = ownerOf(x);
    if (x.kind === 'ReplicaSet' && owner !== undefined && workloadRefs.has(`${owner.kind}/${ns}/${owner.name}`)) {
      report.add('ignored', ref, 'metadata.ownerReferences', `owned by ${owner.kind} ${ns}/${owner.name}, which is loaded; the owner is used`);
      continue;
    }
    const spec = o(x.spec);
    const replicas = spec.replicas === undefined || spec.replicas === null ? 1 : spec.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) throw new RangeError(`${ref} spec.replicas must be an integer >= 0, got ${JSON.stringify(replicas)}`);
    const selector = checkLabelSelector(`${ref} spec.selector`, spec.selector);
    const template = o(spec.template);
    const tmeta = o(template.metadata);
    const labels = labelsOf(`${ref} spec.template.metadata.labels`, tmeta.labels);
    if (selector === undefined) report.add('approximated', ref, 'spec.selector', 'missing; no existing pod is counted as this workload\'s');
    else if (!selectorMatches(selector, labels)) report.add('approximated', ref, 'spec.selector', `does not match the template labels (${formatSelector(selector)})`);
    drafts.push({
      src: { name: serviceName(ns, nameOf(x, ref), taken), kind: x.kind, namespace: ns, objectName: nameOf(x, ref), selector, templateLabels: labels },
      obj: x, replicas, path: 'spec.template.spec', spec: template.spec,
      meta: { labels, annotations: labelsOf(`${ref} spec.template.metadata.annotations`, tmeta.annotations), ownerAnnotations: labelsOf(`${ref} metadata.annotations`, x.metadata?.annotations) },
    });
  }

  // Pods: bound replicas, fixed pods, pending groups.
  const nodesMapped = kind('Node').map((n) => mapNode(n, report));
  const nodeIndex = new Map(nodesMapped.map((n, i) => [n.node.name, i]));
  const bound: { pod: KubeObject; draft: number; node: string }[] = [];
  const fixedPods: { ref: string; node: string; requests: Map<string, number> }[] = [];
  const groups = new Map<string, { draft: number; pods: KubeObject[] }>();
  const matchDraft = (pod: KubeObject, labels: Record<string, string>) => drafts.findIndex((d) => d.src.namespace === nsOf(pod) && d.src.selector !== undefined && selectorMatches(d.src.selector, labels));
  for (const pod of kind('Pod')) {
    const ref = objectRef(pod);
    nameOf(pod, ref);
    if (isTerminal(pod)) { report.add('ignored', ref, 'status.phase', 'terminated pod; ignored'); continue; }
    if (pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null) { report.add('ignored', ref, 'metadata.deletionTimestamp', 'pod is being deleted; ignored'); continue; }
    const spec = o(pod.spec);
    const labels = labelsOf(`${ref} metadata.labels`, pod.metadata?.labels);
    const nodeName = typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
    const owner = ownerOf(pod);
    const d = matchDraft(pod, labels);
    if (nodeName !== undefined) {
      if (!nodeIndex.has(nodeName)) { report.add('ignored', ref, 'spec.nodeName', `bound to ${nodeName}, which is not loaded; ignored`); continue; }
      if (d >= 0) bound.push({ pod, draft: d, node: nodeName });
      else fixedPods.push({ ref, node: nodeName, requests: podResources(spec, `${ref} spec`).requests });
      continue;
    }
    if (owner?.kind === 'DaemonSet') { report.add('ignored', ref, '', 'pending DaemonSet pod; DaemonSets are fixed (see the DaemonSet)'); continue; }
    if (d >= 0) continue; // the workload's template stands for it
    if (options.pendingFilter !== undefined && !options.pendingFilter(pod)) continue;
    const ns = nsOf(pod);
    let groupName = nameOf(pod, ref);
    let groupKind = owner === undefined ? 'Pod' : owner.kind;
    if (owner !== undefined) {
      const hash = labels['pod-template-hash'];
      const viaDeployment = owner.kind === 'ReplicaSet' && hash !== undefined && owner.name.endsWith(`-${hash}`);
      groupName = viaDeployment ? owner.name.slice(0, -hash.length - 1) : owner.name;
      if (viaDeployment) groupKind = 'Deployment';
    }
    const shape = JSON.stringify([spec.containers, spec.initContainers, spec.overhead, spec.nodeSelector, spec.tolerations, spec.affinity, spec.topologySpreadConstraints, spec.priority, spec.priorityClassName, pod.metadata?.annotations]);
    const key = `${ns}\u0000${groupKind}:${groupName}\u0000${shape}`;
    let g = groups.get(key);
    if (g === undefined) {
      drafts.push({
        src: { name: serviceName(ns, groupName, taken), kind: groupKind, namespace: ns, objectName: groupName, templateLabels: labels },
        obj: pod, replicas: 0, path: 'spec', spec: pod.spec,
        meta: { labels, annotations: labelsOf(`${ref} metadata.annotations`, pod.metadata?.annotations) },
      });
      g = { draft: drafts.length - 1, pods: [] };
      groups.set(key, g);
    }
    g.pods.push(pod);
    drafts[g.draft].replicas = g.pods.length;
  }

  // DaemonSets: fixed pods on every node they admit (unless a bound pod of theirs is already there).
  const daemonOnNode = new Set(kind('Pod').filter((p) => ownerOf(p)?.kind === 'DaemonSet' && typeof o(p.spec).nodeName === 'string').map((p) => `${nsOf(p)}/${ownerOf(p)?.name}@${o(p.spec).nodeName as string}`));
  for (const ds of kind('DaemonSet')) {
    const ref = objectRef(ds);
    const name = nameOf(ds, ref);
    const spec = o(o(o(ds.spec).template).spec);
    const { requests } = podResources(spec, `${ref} spec.template.spec`);
    let count = 0;
    for (const { node } of nodesMapped) {
      if (daemonOnNode.has(`${nsOf(ds)}/${name}@${node.name}`) || !daemonFits(spec, node)) continue;
      fixedPods.push({ ref, node: node.name, requests });
      count++;
    }
    report.add('approximated', ref, '', `DaemonSet pods are fixed: requests reserved on ${count} node(s) without a running pod of it`);
  }

  // Services.
  const services: Service[] = [];
  const sources: ServiceSource[] = [];
  drafts.forEach((d, index) => {
    const ref = objectRef(d.obj);
    const ctx: TemplateContext = {
      report, ref, path: d.path, namespace: d.src.namespace, self: d.src.name, priorityOf,
      servicesMatching: (selector, namespaces) => drafts.filter((x) => namespaces.includes(x.src.namespace) && selectorMatches(selector, x.src.templateLabels)).map((x) => x.src.name),
    };
    services.push(serviceFromTemplate(d.src.name, d.replicas, d.meta, d.spec, ctx));
    sources.push({ index, ...d.src });
  });

  // Disruption budgets.
  for (const pdb of kind('PodDisruptionBudget')) {
    const ref = objectRef(pdb);
    const spec = o(pdb.spec);
    const selector = checkLabelSelector(`${ref} spec.selector`, spec.selector);
    const targets = selector === undefined ? [] : sources.filter((s) => s.namespace === nsOf(pdb) && selectorMatches(selector, s.templateLabels));
    const budget: Record<string, number | string> = {};
    for (const k of ['minAvailable', 'maxUnavailable'] as const) {
      const v = spec[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'number' && typeof v !== 'string') throw new TypeError(`${ref} spec.${k} must be an integer or a percentage`);
      budget[k] = typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v;
    }
    if (Object.keys(budget).length !== 1) { report.add('ignored', ref, 'spec', 'needs exactly one of minAvailable, maxUnavailable; ignored'); continue; }
    if (targets.length === 0) { report.add('ignored', ref, 'spec.selector', `${formatSelector(selector)} matches no loaded workload; ignored`); continue; }
    if (targets.length > 1) report.add('approximated', ref, 'spec.selector', `matches ${targets.length} workloads; the budget is applied to each separately`);
    for (const t of targets) services[t.index] = { ...services[t.index], disruptionBudget: budget } as Service;
  }

  // The network-aware scheduler-plugins CRDs: call graph and network costs.
  const edges = mapAppGroups(kind('AppGroup'), sources, report);
  const network = mapNetworkTopologies(kind('NetworkTopology'), report);

  // Nodes: drop unrequested resources, subtract fixed pods.
  const requested = new Set<string>(['cpu', 'memory']);
  for (const s of services) for (const r of Object.keys(s.requests ?? {})) requested.add(r);
  const dropped = new Set<string>();
  const reserved = nodesMapped.map(() => new Map<string, number>());
  for (const f of fixedPods) {
    const into = reserved[nodeIndex.get(f.node) as number];
    for (const [r, v] of f.requests) into.set(r, (into.get(r) ?? 0) + v);
  }
  const nodes: ClusterNode[] = nodesMapped.map(({ node, units }, i) => {
    const allocatable: Record<string, string> = {};
    for (const [r, v] of units) {
      if (!requested.has(r)) { dropped.add(r); continue; }
      const left = v - (reserved[i].get(r) ?? 0);
      if (left < 0) report.add('approximated', `Node ${node.name}`, `status.allocatable[${JSON.stringify(r)}]`, `fixed pods request more than allocatable; left at 0`);
      allocatable[r] = formatUnits(Math.max(0, left), r);
    }
    return { ...node, allocatable };
  });
  if (dropped.size > 0) report.add('ignored', 'Node *', 'status.allocatable', `resources no workload requests are not modelled: ${[...dropped].sort().join(', ')}`);

  const boundOut: BoundPod[] = bound.map((b) => ({ namespace: nsOf(b.pod), name: b.pod.metadata?.name as string, uid: typeof b.pod.metadata?.uid === 'string' ? b.pod.metadata.uid : undefined, service: b.draft, node: b.node }));
  const pending: PendingPod[] = [];
  for (const g of groups.values()) g.pods.forEach((p, k) => pending.push({ namespace: nsOf(p), name: p.metadata?.name as string, uid: typeof p.metadata?.uid === 'string' ? p.metadata.uid : undefined, service: g.draft, replica: k }));
  const fixed: FixedPod[] = fixedPods.map((f) => ({ ref: f.ref, node: f.node, requests: Object.fromEntries([...f.requests].map(([r, v]) => [r, formatUnits(v, r)])) }));
  return {
    cluster: { nodes },
    workload: edges.length > 0 ? { services, edges } : { services },
    ...(network !== undefined ? { network } : {}),
    services: sources, bound: boundOut, pending, fixed, report,
  };
}

/** Parses manifests (JSON, YAML, multi-document, Lists) and maps them. */
export function loadManifests(text: string, source = 'input', options: MapOptions = {}): MappedCluster {
  return mapObjects(parseObjects(text, source), options);
}
