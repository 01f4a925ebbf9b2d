// Placement policies for the trace replay, each from its published description (FGD paper,
// §6.1, and the works it cites). Every policy picks, among the nodes where the pod fits (cpu,
// memory, GPU model, GPU shape), the one with the lowest score; nodes in the same state score
// the same, so state groups are scored once and ties go to the smallest node index.
//
//   random        Random-fit: a uniformly random node where the pod fits (seeded).
//   bestfit       Best-fit: the least remaining resources after placement, the sum over the
//                 node's dimensions of remaining / capacity (cpu, memory, GPU).
//   dotprod       Dot-product (Tetris, Grandl et al. SIGCOMM'14): the best alignment of the
//                 pod's demand with the node's free resources, Σ_d (demand_d/cap_d)·(free_d/cap_d)
//                 maximised.
//   gpupacking    GPU packing: GPU pods go first to GPUs already in use that still fit, then to
//                 free GPUs on nodes already in use, then to idle nodes (best fit inside each
//                 class); CPU-only pods prefer nodes without GPUs (then best fit).
//   gpuclustering GPU clustering: pods go where the most pods of the same GPU demand already run
//                 (homogeneous GPU sharing), best fit among equals.
//   fgd           Fragmentation Gradient Descent: the node and GPU whose expected fragmentation
//                 F (frag.ts) grows the least.
//   qsched        qsched's energy: the change in its resource term R (energy.ts: a used node
//                 costs 1 plus Σ_r (1 − used_r/cap_r)² over cpu, memory and aggregate GPU),
//                 tightest GPU inside the node. With k > 0, a pod no node can take gets up to
//                 k moves of running pods to make room (replay.ts), as reschedule's makeRoom.
//   fgd-moves     FGD's choice, plus the same make-room moves when no node takes the pod (victims
//                 re-placed by FGD). Not a policy of the paper: it shows what reschedule's moves
//                 add on top of the best one-shot policy. (ΔF + ΔR as the score was tried and
//                 placed less than FGD alone on the default variant, 92.7% vs 95.3%: R's packing
//                 tie-break fills the CPU of GPU nodes.)
// Inside a node, a shared pod takes the tightest GPU that fits (best fit), except under FGD
// (every distinct GPU share is tried).

import { Rng } from '../kernels/reference/rng.js';
import { type GpuCluster, MAX_GPUS, type PodSpec } from './cluster.js';
import type { FragMemo } from './frag.js';

/** The policy names. */
export const POLICIES = ['qsched', 'qsched-moves', 'fgd-moves', 'fgd', 'bestfit', 'dotprod', 'gpupacking', 'gpuclustering', 'random'] as const;
export type PolicyName = (typeof POLICIES)[number];

/** A node choice. */
export interface Choice { readonly node: number; readonly gpus: [number, number][] }

function gpuTotals(c: GpuCluster, n: number): number {
  let left = 0;
  for (let g = 0; g < c.gpuCount[n]; g++) left += c.gpuLeft[n * MAX_GPUS + g];
  return left;
}

/** qsched's R of a node in a given state (0 when empty). */
export function nodeR(c: GpuCluster, n: number, cpuLeft: number, memLeft: number, gpuLeft: number, used: boolean): number {
  if (!used) return 0;
  let r = 1;
  r += (cpuLeft / c.cpuCap[n]) ** 2;
  if (c.memCap[n] > 0) r += (memLeft / c.memCap[n]) ** 2;
  if (c.gpuCount[n] > 0) r += (gpuLeft / (c.gpuCount[n] * 1000)) ** 2;
  return r;
}

