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

import { formatUnits, parseQuantity, quantityUnits } from '../scheduling/quantity.js';
import type { CallEdge, Cluster, ClusterNode, NetworkModel, Service, Taint, Workload } from '../scheduling/types.js';
import { checkLabelSelector, formatSelector, type LabelSelector, selectorMatches } from './labels.js';
import { type KubeObject, objectRef, parseObjects } from './objects.js';
import { labelsOf, podResources, serviceFromTemplate, type TemplateContext } from './podspec.js';
import { LoadReport } from './report.js';
import { reportUnknown, SCHEMAS } from './schema.js';

/** The annotation giving a node's cost (any unit, e.g. $/h). */
export const COST_ANNOTATION = 'qsched.io/cost';
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

/** Whether a pod's tolerations and node selection admit a node (DaemonSet placement). */
function daemonFits(spec: Obj, node: ClusterNode): boolean {
  const labels = node.labels ?? {};
  for (const [k, v] of Object.entries(o(spec.nodeSelector))) if (labels[k] !== v) return false;
  const terms = o(o(o(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms;
  if (Array.isArray(terms) && terms.length > 0) {
    const ok = terms.some((t) => {
      const exprs = o(t).matchExpressions;
      return Array.isArray(exprs) && exprs.length > 0 && exprs.every((r) => {
        const req = o(r);
        const has = typeof req.key === 'string' && req.key in labels;
        const val = has ? labels[req.key as string] : undefined;
        const values = Array.isArray(req.values) ? req.values : [];
        switch (req.operator) {
          case 'In': return has && values.includes(val);
          case 'NotIn': return !has || !values.includes(val);
          case 'Exists': return has;
          case 'DoesNotExist': return !has;
          default: return false;
        }
      });
    });
    if (!ok) return false;
  }
  const tols = Array.isArray(spec.tolerations) ? spec.tolerations.map(o) : [];
  return (node.taints ?? []).every((t) => t.effect === 'PreferNoSchedule' || tols.some((x) =>
    (x.effect === undefined || x.effect === t.effect) && (x.key === undefined || x.key === '' || x.key === t.key) && (x.operator === 'Exists' || (x.value ?? '') === (t.value ?? ''))));
}

function mapNode(x: KubeObject, report: LoadReport): { node: ClusterNode; units: Map<string, number> } {
  const ref = objectRef(x);
  const name = nameOf(x, ref);
  const spec = o(x.spec);
  const status = o(x.status);
  const alloc = isObject(status.allocatable) ? status.allocatable : isObject(status.capacity) ? status.capacity : undefined;
  if (alloc === undefined) report.add('approximated', ref, 'status.allocatable', 'no allocatable or capacity; the node gets no resources');
  else if (!isObject(status.allocatable)) report.add('approximated', ref, 'status.allocatable', 'missing; status.capacity used');
  const units = new Map<string, number>();
  for (const [r, q] of Object.entries(alloc ?? {})) units.set(r, quantityUnits(`${ref} status.allocatable[${JSON.stringify(r)}]`, q, r));
  const taints: Taint[] = [];
  if (spec.taints !== undefined && spec.taints !== null) {
    if (!Array.isArray(spec.taints)) throw new TypeError(`${ref} spec.taints must be an array`);
    spec.taints.forEach((t, i) => {
      const to = o(t);
      if (typeof to.key !== 'string' || (to.effect !== 'NoSchedule' && to.effect !== 'PreferNoSchedule' && to.effect !== 'NoExecute')) {
        throw new TypeError(`${ref} spec.taints[${i}] must have a string key and effect NoSchedule, PreferNoSchedule or NoExecute`);
      }
      taints.push(typeof to.value === 'string' && to.value !== '' ? { key: to.key, value: to.value, effect: to.effect } : { key: to.key, effect: to.effect });
    });
  }
  const annotations = labelsOf(`${ref} metadata.annotations`, x.metadata?.annotations);
  const labels = labelsOf(`${ref} metadata.labels`, x.metadata?.labels);
  const node: Record<string, unknown> = { name, allocatable: {}, labels };
  if (taints.length > 0) node.taints = taints;
  if (spec.unschedulable === true) node.unschedulable = true;
  if (annotations[COST_ANNOTATION] !== undefined) {
    const cost = Number(annotations[COST_ANNOTATION]);
    if (Number.isFinite(cost) && cost > 0) node.cost = cost;
    else report.add('ignored', ref, `metadata.annotations["${COST_ANNOTATION}"]`, `expected a positive number, got ${JSON.stringify(annotations[COST_ANNOTATION])}`);
  }
  const conditions = Array.isArray(status.conditions) ? status.conditions.map(o) : [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready !== undefined && ready.status !== 'True') report.add('approximated', ref, 'status.conditions', 'node is not Ready; kube-scheduler adds a not-ready taint that qsched only sees if spec.taints lists it');
  return { node: node as unknown as ClusterNode, units };
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

  // AppGroups: call-graph edges.
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
  for (const ag of kind('AppGroup')) {
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

  // NetworkTopology → network model.
  let network: Partial<NetworkModel> | undefined;
  for (const nt of kind('NetworkTopology')) {
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
