// Replaying the Alibaba GPU trace: pods arrive one by one and a policy (policies.ts) places each
// or rejects it; nothing leaves (as in the FGD paper's evaluation, which fills the cluster until
// it fails). Arrival order: creation_time (ties by row), or with `inflate` the paper's
// Monte-Carlo workload: pods drawn with replacement (seeded) until the arrived GPU demand reaches
// inflate × the cluster's GPU capacity. `limit` cuts the arrivals (a sample of the replay).
//
// 'qsched-moves' may move up to `moves` running pods per arrival when no node takes the pod,
// through qsched's reschedule (via-reschedule.ts: a newService event on a Rescheduler over the
// candidate nodes and where their pods could go, GPUs as device-granular resources, the running
// pods' GPU indices as its starting holdings). 'fgd-moves' is FGD plus a make-room step written
// here at GPU granularity (candidate nodes by smallest shortfall; on each, the running pods whose
// removal helps most, each re-placed elsewhere by FGD; all undone when the pod still does not fit).
//
// Measured, per policy: the first rejection (arrival index, GPU demand arrived and GPU
// allocated, both as shares of the cluster's GPU capacity), the share of requested GPU placed
// overall, pods placed, and samples over the arrivals of allocated GPU and FGD fragmentation
// (Σ_n F_n / capacity; frag.ts).

import { Rng } from '../kernels/reference/rng.js';
import { type AlibabaTrace, podGpuMilli, type TracePod } from './alibaba.js';
import { GpuCluster, type PodSpec } from './cluster.js';
import { FragMemo, typicalPods } from './frag.js';
import { choose, POLICIES, policyRng, type PolicyName } from './policies.js';
import { couldFit, makeRoomViaReschedule, shortfall } from './via-reschedule.js';

/** Options of replayTrace. */
export interface ReplayOptions {
  readonly policy: PolicyName;
  /** Moves per arrival for 'qsched-moves'. Default 2. */
  readonly moves?: number;
  /** Only the first `limit` arrivals. */
  readonly limit?: number;
  /** Monte-Carlo arrivals up to inflate × GPU capacity (e.g. 1.3); default: the trace as is. */
  readonly inflate?: number;
  readonly seed?: number;
  /** Samples of the curves. Default 100. */
  readonly samples?: number;
}

/** One point of the curves. */
export interface ReplaySample {
  readonly arrived: number;
  readonly arrivedGpuShare: number;
  readonly allocatedGpuShare: number;
  readonly fragShare: number;
}

/** Where a first rejection happened: arrival index, GPU demand arrived and GPU allocated (shares of capacity). */
export interface RejectPoint { readonly arrival: number; readonly arrivedGpuShare: number; readonly allocatedGpuShare: number }

/** The outcome of one replay. */
export interface ReplayResult {
  readonly variant: string;
  readonly policy: PolicyName;
  readonly arrivals: number;
  readonly placed: number;
  readonly rejected: number;
  readonly gpuRequested: number;
  readonly gpuPlaced: number;
  /** Placed ÷ requested milli-GPU over all arrivals. */
  readonly placedGpuShare: number;
  /** GPU allocated ÷ GPU capacity at the end. */
  readonly finalAllocatedGpuShare: number;
  /** The first pod of any kind the cluster rejected. */
  readonly firstReject: null | RejectPoint;
  /** The first GPU pod the cluster rejected (the FGD paper's point of comparison). */
  readonly firstGpuReject: null | RejectPoint;
  readonly moves: number;
  readonly samples: readonly ReplaySample[];
  readonly elapsedMs: number;
}

/** The arrival sequence (indices into trace.pods). */
export function arrivals(trace: AlibabaTrace, options: Pick<ReplayOptions, 'limit' | 'inflate' | 'seed'>, capacity: number): number[] {
  let order: number[];
  if (options.inflate !== undefined) {
    if (!(options.inflate > 0 && options.inflate <= 10)) throw new RangeError(`options.inflate must be in (0, 10], got ${options.inflate}`);
    const rng = new Rng(options.seed ?? 1, 11);
    order = [];
    let demand = 0;
    const gpuPods = trace.pods.some((p) => p.numGpu > 0);
    while (gpuPods && demand < options.inflate * capacity) {
      const i = rng.below(trace.pods.length);
      order.push(i);
      demand += podGpuMilli(trace.pods[i]);
    }
  } else {
    order = trace.pods.map((_, i) => i).sort((a, b) => trace.pods[a].creationTime - trace.pods[b].creationTime || a - b);
  }
  if (options.limit !== undefined) {
    if (!(Number.isInteger(options.limit) && options.limit > 0)) throw new RangeError(`options.limit must be a positive integer, got ${options.limit}`);
    order = order.slice(0, options.limit);
  }
  return order;
}

