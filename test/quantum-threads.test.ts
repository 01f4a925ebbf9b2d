// The threaded statevector (kernels/statevector/threads.ts, Node only): programs split across two
// threads over shared WASM memory must give the single-thread results bit for bit — random
// programs with every op kind (ops on the top qubit and Grover's reflection run on one thread,
// the rest on slices), with and without cache blocking, whole circuits with measurement — and
// bad thread counts are typed errors.

import { afterAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../src/quantum/node.js';
import type { Simulator } from '../src/quantum/simulator.js';
import { levelVector, randomCircuit, randomProgram, randomState } from './quantum-helpers.js';
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
