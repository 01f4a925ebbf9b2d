// One pod template (PodSpec + labels/annotations) → the scheduling fields of a qsched Service:
// effective requests, tolerations, nodeSelector, node affinity, pod anti-affinity (label
// selectors resolved to services), topology spread, priority, the critical flag and GPU shares.
// Shared by workloads (Deployment, StatefulSet, ReplicaSet), groups of pending pods and single
// pods arriving at the extender. Every scheduling feature that is not modelled is reported.
//
// Effective requests follow Kubernetes (resource.PodRequests): per resource the larger of
// Σ containers (plus restartable "sidecar" init containers) and the largest regular init
// container, plus spec.overhead; a container's request defaults to its limit.

import { formatUnits, quantityUnits } from '../scheduling/quantity.js';
import type { NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm, PodAntiAffinityTerm, Service, Toleration, TopologySpreadConstraint } from '../scheduling/types.js';
import { HOSTNAME_LABEL } from '../scheduling/types.js';
import { checkLabelSelector, formatSelector, type LabelSelector, selectorMatches } from './labels.js';
import type { LoadReport } from './report.js';

/** The annotation marking a workload critical (replicas pay the fault term F for sharing a failure domain). */
export const CRITICAL_ANNOTATION = 'qsched.io/critical';
/** The annotation giving a fractional GPU share (e.g. "500m"); kube-scheduler only sees whole GPUs. */
export const GPU_SHARE_ANNOTATION = 'qsched.io/gpu-share';
/** The resource a GPU share is counted in. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** Where a pod template came from, for anti-affinity resolution. */
export interface TemplateContext {
  readonly report: LoadReport;
  /** `Kind ns/name` for the report. */
  readonly ref: string;
  /** Path of the pod spec inside the object, e.g. `spec.template.spec`. */
  readonly path: string;
  readonly namespace: string;
  /** The service being built (anti-affinity against itself). */
  readonly self: string;
  /** Services whose pod template labels a selector matches, within the given namespaces. */
  readonly servicesMatching: (selector: LabelSelector, namespaces: readonly string[]) => string[];
  /** PriorityClass name → value. */
  readonly priorityOf: (className: string | undefined) => number | undefined;
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function obj(name: string, v: unknown): Obj {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new TypeError(`${name} must be an object`);
  return v;
}

function arr(name: string, v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new TypeError(`${name} must be an array`);
  return v;
}

function str(name: string, v: unknown): string {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string`);
  return v;
}

function optStr(name: string, v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : str(name, v);
}

function stringMap(name: string, v: unknown): Record<string, string> {
  const o = obj(name, v);
  for (const [k, x] of Object.entries(o)) if (typeof x !== 'string') throw new TypeError(`${name}[${JSON.stringify(k)}] must be a string`);
  return o as Record<string, string>;
}

/** Label map of an object (checked). */
export function labelsOf(name: string, v: unknown): Record<string, string> {
  return stringMap(name, v);
}

function resourceUnits(name: string, v: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const [r, q] of Object.entries(obj(name, v))) out.set(r, quantityUnits(`${name}[${JSON.stringify(r)}]`, q, r));
  return out;
}

/** Effective requests and (where every container sets one) limits of a pod spec, in scheduler units. */
export function podResources(spec: Obj, path: string): { requests: Map<string, number>; limits: Map<string, number> } {
  const sum = new Map<string, number>();
  const limSum = new Map<string, number>();
  const limCount = new Map<string, number>();
  const containers = arr(`${path}.containers`, spec.containers);
  const inits = arr(`${path}.initContainers`, spec.initContainers);
  let counted = 0;
  const addContainer = (c: unknown, at: string, into: Map<string, number>) => {
    const res = obj(`${at}.resources`, obj(at, c).resources);
    const req = resourceUnits(`${at}.resources.requests`, res.requests);
    const lim = resourceUnits(`${at}.resources.limits`, res.limits);
    for (const [r, v] of lim) if (!req.has(r)) req.set(r, v);
    for (const [r, v] of req) into.set(r, (into.get(r) ?? 0) + v);
    return lim;
  };
  containers.forEach((c, i) => {
    const lim = addContainer(c, `${path}.containers[${i}]`, sum);
    counted++;
    for (const [r, v] of lim) { limSum.set(r, (limSum.get(r) ?? 0) + v); limCount.set(r, (limCount.get(r) ?? 0) + 1); }
  });
  const initMax = new Map<string, number>();
  const sidecars = new Map<string, number>();
  inits.forEach((c, i) => {
    const at = `${path}.initContainers[${i}]`;
    if (obj(at, c).restartPolicy === 'Always') {
      addContainer(c, at, sidecars);
      return;
    }
    const one = new Map<string, number>();
    addContainer(c, at, one);
    // A regular init container runs after the sidecars started before it; Kubernetes adds
    // them. We add all sidecars (a slight over-estimate when sidecars follow it).
    for (const [r, v] of one) initMax.set(r, Math.max(initMax.get(r) ?? 0, v));
  });
  for (const [r, v] of sidecars) sum.set(r, (sum.get(r) ?? 0) + v);
  const requests = new Map(sum);
  for (const [r, v] of initMax) requests.set(r, Math.max(requests.get(r) ?? 0, v + (sidecars.get(r) ?? 0)));
  for (const [r, v] of resourceUnits(`${path}.overhead`, spec.overhead)) requests.set(r, (requests.get(r) ?? 0) + v);
  const limits = new Map<string, number>();
  for (const [r, v] of limSum) if (limCount.get(r) === counted && (requests.get(r) ?? 0) <= v) limits.set(r, v);
  return { requests, limits };
}

function quantities(m: Map<string, number>): Record<string, string> | undefined {
  if (m.size === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [r, v] of m) out[r] = formatUnits(v, r);
  return out;
}

function tolerations(spec: Obj, path: string): Toleration[] | undefined {
  const list = arr(`${path}.tolerations`, spec.tolerations);
  if (list.length === 0) return undefined;
  return list.map((t, i) => {
    const at = `${path}.tolerations[${i}]`;
    const o = obj(at, t);
    const out: { key?: string; operator?: 'Equal' | 'Exists'; value?: string; effect?: Toleration['effect'] } = {};
    const key = optStr(`${at}.key`, o.key);
    if (key !== undefined) out.key = key;
    if (o.operator !== undefined && o.operator !== null) {
      if (o.operator !== 'Equal' && o.operator !== 'Exists') throw new RangeError(`${at}.operator must be Equal or Exists, got ${JSON.stringify(o.operator)}`);
      out.operator = o.operator;
    }
    const value = optStr(`${at}.value`, o.value);
    if (value !== undefined) out.value = value;
    const effect = optStr(`${at}.effect`, o.effect);
    if (effect !== undefined && effect !== '') {
      if (effect !== 'NoSchedule' && effect !== 'PreferNoSchedule' && effect !== 'NoExecute') throw new RangeError(`${at}.effect must be NoSchedule, PreferNoSchedule or NoExecute, got ${JSON.stringify(effect)}`);
      out.effect = effect;
    }
    return out as Toleration;
  });
}

const NODE_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function nodeTerm(v: unknown, at: string, ctx: TemplateContext): NodeSelectorTerm {
  const o = obj(at, v);
  const exprs: NodeSelectorRequirement[] = arr(`${at}.matchExpressions`, o.matchExpressions).map((r, i) => {
    const rn = `${at}.matchExpressions[${i}]`;
    const ro = obj(rn, r);
    const op = str(`${rn}.operator`, ro.operator);
    if (!NODE_OPS.includes(op)) throw new RangeError(`${rn}.operator must be one of ${NODE_OPS.join(', ')}, got ${JSON.stringify(op)}`);
    const values = arr(`${rn}.values`, ro.values).map((x, j) => str(`${rn}.values[${j}]`, x));
    return { key: str(`${rn}.key`, ro.key), operator: op as NodeSelectorRequirement['operator'], ...(values.length > 0 ? { values } : {}) };
  });
  arr(`${at}.matchFields`, o.matchFields).forEach((f, i) => {
    const fn = `${at}.matchFields[${i}]`;
    const fo = obj(fn, f);
    if (fo.key === 'metadata.name') {
      const values = arr(`${fn}.values`, fo.values).map((x, j) => str(`${fn}.values[${j}]`, x));
      exprs.push({ key: HOSTNAME_LABEL, operator: str(`${fn}.operator`, fo.operator) as 'In' | 'NotIn', values });
      ctx.report.add('approximated', ctx.ref, fn, `matchFields metadata.name mapped to the ${HOSTNAME_LABEL} label (equal to the node name on most clusters)`);
    } else {
      ctx.report.add('unsupported', ctx.ref, fn, `matchFields key ${JSON.stringify(fo.key)} is not modelled; dropped`);
    }
  });
  return { matchExpressions: exprs };
}

function nodeAffinity(spec: Obj, path: string, ctx: TemplateContext): NodeAffinity | undefined {
  const aff = obj(`${path}.affinity`, spec.affinity);
  const na = obj(`${path}.affinity.nodeAffinity`, aff.nodeAffinity);
  const at = `${path}.affinity.nodeAffinity`;
  for (const k of Object.keys(na)) {
    if (k !== 'requiredDuringSchedulingIgnoredDuringExecution' && k !== 'preferredDuringSchedulingIgnoredDuringExecution') ctx.report.add('unknown', ctx.ref, `${at}.${k}`, 'field not recognised; ignored');
  }
  const reqObj = obj(`${at}.requiredDuringSchedulingIgnoredDuringExecution`, na.requiredDuringSchedulingIgnoredDuringExecution);
  const required = arr(`${at}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, reqObj.nodeSelectorTerms)
    .map((t, i) => nodeTerm(t, `${at}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`, ctx));
  const preferred = arr(`${at}.preferredDuringSchedulingIgnoredDuringExecution`, na.preferredDuringSchedulingIgnoredDuringExecution).map((p, i) => {
    const pn = `${at}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    const po = obj(pn, p);
    if (typeof po.weight !== 'number') throw new TypeError(`${pn}.weight must be a number`);
    return { weight: po.weight, preference: nodeTerm(po.preference, `${pn}.preference`, ctx) };
  });
  if (required.length === 0 && preferred.length === 0) return undefined;
  return { ...(required.length > 0 ? { required } : {}), ...(preferred.length > 0 ? { preferred } : {}) };
}

function podTerm(v: unknown, at: string, ctx: TemplateContext): PodAntiAffinityTerm | undefined {
  const o = obj(at, v);
  const topologyKey = str(`${at}.topologyKey`, o.topologyKey);
  const selector = checkLabelSelector(`${at}.labelSelector`, o.labelSelector);
  let namespaces = arr(`${at}.namespaces`, o.namespaces).map((x, j) => str(`${at}.namespaces[${j}]`, x));
  if (o.namespaceSelector !== undefined && o.namespaceSelector !== null) {
    ctx.report.add('unsupported', ctx.ref, `${at}.namespaceSelector`, 'namespace selectors are not modelled; the term applies to its listed namespaces (or its own) only');
  }
  for (const k of ['matchLabelKeys', 'mismatchLabelKeys']) {
    if (arr(`${at}.${k}`, o[k]).length > 0) ctx.report.add('unsupported', ctx.ref, `${at}.${k}`, `${k} is not modelled; dropped`);
  }
  if (namespaces.length === 0) namespaces = [ctx.namespace];
  if (selector === undefined) {
    ctx.report.add('ignored', ctx.ref, at, 'a term without labelSelector selects no pods; dropped');
    return undefined;
  }
  const services = ctx.servicesMatching(selector, namespaces);
  if (services.length === 0) {
    ctx.report.add('unsupported', ctx.ref, at, `labelSelector ${formatSelector(selector)} matches no loaded workload (pods qsched does not place are not counted); dropped`);
    return undefined;
  }
  return services.length === 1 && services[0] === ctx.self ? { topologyKey } : { topologyKey, services };
}

function podAntiAffinity(spec: Obj, path: string, ctx: TemplateContext): Service['podAntiAffinity'] {
  const aff = obj(`${path}.affinity`, spec.affinity);
  const at = `${path}.affinity.podAntiAffinity`;
  if (aff.podAffinity !== undefined && aff.podAffinity !== null) {
    ctx.report.add('unsupported', ctx.ref, `${path}.affinity.podAffinity`, 'pod affinity (attraction) is not modelled as a constraint; the call graph (AppGroup) expresses closeness instead; dropped');
  }
  const pa = obj(at, aff.podAntiAffinity);
  const required = arr(`${at}.requiredDuringSchedulingIgnoredDuringExecution`, pa.requiredDuringSchedulingIgnoredDuringExecution)
    .map((t, i) => podTerm(t, `${at}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, ctx))
    .filter((t): t is PodAntiAffinityTerm => t !== undefined);
  const preferred = arr(`${at}.preferredDuringSchedulingIgnoredDuringExecution`, pa.preferredDuringSchedulingIgnoredDuringExecution).flatMap((p, i) => {
    const pn = `${at}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    const po = obj(pn, p);
    if (typeof po.weight !== 'number') throw new TypeError(`${pn}.weight must be a number`);
    const t = podTerm(po.podAffinityTerm, `${pn}.podAffinityTerm`, ctx);
    return t === undefined ? [] : [{ ...t, weight: po.weight }];
  });
  if (required.length === 0 && preferred.length === 0) return undefined;
  return { ...(required.length > 0 ? { required } : {}), ...(preferred.length > 0 ? { preferred } : {}) };
}

function spread(spec: Obj, path: string, ctx: TemplateContext, ownLabels: Record<string, string>): TopologySpreadConstraint[] | undefined {
  const list = arr(`${path}.topologySpreadConstraints`, spec.topologySpreadConstraints);
  const out: TopologySpreadConstraint[] = [];
  list.forEach((c, i) => {
    const at = `${path}.topologySpreadConstraints[${i}]`;
    const o = obj(at, c);
    if (typeof o.maxSkew !== 'number') throw new TypeError(`${at}.maxSkew must be a number`);
    const when = str(`${at}.whenUnsatisfiable`, o.whenUnsatisfiable);
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') throw new RangeError(`${at}.whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway, got ${JSON.stringify(when)}`);
    const selector = checkLabelSelector(`${at}.labelSelector`, o.labelSelector);
    if (selector === undefined || !selectorMatches(selector, ownLabels)) {
      ctx.report.add('unsupported', ctx.ref, at, `qsched spreads a workload's own pods; labelSelector ${formatSelector(selector)} does not select them; dropped`);
      return;
    }
    const others = ctx.servicesMatching(selector, [ctx.namespace]).filter((s) => s !== ctx.self);
    if (others.length > 0) ctx.report.add('approximated', ctx.ref, at, `labelSelector also selects ${others.join(', ')}; qsched counts only this workload's pods`);
    if (o.minDomains !== undefined && o.minDomains !== null) ctx.report.add('unsupported', ctx.ref, `${at}.minDomains`, 'minDomains is not modelled; dropped');
    if (o.nodeAffinityPolicy !== undefined && o.nodeAffinityPolicy !== 'Honor') ctx.report.add('unsupported', ctx.ref, `${at}.nodeAffinityPolicy`, 'only Honor (the default) is modelled');
    if (o.nodeTaintsPolicy !== undefined && o.nodeTaintsPolicy !== 'Ignore') ctx.report.add('unsupported', ctx.ref, `${at}.nodeTaintsPolicy`, 'only Ignore (the default) is modelled');
    if (arr(`${at}.matchLabelKeys`, o.matchLabelKeys).length > 0) ctx.report.add('unsupported', ctx.ref, `${at}.matchLabelKeys`, 'matchLabelKeys is not modelled; dropped');
    out.push({ maxSkew: o.maxSkew, topologyKey: str(`${at}.topologyKey`, o.topologyKey), whenUnsatisfiable: when });
  });
  return out.length > 0 ? out : undefined;
}

