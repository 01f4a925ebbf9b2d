// Sampler quality and throughput on real instances (../shared/datasets, when present):
// time-to-target for sa and sqa on Gset G1, G22 and OR-Library bqp250.1–10 (restarting with
// fresh seeds until the best-known value or a 10 s budget), the best cut in 10 s on G43 and G55,
// and 1- vs 2-worker throughput for 64 reads. Writes bench/results/samplers.json and a table.
//
//   node dist/bench/samplers.js [--seeds 10] [--budget-ms 10000] [--only G1,bqp250]

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/kernels/node.js';
import { createExecutor } from '../src/parallel/pool.js';
import type { Model } from '../src/qubo/model.js';
import { readModelFile } from '../src/qubo/formats/node.js';
import { randomSparseModel } from '../src/qubo/generators.js';
import { Model as ModelClass } from '../src/qubo/model.js';
import { samplers } from '../src/solve/node.js';
import { VERSION } from '../src/version.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '10' }, 'budget-ms': { type: 'string', default: '10000' }, only: { type: 'string' } } });
const SEEDS = Number(values.seeds);
const BUDGET = Number(values['budget-ms']);
const ONLY = values.only?.split(',');
const DATA = join(packageRoot(), '..', 'shared', 'datasets');

interface Instance {
  name: string;
  model: Model;
  /** Energy of the best-known solution (minimisation). */
  target: number;
  /** Converts an energy back to the file's own objective (cut or maximum). */
  objective: (energy: number) => number;
  best: number;
}

