// The reschedule bench (not a test): decision latency of one node failure on a warm
// Rescheduler (state built, code warmed up; the pool is not used: a reschedule runs in the
// calling thread, where a round trip to a worker would cost more than the decision), at
// 200 pods / 20 nodes and 1000 pods / 100 nodes, with the checker on and off, others fixed and
// migrating. Each sample fails one node picked by a seeded stream on a fresh copy of the same
// starting state (the copy is not timed). Writes bench/results/reschedule.json.
//
// Shape-changing events (`events` in the JSON): node added (a copy of a random node's shape, in
// its domains), scale out (+2 replicas of a random service), scale in (−2 of a random service
// with ≥ 3), new service (3 replicas, preferred anti-affinity, 2 call edges), at both sizes,
// others fixed and migrating, checker off. Each sample applies one event to a fresh Rescheduler
// built outside the timed region; the same events run with options.fullCompile (compile from
// scratch, as before the kept tables) so the speedup is measured. `update` rows time the model
// maintenance alone: tables update + expand + PlacementState, against compile + PlacementState.
//
//   node dist/bench/reschedule.js [--samples 200] [--event-samples 60] [--quick] [--long-ms 60000]
//
// Unless --quick, it also measures decomposition: a generated 5000-pod / 500-node instance through
// decomposeSolve (4 s budget; in this thread, and with the parts on a 2-worker pool), checked,
// against the kube-like greedy and a long undecomposed 'sa' run (--long-ms).

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../src/kernels/reference/rng.js';
import { packageRoot } from '../src/kernels/node.js';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { buildTables, compile, expand, podRows } from '../src/scheduling/compile.js';
import { withNode, withReplicas, withService } from '../src/scheduling/compile-tables.js';
import { PlacementState } from '../src/scheduling/state.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { Rescheduler, type RescheduleEvent, type RescheduleOptions } from '../src/scheduling/reschedule/index.js';
import { VERSION } from '../src/version.js';
import { checkPlacement } from '../src/scheduling/checker.js';
import { decomposeSolve } from '../src/scheduling/decompose/index.js';
import { evaluate } from '../src/scheduling/energy.js';
import { closeNodePools, nodePool, schedule } from '../src/scheduling/node.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '200' }, 'event-samples': { type: 'string', default: '60' }, quick: { type: 'boolean', default: false }, 'long-ms': { type: 'string', default: '60000' } } });
const SAMPLES = Number(values.samples);
const EVENT_SAMPLES = Number(values['event-samples']);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

interface Row { pods: number; nodes: number; others: string; check: boolean; samples: number; medianMs: number; p90Ms: number; p99Ms: number; maxMs: number; meanMoves: number; unplacedShare: number; infeasible: number }

function run(pods: number, nodes: number, options: RescheduleOptions): Row {
  const { cluster, workload } = generateInstance({ pods, nodes, seed: 7 });
  const pr = compile(cluster, workload);
  const res = kubeGreedy(pr, 'MostAllocated', 1);
  const assignment: Record<string, string> = {};
  res.assignment.forEach((n, p) => { if (n >= 0) assignment[pr.podNames[p]] = pr.nodeNames[n]; });
  const rng = new Rng(99, 0);
  const times: number[] = [];
  let moves = 0;
  let unplaced = 0;
  let lost = 0;
  let infeasible = 0;
  for (let i = 0; i < SAMPLES + 20; i++) {
    const r = new Rescheduler(cluster, workload, assignment);
    const node = cluster.nodes[rng.below(nodes)].name;
    const t0 = performance.now();
    const out = r.apply({ type: 'nodeFailure', node }, options);
    const dt = performance.now() - t0;
    if (i < 20) continue; // warm-up
    times.push(dt);
    moves += out.moves.length;
    unplaced += out.placement.unplaced.length;
    lost += Object.values(assignment).filter((n) => n === node).length;
    if (out.placement.check !== undefined && !out.placement.check.feasible) infeasible++;
  }
  return {
    pods, nodes, others: options.others ?? 'migrate', check: options.check ?? true, samples: SAMPLES,
    medianMs: round(quantile(times, 0.5)), p90Ms: round(quantile(times, 0.9)), p99Ms: round(quantile(times, 0.99)), maxMs: round(Math.max(...times)),
    meanMoves: round(moves / SAMPLES, 2), unplacedShare: round(lost > 0 ? unplaced / lost : 0, 4), infeasible,
  };
}

