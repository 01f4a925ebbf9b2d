// Gradients: adjoint differentiation against parameter-shift and central finite differences on
// circuits that use every parameterized gate (shared parameters, scaled and shifted angles),
// for Pauli-sum and diagonal observables, on every backend.

import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { hardwareEfficientAnsatz, uccsdAnsatz } from '../src/quantum/ansatz.js';
import { Circuit } from '../src/quantum/circuit.js';
import { circuitGradient } from '../src/quantum/gradient.js';
import { DiagonalObservable, PauliSum } from '../src/quantum/observable.js';
import { BACKENDS, randomUnitary, simulatorFor } from './quantum-helpers.js';

function everyGate(): Circuit {
  const c = new Circuit(4);
  const [a, b, d] = [c.parameter('a'), c.parameter('b'), c.parameter('d')];
  const rng = new Rng(3);
  c.h(0).h(1).ry(0.3, 2).unitary(randomUnitary(4, rng), [3, 1]);
  c.rx(a, 0).ry(b.times(2), 1).rz(d.plus(0.4), 2).gate('p', [3], [a]);
  c.gate('u3', [0], [b, d.times(-1), a]).gate('u2', [2], [a, d]);
  c.cp(b, 0, 1).crz(d.times(1.5), 2, 3).rxx(a, 0, 3).ryy(b, 1, 2).rzz(d, 3, 0).gate('xx_plus_yy', [1, 3], [a.times(0.7)]);
  c.cx(0, 2).ccx(0, 1, 3).cy(3, 2).swap(0, 1);
  return c;
}

describe.each(BACKENDS)('gradients on %s', (backend) => {
  it('adjoint = parameter-shift = finite differences (Pauli sum and diagonal observables)', async () => {
    const sim = await simulatorFor(backend);
    const c = everyGate();
    const x = [0.7, -1.1, 0.35];
    const h = PauliSum.parse('0.5 XZIY - 0.2 ZZII + 0.3 X0 Y2 + 0.1 Y1 Y3 + 0.7');
    const diag = DiagonalObservable.fromFunction(4, (k) => Math.sin(k) * 2);
    for (const obs of [h, diag]) {
      const adj = circuitGradient(sim, c, x, obs, 'adjoint');
      const ps = circuitGradient(sim, c, x, obs, 'parameter-shift');
      const fd = circuitGradient(sim, c, x, obs, 'finite-difference');
      expect(adj.value).toBeCloseTo(sim.run(c, x).expectation(obs), 12);
      for (let i = 0; i < x.length; i++) {
        expect(Math.abs(adj.gradient[i] - ps.gradient[i]), `shift ${i}`).toBeLessThan(1e-10);
        expect(Math.abs(adj.gradient[i] - fd.gradient[i]), `fd ${i}`).toBeLessThan(1e-7);
      }
    }
  });

  it('ansatz gradients match finite differences (HEA and UCCSD)', async () => {
    const sim = await simulatorFor(backend);
    const h = PauliSum.parse('0.5 Z0 Z1 + 0.3 X1 X2 + 0.2 Y0 Y3 - 0.4 Z2 + 0.1 X0 Z1 X2');
    const rng = new Rng(1);
    for (const c of [hardwareEfficientAnsatz(4, 2, { reference: 0b0101 }), uccsdAnsatz(4, 0b0011)]) {
      const x = Float64Array.from(c.parameters, () => rng.float() - 0.5);
      const adj = circuitGradient(sim, c, x, h, 'adjoint');
      const fd = circuitGradient(sim, c, x, h, 'finite-difference');
      for (let i = 0; i < x.length; i++) expect(Math.abs(adj.gradient[i] - fd.gradient[i])).toBeLessThan(1e-7);
    }
  });
});
