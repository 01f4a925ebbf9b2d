// The scheduling figures of issue 5, measured (a bench, not a test: the numbers are reported
// whatever they are). Writes bench/results/scheduling.json and prints three tables:
//
//  quality   the built-in example and 20 seeded generated instances (100–500 pods): every solver's
//            placement through the independent checker; the annealer ('pimc' when registered,
//            else 'sa') against the kube-like greedy on nodes used, modelled p99 latency (the
//            evaluator's simulation at cpuLoad 0.5 and 1.0), blast radius (single node; single
//            zone, worst and mean) and cross-zone traffic; medians of the relative gains next to
//            the research note's claims, and how often pimc loses to greedy on blast radius.
//  optimum   instances HiGHS solves to proven optimality ('milp'): the annealers' energy H over
//            the optimum (median and max); on these the MILP objective equals H exactly.
//  qubo      the assignment-space annealers against the one-hot QUBO path ('qubo' on the WASM
//            'sa' and 'sqa' samplers) on the same small/medium instances: H reached, hard
//            violations, checker verdict and wall time.
//
//   node dist/bench/scheduling.js [--quick] [--only quality,optimum,qubo]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/kernels/node.js';
import { compile } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { evaluatePlacement } from '../src/scheduling/evaluate/index.js';
import { builtinExample } from '../src/scheduling/examples.js';
import { checkPlacement } from '../src/scheduling/checker.js';
import { decodeAssignment } from '../src/scheduling/explain.js';
import { generateInstance, type Instance } from '../src/scheduling/generators.js';
import { schedule } from '../src/scheduling/node.js';
import { SOLVERS } from '../src/scheduling/solvers/index.js';
import { quboSolve } from '../src/scheduling/solvers/qubo.js';
import type { Placement } from '../src/scheduling/types.js';
import { samplers } from '../src/solve/node.js';
import { VERSION } from '../src/version.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string', default: 'quality,optimum,qubo' } } });
const QUICK = values.quick === true;
const ONLY = new Set(values.only!.split(','));
const ANNEALERS = ['pimc', 'sa'].filter((s) => s in SOLVERS);
const HEADLINE = ANNEALERS[0];
const CONSTRUCTIVE = ['greedy', 'greedy-most', 'ffd', 'bfd', 'spread'];

