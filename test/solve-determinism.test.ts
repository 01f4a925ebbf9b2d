// A seed fixes the SampleSet: the same rows for 1 and 2 workers (item k always draws from
// stream k), on every backend (the kernels are bit-identical by contract), and with a reused
// pool. The manifest reports what is needed to reproduce a run, including a random seed.

import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { wasmHash } from '../src/kernels/node.js';
import { createExecutor, type Executor } from '../src/parallel/pool.js';
import { Model } from '../src/qubo/model.js';
import { loadKernels } from '../src/kernels/node.js';
import { createSamplers, kernelContext, polish, samplers } from '../src/solve/index.js';
import type { SamplerName } from '../src/solve/types.js';
import { BACKENDS } from './backends.js';
import { rowsOf, sparseModel } from './solve-fixtures.js';

const MODEL = sparseModel(40, 21, 'BINARY');
const SMALL = sparseModel(18, 22, 'SPIN');

const CASES: Array<[SamplerName, Record<string, unknown>]> = [
  ['sa', { reads: 5, sweeps: 300 }],
  ['sqa', { reads: 5, sweeps: 200, returnReplicas: true }],
  ['pt', { reads: 3, sweeps: 200 }],
  ['tabu', { reads: 5, restarts: 2 }],
  ['steepest', { reads: 5 }],
  ['greedy', { reads: 5 }],
  ['random', { reads: 5 }],
  ['exact', { k: 4 }],
];

const modelFor = (name: SamplerName) => (name === 'exact' ? SMALL : MODEL);