/** A pod template → the scheduling fields of a Service named `name` with `replicas` pods. */
export function serviceFromTemplate(name: string, replicas: number, meta: { labels: Record<string, string>; annotations: Record<string, string>; ownerAnnotations?: Record<string, string> }, specRaw: unknown, ctx: TemplateContext): Service {
  const spec = obj(ctx.path, specRaw);
  const { requests, limits } = podResources(spec, ctx.path);
  const annotations = { ...(meta.ownerAnnotations ?? {}), ...meta.annotations };
  const share = annotations[GPU_SHARE_ANNOTATION];
  if (share !== undefined) requests.set(GPU_RESOURCE, quantityUnits(`metadata.annotations["${GPU_SHARE_ANNOTATION}"]`, share, GPU_RESOURCE));
  if (share !== undefined && limits.has(GPU_RESOURCE)) limits.set(GPU_RESOURCE, Math.max(limits.get(GPU_RESOURCE) as number, requests.get(GPU_RESOURCE) as number));
  const critical = annotations[CRITICAL_ANNOTATION];
  if (critical !== undefined && critical !== 'true' && critical !== 'false') ctx.report.add('ignored', ctx.ref, `metadata.annotations["${CRITICAL_ANNOTATION}"]`, `expected "true" or "false", got ${JSON.stringify(critical)}`);
  let priority: number | undefined;
  if (typeof spec.priority === 'number') priority = spec.priority;
  else priority = ctx.priorityOf(optStr(`${ctx.path}.priorityClassName`, spec.priorityClassName));
  const containers = arr(`${ctx.path}.containers`, spec.containers);
  containers.forEach((c, i) => {
    for (const [k, p] of arr(`${ctx.path}.containers[${i}].ports`, obj('', c).ports).entries()) {
      if (isObject(p) && p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) ctx.report.add('unsupported', ctx.ref, `${ctx.path}.containers[${i}].ports[${k}].hostPort`, 'host ports are not modelled (kube-scheduler still enforces them)');
    }
    if (isObject(c) && isObject(c.resources) && c.resources.claims !== undefined) ctx.report.add('unsupported', ctx.ref, `${ctx.path}.containers[${i}].resources.claims`, 'dynamic resource claims are not modelled');
  });
  if (spec.resourceClaims !== undefined) ctx.report.add('unsupported', ctx.ref, `${ctx.path}.resourceClaims`, 'dynamic resource claims are not modelled');
  if (spec.resources !== undefined) ctx.report.add('unsupported', ctx.ref, `${ctx.path}.resources`, 'pod-level resources are not modelled; container requests are used');
  const nodeSelector = stringMap(`${ctx.path}.nodeSelector`, spec.nodeSelector);
  const service: Record<string, unknown> = { name, replicas };
  const req = quantities(requests);
  if (req !== undefined) service.requests = req;
  const lim = quantities(limits);
  if (lim !== undefined) service.limits = lim;
  if (priority !== undefined) service.priority = priority;
  if (critical === 'true') service.critical = true;
  const tol = tolerations(spec, ctx.path);
  if (tol !== undefined) service.tolerations = tol;
  if (Object.keys(nodeSelector).length > 0) service.nodeSelector = nodeSelector;
  const na = nodeAffinity(spec, ctx.path, ctx);
  if (na !== undefined) service.nodeAffinity = na;
  const pa = podAntiAffinity(spec, ctx.path, ctx);
  if (pa !== undefined) service.podAntiAffinity = pa;
  const tsc = spread(spec, ctx.path, ctx, meta.labels);
  if (tsc !== undefined) service.topologySpreadConstraints = tsc;
  return service as unknown as Service;
}
