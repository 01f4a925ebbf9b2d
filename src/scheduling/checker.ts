// The independent feasibility checker: judges a placement (pod name → node name) from scratch
// against the ORIGINAL inputs. It shares nothing with the energy function, the compiled mask or
// selectors.ts (only the quantity parser and the input validation), and walks pods and nodes by
// name with plain maps, so an error in compile, energy or a solver cannot be mirrored here.
//
// Hard (infeasible): every pod placed on an existing node; resources fit per node; requests of
// device-granular resources pack onto the node's devices (devices.ts packs: exact, bounded); NoSchedule/
// NoExecute taints tolerated (a cordoned node carries node.kubernetes.io/unschedulable);
// nodeSelector and required node affinity; required pod anti-affinity (symmetric, per topology
// domain = label value; a node lacking the key is in no domain); DoNotSchedule spread: the node
// must carry the key and max − min ≤ maxSkew over the domains of nodes the service may select.
// Soft (reported, still feasible): preferred anti-affinity, ScheduleAnyway spread, and the
// PodDisruptionBudget read as drain safety (no node holds more pods of a service than the
// budget lets go at once).

import { devicesNeeded, packs } from './devices.js';
import { formatUnits, quantityUnits } from './quantity.js';
import type { CheckResult, Cluster, ClusterNode, NodeSelectorRequirement, Service, Taint, Toleration, Violation, Workload } from './types.js';
import { validateCluster, validateWorkload } from './validate.js';

type Labels = Readonly<Record<string, string>>;

function labelsOf(node: ClusterNode): Labels {
  const l = node.labels ?? {};
  return l['kubernetes.io/hostname'] === undefined ? { ...l, 'kubernetes.io/hostname': node.name } : l;
}

