// Observables (parsing, grouping by flip mask, expectations against dense matrices), the
// optimizers on known functions (budgets, callback, seeded SPSA), and bad input everywhere:
// qubit out of range, non-unitary matrix, unknown gate, NaN angles, too many qubits → typed
// errors that name the field, never a crash inside WASM.

import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { Circuit } from '../src/quantum/circuit.js';
import { bytesNeeded } from '../src/quantum/memory.js';
import { DiagonalObservable, PauliSum } from '../src/quantum/observable.js';
import { adam, lbfgs, nelderMead, spsa } from '../src/quantum/optimizers.js';
import { maxCutModel } from '../src/quantum/qaoa-cost.js';
import { qaoa } from '../src/quantum/qaoa.js';
import { BACKENDS, randomState, simulatorFor } from './quantum-helpers.js';

/** Dense ⟨ψ|P|ψ⟩ for one label (rightmost letter = qubit 0), by explicit Kronecker products. */
function denseExpectation(label: string, a: Float64Array): number {
  const n = label.length;
  const one: Record<string, number[][]> = { I: [[1, 0, 0, 0], [0, 0, 1, 0]], X: [[0, 0, 1, 0], [1, 0, 0, 0]], Y: [[0, 0, 0, -1], [0, 1, 0, 0]], Z: [[1, 0, 0, 0], [0, 0, -1, 0]] };
  // out = P a, with P|x> built qubit by qubit
  let re = 0, im = 0;
  for (let x = 0; x < 2 ** n; x++) {
    let y = 0, pr = 1, pi = 0;
    for (let q = 0; q < n; q++) {
      const m = one[label[n - 1 - q]], b = (x >> q) & 1;
      const r = m[0][2 * b] !== 0 || m[0][2 * b + 1] !== 0 ? 0 : 1; // row holding column b
      const [er, ei] = [m[r][2 * b], m[r][2 * b + 1]];
      [pr, pi] = [pr * er - pi * ei, pr * ei + pi * er];
      y |= r << q;
    }
    const cr = pr * a[2 * x] - pi * a[2 * x + 1], ci = pr * a[2 * x + 1] + pi * a[2 * x];
    re += a[2 * y] * cr + a[2 * y + 1] * ci;
    im += a[2 * y] * ci - a[2 * y + 1] * cr;
  }
  expect(Math.abs(im)).toBeLessThan(1e-12);
  return re;
}

describe('Pauli sums', () => {
  it('parses dense and sparse labels, merges terms and groups by flip mask', () => {
    const h = PauliSum.parse('0.5 XZIY - 0.2 ZZII + 1.5 - 0.3 * XIIY + 0.2 ZZII');
    expect(h.n).toBe(4);
    expect(h.constant).toBe(1.5);
    expect(h.terms()).toEqual([{ pauli: '', coeff: 1.5 }, { pauli: 'Y0 Z2 X3', coeff: 0.5 }, { pauli: 'Y0 X3', coeff: -0.3 }]);
    expect(h.groups.length).toBe(1); // both terms flip qubits 0 and 3
    expect(PauliSum.parse('0.5 X0 Z1 - 0.2 Z3').terms()).toEqual([{ pauli: 'X0 Z1', coeff: 0.5 }, { pauli: 'Z3', coeff: -0.2 }]);
    expect(PauliSum.fromTerms([{ pauli: 'X0 Y1 Z3', coeff: 2 }, [1, 'ZI']]).terms()).toEqual([{ pauli: 'X0 Y1 Z3', coeff: 2 }, { pauli: 'Z1', coeff: 1 }]);
    for (const bad of ['0.5 XQ', '0.5 X0 X0', '1 +', '- - X', 'X0 ZZ']) expect(() => PauliSum.parse(bad), bad).toThrow(RangeError);
  });
});

describe.each(BACKENDS)('expectations on %s', (backend) => {
  it('Pauli expectations equal dense ones; diagonal observables equal Σ d|a|²', async () => {
    const sim = await simulatorFor(backend);
    const rng = new Rng(2);
    const a = randomState(5, rng);
    const s = sim.state(5);
    s.setAmplitudes(a);
    const labels = ['XZIYI', 'IIIIZ', 'YYYYY', 'XXIXZ', 'ZIZIZ', 'IYIXI'];
    const coeffs = labels.map((_, i) => Math.cos(i + 0.5));
    const h = PauliSum.fromTerms(labels.map((l, i) => [coeffs[i], l] as [number, string]));
    const want = labels.reduce((acc, l, i) => acc + coeffs[i] * denseExpectation(l, a), 0);
    expect(s.expectation(h)).toBeCloseTo(want, 12);
    const d = Float64Array.from({ length: 32 }, (_, x) => x * 0.25 - 3);
    const p = s.probabilities();
    expect(s.expectation(new DiagonalObservable(d))).toBeCloseTo(p.reduce((acc, v, x) => acc + v * d[x], 0), 12);
    s.dispose();
  });
});

