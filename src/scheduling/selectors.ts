// Label and taint predicates with Kubernetes semantics, shared by compile.ts (the feasibility
// mask) and the constructive baselines. The checker deliberately does not import this file: it
// re-derives every rule on its own, so a bug here cannot hide behind an agreeing checker.
//
// Semantics followed (k8s.io/component-helpers scheduling/corev1): NotIn and DoesNotExist match
// a node lacking the key; Gt/Lt compare integers and never match a missing or non-integer value;
// a term with no expressions matches nothing; required terms are OR-ed, expressions AND-ed.
// A toleration with an empty key and operator Exists tolerates every taint.

import type { ClusterNode, NodeSelectorRequirement, NodeSelectorTerm, Service, Taint, Toleration } from './types.js';
import { HOSTNAME_LABEL } from './types.js';

/** The taint a cordoned node carries in Kubernetes. */
export const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });

/** A node's labels with `kubernetes.io/hostname` defaulted to its name. */
export function nodeLabels(node: ClusterNode): Readonly<Record<string, string>> {
  const labels = node.labels ?? {};
  return HOSTNAME_LABEL in labels ? labels : { ...labels, [HOSTNAME_LABEL]: node.name };
}

/** A node's taints, including the unschedulable taint of a cordoned node. */
export function nodeTaints(node: ClusterNode): readonly Taint[] {
  const taints = node.taints ?? [];
  return node.unschedulable === true ? [...taints, UNSCHEDULABLE_TAINT] : taints;
}

/** Whether one toleration tolerates one taint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** Taints of `effects` that no toleration tolerates. */
export function untolerated(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, effects: readonly string[]): Taint[] {
  return taints.filter((taint) => effects.includes(taint.effect) && !(tolerations ?? []).some((t) => tolerates(t, taint)));
}

/** Whether a label set satisfies one match expression. */
export function matchesRequirement(labels: Readonly<Record<string, string>>, req: NodeSelectorRequirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In': return has && values.includes(value as string);
    case 'NotIn': return !has || !values.includes(value as string);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !/^-?[0-9]+$/.test(value as string)) return false;
      const a = Number(value);
      const b = Number(values[0]);
      return req.operator === 'Gt' ? a > b : a < b;
    }
  }
}

/** Whether a label set satisfies every expression of a term (an empty term matches nothing). */
export function matchesTerm(labels: Readonly<Record<string, string>>, term: NodeSelectorTerm): boolean {
  return term.matchExpressions.length > 0 && term.matchExpressions.every((r) => matchesRequirement(labels, r));
}

/** nodeSelector AND (any required node-affinity term): the NodeAffinity filter. */
export function matchesNodeSelection(service: Service, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(service.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = service.nodeAffinity?.required;
  return required === undefined || required.length === 0 || required.some((t) => matchesTerm(labels, t));
}

/** Sum of the weights of preferred node-affinity terms a node matches. */
export function preferredAffinityWeight(service: Service, labels: Readonly<Record<string, string>>): number {
  let sum = 0;
  for (const p of service.nodeAffinity?.preferred ?? []) if (matchesTerm(labels, p.preference)) sum += p.weight;
  return sum;
}

/** Sum of the weights of all preferred node-affinity terms. */
export function preferredAffinityTotal(service: Service): number {
  let sum = 0;
  for (const p of service.nodeAffinity?.preferred ?? []) sum += p.weight;
  return sum;
}
