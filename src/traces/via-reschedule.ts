// The make-room step of the replay's 'qsched-moves' policy, through qsched's own reschedule:
// when no node takes an arriving pod, the pod becomes a `newService` event on a Rescheduler
// built over a neighbourhood of the cluster, with GPUs as device-granular resources
// (ClusterNode.devices: "fits inside one GPU" is a hard rule there, not an aggregate), the
// running pods' GPU indices as the starting device holdings, and the move budget k. The moves
// reschedule returns (ordered, each safe when it happens, with the GPU indices to take) are then
// applied to the replay's per-GPU cluster; a move that would not fit there is a bug and throws.
//
// The neighbourhood keeps each call small (a Rescheduler over all 1523 nodes and up to 8152
// pods per arrival would cost seconds): the `tries` nodes where the pod could run that are
// closest to fitting it (smallest per-GPU shortfall), plus, for every pod running on them, the
// node the qsched policy would move it to. reschedule chooses the victims, their targets and
// the node for the pod inside it, minimising its energy (the resource term R) under the budget.

import { Rescheduler } from '../scheduling/reschedule/index.js';
import type { Cluster, ClusterNode, Service, Workload } from '../scheduling/types.js';
import { GPU_RESOURCE, MODEL_LABEL } from './alibaba.js';
import { type Allocation, type GpuCluster, MAX_GPUS, type PodSpec } from './cluster.js';
import type { FragMemo } from './frag.js';
import { choose } from './policies.js';
import type { Rng } from '../kernels/reference/rng.js';

const gpuScratch = new Int32Array(MAX_GPUS);

/** How far x is from fitting on n at GPU granularity (0 = fits), optionally as if pod v (with allocation `va`) were gone: cpu and memory overflow per capacity plus the missing GPU share. */
export function shortfall(c: GpuCluster, x: PodSpec, n: number, v?: PodSpec, va?: Allocation): number {
  const cpuLeft = c.cpuLeft[n] + (v ? v.cpu : 0);
  const memLeft = c.memLeft[n] + (v ? v.mem : 0);
  let s = Math.max(0, x.cpu - cpuLeft) / c.cpuCap[n] + (c.memCap[n] > 0 ? Math.max(0, x.mem - memLeft) / c.memCap[n] : 0);
  if (x.numGpu === 0) return s;
  for (let g = 0; g < c.gpuCount[n]; g++) gpuScratch[g] = c.gpuLeft[n * MAX_GPUS + g];
  if (va) for (const [g, m] of va.gpus) gpuScratch[g] += m;
  if (x.numGpu === 1) {
    let best = Infinity;
    for (let g = 0; g < c.gpuCount[n]; g++) best = Math.min(best, Math.max(0, x.gpuMilli - gpuScratch[g]));
    return s + best / 1000;
  }
  // Whole GPUs: the GPU share still in use on the (numGpu − free) least used GPUs, so every pod
  // moved off one of them counts as progress.
  const used: number[] = [];
  for (let g = 0; g < c.gpuCount[n]; g++) if (gpuScratch[g] < 1000) used.push(1000 - gpuScratch[g]);
  const short = x.numGpu - (c.gpuCount[n] - used.length);
  if (short > 0) {
    used.sort((a, b) => a - b);
    for (let i = 0; i < short; i++) s += used[i] / 1000;
  }
  return s;
}

/** Could x ever fit on n (capacities and GPU model)? */
export function couldFit(c: GpuCluster, x: PodSpec, n: number): boolean {
  if (x.cpu > c.cpuCap[n] || x.mem > c.memCap[n]) return false;
  if (x.numGpu === 0) return true;
  if (x.models < 0 || c.gpuCount[n] < x.numGpu) return false;
  return x.models === 0 || (c.model[n] >= 0 && ((x.models >> c.model[n]) & 1) === 1);
}

const nodeName = (n: number) => `n${n}`;
const podName = (i: number) => `p${i}`;

function toNode(c: GpuCluster, n: number): ClusterNode {
  const gpus = c.gpuCount[n];
  return {
    name: nodeName(n),
    allocatable: { cpu: `${c.cpuCap[n]}m`, memory: `${c.memCap[n]}Mi`, ...(gpus > 0 ? { [GPU_RESOURCE]: gpus * 1000 } : {}) },
    labels: { 'kubernetes.io/hostname': nodeName(n), ...(c.model[n] >= 0 ? { [MODEL_LABEL]: c.modelNames[c.model[n]] } : {}) },
    ...(gpus > 0 ? { devices: { [GPU_RESOURCE]: gpus } } : {}),
  };
}

