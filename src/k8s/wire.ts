// The kube-scheduler extender wire format (k8s.io/kube-scheduler/extender/v1 types.go). The Go
// structs carry no json tags, so the keys are the Go field names:
//
//   ExtenderArgs             { Pod *v1.Pod, Nodes *v1.NodeList, NodeNames *[]string }
//   ExtenderFilterResult     { Nodes *v1.NodeList, NodeNames *[]string, FailedNodes map[string]string,
//                              FailedAndUnresolvableNodes map[string]string, Error string }
//   HostPriorityList         [ { Host string, Score int64 } ]
//   ExtenderBindingArgs      { PodName string, PodNamespace string, PodUID types.UID (string), Node string }
//   ExtenderBindingResult    { Error string }
//   ExtenderPreemptionArgs   { Pod *v1.Pod, NodeNameToVictims map[string]*Victims,
//                              NodeNameToMetaVictims map[string]*MetaVictims }
//   Victims                  { Pods []*v1.Pod, NumPDBViolations int64 }
//   MetaVictims              { Pods []*MetaPod, NumPDBViolations int64 }   MetaPod { UID string }
//   ExtenderPreemptionResult { NodeNameToMetaVictims map[string]*MetaVictims }
//
// nodeCacheCapable: false sends Nodes (a full NodeList) and expects Nodes back; true sends
// NodeNames and expects NodeNames back. Go's decoder matches keys case-insensitively; we accept
// only the exact names kube-scheduler sends and reject anything malformed with a WireError
// (HTTP 400) naming the field. Objects inside (Pod, Node) are ordinary Kubernetes JSON and are
// only checked where qsched reads them. No Node API here.

import type { V1Node, V1Pod } from '@kubernetes/client-node';