function tolerated(taint: Taint, tolerations: readonly Toleration[]): boolean {
  return tolerations.some((t) =>
    (t.effect === undefined || t.effect === taint.effect) &&
    (t.key === undefined || t.key === '' || t.key === taint.key) &&
    (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')));
}

function requirementHolds(labels: Labels, r: NodeSelectorRequirement): boolean {
  const v = Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
  const vals = r.values ?? [];
  if (r.operator === 'In') return v !== undefined && vals.includes(v);
  if (r.operator === 'NotIn') return v === undefined || !vals.includes(v);
  if (r.operator === 'Exists') return v !== undefined;
  if (r.operator === 'DoesNotExist') return v === undefined;
  if (v === undefined || !/^-?[0-9]+$/.test(v)) return false;
  return r.operator === 'Gt' ? Number(v) > Number(vals[0]) : Number(v) < Number(vals[0]);
}

function selectionFailure(svc: Service, labels: Labels): string | null {
  for (const [k, v] of Object.entries(svc.nodeSelector ?? {})) {
    if (labels[k] !== v) return `nodeSelector ${k}=${v} not matched`;
  }
  const terms = svc.nodeAffinity?.required ?? [];
  if (terms.length === 0) return null;
  const ok = terms.some((t) => t.matchExpressions.length > 0 && t.matchExpressions.every((r) => requirementHolds(labels, r)));
  return ok ? null : 'no required node-affinity term matches';
}

function allowedDisruptions(replicas: number, pdb: NonNullable<Service['disruptionBudget']>): number {
  const scale = (v: number | string) => (typeof v === 'number' ? v : Math.ceil((replicas * Number(v.replace('%', ''))) / 100));
  return pdb.minAvailable !== undefined ? replicas - scale(pdb.minAvailable) : scale(pdb.maxUnavailable as number | string);
}

/** The device rule checked on given holdings: each pod holds the devices its request needs, none overbooked. */
function checkHoldings(node: string, r: string, pods: readonly { pod: string; units: number }[], count: number, cap: number, devices: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>): Violation[] {
  const out: Violation[] = [];
  const size = cap / count;
  const load = new Array<number>(count).fill(0);
  for (const { pod, units } of pods) {
    const per = devices[pod] as unknown;
    const held = per !== null && typeof per === 'object' ? (per as Record<string, unknown>)[r] : undefined;
    const shape = devicesNeeded(units, count, cap);
    if (held !== undefined && !Array.isArray(held)) {
      out.push({ constraint: 'devices', pod, node, detail: `${r}: devices["${pod}"]["${r}"] must be an array of device indices` });
      continue;
    }
    if (held === undefined || held.length === 0) {
      out.push({ constraint: 'devices', pod, node, detail: `${r}: the pod holds no device on ${node} (it needs ${shape.need})` });
      continue;
    }
    if (new Set(held).size !== held.length || held.some((k) => !Number.isInteger(k) || k < 0 || k >= count) || held.length !== shape.need) {
      out.push({ constraint: 'devices', pod, node, detail: `${r}: holds devices [${held.join(', ')}] of ${count}, needs ${shape.need} distinct one${shape.need > 1 ? 's' : ''}` });
      continue;
    }
    for (const k of held) load[k] += shape.whole ? size : units;
  }
  load.forEach((l, k) => {
    if (l > size * (1 + 1e-12)) out.push({ constraint: 'devices', node, detail: `${r}: device ${k} is booked ${formatUnits(l, r)} of ${formatUnits(size, r)}` });
  });
  return out;
}

/**
 * Judges `assignment` (pod name → node name) against the original cluster and workload. With
 * `devices` (pod → resource → device indices, as reschedule and schedule report them) the device
 * rule is checked on those holdings; without, by whether the requests pack at all.
 */
export function checkPlacement(cluster: Cluster, workload: Workload, assignment: Readonly<Record<string, string>>, devices?: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>): CheckResult {
  validateCluster(cluster);
  validateWorkload(workload);
  if (devices !== undefined && (devices === null || typeof devices !== 'object' || Array.isArray(devices))) throw new TypeError('devices must be an object of pod → resource → device indices');
  const out: Violation[] = [];
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const labels = new Map(cluster.nodes.map((n) => [n.name, labelsOf(n)]));
  const podsOf = new Map<string, { pod: string; node: string }[]>();
  const known = new Set<string>();
  for (const svc of workload.services) {
    const placed: { pod: string; node: string }[] = [];
    for (let i = 0; i < svc.replicas; i++) {
      const pod = `${svc.name}-${i}`;
      known.add(pod);
      const node = Object.prototype.hasOwnProperty.call(assignment, pod) ? assignment[pod] : undefined;
      if (node === undefined) out.push({ constraint: 'unplaced', pod, service: svc.name, detail: 'pod has no node' });
      else if (!nodes.has(node)) out.push({ constraint: 'unknownNode', pod, service: svc.name, node, detail: `node ${JSON.stringify(node)} is not in the cluster` });
      else placed.push({ pod, node });
    }
    podsOf.set(svc.name, placed);
  }
  for (const pod of Object.keys(assignment)) {
    if (!known.has(pod)) out.push({ constraint: 'unknownPod', pod, detail: `no service has a pod named ${JSON.stringify(pod)}` });
  }

  const used = new Map<string, Map<string, number>>();
  const deviceReqs = new Map<string, Map<string, { pod: string; units: number }[]>>();
  for (const svc of workload.services) {
    for (const { pod, node } of podsOf.get(svc.name) ?? []) {
      const nd = nodes.get(node) as ClusterNode;
      const taints = [...(nd.taints ?? []), ...(nd.unschedulable === true ? [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const }] : [])];
      for (const taint of taints) {
        if (taint.effect !== 'PreferNoSchedule' && !tolerated(taint, svc.tolerations ?? [])) {
          out.push({ constraint: 'taint', pod, service: svc.name, node, detail: `untolerated taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}` });
        }
      }
      const why = selectionFailure(svc, labels.get(node) as Labels);
      if (why !== null) out.push({ constraint: svc.nodeSelector && why.startsWith('nodeSelector') ? 'nodeSelector' : 'nodeAffinity', pod, service: svc.name, node, detail: why });
      const u = used.get(node) ?? new Map<string, number>();
      for (const [r, q] of Object.entries(svc.requests ?? {})) {
        const units = quantityUnits(r, q, r);
        u.set(r, (u.get(r) ?? 0) + units);
        if (nd.devices?.[r] !== undefined && units > 0) {
          const d = deviceReqs.get(node) ?? new Map<string, { pod: string; units: number }[]>();
          d.set(r, [...(d.get(r) ?? []), { pod, units }]);
          deviceReqs.set(node, d);
        }
      }
      used.set(node, u);
    }
  }
  for (const [node, u] of used) {
    const alloc = (nodes.get(node) as ClusterNode).allocatable;
    for (const [r, amount] of u) {
      const cap = alloc[r] === undefined ? 0 : quantityUnits(r, alloc[r], r);
      if (amount > cap) out.push({ constraint: 'capacity', node, detail: `${r}: requests ${formatUnits(amount, r)} exceed allocatable ${formatUnits(cap, r)}` });
    }
  }
  for (const [node, perResource] of deviceReqs) {
    const nd = nodes.get(node) as ClusterNode;
    for (const [r, pods] of perResource) {
      const count = (nd.devices as Record<string, number>)[r];
      const cap = quantityUnits(r, nd.allocatable[r], r);
      const size = cap / count;
      if (devices !== undefined) {
        out.push(...checkHoldings(node, r, pods, count, cap, devices));
        continue;
      }
      const reqs = pods.map((x) => x.units);
      const ok = packs(reqs, count, cap);
      if (ok !== true) {
        out.push({ constraint: 'devices', node, detail: ok === false
          ? `${r}: requests ${reqs.map((q) => formatUnits(q, r)).join(', ')} do not pack onto ${count} devices of ${formatUnits(size, r)} (a request up to one device's size needs one device, a larger one whole devices)`
          : `${r}: could not decide within the search budget whether ${reqs.length} requests pack onto ${count} devices` });
      }
    }
  }

  for (const svc of workload.services) {
    const mine = podsOf.get(svc.name) ?? [];
    const terms = [
      ...(svc.podAntiAffinity?.required ?? []).map((t) => ({ ...t, soft: false })),
      ...(svc.podAntiAffinity?.preferred ?? []).map((t) => ({ ...t, soft: true })),
    ];
    for (const term of terms) {
      for (const target of term.services ?? [svc.name]) {
        const theirs = podsOf.get(target) ?? [];
        for (let i = 0; i < mine.length; i++) {
          const v = (labels.get(mine[i].node) as Labels)[term.topologyKey];
          if (v === undefined) continue;
          for (let j = target === svc.name ? i + 1 : 0; j < theirs.length; j++) {
            if ((labels.get(theirs[j].node) as Labels)[term.topologyKey] !== v) continue;
            out.push({ constraint: 'antiAffinity', pod: mine[i].pod, service: svc.name, node: mine[i].node, soft: term.soft, detail: `shares ${term.topologyKey}=${v} with ${theirs[j].pod}` });
          }
        }
      }
    }
    for (const c of svc.topologySpreadConstraints ?? []) {
      const soft = c.whenUnsatisfiable === 'ScheduleAnyway';
      const counts = new Map<string, number>();
      for (const nd of cluster.nodes) {
        const l = labels.get(nd.name) as Labels;
        if (l[c.topologyKey] !== undefined && selectionFailure(svc, l) === null) counts.set(l[c.topologyKey], 0);
      }
      for (const { pod, node } of mine) {
        const v = (labels.get(node) as Labels)[c.topologyKey];
        if (v === undefined) {
          if (!soft) out.push({ constraint: 'spread', pod, service: svc.name, node, detail: `node lacks topology key ${c.topologyKey}` });
        } else if (counts.has(v)) {
          counts.set(v, (counts.get(v) as number) + 1);
        }
      }
      if (counts.size === 0) continue;
      const values = [...counts.values()];
      const skew = Math.max(...values) - Math.min(...values);
      if (skew > c.maxSkew) out.push({ constraint: 'spread', service: svc.name, soft, detail: `skew ${skew} over ${c.topologyKey} exceeds maxSkew ${c.maxSkew}` });
    }
    if (svc.disruptionBudget !== undefined) {
      const allowed = Math.max(1, allowedDisruptions(svc.replicas, svc.disruptionBudget));
      const perNode = new Map<string, number>();
      for (const { node } of mine) perNode.set(node, (perNode.get(node) ?? 0) + 1);
      for (const [node, k] of perNode) {
        if (k > allowed && allowed < svc.replicas) out.push({ constraint: 'pdb', service: svc.name, node, soft: true, detail: `draining ${node} would disrupt ${k} pods, budget allows ${allowed}` });
      }
    }
  }
  return { feasible: !out.some((v) => v.soft !== true), violations: out };
}
