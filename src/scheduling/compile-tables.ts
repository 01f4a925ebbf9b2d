// Incremental updates of compile's per-(service, node) tables (CompileTables in compile.ts), for
// the events that change the problem's shape: the Rescheduler keeps the tables between events
// and calls compile.ts's `expand` on the updated ones, instead of compiling from scratch. Every
// function returns new tables sharing what it does not change and never mutates its argument,
// so a throw leaves the caller's tables intact. `expand(update(t, …))` equals `compile(new
// inputs)` exactly (test/resched-incremental.test.ts holds them deep-equal on random inputs).
//
//   withNode       one node column: S evaluations (taints, selection, fit, spread keys,
//                  preferences); the S×N arrays are re-laid out with room for the column
//                  (O(S·N) copying, no evaluation)
//   withReplicas   replica counts or call edges: no evaluation (no table depends on replicas)
//   withService    one service row: N evaluations; O(S·N) copying
//   withRequests   one service's requests: the resource-fit bit of its row, O(N·R)
//
// The topology (domain ids per node and level) is derived again from the kept labels when a
// node joins or when the constraint keys change (a new service's keys, or a scale from or to
// zero replicas, which renumbers levels ≥ 4: see constraintKeys): O(N · levels) label lookups and
// no selector evaluation, and it keeps compile's exact level numbering without a second copy of
// topology.ts's rules. Inputs are validated by the caller (reschedule/events.ts runs
// validateCluster / validateWorkload on the new inputs); a request or allocatable naming a
// resource the tables do not have returns null: the resource axis R is part of every N×R and
// P×R array, so the caller compiles from scratch then (rare: a new extended resource).

import { type CompileTables, constraintKeys, evaluateCells, REASON_RESOURCES, topologyFor, unitsRow } from './compile.js';
import { nodeLabels, nodeTaints } from './selectors.js';
import type { ClusterNode, Workload } from './types.js';

type Cells = Pick<CompileTables, 'serviceReasons' | 'softNode' | 'preferTaints' | 'preferAffinity'> & { readonly selects: boolean[][] };

const known = (t: CompileTables, quantities: Readonly<Record<string, unknown>> | undefined) =>
  Object.keys(quantities ?? {}).every((r) => t.resourceNames.includes(r));

/** The same topology when the keys are the same, else one derived afresh (never mutates t.topology). */
function topologyOf(t: CompileTables, cluster: CompileTables['cluster'], keys: readonly string[], nodesChanged: boolean): CompileTables['topology'] {
  const same = !nodesChanged && keys.length === t.keys.length && keys.every((k, i) => k === t.keys[i]);
  return same ? t.topology : topologyFor(cluster, keys);
}

/** The S×N arrays with one more column (N → N + 1), the new column zero. */
function widen(t: CompileTables, S: number, N: number): Cells {
  const grow = <A extends Uint8Array | Int32Array | Float64Array>(a: A, make: (n: number) => A): A => {
    const out = make(S * (N + 1));
    for (let s = 0; s < S; s++) out.set(a.subarray(s * N, s * N + N), s * (N + 1));
    return out;
  };
  return {
    selects: t.selects.map((row) => [...row, false]),
    serviceReasons: grow(t.serviceReasons, (n) => new Uint8Array(n)),
    softNode: grow(t.softNode, (n) => new Float64Array(n)),
    preferTaints: grow(t.preferTaints, (n) => new Int32Array(n)),
    preferAffinity: grow(t.preferAffinity, (n) => new Float64Array(n)),
  };
}

/** The tables with `node` appended, or null when it names a resource they lack. */
export function withNode(t: CompileTables, node: ClusterNode): CompileTables | null {
  if (!known(t, node.allocatable)) return null;
  const N = t.cluster.nodes.length;
  const S = t.workload.services.length;
  const R = t.resourceNames.length;
  const cluster = { ...t.cluster, nodes: [...t.cluster.nodes, node] };
  const nodeCap = new Float64Array((N + 1) * R);
  nodeCap.set(t.nodeCap);
  nodeCap.set(unitsRow(`cluster.nodes[${N}].allocatable`, node.allocatable, t.resourceNames), N * R);
  const cells = widen(t, S, N);
  const next = {
    ...t, ...cells, cluster, nodeCap,
    labels: [...t.labels, nodeLabels(node)], taints: [...t.taints, nodeTaints(node)],
    topology: topologyOf(t, cluster, t.keys, true),
  };
  for (let s = 0; s < S; s++) evaluateCells(next, s, N, N + 1, N + 1, cells);
  return next;
}

/** The tables for `workload`, which differs from t.workload only in replica counts and/or call edges. */
export function withReplicas(t: CompileTables, workload: Workload): CompileTables {
  const keys = constraintKeys(workload);
  return { ...t, workload, keys, topology: topologyOf(t, t.cluster, keys, false) };
}

/** The tables for `workload` = t.workload plus one service appended (and any edges), or null when it requests a resource they lack. */
export function withService(t: CompileTables, workload: Workload): CompileTables | null {
  const S = t.workload.services.length;
  const N = t.cluster.nodes.length;
  const R = t.resourceNames.length;
  const svc = workload.services[S];
  if (!known(t, svc.requests)) return null;
  const serviceReq = new Float64Array((S + 1) * R);
  serviceReq.set(t.serviceReq);
  serviceReq.set(unitsRow(`workload.services[${S}].requests`, svc.requests, t.resourceNames), S * R);
  const keys = constraintKeys(workload);
  const cells = {
    selects: [...(t.selects as boolean[][]), new Array<boolean>(N)], // old rows shared; only row S is written
    serviceReasons: new Uint8Array((S + 1) * N), softNode: new Float64Array((S + 1) * N),
    preferTaints: new Int32Array((S + 1) * N), preferAffinity: new Float64Array((S + 1) * N),
  };
  cells.serviceReasons.set(t.serviceReasons);
  cells.softNode.set(t.softNode);
  cells.preferTaints.set(t.preferTaints);
  cells.preferAffinity.set(t.preferAffinity);
  const next = { ...t, ...cells, workload, serviceReq, keys, topology: topologyOf(t, t.cluster, keys, false) };
  evaluateCells(next, S, 0, N, N, cells);
  return next;
}

/** The tables for `workload`, where only service s's requests (and limits) differ, or null when it requests a resource they lack. */
export function withRequests(t: CompileTables, workload: Workload, s: number): CompileTables | null {
  const svc = workload.services[s];
  if (!known(t, svc.requests)) return null;
  const N = t.cluster.nodes.length;
  const R = t.resourceNames.length;
  const serviceReq = t.serviceReq.slice();
  serviceReq.set(unitsRow(`workload.services[${s}].requests`, svc.requests, t.resourceNames), s * R);
  const serviceReasons = t.serviceReasons.slice();
  for (let n = 0; n < N; n++) {
    let fits = true;
    for (let r = 0; r < R; r++) if (serviceReq[s * R + r] > t.nodeCap[n * R + r]) { fits = false; break; }
    serviceReasons[s * N + n] = fits ? serviceReasons[s * N + n] & ~REASON_RESOURCES : serviceReasons[s * N + n] | REASON_RESOURCES;
  }
  return { ...t, workload, serviceReq, serviceReasons };
}