function toService(c: GpuCluster, x: PodSpec): Service {
  const models = x.models > 0 ? c.modelNames.filter((_, i) => ((x.models >> i) & 1) === 1) : [];
  return {
    name: podName(x.index),
    replicas: 1,
    requests: { cpu: `${x.cpu}m`, memory: `${x.mem}Mi`, ...(x.numGpu > 0 ? { [GPU_RESOURCE]: x.numGpu === 1 ? x.gpuMilli : x.numGpu * 1000 } : {}) },
    ...(models.length > 0 && x.numGpu > 0 ? { nodeAffinity: { required: [{ matchExpressions: [{ key: MODEL_LABEL, operator: 'In' as const, values: models }] }] } } : {}),
  };
}

/** What one call did (for the replay's counters and tests). */
export interface RoomResult {
  /** Moves of running pods (0 when the pod fitted directly in the neighbourhood, -1 when it could not be placed). */
  readonly moves: number;
  /** Nodes and pods in the Rescheduler's problem. */
  readonly nodes: number;
  readonly pods: number;
}

/**
 * Tries to place x by at most k moves of running pods, through reschedule on a neighbourhood of
 * `tries` candidate nodes; applies the moves to `c` and returns how many there were (-1: x was
 * not placed, nothing changed).
 */
export function makeRoomViaReschedule(c: GpuCluster, x: PodSpec, k: number, specs: ReadonlyMap<number, PodSpec>, frag: FragMemo, rng: Rng, tries = 6): RoomResult {
  if (x.models < 0) return { moves: -1, nodes: 0, pods: 0 };
  const cands: { n: number; s: number }[] = [];
  for (let n = 0; n < c.N; n++) if (couldFit(c, x, n) && c.podsOn[n] > 0) cands.push({ n, s: shortfall(c, x, n) });
  if (cands.length === 0) return { moves: -1, nodes: 0, pods: 0 };
  cands.sort((a, b) => a.s - b.s || a.n - b.n);
  const nodes = new Set<number>();
  for (const { n } of cands.slice(0, tries)) nodes.add(n);
  for (const n of [...nodes]) {
    for (const vi of c.onNode[n]) {
      const to = choose('qsched', c, specs.get(vi) as PodSpec, frag, rng, n);
      if (to !== null) nodes.add(to.node);
    }
  }
  const nodeList = [...nodes].sort((a, b) => a - b);
  const cluster: Cluster = { nodes: nodeList.map((n) => toNode(c, n)) };
  const services: Service[] = [];
  // Each running pod is a one-replica service; its Rescheduler pod is `${service}-0`.
  const assignment: Record<string, string> = {};
  const devices: Record<string, Record<string, number[]>> = {};
  for (const n of nodeList) {
    for (const vi of [...c.onNode[n]].sort((a, b) => a - b)) {
      services.push(toService(c, specs.get(vi) as PodSpec));
      assignment[`${podName(vi)}-0`] = nodeName(n);
      const held = (c.placed.get(vi)?.gpus ?? []).map(([g]) => g);
      if (held.length > 0) devices[`${podName(vi)}-0`] = { [GPU_RESOURCE]: held };
    }
  }
  const workload: Workload = { services };
  const rs = new Rescheduler(cluster, workload, assignment, { devices });
  const r = rs.apply({ type: 'newService', service: toService(c, x) }, { maxMoves: k, check: false });
  const pods = services.length + 1;
  if (r.placement.unplaced.length > 0) return { moves: -1, nodes: nodeList.length, pods };
  let moved = 0;
  for (const m of r.moves) {
    const i = Number(m.pod.slice(1, m.pod.lastIndexOf('-')));
    const to = Number(m.to.slice(1));
    const spec = i === x.index ? x : (specs.get(i) as PodSpec);
    const gpus: [number, number][] = (m.devices?.[GPU_RESOURCE] ?? []).map((g) => [g, spec.numGpu === 1 ? spec.gpuMilli : 1000]);
    if (i !== x.index) { c.remove(spec); moved++; }
    if (!fitsOn(c, spec, to, gpus)) throw new Error(`reschedule's move of ${m.pod} to ${m.to} does not fit the per-GPU cluster (GPUs ${JSON.stringify(gpus)})`);
    c.place(spec, to, gpus);
  }
  return { moves: moved, nodes: nodeList.length, pods };
}

/** Does x fit on n with exactly these GPU shares (cpu, memory, each GPU's share left)? */
function fitsOn(c: GpuCluster, x: PodSpec, n: number, gpus: readonly (readonly [number, number])[]): boolean {
  if (x.cpu > c.cpuLeft[n] || x.mem > c.memLeft[n]) return false;
  if (gpus.length !== (x.numGpu === 0 ? 0 : x.numGpu === 1 ? 1 : x.numGpu)) return false;
  return gpus.every(([g, m]) => g < c.gpuCount[n] && c.gpuLeft[n * MAX_GPUS + g] >= m);
}