const rows: Row[] = [];
for (const [pods, nodes] of [[200, 20], [1000, 100]] as const) {
  for (const others of ['fixed', 'migrate'] as const) {
    for (const check of [false, true]) {
      const row = run(pods, nodes, { others, check, maxMoves: 10 });
      rows.push(row);
      console.log(`${pods} pods/${nodes} nodes others=${others} check=${check}: median ${row.medianMs} ms, p90 ${row.p90Ms}, p99 ${row.p99Ms}, max ${row.maxMs}; moves ${row.meanMoves}, unplaced ${row.unplacedShare}, infeasible ${row.infeasible}`);
    }
  }
}

// ---- shape-changing events: incremental tables against a full compile ----

type EventKind = 'nodeAdded' | 'scaleOut' | 'scaleIn' | 'newService';
const EVENT_KINDS: readonly EventKind[] = ['nodeAdded', 'scaleOut', 'scaleIn', 'newService'];

function makeEvent(kind: EventKind, cluster: Cluster, workload: Workload, rng: Rng): RescheduleEvent {
  const services = workload.services;
  switch (kind) {
    case 'nodeAdded': return { type: 'nodeAdded', node: { ...cluster.nodes[rng.below(cluster.nodes.length)], name: 'bench-added' } };
    case 'scaleOut': { const s = services[rng.below(services.length)]; return { type: 'scale', service: s.name, replicas: s.replicas + 2 }; }
    case 'scaleIn': { const big = services.filter((x) => x.replicas >= 3); const s = big[rng.below(big.length)]; return { type: 'scale', service: s.name, replicas: s.replicas - 2 }; }
    case 'newService': return {
      type: 'newService',
      service: { name: 'bench-new', replicas: 3, requests: { cpu: '200m', memory: '256Mi' }, podAntiAffinity: { preferred: [{ weight: 50, topologyKey: 'kubernetes.io/hostname' }] } },
      edges: [{ from: 'bench-new', to: services[rng.below(services.length)].name, weight: 5 }, { from: services[rng.below(services.length)].name, to: 'bench-new', weight: 2 }],
    };
  }
}

interface EventRow { event: EventKind; pods: number; nodes: number; mode: 'incremental' | 'fullCompile'; others: string; samples: number; medianMs: number; p90Ms: number; p99Ms: number; maxMs: number; rebuilt: number; meanMoves: number }
interface UpdateRow {
  event: EventKind; pods: number; nodes: number; samples: number;
  /** tables update + expand + PlacementState (the incremental model maintenance), and its parts. */
  incrementalMedianMs: number; incrementalP99Ms: number; tablesMedianMs: number; expandMedianMs: number; podRowsMedianMs: number; stateMedianMs: number;
  /** compile + PlacementState. */
  fullMedianMs: number; fullP99Ms: number; speedup: number;
}

function startOf(pods: number, nodes: number) {
  const { cluster, workload } = generateInstance({ pods, nodes, seed: 7 });
  const pr = compile(cluster, workload);
  const assignment: Record<string, string> = {};
  kubeGreedy(pr, 'MostAllocated', 1).assignment.forEach((n, p) => { if (n >= 0) assignment[pr.podNames[p]] = pr.nodeNames[n]; });
  return { cluster, workload, assignment, pr };
}