const median = (xs: number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
const gain = (base: number, ours: number) => (base === 0 ? (ours === 0 ? 0 : -Infinity) : (base - ours) / base);
const table = (rows: Record<string, unknown>[]) => console.table(rows);

async function run(inst: Instance, solver: string, timeLimitMs = 1000): Promise<{ placement: Placement | null; error: string | null; ms: number }> {
  const t = performance.now();
  try {
    const placement = await schedule(inst.cluster, inst.workload, { solver, seed: 1, timeLimitMs });
    return { placement, error: null, ms: performance.now() - t };
  } catch (e) {
    return { placement: null, error: (e as Error).message, ms: performance.now() - t };
  }
}

async function quality(): Promise<Record<string, unknown>> {
  const instances: [string, Instance][] = [['builtin', builtinExample()]];
  for (let i = 1; i <= (QUICK ? 4 : 20); i++) {
    const pods = 100 + Math.round(((i - 1) * 400) / 19);
    instances.push([`gen-${i} (${pods} pods)`, generateInstance({ pods, seed: 100 + i, gpu: i % 3 === 0 })]);
  }
  const rows: Record<string, unknown>[] = [];
  const failures: string[] = [];
  const gains = { nodes: [] as number[], p99: [] as number[], p99Busy: [] as number[], p50: [] as number[], crossZone: [] as number[], nodeBlast: [] as number[], zoneBlast: [] as number[], zoneBlastMean: [] as number[], criticalBlast: [] as number[], zonePods: [] as number[], cpuUtil: [] as number[] };
  let blastLosses = 0;
  let zoneBlastLosses = 0;
  let zoneBlastMeanLosses = 0;
  for (const [name, inst] of instances) {
    const placed: Record<string, Placement> = {};
    for (const solver of [...CONSTRUCTIVE, ...ANNEALERS]) {
      const r = await run(inst, solver);
      if (r.placement === null) { failures.push(`${name}/${solver}: ${r.error}`); continue; }
      placed[solver] = r.placement;
      if (!r.placement.check.feasible || !r.placement.feasible) failures.push(`${name}/${solver}: ${r.placement.blocking.slice(0, 2).map((v) => v.detail).join('; ')}`);
    }
    const g = placed.greedy;
    const a = placed[HEADLINE];
    if (g === undefined || a === undefined) continue;
    const ev = (p: Placement, cpuLoad: number) => evaluatePlacement(inst.cluster, inst.workload, p, { cpuLoad });
    const [eg, ea, egBusy, eaBusy] = [ev(g, 0.5), ev(a, 0.5), ev(g, 1), ev(a, 1)];
    gains.nodes.push(gain(eg.nodesUsed, ea.nodesUsed));
    gains.cpuUtil.push(ea.utilisation.cpu / eg.utilisation.cpu - 1);
    gains.p99.push(gain(eg.latency.p99, ea.latency.p99));
    gains.p50.push(gain(eg.latency.p50, ea.latency.p50));
    gains.p99Busy.push(gain(egBusy.latency.p99, eaBusy.latency.p99));
    gains.crossZone.push(gain(eg.crossZoneTraffic, ea.crossZoneTraffic));
    gains.nodeBlast.push(gain(eg.blastRadius.node.maxServicesLost, ea.blastRadius.node.maxServicesLost));
    gains.zoneBlast.push(gain(eg.blastRadius.zone.maxServicesLost, ea.blastRadius.zone.maxServicesLost));
    gains.zoneBlastMean.push(gain(eg.blastRadius.zone.meanServicesLost, ea.blastRadius.zone.meanServicesLost));
    gains.criticalBlast.push(gain(eg.blastRadius.node.maxCriticalLost ?? 0, ea.blastRadius.node.maxCriticalLost ?? 0));
    gains.zonePods.push(gain(eg.blastRadius.zone.maxPods, ea.blastRadius.zone.maxPods));
    if (ea.blastRadius.node.maxServicesLost > eg.blastRadius.node.maxServicesLost + 1e-12) blastLosses++;
    if (ea.blastRadius.zone.maxServicesLost > eg.blastRadius.zone.maxServicesLost + 1e-12) zoneBlastLosses++;
    if (ea.blastRadius.zone.meanServicesLost > eg.blastRadius.zone.meanServicesLost + 1e-12) zoneBlastMeanLosses++;
    rows.push({
      instance: name, nodes: `${eg.nodesUsed} → ${ea.nodesUsed}`, H: `${g.energy.H.toFixed(1)} → ${a.energy.H.toFixed(1)}`,
      p99: `${eg.latency.p99.toFixed(1)} → ${ea.latency.p99.toFixed(1)}`, 'p99 busy': `${egBusy.latency.p99.toFixed(1)} → ${eaBusy.latency.p99.toFixed(1)}`,
      crossZone: `${pct(eg.crossZoneTraffic)} → ${pct(ea.crossZoneTraffic)}`,
      'node blast': `${pct(eg.blastRadius.node.maxServicesLost)} → ${pct(ea.blastRadius.node.maxServicesLost)}`,
      'zone blast': `${pct(eg.blastRadius.zone.maxServicesLost)} → ${pct(ea.blastRadius.zone.maxServicesLost)}`,
    });
  }
  console.log(`\nquality: greedy → ${HEADLINE} (p99 in ms; 'busy' = cpuLoad 1.0)`);
  table(rows);
  const medians = Object.fromEntries(Object.entries(gains).map(([k, v]) => [k, median(v)]));
  table([
    { measure: 'nodes used (fewer)', measured: pct(medians.nodes), claim: '34% utilisation' },
    { measure: 'cpu utilisation of used nodes (higher)', measured: pct(medians.cpuUtil), claim: '34% utilisation' },
    { measure: 'p99 latency, cpuLoad 0.5 (lower)', measured: pct(medians.p99), claim: '41%' },
    { measure: 'p99 latency, cpuLoad 1.0 (lower)', measured: pct(medians.p99Busy), claim: '41%' },
    { measure: 'p50 latency, cpuLoad 0.5 (lower)', measured: pct(medians.p50), claim: '12–18%' },
    { measure: 'cross-zone traffic (less)', measured: pct(medians.crossZone), claim: '58%' },
    { measure: 'max services lost, one node (less)', measured: pct(medians.nodeBlast), claim: '—' },
    { measure: 'max critical services lost, one node (less)', measured: pct(medians.criticalBlast), claim: '—' },
    { measure: 'max services lost, one zone (less)', measured: pct(medians.zoneBlast), claim: '—' },
    { measure: 'mean services lost, one zone (less)', measured: pct(medians.zoneBlastMean), claim: '—' },
    { measure: 'max pods to reschedule, one zone (fewer)', measured: pct(medians.zonePods), claim: '58% (AZ failure, affected pods)' },
  ]);
  console.log(`checker failures: ${failures.length}${failures.length ? `\n  ${failures.join('\n  ')}` : ''}; ${HEADLINE} loses to greedy on node blast radius in ${blastLosses}/${rows.length}, on zone blast radius in ${zoneBlastLosses}/${rows.length} (worst zone), ${zoneBlastMeanLosses}/${rows.length} (mean over zones)`);
  return { annealer: HEADLINE, instances: rows, medianGains: medians, checkerFailures: failures, blastRadiusLosses: blastLosses, zoneBlastRadiusLosses: zoneBlastLosses, zoneBlastRadiusMeanLosses: zoneBlastMeanLosses };
}

async function optimum(): Promise<Record<string, unknown>> {
  // 22 instances (quick: 4): the 30 × 8 size of the issue and smaller ones HiGHS proves faster.
  const specs: [number, number, number][] = [];
  for (let s = 1; s <= (QUICK ? 2 : 6); s++) specs.push([16, 5, s]);
  for (let s = 1; s <= (QUICK ? 1 : 6); s++) specs.push([20, 6, s]);
  for (let s = 1; s <= (QUICK ? 0 : 4); s++) specs.push([24, 7, s]);
  for (let s = 1; s <= (QUICK ? 1 : 6); s++) specs.push([30, 8, s]);
  const rows: Record<string, unknown>[] = [];
  const excess: Record<string, number[]> = Object.fromEntries(ANNEALERS.map((a) => [a, []]));
  for (const [pods, nodes, seed] of specs) {
    let inst: Instance;
    try { inst = generateInstance({ pods, nodes, seed }); } catch (e) { rows.push({ instance: `${pods}x${nodes}#${seed}`, note: `generator failed: ${(e as Error).message}` }); continue; }
    const m = await run(inst, 'milp', QUICK ? 60_000 : 240_000);
    const stats = m.placement?.manifest.stats ?? {};
    const row: Record<string, unknown> = { instance: `${pods}x${nodes}#${seed}`, status: stats.status ?? m.error, optimal: stats.optimal === true, 'H*': m.placement?.energy.H, 'milp s': (m.ms / 1000).toFixed(1) };
    if (stats.optimal === true && m.placement !== null) {
      const opt = m.placement.energy.H;
      for (const a of ANNEALERS) {
        const r = await run(inst, a, 2000);
        const rel = r.placement !== null && r.placement.check.feasible ? (r.placement.energy.H - opt) / opt : NaN;
        excess[a].push(rel);
        row[`${a} over H*`] = pct(rel);
      }
    }
    rows.push(row);
  }
  console.log('\noptimum: annealers against the proven MILP optimum (H exactly; default weights)');
  table(rows);
  const summary = Object.fromEntries(ANNEALERS.map((a) => [a, { median: median(excess[a]), max: Math.max(...excess[a]), within1: excess[a].filter((x) => x <= 0.01).length, instances: excess[a].length }]));
  table(ANNEALERS.map((a) => ({ solver: a, 'median over H*': pct(summary[a].median), 'max over H*': pct(summary[a].max), '≤ 1%': `${summary[a].within1}/${summary[a].instances}`, target: 'median ≤ 1%, max ≤ 5%' })));
  return { instances: rows, summary };
}

async function qubo(): Promise<Record<string, unknown>> {
  const sizes: [number, number][] = QUICK ? [[12, 4], [30, 8]] : [[12, 4], [30, 8], [60, 12], [100, 20]];
  const rows: Record<string, unknown>[] = [];
  for (const [pods, nodes] of sizes) {
    const inst = generateInstance({ pods, nodes, seed: 7 });
    const pr = compile(inst.cluster, inst.workload);
    const record = (solver: string, assignment: Int32Array, ms: number, extra: Record<string, unknown> = {}) => {
      const e = evaluate(pr, assignment);
      const check = checkPlacement(inst.cluster, inst.workload, decodeAssignment(pr, assignment).assignment);
      rows.push({ instance: `${pods}x${nodes}`, solver, H: Number(e.H.toFixed(3)), Chard: Number(e.Chard.toFixed(3)), feasible: check.feasible, ms: Math.round(ms), ...extra });
    };
    for (const a of ANNEALERS) {
      const r = await run(inst, a);
      const named = r.placement?.assignment ?? {};
      if (r.placement !== null) record(a, Int32Array.from(pr.podNames, (p) => pr.nodeNames.indexOf(named[p] ?? '')), r.ms);
    }
    for (const sampler of ['sa', 'sqa']) {
      const t = performance.now();
      const res = await quboSolve(pr, { seed: 1, timeLimitMs: 60_000, workers: 1, params: { sampler } }, samplers);
      record(`qubo/${sampler}`, res.assignment, performance.now() - t, { variables: res.stats.variables, couplings: res.stats.couplings, repaired: (res.stats.zeroHotPods as number) + (res.stats.multiHotPods as number), buildMs: Math.round(res.stats.buildMs as number) });
    }
  }
  console.log('\nqubo: assignment space against the one-hot QUBO (same H; qubo rows on the WASM samplers, default 1000 sweeps × 10 reads)');
  table(rows);
  return { rows };
}

const started = Date.now();
const result: Record<string, unknown> = {
  engine: VERSION, node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), quick: QUICK, annealers: ANNEALERS,
};
if (ONLY.has('quality')) result.quality = await quality();
if (ONLY.has('optimum')) result.optimum = await optimum();
if (ONLY.has('qubo')) result.qubo = await qubo();
result.wallSeconds = (Date.now() - started) / 1000;
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'scheduling.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`\nwrote bench/results/scheduling.json (${result.wallSeconds} s)`);