/** Tries to place x by moving at most k running pods; returns the number of moves made (-1 on failure, nothing changed). */
function makeRoom(c: GpuCluster, x: PodSpec, k: number, specs: Map<number, PodSpec>, frag: FragMemo, rng: Rng, policy: PolicyName, tries = 6): number {
  const cands: { n: number; s: number }[] = [];
  for (let n = 0; n < c.N; n++) if (couldFit(c, x, n) && c.podsOn[n] > 0) cands.push({ n, s: shortfall(c, x, n) });
  cands.sort((a, b) => a.s - b.s || a.n - b.n);
  for (const { n } of cands.slice(0, tries)) {
    const log: { v: PodSpec; from: { node: number; gpus: readonly (readonly [number, number])[] } }[] = [];
    for (let m = 0; m < k && !c.fits(x, n); m++) {
      // The victim whose removal leaves the smallest shortfall and that fits elsewhere.
      let best: PodSpec | undefined;
      let bestS = shortfall(c, x, n);
      for (const vi of c.onNode[n]) {
        const v = specs.get(vi) as PodSpec;
        const s = shortfall(c, x, n, v, c.placed.get(vi));
        if (s < bestS - 1e-12) { bestS = s; best = v; }
      }
      if (best === undefined) break;
      const from = c.remove(best);
      const to = choose(policy, c, best, frag, rng, n);
      if (to === null) { c.place(best, from.node, from.gpus); break; }
      c.place(best, to.node, to.gpus);
      log.push({ v: best, from });
    }
    if (c.fits(x, n)) {
      c.place(x, n, c.gpusFor(x, n));
      return log.length;
    }
    for (let i = log.length - 1; i >= 0; i--) { c.remove(log[i].v); c.place(log[i].v, log[i].from.node, log[i].from.gpus); }
  }
  return -1;
}

/** Replays `trace` under one policy. */
export function replayTrace(trace: AlibabaTrace, options: ReplayOptions): ReplayResult {
  const started = performance.now();
  if (!(POLICIES as readonly string[]).includes(options.policy)) throw new RangeError(`options.policy must be one of ${POLICIES.join(', ')}, got ${JSON.stringify(options.policy)}`);
  const k = options.moves ?? 2;
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`options.moves must be an integer >= 0, got ${k}`);
  const c = new GpuCluster(trace.nodes);
  const order = arrivals(trace, options, c.totalGpuMilli);
  const frag = new FragMemo(typicalPods(trace.pods, c));
  const rng = policyRng(options.seed ?? 1);
  const specs = new Map<number, PodSpec>();
  const every = Math.max(1, Math.floor(order.length / (options.samples ?? 100)));
  const samples: ReplaySample[] = [];
  let arrivedGpu = 0;
  let placedGpu = 0;
  let placed = 0;
  let moves = 0;
  let firstReject: RejectPoint | null = null;
  let firstGpuReject: RejectPoint | null = null;
  order.forEach((pi, i) => {
    const p: TracePod = trace.pods[pi];
    const x = c.spec(p, i);
    specs.set(i, x);
    arrivedGpu += podGpuMilli(p);
    const pick = choose(options.policy, c, x, frag, rng);
    let ok = false;
    if (pick !== null) { c.place(x, pick.node, pick.gpus); ok = true; }
    else if ((options.policy === 'qsched-moves' || options.policy === 'fgd-moves') && k > 0) {
      const m = options.policy === 'qsched-moves' ? makeRoomViaReschedule(c, x, k, specs, frag, rng).moves : makeRoom(c, x, k, specs, frag, rng, 'fgd');
      if (m >= 0) { ok = true; moves += m; }
    }
    if (ok) { placed++; placedGpu += podGpuMilli(p); }
    else {
      const at = { arrival: i, arrivedGpuShare: arrivedGpu / c.totalGpuMilli, allocatedGpuShare: c.allocatedGpu() / c.totalGpuMilli };
      if (firstReject === null) firstReject = at;
      if (firstGpuReject === null && p.numGpu > 0) firstGpuReject = at;
    }
    if ((i + 1) % every === 0 || i === order.length - 1) {
      samples.push({ arrived: i + 1, arrivedGpuShare: arrivedGpu / c.totalGpuMilli, allocatedGpuShare: c.allocatedGpu() / c.totalGpuMilli, fragShare: frag.cluster(c) / c.totalGpuMilli });
    }
  });
  return {
    variant: trace.variant, policy: options.policy, arrivals: order.length, placed, rejected: order.length - placed,
    gpuRequested: arrivedGpu, gpuPlaced: placedGpu, placedGpuShare: arrivedGpu > 0 ? placedGpu / arrivedGpu : 1,
    finalAllocatedGpuShare: c.allocatedGpu() / c.totalGpuMilli, firstReject, firstGpuReject, moves, samples, elapsedMs: performance.now() - started,
  };
}