function runEvent(pods: number, nodes: number, kind: EventKind, fullCompile: boolean, others: 'fixed' | 'migrate'): EventRow {
  const { cluster, workload, assignment } = startOf(pods, nodes);
  const rng = new Rng(123, 0);
  const times: number[] = [];
  let rebuilt = 0;
  let moves = 0;
  for (let i = 0; i < EVENT_SAMPLES + 10; i++) {
    const r = new Rescheduler(cluster, workload, assignment);
    const ev = makeEvent(kind, cluster, workload, rng);
    const t0 = performance.now();
    const out = r.apply(ev, { check: false, others, maxMoves: 10, fullCompile });
    const dt = performance.now() - t0;
    if (i < 10) continue; // warm-up
    times.push(dt);
    if (out.stats.rebuilt) rebuilt++;
    moves += out.moves.length;
  }
  return {
    event: kind, pods, nodes, mode: fullCompile ? 'fullCompile' : 'incremental', others, samples: EVENT_SAMPLES,
    medianMs: round(quantile(times, 0.5)), p90Ms: round(quantile(times, 0.9)), p99Ms: round(quantile(times, 0.99)), maxMs: round(Math.max(...times)), rebuilt, meanMoves: round(moves / EVENT_SAMPLES, 2),
  };
}

/** Model maintenance alone: the kept tables updated and expanded, and the aggregates rebuilt, against compile + aggregates. */
function runUpdate(pods: number, nodes: number, kind: EventKind): UpdateRow {
  const { cluster, workload, assignment } = startOf(pods, nodes);
  const tables = buildTables(cluster, workload);
  const rng = new Rng(321, 0);
  const inc: number[] = [];
  const full: number[] = [];
  const parts = { tables: [] as number[], expand: [] as number[], podRows: [] as number[], state: [] as number[] };
  for (let i = 0; i < EVENT_SAMPLES + 10; i++) {
    const ev = makeEvent(kind, cluster, workload, rng);
    let c = cluster;
    let w = workload;
    if (ev.type === 'nodeAdded') c = { ...cluster, nodes: [...cluster.nodes, ev.node] };
    else if (ev.type === 'scale') w = { ...workload, services: workload.services.map((x) => (x.name === ev.service ? { ...x, replicas: ev.replicas } : x)) };
    else if (ev.type === 'newService') w = { ...workload, services: [...workload.services, ev.service], edges: [...(workload.edges ?? []), ...(ev.edges ?? [])] };
    const a = (names: readonly string[], nodeNames: readonly string[]) => {
      const idx = new Map(nodeNames.map((n, k) => [n, k]));
      return Int32Array.from(names, (p) => idx.get(assignment[p]) ?? 0);
    };
    const t0 = performance.now();
    const next = ev.type === 'nodeAdded' ? withNode(tables, ev.node) : ev.type === 'scale' ? withReplicas(tables, w) : withService(tables, w);
    const ta = performance.now();
    const p1 = expand(next!);
    const tb = performance.now();
    new PlacementState(p1, a(p1.podNames, p1.nodeNames));
    const t1 = performance.now();
    const p2 = compile(c, w);
    new PlacementState(p2, a(p2.podNames, p2.nodeNames));
    const t2 = performance.now();
    podRows(next!.serviceReasons, p1.serviceStart, p1.N); // the O(P·N) part of expand, timed alone
    const t3 = performance.now();
    if (i < 10) continue;
    inc.push(t1 - t0);
    full.push(t2 - t1);
    parts.tables.push(ta - t0);
    parts.expand.push(tb - ta);
    parts.state.push(t1 - tb);
    parts.podRows.push(t3 - t2);
  }
  const im = quantile(inc, 0.5);
  const fm = quantile(full, 0.5);
  const med = (xs: number[]) => round(quantile(xs, 0.5));
  return {
    event: kind, pods, nodes, samples: EVENT_SAMPLES,
    incrementalMedianMs: round(im), incrementalP99Ms: round(quantile(inc, 0.99)),
    tablesMedianMs: med(parts.tables), expandMedianMs: med(parts.expand), podRowsMedianMs: med(parts.podRows), stateMedianMs: med(parts.state),
    fullMedianMs: round(fm), fullP99Ms: round(quantile(full, 0.99)), speedup: round(fm / im, 2),
  };
}

