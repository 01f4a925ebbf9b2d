// GPU fragmentation as defined by FGD (Weng et al., ATC'23, §4): fragmentation is measured from
// the point of view of a task. For a node n and a task m, the unallocated GPU of n that m cannot
// use counts as fragment:
//   - m requests no GPU, or m cannot run on n at all (cpu, GPU model, not enough GPU capacity in
//     the shape it needs): every unallocated milli-GPU of n;
//   - m fits: the GPUs whose free share is below what m needs on one GPU (its share for a shared
//     task, a whole GPU for a task of one or more whole GPUs).
// The node's fragmentation for the workload is the expectation over the "typical" tasks,
// F_n = Σ_m p_m · frag_n(m), with p_m the task class's share of the workload's pods (classes
// covering 95% of the pods, renormalised, as the paper's target workload). FGD places a task on
// the node (and GPU) that increases F the least. Memory is not part of the measure (the paper's
// definition uses CPU and GPU); the replay still checks memory for fit.
// F depends only on a node's cpu left, model and multiset of GPU shares left, so values are
// memoised by that signature.

import type { TracePod } from './alibaba.js';
import { type GpuCluster, MAX_GPUS } from './cluster.js';

/** One typical task class and its share of the workload. */
export interface TypicalPod {
  readonly cpu: number;
  readonly numGpu: number;
  readonly gpuMilli: number;
  readonly models: number;
  readonly p: number;
}

/** The classes covering `coverage` of the pods (by count), popularity renormalised to sum 1. */
export function typicalPods(pods: readonly TracePod[], cluster: GpuCluster, coverage = 0.95): TypicalPod[] {
  const count = new Map<string, { t: Omit<TypicalPod, 'p'>; c: number }>();
  for (const p of pods) {
    const key = `${p.cpuMilli}/${p.numGpu}/${p.gpuMilli}/${p.gpuSpec.join('|')}`;
    const e = count.get(key);
    if (e !== undefined) e.c++;
    else count.set(key, { t: { cpu: p.cpuMilli, numGpu: p.numGpu, gpuMilli: p.gpuMilli, models: cluster.modelMask(p.gpuSpec) }, c: 1 });
  }
  const sorted = [...count.entries()].sort((a, b) => b[1].c - a[1].c || (a[0] < b[0] ? -1 : 1));
  const out: { t: Omit<TypicalPod, 'p'>; c: number }[] = [];
  let covered = 0;
  for (const [, e] of sorted) {
    if (covered >= coverage * pods.length) break;
    out.push(e);
    covered += e.c;
  }
  return out.map((e) => ({ ...e.t, p: e.c / covered }));
}

/** F_n for explicit state: cpu left, model index (-1 none), GPU shares left. */
export function nodeFrag(cpuLeft: number, model: number, gpuLeft: readonly number[], typical: readonly TypicalPod[]): number {
  let idle = 0;
  let full = 0;
  for (const g of gpuLeft) { idle += g; if (g === 1000) full++; }
  if (idle === 0) return 0;
  let F = 0;
  for (const m of typical) {
    let frag = idle;
    if (m.numGpu > 0 && m.cpu <= cpuLeft && m.models >= 0 && (m.models === 0 || (model >= 0 && ((m.models >> model) & 1) === 1))) {
      const need = m.numGpu === 1 ? m.gpuMilli : 1000;
      let fits = false;
      if (m.numGpu === 1) { for (const g of gpuLeft) if (g >= need) { fits = true; break; } } else fits = full >= m.numGpu;
      if (fits) { frag = 0; for (const g of gpuLeft) if (g < need) frag += g; }
    }
    F += m.p * frag;
  }
  return F;
}

/** F_n values memoised by state signature. */
export class FragMemo {
  readonly #memo = new Map<string, number>();
  readonly typical: readonly TypicalPod[];
  constructor(typical: readonly TypicalPod[]) { this.typical = typical; }

  /** F for a node state given as cpu left, model and GPU shares left. */
  frag(cpuLeft: number, model: number, gpuLeft: number[]): number {
    gpuLeft.sort((a, b) => b - a);
    const key = `${cpuLeft}|${model}|${gpuLeft.join(',')}`;
    let v = this.#memo.get(key);
    if (v === undefined) {
      v = nodeFrag(cpuLeft, model, gpuLeft, this.typical);
      if (this.#memo.size > 2_000_000) this.#memo.clear();
      this.#memo.set(key, v);
    }
    return v;
  }

  /** F of node n as it is. */
  nodeNow(c: GpuCluster, n: number): number {
    const gl: number[] = [];
    for (let g = 0; g < c.gpuCount[n]; g++) gl.push(c.gpuLeft[n * MAX_GPUS + g]);
    return this.frag(c.cpuLeft[n], c.model[n], gl);
  }

  /** F of node n after taking `cpu` and the listed GPU shares. */
  nodeAfter(c: GpuCluster, n: number, cpu: number, gpus: readonly (readonly [number, number])[]): number {
    const gl: number[] = [];
    for (let g = 0; g < c.gpuCount[n]; g++) gl.push(c.gpuLeft[n * MAX_GPUS + g]);
    for (const [g, m] of gpus) gl[g] -= m;
    return this.frag(c.cpuLeft[n] - cpu, c.model[n], gl);
  }

  /** Σ_n F_n over the cluster (milli-GPU). */
  cluster(c: GpuCluster): number {
    let s = 0;
    for (let n = 0; n < c.N; n++) if (c.gpuCount[n] > 0) s += this.nodeNow(c, n);
    return s;
  }
}