describe('determinism', () => {
  const pools: Executor[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it.each(CASES)('%s gives the same SampleSet for 1 and 2 workers', async (name, options) => {
    const one = await samplers[name].sample(modelFor(name), { ...options, seed: 31, backend: 'wasm' });
    const two = await samplers[name].sample(modelFor(name), { ...options, seed: 31, backend: 'wasm', workers: 2 });
    expect(rowsOf(two)).toEqual(rowsOf(one));
    expect(two.info!.manifest.workers).toBe(2);
    expect(two.info!.manifest.shards.length).toBe(2);
    expect(two.info!.timing.shards.length).toBe(2);
    expect(two.info!.pt).toEqual(one.info!.pt);
    expect(two.info!.sqa).toEqual(one.info!.sqa);
  });

  it.each(CASES)('%s gives the same SampleSet on every backend', async (name, options) => {
    const sets = await Promise.all(BACKENDS.map((backend) => samplers[name].sample(modelFor(name), { ...options, seed: 32, backend })));
    for (const ss of sets.slice(1)) expect(rowsOf(ss)).toEqual(rowsOf(sets[0]));
    expect(sets.map((s) => s.info!.manifest.backend)).toEqual(['reference', 'wasm-scalar', 'wasm-simd']);
  });

  it('reuses a caller-owned pool and leaves it open', async () => {
    const pool = await createExecutor({ workers: 2, backend: 'wasm-scalar' });
    pools.push(pool);
    const a = await samplers.sa.sample(MODEL, { seed: 33, reads: 4, sweeps: 100, executor: pool });
    const b = await samplers.tabu.sample(MODEL, { seed: 33, reads: 4, restarts: 1, executor: pool });
    expect(a.info!.manifest.backend).toBe('wasm-scalar');
    expect(b.info!.manifest.workers).toBe(2);
    expect(rowsOf(a)).toEqual(rowsOf(await samplers.sa.sample(MODEL, { seed: 33, reads: 4, sweeps: 100, backend: 'reference' })));
    expect(await pool.run({ kind: 'ping', value: 1 })).toBe(1);
    await expect(samplers.sa.sample(MODEL, { executor: pool, backend: 'reference' })).rejects.toThrow(
      new RangeError("options.backend is 'reference', but options.executor runs 'wasm-scalar'"),
    );
  });

  it('reports a random seed that reproduces the run, and every resolved default', async () => {
    const first = await samplers.sa.sample(MODEL, { reads: 3, sweeps: 100 });
    const m = first.info!.manifest;
    expect(m.seedSource).toBe('random');
    expect(m).toMatchObject({ engine: VERSION, sampler: 'sa', backend: 'wasm-simd', wasmHash: wasmHash('simd'), workers: 1 });
    expect(m.shards).toEqual([{ items: [0, 3], seed: m.seed, streams: [0, 3] }]);
    expect(m.params).toMatchObject({ sweeps: 100, sweepsPerBeta: 1, schedule: 'geometric', items: 3, chunk: 128, initialStates: 'random' });
    const again = await samplers.sa.sample(MODEL, { reads: 3, sweeps: 100, seed: m.seed });
    expect(rowsOf(again)).toEqual(rowsOf(first));
    const sqa = await samplers.sqa.sample(SMALL, { reads: 2, sweeps: 50, seed: 1, backend: 'reference' });
    expect(sqa.info!.manifest.wasmHash).toBeNull();
    expect(Object.keys(sqa.info!.manifest.params)).toEqual(expect.arrayContaining(['replicas', 'gamma0', 't0', 'alpha', 'coolEvery', 'globalMoves', 'restartWindow']));
    const pt = await samplers.pt.sample(SMALL, { reads: 2, sweeps: 2000, seed: 1, backend: 'wasm' });
    const chains = pt.info!.manifest.params.chains as number;
    expect(chains).toBe(6); // ⌈0.2·√18·ln(β_cold/β_hot)⌉
    expect(pt.info!.manifest.shards[0].streams).toEqual([0, 2 * (chains + 1)]);
    expect(pt.info!.pt!.ladders[0]).toHaveLength(chains);
    expect(pt.info!.pt!.swapRates[0]).toHaveLength(chains - 1);
    const rates = pt.info!.pt!.swapRates.flat();
    for (const rate of rates) expect(rate).toBeGreaterThan(0.1);
    const mean = rates.reduce((a, b) => a + b) / rates.length;
    expect(mean).toBeGreaterThan(0.2);
    expect(mean).toBeLessThan(0.5);
  });

  it('runs on kernels the caller loaded (the edge path), in this thread only', async () => {
    const edge = createSamplers(kernelContext(await loadKernels({ backend: 'wasm-scalar' }), 'abc123'));
    const ss = await edge.samplers.sa.sample(MODEL, { seed: 35, reads: 3, sweeps: 100 });
    expect(rowsOf(ss)).toEqual(rowsOf(await samplers.sa.sample(MODEL, { seed: 35, reads: 3, sweeps: 100, backend: 'reference' })));
    expect(ss.info!.manifest).toMatchObject({ backend: 'wasm-scalar', wasmHash: 'abc123' });
    await expect(edge.samplers.sa.sample(MODEL, { workers: 2 })).rejects.toThrow(/options.workers = 2 needs worker threads/);
    await expect(edge.samplers.sa.sample(MODEL, { backend: 'reference' })).rejects.toThrow(
      new RangeError("options.backend is 'reference', but this context holds the 'wasm-scalar' kernels"),
    );
  });

  it('starts from given states, tiled or random, in the model vartype (sqa maps SPIN back)', async () => {
    const model = Model.fromQubo([['a', 'a', -1], ['b', 'b', -1], ['a', 'b', 3], ['c', 'c', 2]]);
    const ss = await samplers.steepest.sample(model, { initialStates: [{ a: 1, b: 1, c: 1 }], reads: 3, initialFill: 'tile', seed: 1, backend: 'reference' });
    expect(ss.size).toBe(3);
    expect(Array.from(ss.energies)).toEqual([-1, -1, -1]);
    const q = await samplers.sqa.sample(model, { initialStates: Int8Array.from([1, 0, 0]), sweeps: 50, seed: 2, backend: 'reference' });
    expect(q.size).toBe(1);
    expect(q.vartype).toBe('BINARY');
    expect(q.first.energy).toBe(-1);
    expect(q.info!.manifest.params.initialStates).toBe('1 given, rest random');
  });

  it('polishes any SampleSet to local minima, keeping occurrences', async () => {
    const raw = (await samplers.random.sample(MODEL, { reads: 6, seed: 34 })).aggregate();
    const polished = await polish(raw, MODEL);
    expect(polished.size).toBe(raw.size);
    expect(polished.occurrences.reduce((a, b) => a + b, 0)).toBe(raw.occurrences.reduce((a, b) => a + b, 0));
    expect(polished.first.energy).toBeLessThan(raw.first.energy);
    expect(polished.info!.stopReason).toBe('converged');
    const deltas = new Float64Array(MODEL.n);
    for (const row of polished) {
      expect(row.energy).toBe(MODEL.energy(row.state));
      for (let i = 0; i < MODEL.n; i++) {
        const flipped = row.state.slice();
        flipped[i] = 1 - flipped[i];
        deltas[i] = MODEL.energy(flipped) - row.energy;
      }
      expect(Math.min(...deltas)).toBeGreaterThanOrEqual(0);
    }
    await expect(polish(raw, SMALL)).rejects.toThrow(/sampleSet must have the model's vartype and labels/);
  });
});
