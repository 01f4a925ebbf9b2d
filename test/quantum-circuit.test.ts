// Circuits on every backend: known states (Bell, GHZ, QFT), bit order, random circuits against
// the reference to 1e-12 per amplitude (fused and unfused), norm after 10^4 random gates,
// measurement, reset and seeded sampling.

import { describe, expect, it } from 'vitest';
import { Circuit } from '../src/quantum/circuit.js';
import { Rng } from '../src/kernels/reference/rng.js';
import { BACKENDS, maxDiff, randomCircuit, simulatorFor } from './quantum-helpers.js';

/** QFT on n qubits with the final swaps: |x⟩ → Σ_k e^{2πi xk/2^n} |k⟩ / √2^n. */
function qft(n: number): Circuit {
  const c = new Circuit(n);
  for (let j = n - 1; j >= 0; j--) {
    c.h(j);
    for (let k = j - 1; k >= 0; k--) c.cp(Math.PI / 2 ** (j - k), k, j);
  }
  for (let j = 0; j < n / 2; j++) c.swap(j, n - 1 - j);
  return c;
}

describe.each(BACKENDS)('circuits on %s', (backend) => {
  it('orders bits with qubit 0 as the least significant bit', async () => {
    const sim = await simulatorFor(backend);
    const s = sim.run(new Circuit(3).x(0));
    expect([...s.probabilities()]).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect(s.counts(10, 1)).toEqual({ '001': 10 });
    s.dispose();
  });

  it('prepares Bell and GHZ states', async () => {
    const sim = await simulatorFor(backend);
    const r = Math.SQRT1_2;
    const bell = sim.run(new Circuit(2).h(0).cx(0, 1));
    expect(maxDiff(bell.amplitudes(), Float64Array.from([r, 0, 0, 0, 0, 0, r, 0]))).toBeLessThan(1e-15);
    const n = 12;
    const ghz = new Circuit(n).h(0);
    for (let q = 1; q < n; q++) ghz.cx(q - 1, q);
    const a = sim.run(ghz).amplitudes();
    const want = new Float64Array(2 ** (n + 1));
    want[0] = want[2 * (2 ** n - 1)] = r;
    expect(maxDiff(a, want)).toBeLessThan(1e-12);
  });

  it('QFT maps a basis state to the Fourier phases', async () => {
    const sim = await simulatorFor(backend);
    const n = 8, x = 37, N = 2 ** n;
    const c = new Circuit(n);
    for (let q = 0; q < n; q++) if ((x >> q) & 1) c.x(q);
    c.compose(qft(n));
    const a = sim.run(c).amplitudes();
    const want = new Float64Array(2 * N);
    for (let k = 0; k < N; k++) {
      want[2 * k] = Math.cos((2 * Math.PI * x * k) / N) / Math.sqrt(N);
      want[2 * k + 1] = Math.sin((2 * Math.PI * x * k) / N) / Math.sqrt(N);
    }
    expect(maxDiff(a, want)).toBeLessThan(1e-12);
  });

  it('random circuits agree with the reference to 1e-12 per amplitude, fused or not, blocked or not', async () => {
    const ref = await simulatorFor('reference', { fusion: 0 });
    for (const [n, gates, seed] of [[1, 30, 1], [2, 60, 2], [5, 200, 3], [10, 300, 4]]) {
      const c = randomCircuit(n, gates, seed);
      const want = ref.run(c).amplitudes();
      for (const options of [{ fusion: 0 }, { fusion: 1 }, { fusion: 2 }, { fusion: 2, blockQubits: 3 }]) {
        const got = (await simulatorFor(backend, options)).run(c).amplitudes();
        expect(maxDiff(got, want), `n=${n} ${JSON.stringify(options)}`).toBeLessThan(1e-12);
      }
    }
  });

  it('keeps the norm at 1 ± 1e-12 after 10^4 random gates', async () => {
    const sim = await simulatorFor(backend);
    const s = sim.run(randomCircuit(10, 10_000, 7));
    expect(Math.abs(s.norm2() - 1)).toBeLessThan(1e-12);
    s.dispose();
  });

  it('measures, resets and samples with a seed', async () => {
    const sim = await simulatorFor(backend);
    const bell = new Circuit(2).h(0).cx(0, 1);
    const s = sim.run(bell);
    const shots = s.sample(2000, 42);
    expect(shots.every((x) => x === 0 || x === 3)).toBe(true);
    const ones = shots.filter((x) => x === 3).length;
    expect(Math.abs(ones - 1000)).toBeLessThan(120);
    expect([...s.sample(50, 42)]).toEqual([...shots.subarray(0, 50)]); // same seed, same prefix
    const bit = s.measure(0, new Rng(3));
    expect([...s.probabilities()]).toEqual(bit ? [0, 0, 0, 1] : [1, 0, 0, 0]);
    s.reset(1, new Rng(4));
    s.reset(0, new Rng(4));
    expect(s.probabilities()[0]).toBeCloseTo(1, 14);
    // mid-circuit measurement and reset inside a circuit
    const c = new Circuit(2).h(0).measure(0, 0).cx(0, 1).reset(0);
    const t = sim.run(c, undefined, { seed: 9 });
    const p = t.probabilities();
    expect(p[0] + p[2]).toBeCloseTo(1, 14);
    expect(p[2] === 1 || p[0] === 1).toBe(true);
  });
});