const eventRows: EventRow[] = [];
const updateRows: UpdateRow[] = [];
for (const [pods, nodes] of [[200, 20], [1000, 100]] as const) {
  for (const kind of EVENT_KINDS) {
    const u = runUpdate(pods, nodes, kind);
    updateRows.push(u);
    console.log(`update ${kind} ${pods}/${nodes}: incremental median ${u.incrementalMedianMs} ms (p99 ${u.incrementalP99Ms}; tables ${u.tablesMedianMs}, expand ${u.expandMedianMs} of which pod rows ${u.podRowsMedianMs}, state ${u.stateMedianMs}), full compile median ${u.fullMedianMs} ms (p99 ${u.fullP99Ms}), ×${u.speedup}`);
    for (const others of ['fixed', 'migrate'] as const) {
      for (const full of [false, true]) {
        const row = runEvent(pods, nodes, kind, full, others);
        eventRows.push(row);
        console.log(`${kind} ${pods} pods/${nodes} nodes others=${others} ${row.mode}: median ${row.medianMs} ms, p90 ${row.p90Ms}, p99 ${row.p99Ms}, max ${row.maxMs}; rebuilt ${row.rebuilt}/${row.samples}, moves ${row.meanMoves}`);
      }
    }
  }
}

let decomposition: unknown = null;
if (values.quick !== true) {
  const { cluster, workload } = generateInstance({ pods: 5000, nodes: 500, seed: 3 });
  const runs: Record<string, unknown>[] = [];
  for (const workers of [1, 2]) {
    const pool = workers > 1 ? await nodePool(workers) : undefined;
    const t0 = performance.now();
    const r = await decomposeSolve(cluster, workload, { timeLimitMs: 4000, schedule, ...(pool ? { pool } : {}) });
    const ms = performance.now() - t0;
    const e = evaluate(r.problem, r.assignment);
    const names: Record<string, string> = {};
    r.assignment.forEach((n, p) => { if (n >= 0) names[r.problem.podNames[p]] = r.problem.nodeNames[n]; });
    const feasible = checkPlacement(cluster, workload, names).feasible;
    const greedyH = evaluate(r.problem, kubeGreedy(r.problem, 'LeastAllocated', 1).assignment).H;
    runs.push({ workers, wallMs: Math.round(ms), H: round(e.H, 2), R: round(e.R, 2), L: round(e.L, 2), F: e.F, feasible, greedyH: round(greedyH, 2), parts: r.stats.parts, partsMs: Math.round(Number(r.stats.partsMs)), polishMs: Math.round(Number(r.stats.polishMs)) });
    console.log(`decomposition 5000/500 workers=${workers}: ${Math.round(ms)} ms, H ${e.H.toFixed(1)} (greedy ${greedyH.toFixed(1)}), feasible ${feasible}, parts ${r.stats.parts}`);
  }
  const longMs = Number(values['long-ms']);
  const t0 = performance.now();
  const long = await schedule(cluster, workload, { solver: 'sa', timeLimitMs: longMs, seed: 1 });
  const longWall = performance.now() - t0;
  console.log(`undecomposed sa ${longMs} ms budget: ${Math.round(longWall)} ms wall, H ${long.energy.H.toFixed(1)}, feasible ${long.feasible}`);
  decomposition = { instance: 'generateInstance({ pods: 5000, nodes: 500, seed: 3 })', budgetMs: 4000, runs, undecomposed: { solver: 'sa', timeLimitMs: longMs, wallMs: Math.round(longWall), H: round(long.energy.H, 2), feasible: long.feasible, stats: long.manifest.stats } };
  await closeNodePools();
}

const out = { version: VERSION, date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), samples: SAMPLES, note: 'one node failure per sample on a warm Rescheduler (state built, code warmed); latency is the apply() call; the starting placement is kube-like MostAllocated greedy', rows, decomposition,
  events: { samples: EVENT_SAMPLES, note: 'one shape-changing event per sample on a fresh Rescheduler built outside the timed region (10 warm-up samples); latency is the apply() call with check off, maxMoves 10; mode fullCompile = options.fullCompile (compile from scratch, the behaviour before the kept tables); update rows time only tables update + expand + PlacementState against compile + PlacementState', rows: eventRows, update: updateRows } };
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'reschedule.json'), JSON.stringify(out, null, 2) + '\n');