describe('optimizers', () => {
  const rosen = (x: Float64Array) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2;
  const rosenG = (x: Float64Array) => ({ value: rosen(x), gradient: Float64Array.of(-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)) });
  const bowl = (x: Float64Array) => x.reduce((s, v, i) => s + (i + 1) * (v - 1) ** 2, 0);

  it('L-BFGS and Nelder–Mead solve Rosenbrock; Adam and SPSA descend a bowl', () => {
    expect(lbfgs(rosenG, [-1.2, 1]).value).toBeLessThan(1e-12);
    expect(nelderMead(rosen, [-1.2, 1], { maxIterations: 2000 }).value).toBeLessThan(1e-8);
    expect(adam((x) => ({ value: bowl(x), gradient: x.map((v, i) => 2 * (i + 1) * (v - 1)) }), [0, 0, 0], { learningRate: 0.1, maxIterations: 2000 }).value).toBeLessThan(1e-6);
    const a = spsa(bowl, [0, 0, 0], { seed: 4, maxIterations: 500 }), b = spsa(bowl, [0, 0, 0], { seed: 4, maxIterations: 500 });
    expect(a.value).toBeLessThan(0.01);
    expect([...a.x]).toEqual([...b.x]); // seeded
  });

  it('honour budgets and the callback', () => {
    const calls: number[] = [];
    const r = lbfgs(rosenG, [-1.2, 1], { callback: (it, x, v) => { calls.push(it); expect(x.length).toBe(2); expect(Number.isFinite(v)).toBe(true); return it === 3; } });
    expect([r.reason, r.iterations, calls]).toEqual(['callback', 3, [1, 2, 3]]);
    expect(nelderMead(rosen, [-1.2, 1], { maxEvaluations: 20 }).evaluations).toBeLessThanOrEqual(22);
    expect(spsa(rosen, [-1.2, 1], { maxIterations: 7 }).iterations).toBe(7);
    expect(spsa(rosen, [0, 0], { maxTimeMs: 0 }).reason).toBe('maxTime');
  });
});

describe('bad input is a typed error naming the field', () => {
  it('circuits', () => {
    const c = new Circuit(3);
    expect(() => c.h(3)).toThrow(new RangeError('h qubit[0] must be an integer in [0, 2], got 3'));
    expect(() => c.cx(1, 1)).toThrow(/cx qubits must be distinct/);
    expect(() => c.rx(NaN, 0)).toThrow(new RangeError('rx theta must be a finite number, got NaN'));
    expect(() => c.gate('foo', [0])).toThrow(/unknown gate "foo"/);
    expect(() => c.gate('rx', [0], [])).toThrow(/rx takes 1 parameter/);
    expect(() => c.unitary([1, 0, 1, 0, 0, 0, 1, 0], [0])).toThrow(/not unitary: max \|M†M − I\| = 1\.00e\+0/);
    expect(() => c.unitary([1, 0], [0])).toThrow(/8 \(2x2\) or 32 \(4x4\) values/);
    expect(() => new Circuit(0)).toThrow(new RangeError('n must be an integer in [1, 30], got 0'));
    const p = c.parameter('t');
    c.rx(p, 0);
    expect(() => c.bind([NaN])).toThrow(/params\[0\] \(t\) must be a finite number, got NaN/);
    expect(() => c.bind({ u: 1 })).toThrow(/params.u is not a parameter/);
    expect(() => c.bind()).toThrow(TypeError);
  });

  it('too many qubits: a RangeError stating the bytes, before anything is allocated', async () => {
    for (const backend of BACKENDS) {
      const sim = await simulatorFor(backend);
      const before = sim.kernels.bytesInUse();
      expect(() => sim.state(28)).toThrow(new RegExp(`n = 28 qubits needs ${bytesNeeded(28)} bytes .* at most 2[67] qubits fit`));
      expect(() => sim.state(31)).toThrow(/n must be an integer in \[1, 30\]/);
      expect(sim.kernels.bytesInUse()).toBe(before);
      expect(() => qaoa(sim, maxCutModel([[0, 27]]))).toThrow(/28 qubits needs/);
    }
  });

  it('simulator options, states and QAOA options', async () => {
    const sim = await simulatorFor('wasm');
    const s = sim.state(2);
    expect(() => s.setAmplitudes(new Float64Array(8))).toThrow(/norm 1/);
    expect(() => s.setAmplitudes(new Float64Array(4))).toThrow(/length 8/);
    expect(() => s.sample(-1)).toThrow(/shots must be an integer/);
    expect(() => s.measure(2)).toThrow(/q must be an integer in \[0, 1\]/);
    s.dispose();
    expect(() => s.norm2()).toThrow(/disposed/);
    const model = maxCutModel([[0, 1], [1, 2]]);
    expect(() => qaoa(sim, model, { p: 0 })).toThrow(/options.p must be an integer/);
    expect(() => qaoa(sim, model, { init: { gamma: [1], beta: [] } })).toThrow(/same non-zero length/);
    expect(() => qaoa(sim, model, { optimizer: 'magic' as 'spsa' })).toThrow(/options.optimizer must be one of/);
    expect(() => qaoa(sim, model, { mixer: { xy: [[0, 1], [1, 2]] } })).toThrow(/qubit 1 is in two groups/);
    expect(() => maxCutModel([[0, 0]])).toThrow(/self-loop/);
  });
});
