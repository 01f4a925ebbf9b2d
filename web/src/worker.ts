// The demo's engine, in a module Web Worker: loads the WASM once (fetched, compiled streaming),
// then for each run: the instance → a live pimc anneal that reports every replica's energy per
// chunk of sweeps → schedule() with the same seed (the placement shown, checked equal to the live
// run) → the kube-like greedy baseline → the Pareto front (pareto()) → QAOA on a toy Max-Cut as
// p grows. Everything comes from the edge entry; the live hook is a thin wrapper
// around the placement kernels (it observes `totals` after each chunk, changes nothing).

import {
  builtinExample, compile, evaluate, generateInstance, loadKernels, maxCutModel, QaoaProblem, qaoaMaxCut, schedule, Simulator, statevectorKernelsOf,
  ZONE_LABEL, type Cluster, type LoadedKernels, type Placement, type ScheduleOptions, type Workload,
} from '../../src/edge.js';
import { placementKernelsOf, TOTALS, type PlacementKernels } from '../../src/kernels/placement/index.js';
import type { CompiledProblem } from '../../src/scheduling/compile.js';
import { pareto } from '../../src/scheduling/pareto/index.js';
import { createPimcSolver } from '../../src/scheduling/solvers/pimc.js';
import simdUrl from '../../build/qsched.simd.wasm?url';
import scalarUrl from '../../build/qsched.scalar.wasm?url';
import type { InputSpec, MapView, NodeView, ParetoPoint, QaoaLayer, RunRequest, WorkerMessage } from './protocol.js';
import { exampleManifests, manifestInstance } from './manifest.js';

