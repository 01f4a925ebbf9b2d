// Cache blocking (assembly/statevector/run.ts and its twin in reference-gates.ts): random programs
// that mix layers of 1-qubit gates on every qubit, 2-qubit gates, controlled gates with controls
// inside and outside the block, diagonals on low and high qubits, level tables and Grover
// reflections, run blocked on every backend at several block sizes, must equal the unblocked
// reference bit for bit (the contract; the issue asks for 1e-12) and keep the norm. A plan check
// makes sure the programs really exercise in-place runs, gathered runs and every per-block case.

import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { OP } from '../src/kernels/statevector/contract.js';
import { ProgramBuilder } from '../src/kernels/statevector/program.js';
import { planRuns } from '../src/kernels/statevector/reference-gates.js';
import { referenceStatevectorKernels } from '../src/kernels/statevector/reference.js';
import { Circuit } from '../src/quantum/circuit.js';
import { BACKENDS, levelVector, maxDiff, randomCircuit, randomProgram, randomState, randomUnitary, simulatorFor } from './quantum-helpers.js';

const ref = referenceStatevectorKernels();

const CASES = [[6, 2], [6, 4], [9, 3], [9, 5], [11, 6], [11, 7]] as const;

describe('blocked run plans', () => {
  it('the test programs exercise in-place runs, gathered runs and every per-block case', () => {
    const seen = { inPlace: 0, gathered: 0, diagOutside: 0, controlOutside: 0, levels: 0, single: 0 };
    for (const [n, block] of CASES) {
      const v = levelVector(ref, n);
      for (let seed = 0; seed < 4; seed++) {
        const prog = randomProgram(n, 1000 * n + seed, v);
        for (const st of planRuns(prog, n, block)) {
          if (st.L < 0) {
            seen.single++;
            continue;
          }
          const S = (2 ** st.L - 1) | st.T;
          if (st.T === 0) seen.inPlace++;
          else {
            seen.gathered++;
            expect(st.L + popcount(st.T), `n=${n} block=${block}`).toBe(block);
          }
          for (let o = st.start; o < st.end; o++) {
            const [code, a, b] = prog.ops.subarray(4 * o, 4 * o + 3);
            expect(code).not.toBe(OP.REFLECT);
            if (code === OP.DIAG2 && (((S >> a) & 1) === 0 || ((S >> b) & 1) === 0)) seen.diagOutside++;
            if (code === OP.GATE1C && (b & ~S) !== 0) seen.controlOutside++;
            if (code === OP.LEVELS) {
              seen.levels++;
              expect(st.T).toBe(0);
            }
            if (code === OP.GATE1 || code === OP.GATE1C) expect((S >> a) & 1).toBe(1);
          }
        }
      }
      ref.free(v);
    }
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(3);
  });

  it('a layer on every qubit is one in-place run and gathered runs of the rest', () => {
    const pb = new ProgramBuilder();
    for (let q = 0; q < 24; q++) pb.gate1(q, randomUnitary(2, new Rng(q)));
    const steps = planRuns(pb.build(), 24, 14);
    expect(steps.map((s) => [s.end - s.start, s.L])).toEqual([[14, 14], [9, 5], [1, -1]]);
    expect(planRuns(pb.build(), 24, 0).length).toBe(24);
    expect(planRuns(pb.build(), 14, 14).length).toBe(24); // the whole state fits one block
  });
});

function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) c++;
  return c;
}

describe.each(BACKENDS)('cache blocking on %s', (backend) => {
  it('blocked and unblocked programs equal the unblocked reference bit for bit and keep the norm', async () => {
    const k = (await simulatorFor(backend)).kernels;
    for (const [n, block] of CASES) {
      const vk = levelVector(k, n), vr = levelVector(ref, n);
      const a = new Float64Array(2 ** (n + 1)), b = new Float64Array(2 ** (n + 1));
      for (let seed = 0; seed < 4; seed++) {
        const init = randomState(n, new Rng(seed + 7));
        const want = ref.allocState(n), got = k.allocState(n);
        ref.write(want, init);
        ref.run(want, randomProgram(n, 1000 * n + seed, vr), 0);
        ref.read(want, b);
        for (const b2 of [0, block]) {
          k.write(got, init);
          k.run(got, randomProgram(n, 1000 * n + seed, vk), b2);
          k.read(got, a);
          const where = `n=${n} block=${b2} seed=${seed}`;
          expect(maxDiff(a, b), where).toBeLessThanOrEqual(1e-12);
          expect(maxDiff(a, b), where).toBe(0);
          expect(Math.abs(k.norm2(got) - 1), where).toBeLessThan(1e-12);
        }
        ref.free(want);
        k.free(got);
      }
      k.free(vk);
      ref.free(vr);
    }
  });

  it('rejects a block size out of range, naming the option', async () => {
    await expect(simulatorFor(backend, { blockQubits: 21 })).rejects.toThrow(/options\.blockQubits/);
    await expect(simulatorFor(backend, { blockQubits: -1 })).rejects.toThrow(RangeError);
  });

  it('circuits with measurements and resets give the same bits and state blocked or not', async () => {
    const blocked = await simulatorFor(backend, { blockQubits: 4 });
    const plain = await simulatorFor('reference', { blockQubits: 0 });
    for (let seed = 0; seed < 3; seed++) {
      const n = 9, c = new Circuit(n);
      const parts = [randomCircuit(n, 40, seed), randomCircuit(n, 40, seed + 10)];
      const append = (p: Circuit) => {
        for (const op of p.ops) {
          if (op.kind !== 'gate') continue;
          if (op.matrix !== undefined) c.unitary(op.matrix, op.qubits);
          else if (op.name === 'ccx') c.ccx(op.qubits[0], op.qubits[1], op.qubits[2]);
          else c.gate(op.name, op.qubits, op.params as number[]);
        }
      };
      append(parts[0]);
      c.measure(7, 0).reset(2);
      append(parts[1]);
      c.measure(8, 1);
      const s1 = blocked.state(n), s2 = plain.state(n);
      expect(s1.apply(c, undefined, { seed })).toEqual(s2.apply(c, undefined, { seed }));
      expect(maxDiff(s1.amplitudes(), s2.amplitudes()), `seed=${seed}`).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(s1.norm2() - 1)).toBeLessThan(1e-12);
      s1.dispose();
      s2.dispose();
    }
  });
});
