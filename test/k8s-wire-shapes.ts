// The extender response shapes, written down from k8s.io/kube-scheduler/extender/v1 types.go
// (no json tags: keys are the Go field names). Go's decoder would accept more (case-insensitive
// keys, unknown keys ignored); these checks are strict so a response passing them is exactly
// what the Go structs describe.
//
//   ExtenderFilterResult     { Nodes *v1.NodeList; NodeNames *[]string; FailedNodes FailedNodesMap;
//                              FailedAndUnresolvableNodes FailedNodesMap; Error string }
//   HostPriorityList         []HostPriority{ Host string; Score int64 }
//   ExtenderBindingResult    { Error string }
//   ExtenderPreemptionResult { NodeNameToMetaVictims map[string]*MetaVictims }
//   MetaVictims              { Pods []*MetaPod; NumPDBViolations int64 }   MetaPod { UID string }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt64 = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);

function keysWithin(v: Obj, allowed: string[], at: string): string[] {
  return Object.keys(v).filter((k) => !allowed.includes(k)).map((k) => `${at}: unexpected key ${k}`);
}

function stringMap(v: unknown, at: string): string[] {
  if (v === null || v === undefined) return [];
  if (!isObj(v)) return [`${at} must be a map`];
  return Object.entries(v).filter(([, x]) => typeof x !== 'string').map(([k]) => `${at}[${k}] must be a string`);
}

/** Problems with an ExtenderFilterResult; `mode` requires Nodes (false) or NodeNames (true). */
export function filterShape(v: unknown, nodeCacheCapable?: boolean): string[] {
  if (!isObj(v)) return ['filter result must be an object'];
  const out = keysWithin(v, ['Nodes', 'NodeNames', 'FailedNodes', 'FailedAndUnresolvableNodes', 'Error'], 'filter');
  if (v.Nodes !== undefined && v.Nodes !== null) {
    if (!isObj(v.Nodes)) out.push('Nodes must be a NodeList object');
    else if (v.Nodes.items !== null && v.Nodes.items !== undefined && !(Array.isArray(v.Nodes.items) && v.Nodes.items.every((n) => isObj(n) && isObj(n.metadata) && typeof n.metadata.name === 'string'))) out.push('Nodes.items must be Node objects');
  }
  if (v.NodeNames !== undefined && v.NodeNames !== null && !(Array.isArray(v.NodeNames) && v.NodeNames.every((n) => typeof n === 'string'))) out.push('NodeNames must be an array of strings');
  out.push(...stringMap(v.FailedNodes, 'FailedNodes'), ...stringMap(v.FailedAndUnresolvableNodes, 'FailedAndUnresolvableNodes'));
  if (v.Error !== undefined && typeof v.Error !== 'string') out.push('Error must be a string');
  if (nodeCacheCapable === true && !Array.isArray(v.NodeNames)) out.push('nodeCacheCapable: NodeNames must be set');
  if (nodeCacheCapable === false && !isObj(v.Nodes)) out.push('nodeCacheCapable false: Nodes must be set');
  return out;
}

/** Problems with a HostPriorityList (scores 0..10). */
export function prioritizeShape(v: unknown): string[] {
  if (!Array.isArray(v)) return ['prioritize result must be an array'];
  const out: string[] = [];
  v.forEach((h, i) => {
    if (!isObj(h)) { out.push(`[${i}] must be an object`); return; }
    out.push(...keysWithin(h, ['Host', 'Score'], `[${i}]`));
    if (typeof h.Host !== 'string') out.push(`[${i}].Host must be a string`);
    if (!isInt64(h.Score) || (h.Score as number) < 0 || (h.Score as number) > 10) out.push(`[${i}].Score must be an integer in 0..10`);
  });
  return out;
}

/** Problems with an ExtenderBindingResult. */
export function bindShape(v: unknown): string[] {
  if (!isObj(v)) return ['bind result must be an object'];
  const out = keysWithin(v, ['Error'], 'bind');
  if (v.Error !== undefined && typeof v.Error !== 'string') out.push('Error must be a string');
  return out;
}

/** Problems with an ExtenderPreemptionResult. */
export function preemptShape(v: unknown): string[] {
  if (!isObj(v)) return ['preempt result must be an object'];
  const out = keysWithin(v, ['NodeNameToMetaVictims'], 'preempt');
  const m = v.NodeNameToMetaVictims;
  if (m === null || m === undefined) return out;
  if (!isObj(m)) return [...out, 'NodeNameToMetaVictims must be a map'];
  for (const [node, mv] of Object.entries(m)) {
    if (mv === null) continue;
    if (!isObj(mv)) { out.push(`${node} must be MetaVictims`); continue; }
    out.push(...keysWithin(mv, ['Pods', 'NumPDBViolations'], node));
    if (mv.Pods !== null && !(Array.isArray(mv.Pods) && mv.Pods.every((p) => isObj(p) && typeof p.UID === 'string' && Object.keys(p).every((k) => k === 'UID')))) out.push(`${node}.Pods must be [{UID}]`);
    if (mv.NumPDBViolations !== undefined && !isInt64(mv.NumPDBViolations)) out.push(`${node}.NumPDBViolations must be an integer`);
  }
  return out;
}

/** The checker of a verb's response. */
export const SHAPES: Record<string, (v: unknown, mode?: boolean) => string[]> = { filter: filterShape, prioritize: prioritizeShape, bind: bindShape, preempt: preemptShape };
