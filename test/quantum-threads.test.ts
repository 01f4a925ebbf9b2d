// The threaded statevector (kernels/statevector/threads.ts, Node only): programs split across two
// threads over shared WASM memory must give the single-thread results bit for bit — random
// programs with every op kind (controlled and 2-qubit targets on the top qubits and Grover's
// reflection run on one thread, the rest on slices), diagonals, controls and 1-qubit gates on the
// top qubits (which run on slices with the top bits fixed, or split by pairs), with and without
// cache blocking, on 2 and 4 threads, whole circuits with measurement — and bad thread counts are
// typed errors.

import { afterAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../src/quantum/node.js';
import type { Simulator } from '../src/quantum/simulator.js';
import { anyShape, levelVector, phases, randomCircuit, randomProgram, randomState } from './quantum-helpers.js';
import { ProgramBuilder } from '../src/kernels/statevector/program.js';
import type { SvProgram } from '../src/kernels/statevector/contract.js';
import { Rng } from '../src/kernels/reference/rng.js';

const identical = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('threaded statevector', () => {
  let one: Simulator;
  let two: Simulator;
  afterAll(async () => { await two?.kernels.close?.(); });

  it('random programs of every op kind equal one thread bit for bit (n = 14, 15, 16; blocked and not)', async () => {
    one = await createSimulator({ backend: 'wasm' });
    two = await createSimulator({ backend: 'wasm', threads: 2 });
    expect(two.kernels.threads).toBe(2);
    expect(two.backend).toBe(one.backend);
    for (const n of [14, 15, 16]) {
      const start = randomState(n, new Rng(n));
      for (const block of [0, 4, 9]) {
        for (let seed = 0; seed < 3; seed++) {
          const out: Float64Array[] = [];
          for (const sim of [one, two]) {
            const k = sim.kernels;
            const v = levelVector(k, n);
            const s = k.allocState(n);
            k.write(s, start);
            k.run(s, randomProgram(n, 100 * n + seed, v), block);
            const a = new Float64Array(2 ** (n + 1));
            k.read(s, a);
            out.push(a);
            k.free(s);
            k.free(v);
          }
          expect(identical(out[0], out[1]), `n=${n} block=${block} seed=${seed}`).toBe(true);
        }
      }
    }
  });

  /** Diagonals on every pair that includes a top qubit, controls and 1-qubit gates on the top qubits, 1q layers between. */
  function topHeavy(n: number, seed: number): SvProgram {
    const rng = new Rng(seed), pb = new ProgramBuilder();
    for (let step = 0; step < 3; step++) {
      for (const hi of [n - 1, n - 2]) for (let lo = 0; lo < hi; lo += 1 + rng.below(3)) pb.diag2(lo, hi, phases(4, rng));
      for (let q = 0; q < n - 2; q += 2) pb.gate1(q, anyShape(rng));
      pb.gate1c(rng.below(n - 2), 1 << (n - 1), anyShape(rng));
      pb.gate1c(rng.below(n - 2), (1 << (n - 1)) | (1 << (n - 2)), anyShape(rng));
      pb.gate1c(1, (1 << (n - 2)) | 1, anyShape(rng)); // one control inside the slice, one above it
      pb.gate1(n - 1, anyShape(rng)).gate1(n - 1, anyShape(rng)).gate1(n - 2, anyShape(rng)); // split by pairs
    }
    return pb.build();
  }

  it('diagonals, controls and 1-qubit gates on the top qubits (split with the top bits fixed, or by pairs) equal one thread bit for bit, on 2 and 4 threads', async () => {
    const four = await createSimulator({ backend: 'wasm', threads: 4 });
    try {
      for (const n of [14, 15]) {
        const start = randomState(n, new Rng(7 * n));
        for (const block of [0, 6]) {
          for (let seed = 0; seed < 2; seed++) {
            const prog = topHeavy(n, 31 * n + seed);
            const out: Float64Array[] = [];
            for (const sim of [one, two, four]) {
              const k = sim.kernels, s = k.allocState(n);
              k.write(s, start);
              k.run(s, prog, block);
              const a = new Float64Array(2 ** (n + 1));
              k.read(s, a);
              out.push(a);
              k.free(s);
            }
            expect(identical(out[0], out[1]), `2 threads n=${n} block=${block} seed=${seed}`).toBe(true);
            expect(identical(out[0], out[2]), `4 threads n=${n} block=${block} seed=${seed}`).toBe(true);
          }
        }
      }
    } finally {
      await four.kernels.close?.();
    }
  });

  it('whole circuits with measurement and reset: same amplitudes and outcomes', () => {
    for (const seed of [1, 2]) {
      const c = randomCircuit(15, 120, seed).measure(3, 0).h(3).reset(14).cx(0, 14);
      const a = one.state(15), b = two.state(15);
      expect(a.apply(c, undefined, { seed })).toEqual(b.apply(c, undefined, { seed }));
      expect(identical(a.amplitudes(), b.amplitudes())).toBe(true);
      a.dispose();
      b.dispose();
    }
  });

  it('bad thread counts and backends are typed errors', async () => {
    await expect(createSimulator({ threads: 3 })).rejects.toThrow(/options.threads must be a power of two in \[1, 16\], got 3/);
    await expect(createSimulator({ threads: 0 })).rejects.toThrow(RangeError);
    await expect(createSimulator({ threads: 2, backend: 'reference' })).rejects.toThrow(/needs the SIMD backend/);
    const single = await createSimulator({ threads: 1 });
    expect(single.kernels.threads).toBeUndefined();
  });
});
