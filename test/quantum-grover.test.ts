// Grover search (optimal iteration count, success probability, seeded samples) and Dürr–Høyer
// minimum finding, on every backend.

import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { durrHoyer, grover, optimalIterations } from '../src/quantum/grover.js';
import { BACKENDS, simulatorFor } from './quantum-helpers.js';

describe.each(BACKENDS)('Grover on %s', (backend) => {
  it('finds one marked item of 2^10 with the optimal iteration count', async () => {
    const sim = await simulatorFor(backend);
    const r = grover(sim, 10, (x) => x === 613, { shots: 20, seed: 1 });
    expect(r.iterations).toBe(optimalIterations(10, 1));
    expect(r.iterations).toBe(25); // round(π/(4·asin(1/32)) − 1/2)
    const theta = Math.asin(1 / 32);
    expect(r.successProbability).toBeCloseTo(Math.sin((2 * r.iterations + 1) * theta) ** 2, 12);
    expect(r.successProbability).toBeGreaterThan(0.999);
    expect(r.samples.filter((s) => s.marked).length).toBeGreaterThanOrEqual(19);
  });

  it('handles several marked items and none', async () => {
    const sim = await simulatorFor(backend);
    const r = grover(sim, 8, (x) => x % 37 === 5);
    expect(r.marked).toBe(7);
    expect(r.successProbability).toBeGreaterThan(0.9);
    expect(grover(sim, 4, () => false).iterations).toBe(0);
  });

  it('Dürr–Høyer finds the minimum of a cost vector', async () => {
    const sim = await simulatorFor(backend);
    const rng = new Rng(5);
    const cost = Float64Array.from({ length: 2 ** 9 }, () => rng.float());
    const r = durrHoyer(sim, cost, { seed: 2 });
    expect(r.value).toBe(Math.min(...cost));
    expect(r.groverIterations).toBeLessThanOrEqual(Math.ceil(22.5 * Math.sqrt(512) + 1.4 * 81));
  });
});