/** Score of placing x on n with GPUs `gpus` (lower is better) under a group policy. */
function score(policy: PolicyName, c: GpuCluster, x: PodSpec, n: number, gpus: [number, number][], frag: FragMemo, fNow: number): number {
  const xg = x.numGpu === 1 ? x.gpuMilli : x.numGpu * 1000;
  const gl = gpuTotals(c, n);
  const gcap = c.gpuCount[n] * 1000;
  switch (policy) {
    case 'bestfit': {
      let s = (c.cpuLeft[n] - x.cpu) / c.cpuCap[n] + (c.memCap[n] > 0 ? (c.memLeft[n] - x.mem) / c.memCap[n] : 0);
      if (gcap > 0) s += (gl - xg) / gcap;
      return s;
    }
    case 'dotprod': {
      let s = (x.cpu / c.cpuCap[n]) * (c.cpuLeft[n] / c.cpuCap[n]);
      if (c.memCap[n] > 0) s += (x.mem / c.memCap[n]) * (c.memLeft[n] / c.memCap[n]);
      if (gcap > 0) s += (xg / gcap) * (gl / gcap);
      return -s;
    }
    case 'gpupacking': {
      const best = (c.cpuLeft[n] - x.cpu) / c.cpuCap[n] + (gcap > 0 ? (gl - xg) / gcap : 0);
      if (x.numGpu === 0) return (gcap > 0 ? 10 : 0) + best;
      let cls = 2;
      if (c.podsOn[n] > 0) cls = 1;
      if (x.numGpu === 1) {
        const left = c.gpuLeft[n * MAX_GPUS + gpus[0][0]];
        if (left < 1000) cls = 0;
      }
      return cls * 10 + best;
    }
    case 'fgd':
      return frag.nodeAfter(c, n, x.cpu, gpus) - fNow;
    case 'qsched': {
      const before = nodeR(c, n, c.cpuLeft[n], c.memLeft[n], gl, c.podsOn[n] > 0);
      return nodeR(c, n, c.cpuLeft[n] - x.cpu, c.memLeft[n] - x.mem, gl - xg, true) - before;
    }
    default:
      throw new RangeError(`policy ${policy} is not a group policy`);
  }
}

/** Picks a node for x under `policy`, or null when it fits nowhere. */
export function choose(policy: PolicyName, c: GpuCluster, x: PodSpec, frag: FragMemo, rng: Rng, exclude = -1): Choice | null {
  const base: PolicyName = policy === 'qsched-moves' ? 'qsched' : policy === 'fgd-moves' ? 'fgd' : policy;
  if (base === 'random' || base === 'gpuclustering') {
    let count = 0;
    let pick = -1;
    let best = Infinity;
    for (let n = 0; n < c.N; n++) {
      if (n === exclude || !c.fits(x, n)) continue;
      if (base === 'random') {
        if (rng.below(++count) === 0) pick = n;
      } else {
        const same = c.kinds[n].get(x.kind) ?? 0;
        const s = -same * 10 + score('bestfit', c, x, n, c.gpusFor(x, n), frag, 0);
        if (s < best - 1e-12) { best = s; pick = n; }
      }
    }
    return pick < 0 ? null : { node: pick, gpus: c.gpusFor(x, pick) };
  }
  let bestNode = -1;
  let bestGpus: [number, number][] = [];
  let best = Infinity;
  for (const nodes of c.groups.values()) {
    let n = -1;
    for (const k of nodes) if (k !== exclude && (n < 0 || k < n)) n = k;
    if (n < 0 || !c.fits(x, n)) continue;
    const byGpu = base === 'fgd';
    const fNow = byGpu ? frag.nodeNow(c, n) : 0;
    if (byGpu && x.numGpu === 1) {
      const tried = new Set<number>();
      for (let g = 0; g < c.gpuCount[n]; g++) {
        const left = c.gpuLeft[n * MAX_GPUS + g];
        if (left < x.gpuMilli || tried.has(left)) continue;
        tried.add(left);
        const gpus: [number, number][] = [[g, x.gpuMilli]];
        const s = score(base, c, x, n, gpus, frag, fNow);
        if (s < best - 1e-9 || (Math.abs(s - best) <= 1e-9 && n < bestNode)) { best = s; bestNode = n; bestGpus = gpus; }
      }
      continue;
    }
    const gpus = c.gpusFor(x, n);
    const s = score(base, c, x, n, gpus, frag, fNow);
    if (s < best - 1e-9 || (Math.abs(s - best) <= 1e-9 && n < bestNode)) { best = s; bestNode = n; bestGpus = gpus; }
  }
  if (bestNode < 0) return null;
  // The representative's GPU indices hold for itself; re-derive for the chosen node (same state).
  return { node: bestNode, gpus: bestGpus };
}

/** A seeded generator for random-fit. */
export const policyRng = (seed: number) => new Rng(seed, 3);
