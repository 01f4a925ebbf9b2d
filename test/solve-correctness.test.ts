// Correctness of every sampler on 200 seeded random models of 2..20 variables (integer
// weights, BINARY and SPIN alternating), on every backend: the exact sampler matches brute
// force; each stochastic sampler's best equals the exact ground energy in >= 99% of the models
// (the hit rates are printed); every reported energy equals model.energy(sample) exactly.

import { describe, expect, it } from 'vitest';
import type { Model } from '../src/qubo/model.js';
import type { SampleSet } from '../src/solve/sampleset.js';
import { samplers } from '../src/solve/index.js';
import type { SamplerName } from '../src/solve/types.js';
import { BACKENDS } from './backends.js';
import { bruteForceMinimum, randomModels } from './solve-fixtures.js';

const MODELS = randomModels(200, 20, 7);
const BRUTE = new Map<Model, number>();
const brute = (model: Model) => BRUTE.get(model) ?? BRUTE.set(model, bruteForceMinimum(model)).get(model)!;

/** Modest settings: the point is correctness, not the defaults' headroom. */
const STOCHASTIC: Array<[SamplerName, Record<string, unknown>]> = [
  ['sa', { reads: 8, sweeps: 200 }],
  ['sqa', { reads: 4, sweeps: 200 }],
  ['pt', { reads: 1, sweeps: 200 }],
  ['tabu', { reads: 2, restarts: 2 }],
];

function expectExactEnergies(model: Model, ss: SampleSet): void {
  for (const row of ss) expect(row.energy).toBe(model.energy(row.state));
  for (let k = 1; k < ss.size; k++) expect(ss.energies[k]).toBeGreaterThanOrEqual(ss.energies[k - 1]);
}

describe.each(BACKENDS)('samplers on %s', (backend) => {
  it('exact matches brute force, with the k lowest states in order', async () => {
    for (const model of MODELS.filter((m) => m.n <= 16).slice(0, 40)) {
      const ss = await samplers.exact.sample(model, { backend, k: 3 });
      expect(ss.first.energy).toBe(brute(model));
      expect(ss.size).toBe(Math.min(3, 2 ** model.n));
      expect(ss.info?.stopReason).toBe('exhausted');
      expectExactEnergies(model, ss);
    }
  });

  it('every stochastic sampler reaches the ground energy in >= 99% of 200 models', async () => {
    const ground: number[] = [];
    for (const model of MODELS) ground.push((await samplers.exact.sample(model, { backend })).first.energy);
    const rates: string[] = [];
    for (const [name, options] of STOCHASTIC) {
      let hits = 0;
      for (let k = 0; k < MODELS.length; k++) {
        const ss = await samplers[name].sample(MODELS[k], { ...options, seed: k, backend });
        expectExactEnergies(MODELS[k], ss);
        expect(ss.first.energy).toBeGreaterThanOrEqual(ground[k]);
        if (ss.first.energy === ground[k]) hits++;
      }
      rates.push(`${name} ${hits}/${MODELS.length}`);
      expect(hits / MODELS.length, `${name} hit rate`).toBeGreaterThanOrEqual(0.99);
    }
    console.log(`[${backend}] ground-state hit rates: ${rates.join(', ')}`);
  });

  it('steepest, greedy and random report exact energies and never beat the ground state', async () => {
    for (const model of MODELS.slice(0, 50)) {
      const ground = (await samplers.exact.sample(model, { backend })).first.energy;
      for (const name of ['steepest', 'greedy', 'random'] as const) {
        const ss = await samplers[name].sample(model, { backend, seed: 3, reads: 4 });
        expect(ss.size).toBe(4);
        expectExactEnergies(model, ss);
        expect(ss.first.energy).toBeGreaterThanOrEqual(ground);
      }
    }
  });
});