const PARAMS: Record<string, Record<string, Record<string, number>>> = {
  sa: { small: { sweeps: 1000, reads: 4 }, large: { sweeps: 4000, reads: 2 } },
  sqa: { small: { sweeps: 500, reads: 2 }, large: { sweeps: 1500, reads: 1 } },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function gset(name: string): Promise<Instance> {
  const csv = readFileSync(join(DATA, 'gset', 'best_known.csv'), 'utf8').split('\n');
  const row = csv.find((l) => l.startsWith(name + ','))!.split(',');
  const best = Number(row[10]);
  const g = await readModelFile(join(DATA, 'gset', `${name}.txt`), 'gset');
  return { name, model: g.model, target: g.totalWeight - 2 * best, objective: (e) => (g.totalWeight - e) / 2, best };
}

async function bqp250(): Promise<Instance[]> {
  const csv = readFileSync(join(DATA, 'bqp', 'best_known.csv'), 'utf8').split('\n');
  const all = await readModelFile(join(DATA, 'bqp', 'orlib', 'bqp250.txt'), 'orlib');
  return all.map((inst) => {
    const best = Number(csv.find((l) => l.startsWith(inst.name + ','))!.split(',')[6]);
    return { name: inst.name, model: inst.model, target: -best, objective: (e: number) => -e, best };
  });
}

/** Restarts `sampler` with seeds seed·1000 + k until the target or the budget; returns ms to target (Infinity if missed) and the best objective. */
async function timeToTarget(sampler: 'sa' | 'sqa', inst: Instance, seed: number, budgetMs: number, stopAtTarget = true) {
  const params = inst.model.n > 1000 ? PARAMS[sampler].large : PARAMS[sampler].small;
  const t0 = performance.now();
  let best = Infinity;
  for (let k = 0; ; k++) {
    const left = budgetMs - (performance.now() - t0);
    if (left <= 0) break;
    const ss = await samplers[sampler].sample(inst.model, { ...params, seed: seed * 1000 + k, timeLimitMs: left, ...(stopAtTarget ? { target: inst.target } : {}) });
    best = Math.min(best, ss.first.energy);
    if (stopAtTarget && best <= inst.target) return { ms: performance.now() - t0, best: inst.objective(best) };
  }
  return { ms: Infinity, best: inst.objective(best) };
}

async function quality() {
  const rows: Array<Record<string, unknown>> = [];
  if (!existsSync(DATA)) {
    console.log(`skipped: datasets folder not found at ${DATA}`);
    return rows;
  }
  const targets = [await gset('G1'), await gset('G22'), ...(await bqp250())].filter((i) => !ONLY || ONLY.some((o) => i.name.startsWith(o)));
  for (const sampler of ['sa', 'sqa'] as const) {
    for (const inst of targets) {
      const runs = [];
      for (let seed = 1; seed <= SEEDS; seed++) runs.push(await timeToTarget(sampler, inst, seed, BUDGET));
      const hits = runs.filter((r) => r.ms < Infinity).length;
      rows.push({ kind: 'time-to-target', sampler, instance: inst.name, bestKnown: inst.best, hits, seeds: SEEDS, medianMs: median(runs.map((r) => r.ms)), maxMs: Math.max(...runs.map((r) => r.ms)), bestFound: Math.max(...runs.map((r) => r.best)) });
      process.stderr.write('.');
    }
    for (const name of ['G43', 'G55'].filter((n) => !ONLY || ONLY.includes(n))) {
      const inst = await gset(name);
      const runs = [];
      for (let seed = 1; seed <= Math.min(3, SEEDS); seed++) runs.push(await timeToTarget(sampler, inst, seed, BUDGET, false));
      rows.push({ kind: 'best-in-budget', sampler, instance: name, bestKnown: inst.best, seeds: runs.length, budgetMs: BUDGET, bestFound: Math.max(...runs.map((r) => r.best)), medianFound: median(runs.map((r) => r.best)) });
      process.stderr.write('.');
    }
  }
  return rows;
}

/** 64 reads of sa on a 2000-variable degree-10 model with 1 and 2 workers (pool started beforehand). */
async function throughput() {
  const model = ModelClass.fromCsr(randomSparseModel({ n: 2000, degree: 10, seed: 3, vartype: 'SPIN' }));
  const out: Record<string, number> = {};
  for (const workers of [1, 2]) {
    const executor = await createExecutor({ workers });
    await samplers.sa.sample(model, { reads: 4, sweeps: 100, seed: 1, executor, workers }); // warm
    const t0 = performance.now();
    const ss = await samplers.sa.sample(model, { reads: 64, sweeps: 500, seed: 1, executor, workers });
    out[`workers${workers}Ms`] = performance.now() - t0;
    out[`workers${workers}Best`] = ss.first.energy;
    await executor.close();
  }
  out.speedup = out.workers1Ms / out.workers2Ms;
  return out;
}

async function main() {
  const quality_ = await quality();
  const throughput_ = await throughput();
  const result = { engine: VERSION, date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, budgetMs: BUDGET, params: PARAMS, quality: quality_, throughput: throughput_ };
  const dir = join(packageRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'samplers.json'), JSON.stringify(result, null, 2) + '\n');
  const fmt = (ms: unknown) => (typeof ms === 'number' && Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'missed');
  console.log(`\nqsched ${VERSION} samplers (budget ${BUDGET} ms per seed)`);
  for (const r of quality_) {
    if (r.kind === 'time-to-target') console.log(`${String(r.sampler).padEnd(4)} ${String(r.instance).padEnd(10)} target ${r.bestKnown}: ${r.hits}/${r.seeds} hit, median ${fmt(r.medianMs)}, max ${fmt(r.maxMs)}`);
    else console.log(`${String(r.sampler).padEnd(4)} ${String(r.instance).padEnd(10)} best cut in ${BUDGET} ms: ${r.bestFound} (median ${r.medianFound}; best known ${r.bestKnown})`);
  }
  console.log(`64 reads of sa (2000 vars, degree 10, 500 sweeps): 1 worker ${throughput_.workers1Ms.toFixed(0)} ms, 2 workers ${throughput_.workers2Ms.toFixed(0)} ms, speedup ${throughput_.speedup.toFixed(2)}x`);
  console.log(`wrote ${join(dir, 'samplers.json')}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
