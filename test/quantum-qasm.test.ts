// OpenQASM 2.0: import of qelib1 gates, registers, broadcasting, gate definitions and
// measurement; export → import round trips that reproduce the state to 1e-12; errors that name
// the line and the token.

import { describe, expect, it } from 'vitest';
import { Circuit } from '../src/quantum/circuit.js';
import { QasmError } from '../src/quantum/errors.js';
import { fromQasm } from '../src/quantum/qasm.js';
import { toQasm } from '../src/quantum/qasm-export.js';
import { maxDiff, randomCircuit, simulatorFor } from './quantum-helpers.js';

const BELL = `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0],q[1];
measure q -> c;
`;

describe('OpenQASM 2.0', () => {
  it('imports a Bell circuit with measurement', async () => {
    const c = fromQasm(BELL);
    expect(c.n).toBe(2);
    expect(c.ops.map((o) => o.kind)).toEqual(['gate', 'gate', 'measure', 'measure']);
    const sim = await simulatorFor('wasm');
    const s = sim.run(new Circuit(2).compose(fromQasm(BELL.replace('measure q -> c;', ''))));
    expect(s.probabilities()[3]).toBeCloseTo(0.5, 14);
  });

  it('understands expressions, broadcasting, several registers and gate definitions', async () => {
    const src = `OPENQASM 2.0; include "qelib1.inc";
      qreg a[2]; qreg b[1]; creg c[3];
      gate mygate(t) x, y { rx(t/2) x; cx x, y; u1(-t*pi^2) y; }
      // comment
      h a; u3(pi/2, -0.5, sqrt(2)) b[0];
      mygate(1.5e-1 + cos(0)) a[1], b[0];
      barrier a, b; reset a[0];
      cu1(ln(2)) a[0], b[0]; rzz(exp(1)) a[1], b[0]; ccx a[0], a[1], b[0];`;
    const c = fromQasm(src);
    expect(c.n).toBe(3);
    const want = new Circuit(3).h(0).h(1).u3(Math.PI / 2, -0.5, Math.SQRT2, 2)
      .rx((0.15 + 1) / 2, 1).cx(1, 2).p(-(0.15 + 1) * Math.PI ** 2, 2).barrier([0, 1, 2]).reset(0)
      .cp(Math.LN2, 0, 2).rzz(Math.E, 1, 2).ccx(0, 1, 2);
    const sim = await simulatorFor('wasm');
    expect(maxDiff(sim.run(c).amplitudes(), sim.run(want).amplitudes())).toBeLessThan(1e-14);
  });

  it('round-trips random circuits over the whole gate set (state equal to 1e-12)', async () => {
    const sim = await simulatorFor('wasm');
    for (const seed of [1, 2, 3]) {
      const c = new Circuit(5);
      // randomCircuit may emit 4x4 unitaries, which OpenQASM 2.0 cannot hold: keep the rest
      for (const op of randomCircuit(5, 150, seed).ops) {
        if (op.kind !== 'gate' || (op.name === 'unitary' && op.matrix!.length === 32)) continue;
        if (op.name === 'unitary') c.unitary(op.matrix!, op.qubits);
        else c.gate(op.name, op.qubits, op.params);
      }
      c.measure(0, 0).measure(3, 1);
      const text = toQasm(c);
      const back = fromQasm(text);
      expect(toQasm(back)).toBe(text); // angles print as shortest round-trip decimals
      // the states agree up to a global phase (a 2x2 unitary is exported as u3)
      const strip = (x: Circuit) => { const y = new Circuit(x.n); for (const op of x.ops) if (op.kind === 'gate') (op.name === 'unitary' ? y.unitary(op.matrix!, op.qubits) : y.gate(op.name, op.qubits, op.params)); return y; };
      const a = sim.run(strip(c)).amplitudes(), b = sim.run(strip(back)).amplitudes();
      let re = 0, im = 0;
      for (let i = 0; i < a.length; i += 2) (re += a[i] * b[i] + a[i + 1] * b[i + 1]), (im += a[i] * b[i + 1] - a[i + 1] * b[i]);
      expect(Math.abs(Math.hypot(re, im) - 1)).toBeLessThan(1e-12);
      const phase = Math.atan2(im, re);
      const rot = b.map((_, i) => (i % 2 === 0 ? b[i] * Math.cos(phase) + b[i + 1] * Math.sin(phase) : b[i] * Math.cos(phase) - b[i - 1] * Math.sin(phase)));
      expect(maxDiff(a, rot)).toBeLessThan(1e-12);
    }
  });

  it('exports a 2x2 unitary as u3 (equal up to global phase) and refuses a 4x4 one', async () => {
    const sim = await simulatorFor('wasm');
    const m = Float64Array.from([0, 0, 0, -1, 0, 1, 0, 0]); // Y
    const c = new Circuit(1).h(0).unitary(m, [0]);
    const a = sim.run(c).amplitudes(), b = sim.run(fromQasm(toQasm(c))).amplitudes();
    const overlap = Math.hypot(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3], a[0] * b[1] - a[1] * b[0] + a[2] * b[3] - a[3] * b[2]);
    expect(overlap).toBeCloseTo(1, 12);
    const four = new Circuit(2).unitary(Float64Array.from({ length: 32 }, (_, i) => (i % 10 === 0 ? 1 : 0)), [0, 1]);
    expect(() => toQasm(four)).toThrow(/4x4 unitary cannot be exported/);
  });

  it('names the line and the token in every error', () => {
    const cases: [string, RegExp][] = [
      ['OPENQASM 2.0;\nqreg q[2];\nfoo q[0];', /line 3, column 1: unknown gate, got "foo"/],
      ['OPENQASM 2.0;\nqreg q[2];\nh q[2];', /line 3, column 5: index out of range for q\[2\], got "2"/],
      ['OPENQASM 2.0;\nqreg q[2];\nrx(1 +) q[0];', /line 3, column 7: expected an expression, got "\)"/],
      ['OPENQASM 2.0;\nqreg q[2];\nh q[0]', /line 3, column 7: expected ";", got end of input/],
      ['OPENQASM 3.0;', /line 1, column 10: only OpenQASM 2.0 is supported, got "3.0"/],
      ['OPENQASM 2.0;\nqreg q[2];\ncx q[0], q[0];', /line 3, column 1: cx qubits must be distinct/],
      ['OPENQASM 2.0;\nqreg q[1];\nrx(1/0) q[0];', /line 3, column 4: parameter is not a finite number/],
      ['OPENQASM 2.0;\nqreg q[1];\nh q[0]; $', /line 3, column 9: unexpected character "\$"/],
      ['OPENQASM 2.0;\nqreg q[1];\ncreg c[1];\nif (c==1) x q[0];', /line 4, column 1: if is not supported/],
      ['OPENQASM 2.0;\ninclude "other.inc";', /line 2, column 9: only "qelib1.inc" can be included/],
    ];
    for (const [src, re] of cases) {
      let err: unknown;
      try {
        fromQasm(src);
      } catch (e) {
        err = e;
      }
      expect(err, src).toBeInstanceOf(QasmError);
      expect((err as Error).message).toMatch(re);
    }
  });
});