/** A request the extender cannot accept (HTTP 400). */
export class WireError extends Error {
  override readonly name = 'WireError';
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function what(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function need(name: string, v: unknown): Obj {
  if (!isObject(v)) throw new WireError(`${name} must be an object, got ${what(v)}`);
  return v;
}

function needString(name: string, v: unknown, nonEmpty = true): string {
  if (typeof v !== 'string') throw new WireError(`${name} must be a string, got ${what(v)}`);
  if (nonEmpty && v === '') throw new WireError(`${name} must not be empty`);
  return v;
}

function checkPod(name: string, v: unknown): V1Pod {
  const pod = need(name, v);
  const meta = need(`${name}.metadata`, pod.metadata);
  needString(`${name}.metadata.name`, meta.name);
  if (meta.namespace !== undefined) needString(`${name}.metadata.namespace`, meta.namespace, false);
  if (meta.uid !== undefined) needString(`${name}.metadata.uid`, meta.uid, false);
  for (const k of ['labels', 'annotations'] as const) {
    if (meta[k] === undefined || meta[k] === null) continue;
    const m = need(`${name}.metadata.${k}`, meta[k]);
    for (const [key, val] of Object.entries(m)) if (typeof val !== 'string') throw new WireError(`${name}.metadata.${k}[${JSON.stringify(key)}] must be a string`);
  }
  if (pod.spec !== undefined) need(`${name}.spec`, pod.spec);
  return pod as V1Pod;
}

/** The parsed ExtenderArgs (filter, prioritize). */
export interface ExtenderArgs {
  readonly pod: V1Pod;
  /** nodeCacheCapable: false — the NodeList as sent (its items are echoed back by filter). */
  readonly nodes: { readonly list: Obj; readonly items: readonly V1Node[] } | null;
  /** The candidate node names, from whichever field was sent. */
  readonly names: readonly string[];
  readonly nodeCacheCapable: boolean;
}

/** Checks an ExtenderArgs body. */
export function parseExtenderArgs(body: unknown): ExtenderArgs {
  const args = need('request body', body);
  const pod = checkPod('Pod', args.Pod);
  const hasNodes = args.Nodes !== undefined && args.Nodes !== null;
  const hasNames = args.NodeNames !== undefined && args.NodeNames !== null;
  if (hasNodes === hasNames) throw new WireError(`exactly one of Nodes (nodeCacheCapable: false) and NodeNames (nodeCacheCapable: true) must be set, got ${hasNodes ? 'both' : 'neither'}`);
  if (hasNames) {
    if (!Array.isArray(args.NodeNames)) throw new WireError(`NodeNames must be an array of strings, got ${what(args.NodeNames)}`);
    const names = args.NodeNames.map((n, i) => needString(`NodeNames[${i}]`, n));
    return { pod, nodes: null, names, nodeCacheCapable: true };
  }
  const list = need('Nodes', args.Nodes);
  const rawItems = list.items === null || list.items === undefined ? [] : list.items;
  if (!Array.isArray(rawItems)) throw new WireError(`Nodes.items must be an array, got ${what(rawItems)}`);
  const items = rawItems.map((n, i) => {
    const node = need(`Nodes.items[${i}]`, n);
    needString(`Nodes.items[${i}].metadata.name`, need(`Nodes.items[${i}].metadata`, node.metadata).name);
    return node as V1Node;
  });
  return { pod, nodes: { list, items }, names: items.map((n) => n.metadata?.name as string), nodeCacheCapable: false };
}

/** Checks an ExtenderBindingArgs body. */
export function parseBindingArgs(body: unknown): { podName: string; podNamespace: string; podUID: string; node: string } {
  const b = need('request body', body);
  return {
    podName: needString('PodName', b.PodName),
    podNamespace: needString('PodNamespace', b.PodNamespace, false),
    podUID: needString('PodUID', b.PodUID, false),
    node: needString('Node', b.Node),
  };
}

/** Parsed preemption candidates: per node the victims' UIDs and the PDB violation count. */
export interface PreemptionArgs {
  readonly pod: V1Pod;
  readonly victims: ReadonlyMap<string, { readonly uids: readonly string[]; readonly numPDBViolations: number }>;
  readonly nodeCacheCapable: boolean;
}

function checkInt64(name: string, v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new WireError(`${name} must be an integer, got ${what(v)}`);
  return v;
}

/** Checks an ExtenderPreemptionArgs body. */
export function parsePreemptionArgs(body: unknown): PreemptionArgs {
  const args = need('request body', body);
  const pod = checkPod('Pod', args.Pod);
  const full = args.NodeNameToVictims !== undefined && args.NodeNameToVictims !== null;
  const meta = args.NodeNameToMetaVictims !== undefined && args.NodeNameToMetaVictims !== null;
  if (full === meta) throw new WireError(`exactly one of NodeNameToVictims and NodeNameToMetaVictims must be set, got ${full ? 'both' : 'neither'}`);
  const field = full ? 'NodeNameToVictims' : 'NodeNameToMetaVictims';
  const map = need(field, full ? args.NodeNameToVictims : args.NodeNameToMetaVictims);
  const victims = new Map<string, { uids: string[]; numPDBViolations: number }>();
  for (const [node, raw] of Object.entries(map)) {
    const at = `${field}[${JSON.stringify(node)}]`;
    if (raw === null) { victims.set(node, { uids: [], numPDBViolations: 0 }); continue; }
    const v = need(at, raw);
    const pods = v.Pods === null || v.Pods === undefined ? [] : v.Pods;
    if (!Array.isArray(pods)) throw new WireError(`${at}.Pods must be an array, got ${what(pods)}`);
    const uids = pods.map((p, i) => {
      if (full) {
        const pod = checkPod(`${at}.Pods[${i}]`, p);
        return needString(`${at}.Pods[${i}].metadata.uid`, pod.metadata?.uid);
      }
      return needString(`${at}.Pods[${i}].UID`, need(`${at}.Pods[${i}]`, p).UID);
    });
    victims.set(node, { uids, numPDBViolations: checkInt64(`${at}.NumPDBViolations`, v.NumPDBViolations) });
  }
  return { pod, victims, nodeCacheCapable: !full };
}

/** The ExtenderFilterResult for either mode. */
export function filterResult(args: ExtenderArgs, passed: readonly string[], failed: Readonly<Record<string, string>>, unresolvable: Readonly<Record<string, string>> = {}, error = ''): Obj {
  if (args.nodes === null) return { NodeNames: [...passed], FailedNodes: { ...failed }, FailedAndUnresolvableNodes: { ...unresolvable }, Error: error };
  const keep = new Set(passed);
  const { items: _items, ...rest } = args.nodes.list;
  return { Nodes: { ...rest, items: args.nodes.items.filter((n) => keep.has(n.metadata?.name as string)) }, FailedNodes: { ...failed }, FailedAndUnresolvableNodes: { ...unresolvable }, Error: error };
}

/** The ExtenderPreemptionResult: the nodes kept with their victims as MetaVictims. */
export function preemptionResult(args: PreemptionArgs, keep: (node: string) => boolean): Obj {
  const out: Record<string, { Pods: { UID: string }[]; NumPDBViolations: number }> = {};
  for (const [node, v] of args.victims) if (keep(node)) out[node] = { Pods: v.uids.map((UID) => ({ UID })), NumPDBViolations: v.numPDBViolations };
  return { NodeNameToMetaVictims: out };
}