const post = (m: WorkerMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

let kernels: Promise<LoadedKernels> | undefined;

function load(): Promise<LoadedKernels> {
  if (kernels === undefined) {
    const started = performance.now();
    kernels = loadKernels({ simd: fetch(simdUrl), scalar: fetch(scalarUrl) });
    kernels.then((k) => post({ type: 'ready', backend: k.backend, simd: k.simdSupported, loadMs: performance.now() - started }), () => {});
  }
  return kernels;
}

function instanceOf(input: InputSpec): { cluster: Cluster; workload: Workload; network?: ScheduleOptions['network']; report?: string } {
  switch (input.kind) {
    case 'builtin': return builtinExample();
    case 'generated': return generateInstance({ pods: input.pods, nodes: input.nodes, zones: input.zones, gpu: true, seed: input.seed });
    case 'manifest': return manifestInstance(input.text);
  }
}

/** The placement kernels, observed: after each chunk every replica's H goes to `report`. */
function observed(inner: PlacementKernels, w: Float64Array, report: (sweep: number, H: Float64Array) => void): PlacementKernels {
  let sweep = 0;
  const wrap = {
    run(...args: Parameters<PlacementKernels['run']>) {
      inner.run(...args);
      sweep += args[1];
    },
    totals(chain: Parameters<PlacementKernels['totals']>[0], out: Float64Array) {
      inner.totals(chain, out);
      const K = out.length / TOTALS;
      const H = new Float64Array(K);
      for (let r = 0; r < K; r++) {
        const o = r * TOTALS;
        H[r] = w[0] * out[o] + w[1] * out[o + 1] + w[2] * out[o + 2] + w[3] * (out[o + 3] + out[o + 4]);
      }
      report(sweep, H);
    },
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'run' || prop === 'totals') return wrap[prop];
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** The map of a placement: zones → nodes → pods by service, heavy traffic, stranded capacity. */
function mapView(label: string, pr: CompiledProblem, cluster: Cluster, workload: Workload, p: Placement): MapView {
  const { N, R, P } = pr;
  const nodeIndex = new Map(pr.nodeNames.map((n, i) => [n, i]));
  const at = Int32Array.from(pr.podNames, (pod) => nodeIndex.get(p.assignment[pod]) ?? -1);
  const used = new Float64Array(N * R);
  const pods: number[][] = Array.from({ length: N }, () => []);
  for (let i = 0; i < P; i++) {
    const n = at[i];
    if (n < 0) continue;
    pods[n].push(pr.podService[i]);
    for (let r = 0; r < R; r++) used[n * R + r] += pr.podReq[i * R + r];
  }
  const cpu = pr.resourceNames.indexOf('cpu');
  const mem = pr.resourceNames.indexOf('memory');
  const share = (n: number, r: number) => (r < 0 || pr.nodeCap[n * R + r] === 0 ? 0 : used[n * R + r] / pr.nodeCap[n * R + r]);
  const fits = (n: number, s: number) => {
    const p0 = pr.serviceStart[s];
    if (pr.mask[p0 * N + n] === 0) return false;
    for (let r = 0; r < R; r++) if (pr.podReq[p0 * R + r] > pr.nodeCap[n * R + r] - used[n * R + r]) return false;
    return true;
  };
  const nodes: NodeView[] = cluster.nodes.map((node, n) => {
    let strandedShare = 0;
    if (pods[n].length > 0) {
      let usable = false;
      for (let s = 0; s < pr.S && !usable; s++) usable = fits(n, s);
      if (!usable) strandedShare = ((1 - share(n, cpu)) + (1 - share(n, mem))) / 2;
    }
    return {
      name: node.name, zone: node.labels?.[ZONE_LABEL] ?? '(no zone)', gpu: Object.keys(node.allocatable).some((k) => /gpu/i.test(k)),
      cpu: share(n, cpu), memory: share(n, mem), stranded: strandedShare, pods: pods[n].sort((a, b) => a - b),
    };
  });
  // Call-graph traffic between nodes: each edge's rate spread over caller × callee pod pairs.
  const service = new Map(pr.serviceNames.map((s, i) => [s, i]));
  const pair = new Map<number, number>();
  let total = 0;
  let cross = 0;
  const zoneOf = nodes.map((n) => n.zone);
  for (const e of workload.edges ?? []) {
    const a = service.get(e.from), b = service.get(e.to);
    if (a === undefined || b === undefined) continue;
    const ca = pr.serviceStart[a + 1] - pr.serviceStart[a], cb = pr.serviceStart[b + 1] - pr.serviceStart[b];
    const rate = e.weight / (ca * cb);
    for (let i = pr.serviceStart[a]; i < pr.serviceStart[a + 1]; i++) {
      for (let j = pr.serviceStart[b]; j < pr.serviceStart[b + 1]; j++) {
        const x = at[i], y = at[j];
        if (x < 0 || y < 0) continue;
        total += rate;
        if (zoneOf[x] !== zoneOf[y]) cross += rate;
        if (x === y) continue;
        const key = Math.min(x, y) * N + Math.max(x, y);
        pair.set(key, (pair.get(key) ?? 0) + rate);
      }
    }
  }
  const heavy = [...pair].sort((u, v) => v[1] - u[1]).slice(0, 30);
  const top = heavy[0]?.[1] ?? 1;
  return {
    label, energy: p.energy, feasible: p.feasible, nodes,
    edges: heavy.map(([key, v]) => [Math.floor(key / N), key % N, v / top] as const),
    crossZoneTraffic: total === 0 ? 0 : cross / total,
  };
}

const QAOA_EDGES: [number, number][] = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [0, 2]];

function qaoaLayers(k: LoadedKernels): { maxCut: number; layers: QaoaLayer[] } {
  const sim = new Simulator(statevectorKernelsOf(k.unchecked));
  const csr = maxCutModel(QAOA_EDGES);
  const layers: QaoaLayer[] = [];
  let maxCut = 0;
  for (let p = 1; p <= 4; p++) {
    const r = qaoaMaxCut(sim, QAOA_EDGES, { p, seed: 1, shots: 0 });
    maxCut = r.maxCut;
    const problem = new QaoaProblem(sim, csr, 'x');
    const s = sim.state(problem.n);
    try {
      problem.prepare(s, Float64Array.from([...r.gamma, ...r.beta]));
      layers.push({ p, probs: s.probabilities(), expectedCut: r.expectedCut, ratio: r.approximationRatio });
    } finally {
      s.dispose();
      problem.dispose();
    }
  }
  return { maxCut, layers };
}

async function run(req: RunRequest): Promise<void> {
  const started = performance.now();
  const k = await load();
  const { cluster, workload, network, report } = instanceOf(req.input);
  const pr = compile(cluster, workload, { network });
  const zones = [...new Set(cluster.nodes.map((n) => n.labels?.[ZONE_LABEL] ?? '(no zone)'))].sort();
  post({ type: 'instance', pods: pr.P, nodes: pr.N, zones, services: [...pr.serviceNames], report: report ?? '' });

  const params = { replicas: req.replicas, sweeps: req.sweeps };
  const options: ScheduleOptions = network === undefined ? { seed: req.seed, timeLimitMs: 600_000, params } : { seed: req.seed, timeLimitMs: 600_000, params, network };

  // The live anneal: the pimc solver on observed kernels, same problem, seed and params.
  const live = createPimcSolver((_backend, inner) => observed(placementKernelsOf(inner ?? k.unchecked), pr.weights, (sweep, H) => post({ type: 'trace', sweep, H }, [H.buffer])));
  const liveResult = await live(pr, { seed: req.seed, timeLimitMs: 600_000, workers: 1, params, kernels: k.unchecked });

  const t0 = performance.now();
  const placement = await schedule(cluster, workload, { ...options, kernels: k });
  const ms = performance.now() - t0;
  const liveMatches = pr.podNames.every((pod, i) => (liveResult.assignment[i] < 0 ? undefined : pr.nodeNames[liveResult.assignment[i]]) === placement.assignment[pod]);
  post({ type: 'placement', map: mapView('pimc', pr, cluster, workload, placement), assignment: placement.assignment, options: { ...options, solver: 'pimc' }, liveMatches, ms, stats: placement.manifest.stats });

  const greedy = await schedule(cluster, workload, { solver: 'greedy', seed: req.seed, network, kernels: k });
  post({ type: 'baseline', map: mapView('greedy (kube-scheduler LeastAllocated)', pr, cluster, workload, greedy) });

  // The Pareto front of (R, L, F) from src/scheduling/pareto: anchors, weighted sums (pimc on the
  // loaded WASM through the schedule function it is given) and ε-constraint refinements.
  const tp = performance.now();
  const paretoOptions = { seed: req.seed, points: 6, solver: 'pimc', params: { sweeps: Math.min(300, req.sweeps) }, timeLimitMs: 600_000 };
  const front = await pareto(cluster, workload, { ...paretoOptions, schedule: (c, w, o) => schedule(c, w, { ...o, kernels: k }) });
  const nodeIndex = new Map(pr.nodeNames.map((n, i) => [n, i]));
  const points: ParetoPoint[] = front.front.map((f) => {
    const a = Int32Array.from(pr.podNames, (pod) => nodeIndex.get(f.assignment[pod]) ?? -1);
    const asPlacement = { assignment: f.assignment, energy: evaluate(pr, a), feasible: true } as Placement;
    return { R: f.R, L: f.L, F: f.F, source: f.source, knee: f === front.knee, map: mapView(`Pareto point (${f.source})`, pr, cluster, workload, asPlacement) };
  });
  post({ type: 'pareto', points, method: `pareto(): ${front.runs} runs (3 anchors, weighted sums with pimc at ${Math.min(300, req.sweeps)} sweeps, ε-constraint refinements), ${points.length} non-dominated placements in (R, L, F), hypervolume ${front.hypervolumeNormalised.toFixed(3)} of the box, ${((performance.now() - tp) / 1000).toFixed(1)} s. Click a point to show its placement.`, options: paretoOptions });

  const q = qaoaLayers(k);
  post({ type: 'qaoa', n: 5, edges: QAOA_EDGES, ...q });
  post({ type: 'done', ms: performance.now() - started });
}

self.addEventListener('message', (e: MessageEvent<RunRequest | { type: 'example' }>) => {
  if (e.data?.type === 'example') return void post({ type: 'example', text: exampleManifests() });
  if (e.data?.type !== 'run') return;
  run(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
});
load().catch((err: unknown) => post({ type: 'error', message: `cannot load the WASM: ${err instanceof Error ? err.message : String(err)}` }));
