// schedule()'s device step. The solvers place by the aggregate resources (the placement kernel
// and its energy know capacities, not devices), so a node may end up with pods whose shares do
// not pack onto its devices (ClusterNode.devices). After solving, the pods are given devices in
// pod order, largest request first on each node; pods left without room (misfits) are taken off
// their node and placed again by reschedule's `reconcile` event, which treats "fits on a device"
// as a hard rule and may move other pods to make room (moves are free here: nothing runs yet).
// The checker then judges the result with its own exact packing test.

import type { CompiledProblem } from './compile.js';
import { DeviceState } from './devices.js';
import { type DeviceHoldings, Rescheduler } from './reschedule/index.js';
import type { Cluster, Weights, Workload } from './types.js';

/** What the device step did. */
export interface DeviceRepair {
  readonly assignment: Int32Array;
  /** Pods that did not fit their node's devices after solving. */
  readonly misfits: number;
  /** Pods reschedule moved or placed to repair them. */
  readonly moves: number;
  /** Pod name → resource → device indices in the final assignment. */
  readonly devices: DeviceHoldings;
}

/** Pod name → resource → device indices of every pod holding devices. */
function holdings(pr: CompiledProblem, dev: DeviceState): Record<string, Record<string, number[]>> {
  const out: Record<string, Record<string, number[]>> = {};
  for (let p = 0; p < pr.P; p++) { const d = dev.holdings(p); if (d !== undefined) out[pr.podNames[p]] = d; }
  return out;
}

/** Device allocation after solving, repairing misfits through reschedule; null when no node declares devices. */
export function repairDevices(cluster: Cluster, workload: Workload, pr: CompiledProblem, assignment: Int32Array, weights?: Partial<Weights>): DeviceRepair | null {
  if (!DeviceState.needed(pr)) return null;
  const dev = new DeviceState(pr, assignment); // each node packed exactly where it can be
  if (dev.unfit === 0) return { assignment, misfits: 0, moves: 0, devices: holdings(pr, dev) };
  const names: Record<string, string> = {};
  for (let p = 0; p < pr.P; p++) if (assignment[p] >= 0 && dev.misfit[p] === 0) names[pr.podNames[p]] = pr.nodeNames[assignment[p]];
  const rs = new Rescheduler(cluster, workload, names, { devices: holdings(pr, dev), ...(weights !== undefined ? { weights } : {}) });
  const r = rs.apply({ type: 'reconcile' }, { maxMoves: Infinity, migrationCost: 0, check: false });
  const nodeIndex = new Map(pr.nodeNames.map((n, i) => [n, i]));
  const after = r.placement.assignment;
  const out = Int32Array.from(pr.podNames, (name) => (after[name] === undefined ? -1 : (nodeIndex.get(after[name]) as number)));
  return { assignment: out, misfits: dev.unfit, moves: r.moves.length, devices: r.placement.devices ?? {} };
}
