// Stopping rules, on this thread and on a pool of 2 workers: an energy target, a time limit
// that cuts a read in the middle (checked between chunks), an AbortSignal (AbortError with the
// reason as cause, or the partial set with onAbort 'partial'), the ε window, and progress
// reports through the callback and the async iterator. Every partial result still has exact
// energies.

import { describe, expect, it } from 'vitest';
import { AbortError } from '../src/errors.js';
import type { Model } from '../src/qubo/model.js';
import { samplers } from '../src/solve/index.js';
import type { SampleSet } from '../src/solve/sampleset.js';
import type { Progress } from '../src/solve/types.js';
import { sparseModel } from './solve-fixtures.js';

const BIG = sparseModel(300, 11);

function expectExact(model: Model, ss: SampleSet): void {
  for (const row of ss) expect(row.energy).toBe(model.energy(row.state));
}

describe.each([1, 2])('stopping with %i worker(s)', (workers) => {
  it('stops at the energy target', async () => {
    // a local minimum is reached about halfway through a slow anneal
    const target = (await samplers.steepest.sample(BIG, { seed: 1, reads: 1, backend: 'wasm' })).first.energy;
    const ss = await samplers.sa.sample(BIG, { seed: 2, reads: 4, sweeps: 20_000, target, workers, backend: 'wasm' });
    expect(ss.info?.stopReason).toBe('target');
    expect(ss.first.energy).toBeLessThanOrEqual(target);
    expect(ss.info!.work.units).toBeLessThan(0.8 * 4 * 20_000);
    expectExact(BIG, ss);
  });

  it.each([
    ['sa', { sweeps: 10_000_000 }],
    ['sqa', { sweeps: 10_000_000 }],
    ['pt', { sweeps: 10_000_000 }],
    ['tabu', { restarts: 10_000_000 }],
  ] as const)('cuts a long %s read at the time limit', async (name, options) => {
    const t0 = performance.now();
    const ss = await samplers[name].sample(BIG, { ...options, seed: 3, reads: 2, timeLimitMs: 120, workers, backend: 'wasm' });
    expect(performance.now() - t0).toBeLessThan(1500 + (workers > 1 ? 1000 : 0));
    expect(ss.info?.stopReason).toBe('time-limit');
    expect(ss.size).toBe(2); // every read started in the first chunk, so every read is in the set
    expect(ss.info!.work.units).toBeGreaterThan(0);
    expectExact(BIG, ss);
  });

  it('rejects with AbortError carrying the reason when aborted mid-read', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user cancelled')), 60);
    const t0 = performance.now();
    const run = samplers.sa.sample(BIG, { seed: 4, reads: 2, sweeps: 10_000_000, signal: ac.signal, workers, backend: 'wasm' });
    const err = await run.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(((err as AbortError).cause as Error).message).toBe('user cancelled');
    expect(performance.now() - t0).toBeLessThan(1500 + (workers > 1 ? 1000 : 0));
  });

  it("resolves with the partial set under onAbort 'partial'", async () => {
    const ac = new AbortController();
    const reported = new Set<number>();
    const onProgress = (p: Progress) => {
      reported.add(p.shard);
      if (reported.size === workers) ac.abort('enough'); // every shard has started (a shard that never starts adds no rows)
    };
    const ss = await samplers.sqa.sample(BIG, { seed: 5, reads: 2, sweeps: 10_000_000, signal: ac.signal, onAbort: 'partial', workers, backend: 'wasm', onProgress });
    expect(ss.info?.stopReason).toBe('aborted');
    expect(ss.size).toBe(2);
    expectExact(BIG, ss);
  });
});

describe('stopping', () => {
  it('rejects at once for an already-aborted signal; partial then gives an empty set', async () => {
    const ac = new AbortController();
    ac.abort('stop');
    await expect(samplers.sa.sample(BIG, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError', cause: 'stop' });
    const ss = await samplers.sa.sample(BIG, { signal: ac.signal, onAbort: 'partial', backend: 'reference' });
    expect(ss.size).toBe(0);
    expect(ss.info?.stopReason).toBe('aborted');
  });

  it('ends reads whose best stops improving over the ε window', async () => {
    const model = sparseModel(20, 12, 'BINARY');
    const ss = await samplers.sa.sample(model, { seed: 6, reads: 3, sweeps: 1_000_000, epsilon: 0, window: 2000, backend: 'wasm' });
    expect(ss.info?.stopReason).toBe('converged');
    expect(ss.info!.work.converged).toBe(3);
    expect(ss.info!.work.units).toBeLessThan(3 * 100_000);
    expect(ss.info!.manifest.params).toMatchObject({ epsilon: 0, window: 2000 });
    const tabu = await samplers.tabu.sample(model, { seed: 6, reads: 2, restarts: 1_000_000, epsilon: 0, window: 5000, backend: 'wasm' });
    expect(tabu.info?.stopReason).toBe('converged');
    expect(tabu.info!.work.units).toBeLessThan(2 * 100_000);
  });

  it('ends at the sweep budget otherwise, and reports it', async () => {
    const ss = await samplers.sa.sample(sparseModel(20, 13), { seed: 7, sweeps: 64, backend: 'reference' });
    expect(ss.info?.stopReason).toBe('sweeps');
    expect(ss.info!.work).toEqual({ unit: 'sweeps', units: 640, converged: 0 });
  });

  it('reports progress to the callback, best energy never rising', async () => {
    const seen: Progress[] = [];
    const ss = await samplers.sa.sample(BIG, { seed: 8, reads: 2, sweeps: 2000, backend: 'reference', onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(3);
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k].bestEnergy).toBeLessThanOrEqual(seen[k - 1].bestEnergy);
      expect(seen[k].elapsedMs).toBeGreaterThanOrEqual(seen[k - 1].elapsedMs);
    }
    expect(seen.at(-1)).toMatchObject({ sampler: 'sa', sweep: 2000, bestEnergy: ss.first.energy });
    expect([0, 1]).toContain(seen.at(-1)!.read);
  });

  it('streams progress through an async iterator; breaking out aborts the run', async () => {
    const stream = samplers.tabu.progress(BIG, { seed: 9, reads: 2, restarts: 20, backend: 'wasm' });
    let last = Number.POSITIVE_INFINITY;
    let count = 0;
    for await (const p of stream) {
      expect(p.bestEnergy).toBeLessThanOrEqual(last);
      last = p.bestEnergy;
      count++;
    }
    expect(count).toBeGreaterThan(0);
    expect((await stream.result).first.energy).toBe(last);

    const endless = samplers.sa.progress(BIG, { seed: 10, sweeps: 10_000_000, backend: 'wasm' });
    for await (const p of endless) {
      expect(p.sampler).toBe('sa');
      break;
    }
    await expect(endless.result).rejects.toThrow(AbortError);
  });

  it('rejects with the error a progress callback throws', async () => {
    const boom = new Error('callback failed');
    await expect(samplers.sa.sample(BIG, { sweeps: 1000, backend: 'wasm', onProgress: () => { throw boom; } })).rejects.toBe(boom);
  });
});
