// The kernel suite of `npm run bench`: every kernel on every backend across sizes (100 → 10^5 variables, degree 10,
// integer weights), timed by benchmark.js, plus the worker pool's round trip. Prints a table
// and writes bench/results/kernels.json (machine, Node version, medians, wasm/reference ratios).
// Medians and ratios are from one run on one machine: compare within a run, not across runs.
//
//   node dist/bench/kernels.js [--sizes 100,1000,10000,100000] [--max-time 0.5]

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Benchmark from 'benchmark';
import type { CsrArrays, Kernels } from '../src/kernels/contract.js';
import { loadKernels, packageRoot, wasmHash } from '../src/kernels/node.js';
import { createExecutor } from '../src/parallel/pool.js';
import { readModelFile } from '../src/qubo/formats/node.js';
import { randomSparseModel, randomStates } from '../src/qubo/generators.js';
import { VERSION } from '../src/version.js';

interface Row {
  kernel: string;
  n: number;
  nnz: number;
  count: number;
  backend: string;
  medianNs: number;
  nsPerItem: number;
  rmePercent: number;
  samples: number;
}

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,1000,10000,100000' }, 'max-time': { type: 'string', default: '0.5' } },
});
const SIZES = values.sizes!.split(',').map(Number);
const MAX_TIME = Number(values['max-time']);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times `fn` with benchmark.js; returns the median seconds per call over its samples. */
function time(name: string, fn: () => void): { median: number; rme: number; samples: number } {
  const b = new Benchmark(name, fn, { minSamples: 10, maxTime: MAX_TIME, initCount: 1 });
  b.run({ async: false });
  if (b.error) throw b.error;
  return { median: median(b.stats.sample), rme: b.stats.rme, samples: b.stats.sample.length };
}

/** A SPIN model with ±1 couplings and no fields, as the native samplers' published timings use. */
function plusMinusOne(n: number, degree: number): CsrArrays {
  const base = randomSparseModel({ n, degree, seed: 7, vartype: 'SPIN' });
  return { ...base, vals: base.vals.map(Math.sign), linear: new Float64Array(n), offset: 0 };
}

/** sa: ns per spin-flip attempt (1000 sweeps, geometric β 0.1 → 3); sqa: ns per spin-replica update (16 slices). */
async function annealRows(backends: Kernels[]): Promise<Row[]> {
  const rows: Row[] = [];
  const sweeps = 1000;
  const betas = new Float64Array(sweeps).map((_, t) => 0.1 * 30 ** (t / (sweeps - 1)));
  const K = 16;
  const sqaSweeps = 100;
  const sqaBetas = new Float64Array(sqaSweeps).map((_, t) => 0.1 * 30 ** (t / (sqaSweeps - 1)));
  const jperp = sqaBetas.map((b, t) => -Math.log(Math.tanh((b * 2 * (1 - t / sqaSweeps) + 1e-9) / K)) / (2 * b));
  // the two generated models of the native samplers' published timings, and Gset G1 when
  // ../shared/datasets is beside the project (800 spins, 19176 edges, weights 1)
  const models: Array<[string, CsrArrays]> = [['d=3', plusMinusOne(1000, 3)], ['d=10', plusMinusOne(2000, 10)]];
  const g1 = join(packageRoot(), '..', 'shared', 'datasets', 'gset', 'G1.txt');
  if (existsSync(g1)) models.push(['G1', (await readModelFile(g1, 'gset')).model.csr]);
  else process.stderr.write(`(G1 rows skipped: ${g1} is absent)\n`);
  for (const [label, csr] of models) {
    const n = csr.linear.length;
    for (const k of backends) {
      const model = k.prepare(csr);
      const rng = new Uint32Array(4);
      k.rngSeed(1, 0, rng);
      const start = randomStates(n, K, 'SPIN', 3);
      const state = start.slice(0, n);
      const slices = start.slice();
      const sa = () => k.saSweeps(model, state, 1, betas, rng);
      const sqa = () => k.sqaSweeps(model, slices, 1, K, sqaBetas, jperp, true, rng);
      for (const [kernel, fn, updates] of [['saSweeps', sa, sweeps * n], ['sqaSweeps', sqa, sqaSweeps * K * n]] as const) {
        for (let w = 0; w < 3; w++) fn(); // leave V8's baseline tier before timing
        const t = time(`${kernel}/${k.backend}/${n}`, fn);
        const medianNs = t.median * 1e9;
        rows.push({ kernel: `${kernel}(${label})`, n, nnz: csr.cols.length, count: 1, backend: k.backend, medianNs, nsPerItem: medianNs / updates, rmePercent: t.rme, samples: t.samples });
        process.stderr.write('.');
      }
      model.dispose();
    }
  }
  return rows;
}

