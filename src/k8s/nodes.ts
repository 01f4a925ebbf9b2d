// Node objects → ClusterNode, and which nodes a DaemonSet's pods run on (its nodeSelector,
// required node affinity and tolerations; PreferNoSchedule taints never keep it off).

import { quantityUnits } from '../scheduling/quantity.js';
import type { ClusterNode, Taint } from '../scheduling/types.js';
import { type KubeObject, objectRef } from './objects.js';
import { labelsOf } from './podspec.js';
import type { LoadReport } from './report.js';

/** The annotation giving a node's cost (any unit, e.g. $/h). */
export const COST_ANNOTATION = 'qsched.io/cost';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const o = (v: unknown): Obj => (isObject(v) ? v : {});

/** Whether a pod spec's tolerations and node selection admit a node (DaemonSet placement). */
export function daemonFits(spec: Obj, node: ClusterNode): boolean {
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

/** A Node → ClusterNode (allocatable left empty) and its allocatable in scheduler units. */
export function mapNode(x: KubeObject, report: LoadReport): { node: ClusterNode; units: Map<string, number> } {
  const ref = objectRef(x);
  const name = x.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new TypeError(`${ref}.metadata.name must be a non-empty string`);
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
