// Per-GPU cluster state for the trace replay (the aggregate extended resource of toQsched
// cannot tell whether a shared pod fits inside one GPU). Flat typed arrays: cpu and memory left
// per node, milli-GPU left per GPU (node-major, MAX_GPUS slots per node), and for every node a
// signature string of its state, kept up to date, so policies can score each distinct node
// state once per arrival (nodes in the same state score the same).

import type { TracePod } from './alibaba.js';
import type { TraceNode } from './alibaba.js';

/** GPU slots per node (the trace has at most 8). */
export const MAX_GPUS = 8;

/** Where one pod went: node and the milli-GPU taken from each of its GPUs. */
export interface Allocation {
  readonly node: number;
  /** GPU index → milli taken (only GPUs touched). */
  readonly gpus: readonly (readonly [number, number])[];
}

/** A pod as the replay needs it (numbers only). */
export interface PodSpec {
  readonly index: number;
  readonly cpu: number;
  readonly mem: number;
  readonly numGpu: number;
  /** Per-GPU share for numGpu = 1 (≤ 1000), 1000 for whole GPUs. */
  readonly gpuMilli: number;
  /** Bit mask of allowed models (0 = any). */
  readonly models: number;
  /** GPU demand class `numGpu/gpuMilli` (GPU clustering groups pods by it). */
  readonly kind: string;
}

/** The mutable cluster of the replay. */
export class GpuCluster {
  readonly N: number;
  readonly cpuCap: Float64Array;
  readonly memCap: Float64Array;
  readonly gpuCount: Int32Array;
  readonly model: Int32Array;
  readonly cpuLeft: Float64Array;
  readonly memLeft: Float64Array;
  readonly gpuLeft: Int32Array;
  readonly podsOn: Int32Array;
  readonly modelNames: string[];
  /** Pods placed on each node (pod index → allocation). */
  readonly placed = new Map<number, Allocation>();
  readonly onNode: Set<number>[];
  /** GPU demand classes on each node with counts (GPU clustering). */
  readonly kinds: Map<string, number>[];
  /** Node state signature; nodes with equal signatures are interchangeable for scoring. */
  readonly sig: string[];
  /** signature → nodes in that state (ascending insertion; the smallest index is taken on ties). */
  readonly groups = new Map<string, Set<number>>();
  readonly totalGpuMilli: number;

  constructor(nodes: readonly TraceNode[]) {
    const N = (this.N = nodes.length);
    this.cpuCap = Float64Array.from(nodes, (n) => n.cpuMilli);
    this.memCap = Float64Array.from(nodes, (n) => n.memoryMib);
    this.gpuCount = Int32Array.from(nodes, (n) => Math.min(MAX_GPUS, n.gpus));
    if (nodes.some((n) => n.gpus > MAX_GPUS)) throw new RangeError(`a node has more than ${MAX_GPUS} GPUs`);
    this.modelNames = [...new Set(nodes.map((n) => n.model).filter((m) => m !== ''))].sort();
    this.model = Int32Array.from(nodes, (n) => (n.model === '' ? -1 : this.modelNames.indexOf(n.model)));
    this.cpuLeft = this.cpuCap.slice();
    this.memLeft = this.memCap.slice();
    this.gpuLeft = new Int32Array(N * MAX_GPUS);
    for (let n = 0; n < N; n++) for (let g = 0; g < this.gpuCount[n]; g++) this.gpuLeft[n * MAX_GPUS + g] = 1000;
    this.podsOn = new Int32Array(N);
    this.onNode = Array.from({ length: N }, () => new Set<number>());
    this.kinds = Array.from({ length: N }, () => new Map<string, number>());
    this.sig = new Array<string>(N);
    let total = 0;
    for (let n = 0; n < N; n++) { total += this.gpuCount[n] * 1000; this.#resign(n); }
    this.totalGpuMilli = total;
  }

  /** The model mask bits of a gpu_spec list (unknown models match no node). */
  modelMask(spec: readonly string[]): number {
    let m = 0;
    for (const s of spec) { const i = this.modelNames.indexOf(s); if (i >= 0) m |= 1 << i; }
    return spec.length > 0 && m === 0 ? -1 : m;
  }

  /** A PodSpec from a trace pod. */
  spec(p: TracePod, index: number): PodSpec {
    return { index, cpu: p.cpuMilli, mem: p.memoryMib, numGpu: p.numGpu, gpuMilli: p.gpuMilli, models: this.modelMask(p.gpuSpec), kind: `${p.numGpu}/${p.gpuMilli}` };
  }

  #resign(n: number): void {
    const old = this.sig[n];
    if (old !== undefined) { const g = this.groups.get(old)!; g.delete(n); if (g.size === 0) this.groups.delete(old); }
    const gl: number[] = [];
    for (let g = 0; g < this.gpuCount[n]; g++) gl.push(this.gpuLeft[n * MAX_GPUS + g]);
    gl.sort((a, b) => b - a);
    const s = `${this.cpuCap[n]},${this.memCap[n]},${this.model[n]},${this.cpuLeft[n]},${this.memLeft[n]},${this.podsOn[n] > 0 ? 1 : 0}:${gl.join(',')}`;
    this.sig[n] = s;
    let g = this.groups.get(s);
    if (g === undefined) { g = new Set(); this.groups.set(s, g); }
    g.add(n);
  }

