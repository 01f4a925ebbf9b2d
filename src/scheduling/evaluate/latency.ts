// The modelled request latency of a placement: a seeded simulation that walks `requests`
// requests through the call graph, event by event (each call, each network hop, each visit to a
// pod), and reports the p50 and p99 of end-to-end latency.
//
// Traffic model (flow-consistent with the telemetry). rate(s) = Σ rates into s (self-loops
// included) + an external rate for entry services (those no other service calls), taken as their
// largest outgoing rate since the call graph does not carry the ingress rate. A visit to s makes
// c = w(s→t) / rate(s) calls to t in expectation (⌊c⌋ calls plus one with probability c − ⌊c⌋;
// c > 1 is fan-out amplification). With these ratios the expected visits to s per request equal
// rate(s) / Σ external rates, so the simulated traffic reproduces the edge rates (checked on
// generated instances: Σw/E + 1 ≈ 36 visits per request on the built-in example). A request
// starts at an entry with probability ∝ its external rate (uniform if no entry calls anything);
// each call goes to a replica chosen uniformly among the callee's placed pods (the same even
// spreading the energy's L term assumes). Calls are synchronous: with fanOut 'parallel' a visit
// waits for its slowest callee (the critical path, as in fan-out services); with 'sequential'
// for each callee in turn (latencies add).
//
// Latency of one visit = 2·d(caller node, callee node) (one-way latency each way, from the
// network model by closest shared level) + a service time at the callee's node drawn from the
// M/M/1 sojourn law: exponential with mean serviceTimeMs / (1 − ρ_n), ρ_n = min(maxUtilisation,
// cpuLoad · cpu requested on n / cpu allocatable of n). The queues themselves are not
// simulated: for an M/M/1 FIFO server in steady state the sojourn time IS Exp(μ − λ), so
// drawing it reproduces the queue's latency distribution without tracking every arrival, and
// keeps the cost at O(calls). Contention therefore grows with how full a node is packed, which
// is the price of consolidation the energy does not see.
//
// Bounds: a request makes at most maxCalls calls and nests at most maxDepth deep (cycles and
// self-loops are legal in the call graph); calls past either bound are skipped and counted.
// Determinism: every random draw comes from one Rng(seed) in a fixed order that does not depend
// on any latency value, so the same seed makes the same calls to the same pods, and raising any
// network latency can only raise every request's latency (tested).

import { Rng } from '../../kernels/reference/rng.js';
import type { CompiledProblem } from '../compile.js';
import { nodeDistance } from '../energy.js';
import type { Workload } from '../types.js';

/** Settings of the latency simulation (filled by evaluatePlacement). */
export interface LatencySettings {
  readonly requests: number;
  readonly seed: number;
  readonly serviceTimeMs: number;
  readonly cpuLoad: number;
  readonly maxUtilisation: number;
  readonly maxDepth: number;
  readonly maxCalls: number;
  /** 'parallel': a visit waits for its slowest callee; 'sequential': for all of them in turn. */
  readonly fanOut: 'parallel' | 'sequential';
}

/** What the simulation measured. */
export interface LatencyReport {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly requests: number;
  /** Calls made over all requests (entry visits included). */
  readonly calls: number;
  /** Calls skipped by the depth or per-request call bound. */
  readonly truncatedCalls: number;
  /** Calls to a service none of whose pods is placed (skipped). */
  readonly unreachableCalls: number;
}

interface Graph {
  readonly ptr: Int32Array;
  readonly to: Int32Array;
  readonly calls: Float64Array;
  readonly entries: Int32Array;
  readonly entryCdf: Float64Array;
}