async function main() {
  const backends: Kernels[] = [];
  for (const b of ['reference', 'wasm-scalar', 'wasm'] as const) backends.push((await loadKernels({ backend: b })).unchecked);
  const rows: Row[] = [];
  for (const n of SIZES) {
    const csr = randomSparseModel({ n, degree: 10, seed: 1 });
    const states8 = randomStates(n, 8, 'BINARY', 2);
    for (const k of backends) {
      const model = k.prepare(csr);
      const out = new Float64Array(8 * n);
      const rng = new Uint32Array(4);
      const draws = new Float64Array(n);
      const cases: Array<[string, number, () => void]> = [
        ['energies', 8, () => k.energies(model, states8, 8, out)],
        ['flipDeltas', 1, () => k.flipDeltas(model, states8, 1, out)],
        ['flipDeltas', 8, () => k.flipDeltas(model, states8, 8, out)],
        ['rngFillF64', 1, () => k.rngFillF64(rng, draws)],
      ];
      for (const [kernel, count, fn] of cases) {
        for (let w = 0; w < 20; w++) fn(); // leave V8's baseline tier before timing
        const t = time(`${kernel}/${k.backend}/${n}`, fn);
        const medianNs = t.median * 1e9;
        rows.push({ kernel, n, nnz: csr.cols.length, count, backend: k.backend, medianNs, nsPerItem: medianNs / (n * count), rmePercent: t.rme, samples: t.samples });
        process.stderr.write('.');
      }
      model.dispose();
    }
  }
  process.stderr.write('\n');
  rows.push(...(await annealRows(backends)));

  const ratios = rows
    .filter((r) => r.backend !== 'reference')
    .map((r) => {
      const ref = rows.find((x) => x.backend === 'reference' && x.kernel === r.kernel && x.n === r.n && x.count === r.count)!;
      return { kernel: r.kernel, n: r.n, count: r.count, backend: r.backend, speedupVsReference: ref.medianNs / r.medianNs };
    });

  // pool round trip: a trivial task on a warmed pool of 2 workers, and in-thread
  const pool: Record<string, number> = {};
  for (const workers of [1, 2]) {
    const ex = await createExecutor({ workers });
    for (let w = 0; w < 200; w++) await ex.run({ kind: 'ping', value: w });
    const trips: number[] = [];
    for (let r = 0; r < 2000; r++) {
      const t0 = process.hrtime.bigint();
      await ex.run({ kind: 'ping', value: r });
      trips.push(Number(process.hrtime.bigint() - t0));
    }
    pool[`workers${workers}MedianUs`] = median(trips) / 1000;
    await ex.close();
  }

  const result = {
    engine: VERSION,
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    wasmHash: { simd: wasmHash('simd'), scalar: wasmHash('scalar') },
    model: 'randomSparseModel, degree 10, integer weights in [-10, 10], BINARY',
    units: 'medianNs per call; nsPerItem = medianNs / (n * count states); rngFillF64 draws n doubles; saSweeps: ns per spin-flip attempt (1000 sweeps, geometric beta 0.1 to 3, +-1 couplings); sqaSweeps: ns per spin-replica update (16 slices, 100 sweeps, global moves on)',
    results: rows,
    ratios,
    pool,
  };
  const dir = join(packageRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'kernels.json'), JSON.stringify(result, null, 2) + '\n');

  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const lines = [`qsched ${VERSION} kernels, ${result.machine.cpu}, ${process.version}`, ''];
  lines.push(['kernel', 'count', 'n', 'backend', 'median µs', 'ns/item', '±%', 'x ref'].map((h, i) => (i < 4 ? h.padEnd(12) : h.padStart(10))).join(''));
  for (const r of rows) {
    const ratio = ratios.find((x) => x.kernel === r.kernel && x.n === r.n && x.count === r.count && x.backend === r.backend);
    lines.push(
      [r.kernel, String(r.count), String(r.n), r.backend].map((c) => c.padEnd(12)).join('') +
        [fmt(r.medianNs / 1000), fmt(r.nsPerItem), r.rmePercent.toFixed(1), ratio ? ratio.speedupVsReference.toFixed(2) : '1'].map((c) => c.padStart(10)).join(''),
    );
  }
  lines.push('', `pool round trip (trivial task, warmed): workers 1 ${pool.workers1MedianUs.toFixed(1)} µs, workers 2 ${pool.workers2MedianUs.toFixed(1)} µs (median of 2000)`);
  lines.push(`wrote ${join(dir, 'kernels.json')}`);
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