  /** Whether pod x fits on node n (cpu, memory, model, GPUs); does not change anything. */
  fits(x: PodSpec, n: number): boolean {
    if (x.cpu > this.cpuLeft[n] || x.mem > this.memLeft[n]) return false;
    if (x.numGpu === 0) return true;
    if (x.models < 0 || this.gpuCount[n] === 0) return false;
    if (x.models !== 0 && (this.model[n] < 0 || ((x.models >> this.model[n]) & 1) === 0)) return false;
    const base = n * MAX_GPUS;
    if (x.numGpu === 1) {
      for (let g = 0; g < this.gpuCount[n]; g++) if (this.gpuLeft[base + g] >= x.gpuMilli) return true;
      return false;
    }
    let free = 0;
    for (let g = 0; g < this.gpuCount[n]; g++) if (this.gpuLeft[base + g] === 1000) free++;
    return free >= x.numGpu;
  }

  /** GPUs a pod would take on n: for a shared pod the GPU `choice` (must fit), else the first fully free ones. */
  gpusFor(x: PodSpec, n: number, choice = -1): [number, number][] {
    if (x.numGpu === 0) return [];
    const base = n * MAX_GPUS;
    if (x.numGpu === 1) {
      let g = choice;
      if (g < 0) {
        // Default: the tightest GPU that fits (best fit inside the node).
        let best = Infinity;
        for (let k = 0; k < this.gpuCount[n]; k++) {
          const left = this.gpuLeft[base + k];
          if (left >= x.gpuMilli && left < best) { best = left; g = k; }
        }
      }
      return [[g, x.gpuMilli]];
    }
    const out: [number, number][] = [];
    for (let k = 0; k < this.gpuCount[n] && out.length < x.numGpu; k++) if (this.gpuLeft[base + k] === 1000) out.push([k, 1000]);
    return out;
  }

  /** Places pod x on node n with the given GPUs. */
  place(x: PodSpec, n: number, gpus: readonly (readonly [number, number])[]): void {
    this.cpuLeft[n] -= x.cpu;
    this.memLeft[n] -= x.mem;
    for (const [g, m] of gpus) this.gpuLeft[n * MAX_GPUS + g] -= m;
    this.podsOn[n]++;
    this.onNode[n].add(x.index);
    this.kinds[n].set(x.kind, (this.kinds[n].get(x.kind) ?? 0) + 1);
    this.placed.set(x.index, { node: n, gpus: gpus.map(([g, m]) => [g, m] as const) });
    this.#resign(n);
  }

  /** Removes pod x from its node; returns its allocation. */
  remove(x: PodSpec): Allocation {
    const a = this.placed.get(x.index);
    if (a === undefined) throw new RangeError(`pod ${x.index} is not placed`);
    const n = a.node;
    this.cpuLeft[n] += x.cpu;
    this.memLeft[n] += x.mem;
    for (const [g, m] of a.gpus) this.gpuLeft[n * MAX_GPUS + g] += m;
    this.podsOn[n]--;
    this.onNode[n].delete(x.index);
    const k = (this.kinds[n].get(x.kind) ?? 1) - 1;
    if (k === 0) this.kinds[n].delete(x.kind); else this.kinds[n].set(x.kind, k);
    this.placed.delete(x.index);
    this.#resign(n);
    return a;
  }

  /** Milli-GPU allocated in the cluster. */
  allocatedGpu(): number {
    let left = 0;
    for (let n = 0; n < this.N; n++) for (let g = 0; g < this.gpuCount[n]; g++) left += this.gpuLeft[n * MAX_GPUS + g];
    return this.totalGpuMilli - left;
  }
}