/** Directed call graph with expected calls per visit and the entry distribution. */
function callGraph(pr: CompiledProblem, workload: Workload, placedOf: Int32Array[]): Graph {
  const S = pr.S;
  const index = new Map(pr.serviceNames.map((name, s) => [name, s]));
  const rates = new Map<number, number>();
  for (const e of workload.edges ?? []) {
    const a = index.get(e.from) as number;
    const b = index.get(e.to) as number;
    if (e.weight > 0) rates.set(a * S + b, (rates.get(a * S + b) ?? 0) + e.weight);
  }
  const inAll = new Float64Array(S);
  const inOther = new Float64Array(S);
  const maxOut = new Float64Array(S);
  const rows: [number, number][][] = Array.from({ length: S }, () => []);
  for (const [key, w] of [...rates].sort((x, y) => x[0] - y[0])) {
    const a = Math.floor(key / S);
    const b = key % S;
    inAll[b] += w;
    if (a !== b) inOther[b] += w;
    maxOut[a] = Math.max(maxOut[a], w);
    rows[a].push([b, w]);
  }
  const entries: number[] = [];
  const external = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    if (inOther[s] > 0 || placedOf[s].length === 0) continue;
    entries.push(s);
    external[s] = maxOut[s] > 0 ? maxOut[s] : 1;
  }
  const ptr = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) ptr[s + 1] = ptr[s] + rows[s].length;
  const to = new Int32Array(ptr[S]);
  const calls = new Float64Array(ptr[S]);
  for (let s = 0; s < S; s++) {
    const rate = inAll[s] + external[s];
    rows[s].forEach(([t, w], k) => { to[ptr[s] + k] = t; calls[ptr[s] + k] = w / rate; });
  }
  const anyRate = entries.some((s) => maxOut[s] > 0);
  const weights = entries.map((s) => (anyRate ? maxOut[s] : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const entryCdf = new Float64Array(entries.length);
  let acc = 0;
  weights.forEach((w, k) => { acc += w / total; entryCdf[k] = acc; });
  return { ptr, to, calls, entries: Int32Array.from(entries), entryCdf };
}

/** Simulates `settings.requests` requests over the placement (node index per pod, -1 unplaced). */
export function simulateLatency(pr: CompiledProblem, workload: Workload, assignment: Int32Array, settings: LatencySettings): LatencyReport {
  const { N, R } = pr;
  const placedOf: Int32Array[] = [];
  for (let s = 0; s < pr.S; s++) {
    const nodes: number[] = [];
    for (let p = pr.serviceStart[s]; p < pr.serviceStart[s + 1]; p++) if (assignment[p] >= 0) nodes.push(assignment[p]);
    placedOf.push(Int32Array.from(nodes));
  }
  const g = callGraph(pr, workload, placedOf);
  const cpuUsed = new Float64Array(N);
  for (let p = 0; p < pr.P; p++) if (assignment[p] >= 0) cpuUsed[assignment[p]] += pr.podReq[p * R];
  const meanService = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const cap = pr.nodeCap[n * R];
    const rho = Math.min(settings.maxUtilisation, cap > 0 ? (settings.cpuLoad * cpuUsed[n]) / cap : 0);
    meanService[n] = settings.serviceTimeMs / (1 - rho);
  }
  const hop = new Float64Array(N * N);
  for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) hop[a * N + b] = 2 * nodeDistance(pr, a, b);

  const rng = new Rng(settings.seed, 11);
  const out = new Float64Array(settings.requests);
  const cap = settings.maxCalls;
  const svc = new Int32Array(cap);
  const node = new Int32Array(cap);
  const depth = new Int32Array(cap);
  const parent = new Int32Array(cap);
  const hopIn = new Float64Array(cap);
  const own = new Float64Array(cap);
  const below = new Float64Array(cap);
  const parallel = settings.fanOut === 'parallel';
  let calls = 0;
  let truncated = 0;
  let unreachable = 0;
  if (g.entries.length === 0) return { p50: 0, p99: 0, mean: 0, requests: 0, calls: 0, truncatedCalls: 0, unreachableCalls: 0 };
  for (let q = 0; q < settings.requests; q++) {
    // Grow the request's call tree breadth-first: visit v's callees are visits created after v.
    const u = rng.float();
    let k = 0;
    while (k < g.entries.length - 1 && u >= g.entryCdf[k]) k++;
    const entry = g.entries[k];
    svc[0] = entry;
    node[0] = placedOf[entry][rng.below(placedOf[entry].length)];
    depth[0] = 0;
    parent[0] = -1;
    hopIn[0] = 0;
    let made = 1;
    for (let v = 0; v < made; v++) {
      const s = svc[v];
      const a = node[v];
      own[v] = -meanService[a] * Math.log(1 - rng.float());
      below[v] = 0;
      for (let e = g.ptr[s]; e < g.ptr[s + 1]; e++) {
        const c = g.calls[e];
        const count = Math.floor(c) + (rng.float() < c - Math.floor(c) ? 1 : 0);
        const t = g.to[e];
        const pods = placedOf[t];
        for (let i = 0; i < count; i++) {
          const pick = rng.float();
          if (pods.length === 0) { unreachable++; continue; }
          if (depth[v] + 1 > settings.maxDepth || made >= cap) { truncated++; continue; }
          const b = pods[Math.min(pods.length - 1, Math.floor(pick * pods.length))];
          svc[made] = t;
          node[made] = b;
          depth[made] = depth[v] + 1;
          parent[made] = v;
          hopIn[made] = hop[a * N + b];
          made++;
        }
      }
    }
    // Finish times bottom-up: a visit ends after its own service and its callees (max or sum).
    for (let v = made - 1; v > 0; v--) {
      const done = hopIn[v] + own[v] + below[v];
      const p = parent[v];
      below[p] = parallel ? Math.max(below[p], done) : below[p] + done;
    }
    calls += made;
    out[q] = own[0] + below[0];
  }
  let sum = 0;
  for (let q = 0; q < out.length; q++) sum += out[q];
  out.sort();
  const quantile = (f: number) => out[Math.min(out.length - 1, Math.max(0, Math.ceil(f * out.length) - 1))];
  return { p50: quantile(0.5), p99: quantile(0.99), mean: sum / out.length, requests: out.length, calls, truncatedCalls: truncated, unreachableCalls: unreachable };
}
