// The threaded statevector (kernels/statevector/threads.ts, Node only): programs split across
// threads over shared WASM memory must give the single-thread results bit for bit — random
// programs with every op kind, and diagonals and gates on the top qubits (run on slices with the
// top bits fixed, split by the pairs of their top target, or on one thread when two of their
// qubits are top qubits; Grover's reflection always on one thread), with and without cache
// blocking, on 2 and 4 threads, whole circuits with measurement — and bad thread counts are typed
// errors.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../src/quantum/node.js';
import type { Simulator } from '../src/quantum/simulator.js';
import { anyShape, levelVector, phases, randomCircuit, randomProgram, randomState, randomUnitary } from './quantum-helpers.js';
import { ProgramBuilder } from '../src/kernels/statevector/program.js';
import type { StatevectorKernels, SvProgram, SvVector } from '../src/kernels/statevector/contract.js';
import { splitRunner, type SliceExports } from '../src/kernels/statevector/split.js';
import { wasmStatevectorKernels } from '../src/kernels/statevector/wasm.js';
import { compiledModule } from '../src/kernels/node.js';
import { wasmKernels } from '../src/kernels/wasm/index.js';
import { startHelper } from '../src/kernels/statevector/threads.js';
import { CTL, SPIN_MS } from '../src/kernels/statevector/threads-ctl.js';
import { OP } from '../src/kernels/statevector/contract.js';
import { Rng } from '../src/kernels/reference/rng.js';

/** Diagonals on every pair that includes a top qubit; 1-qubit, controlled and 2-qubit gates on the top qubits; 1q layers between. */
function topHeavy(n: number, seed: number): SvProgram {
  const rng = new Rng(seed), pb = new ProgramBuilder();
  for (let step = 0; step < 3; step++) {
    for (const hi of [n - 1, n - 2]) for (let lo = 0; lo < hi; lo += 1 + rng.below(3)) pb.diag2(lo, hi, phases(4, rng));
    for (let q = 0; q < n - 2; q += 2) pb.gate1(q, anyShape(rng));
    pb.gate1c(rng.below(n - 2), 1 << (n - 1), anyShape(rng));
    pb.gate1c(rng.below(n - 2), (1 << (n - 1)) | (1 << (n - 2)), anyShape(rng));
    pb.gate1c(1, (1 << (n - 2)) | 1, anyShape(rng)); // one control inside the slice, one above it
    pb.gate1(n - 1, anyShape(rng)).gate1(n - 1, anyShape(rng)).gate1(n - 2, anyShape(rng)); // split by pairs
    pb.gate1c(n - 1, (1 << rng.below(n - 3)) | 2, anyShape(rng)).gate1c(n - 2, 1 << (n - 4), anyShape(rng)); // controls inside
    pb.gate1c(n - 1, 1 << (n - 2), anyShape(rng)); // control among the top qubits too: one thread (2 threads) or slices (4)
    pb.gate2(n - 1, rng.below(n - 3), randomUnitary(4, rng)).gate2(rng.below(n - 3), n - 2, randomUnitary(4, rng)).gate2(n - 2, n - 1, randomUnitary(4, rng));
  }
  return pb.build();
}


const identical = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** The amplitudes after running `programs(levels)` on `start` (n qubits) with kernels k; frees what it allocates. */
function runFrom(k: StatevectorKernels, n: number, start: Float64Array, block: number, programs: (levels: SvVector) => SvProgram[]): Float64Array {
  const v = levelVector(k, n), s = k.allocState(n);
  k.write(s, start);
  for (const p of programs(v)) k.run(s, p, block);
  const a = new Float64Array(2 ** (n + 1));
  k.read(s, a);
  k.free(s);
  k.free(v);
  return a;
}

/** WASM statevector kernels of one build whose runs go through the split plan, part after part on this thread. */
function sequentialSplit(variant: 'scalar' | 'simd', parts: number) {
  const w = wasmKernels(compiledModule(variant));
  const ex = w.exports as unknown as SliceExports;
  return { heap: w.heap, kernels: wasmStatevectorKernels(w.exports, w.heap, splitRunner(ex, w.heap, parts, (args) => { for (const a of args) ex.svRunSlice(...a); }, 8)) };
}

describe('threaded statevector', () => {
  let one: Simulator;
  let two: Simulator;
  beforeAll(async () => {
    one = await createSimulator({ backend: 'wasm' });
    two = await createSimulator({ backend: 'wasm', threads: 2 });
  });
  afterAll(async () => { await two?.kernels.close?.(); });

  it('random programs of every op kind equal one thread bit for bit (n = 14, 15, 16; blocked and not)', () => {
    expect(two.kernels.threads).toBe(2);
    expect(two.backend).toBe(one.backend);
    for (const n of [14, 15, 16]) {
      const start = randomState(n, new Rng(n));
      for (const block of [0, 4, 9]) {
        for (let seed = 0; seed < 3; seed++) {
          const out = [one, two].map((sim) => runFrom(sim.kernels, n, start, block, (v) => [randomProgram(n, 100 * n + seed, v)]));
          expect(identical(out[0], out[1]), `n=${n} block=${block} seed=${seed}`).toBe(true);
        }
      }
    }
  });

  it('diagonals and gates on the top qubits (split with the top bits fixed, or by pairs) equal one thread bit for bit, on 2 and 4 threads', async () => {
    const four = await createSimulator({ backend: 'wasm', threads: 4 });
    try {
      for (const n of [14, 15]) {
        const start = randomState(n, new Rng(7 * n));
        for (const block of [0, 6]) {
          for (let seed = 0; seed < 2; seed++) {
            const prog = topHeavy(n, 31 * n + seed);
            const out = [one, two, four].map((sim) => runFrom(sim.kernels, n, start, block, () => [prog]));
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

  it('the split plan run part after part on one thread equals svRun on the scalar and SIMD builds (2, 4 and 8 parts)', () => {
    for (const variant of ['scalar', 'simd'] as const) {
      for (const parts of [2, 4, 8]) {
        const plain = wasmKernels(compiledModule(variant));
        const whole = wasmStatevectorKernels(plain.exports, plain.heap), split = sequentialSplit(variant, parts).kernels;
        for (const n of [9, 11]) {
          const start = randomState(n, new Rng(3 * n + parts));
          for (const block of [0, 5]) {
            for (let seed = 0; seed < 2; seed++) {
              const out = [whole, split].map((k) => runFrom(k, n, start, block, (v) => [topHeavy(n, 17 * n + seed), randomProgram(n, 50 * n + seed, v)]));
              expect(identical(out[0], out[1]), `${variant} parts=${parts} n=${n} block=${block} seed=${seed}`).toBe(true);
            }
          }
        }
      }
    }
  });

  it('a gate split by pairs on a state just below 4 GiB stays inside its slice (no address wrap)', () => {
    // the last part of a split on the top qubit used to step 2^(q+1) amplitudes past its slice,
    // which wrapped past 2^32 back below the state's end and wrote all over memory (the old step
    // never finished here)
    const { kernels: k, heap } = sequentialSplit('simd', 2);
    const n = 16, state = 16 * 2 ** n;
    const low = k.allocState(n); // the runner's buffers go below the filler
    const H = Math.SQRT1_2, prog = new ProgramBuilder().gate1(n - 1, [H, 0, H, 0, H, 0, -H, 0]).build();
    k.run(low, prog, 0);
    const before = new Float64Array(2 ** (n + 1));
    k.read(low, before);
    const probe = heap.alloc(16);
    heap.free(probe);
    heap.alloc(2 ** 32 - state - 2 ** 17 - probe); // untouched filler: the state then ends within 128 KiB of 4 GiB
    const s = k.allocState(n);
    expect((s as unknown as { ptr: number }).ptr + state).toBeGreaterThan(2 ** 32 - state / 4); // the old step wrapped here
    k.setBasis(s, 0);
    k.run(s, prog, 0);
    const a = new Float64Array(2 ** (n + 1));
    k.read(s, a);
    expect([a[0], a[2 ** n]]).toEqual([H, H]);
    const after = new Float64Array(2 ** (n + 1));
    k.read(low, after);
    expect(identical(after, before)).toBe(true); // the state far below is untouched
  });

  it('no state ends at the 4 GiB edge, where the kernels\' end pointer would wrap to 0 (a typed error instead)', () => {
    const w = wasmKernels(compiledModule('simd'));
    const k = wasmStatevectorKernels(w.exports, w.heap);
    const n = 16, state = 16 * 2 ** n;
    const probe = w.heap.alloc(16);
    w.heap.free(probe);
    w.heap.alloc(2 ** 32 - state - probe); // untouched filler: exactly one state's room is left
    expect(() => k.allocState(n)).toThrow(RangeError);
    expect(() => k.allocState(n)).toThrow(/4 GiB limit/);
    const s = k.allocState(n - 1); // half the room: ends below the edge and works
    k.setBasis(s, 0);
    k.run(s, new ProgramBuilder().gate1(n - 2, [0, 0, 1, 0, 1, 0, 0, 0]).build(), 0);
    const a = new Float64Array(2 ** n);
    k.read(s, a);
    expect(a[2 * 2 ** (n - 2)]).toBe(1);
  });

  it('a helper runs each part once: a wake-up without a new run (a late notify) does not re-run the last part', async () => {
    const module = compiledModule('simd-shared');
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
    const k = wasmKernels(module, memory), heap = k.heap;
    const helper = await startHelper(module, memory);
    try {
      // S on qubit 0 of a 2-qubit state holding |01>: once gives i|01>, twice -|01>
      const st = heap.alloc(64), ops = heap.alloc(16), params = heap.alloc(64), scratch = heap.alloc(512), work = heap.alloc(64);
      new Float64Array(memory.buffer, st, 8).set([0, 0, 1, 0, 0, 0, 0, 0]);
      new Int32Array(memory.buffer, ops, 4).set([OP.GATE1, 0, 0, 0]);
      new Float64Array(memory.buffer, params, 8).set([1, 0, 0, 0, 0, 0, 0, 1]);
      const c = helper.c;
      [st, 2, ops, 1, params, scratch, 0, work, 0].forEach((v, i) => { c[[CTL.ST, CTL.N, CTL.OPS, CTL.COUNT, CTL.PARAMS, CTL.SCRATCH, CTL.BLOCK, CTL.WORK, CTL.HI][i]] = v; });
      c[CTL.CMD] = 1;
      Atomics.store(c, CTL.SEQ, 1); // the run is taken (the notify comes late, below)
      while (Atomics.load(c, CTL.DONE) !== 1) Atomics.wait(c, CTL.DONE, Atomics.load(c, CTL.DONE), 10);
      await new Promise((r) => setTimeout(r, 20 + 10 * SPIN_MS)); // the helper has stopped spinning and sleeps
      Atomics.notify(c, CTL.SEQ); // the late notify of run 1
      await new Promise((r) => setTimeout(r, 50));
      expect(Array.from(new Float64Array(memory.buffer, st, 4))).toEqual([0, 0, 0, 1]); // S applied once
      expect(c[CTL.ERR]).toBe(0);
    } finally {
      await helper.worker.terminate();
    }
  });

  it('a closed threaded statevector refuses to run at once (a typed error, not a 120 s wait)', async () => {
    const sim = await createSimulator({ backend: 'wasm', threads: 2 });
    await sim.kernels.close?.();
    const k = sim.kernels, s = k.allocState(14);
    const t0 = Date.now();
    expect(() => k.run(s, new ProgramBuilder().gate1(0, [0, 0, 1, 0, 1, 0, 0, 0]).build(), 0)).toThrow(/threaded statevector was closed/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('bad thread counts and backends are typed errors', async () => {
    await expect(createSimulator({ threads: 3 })).rejects.toThrow(/options.threads must be a power of two in \[1, 16\], got 3/);
    await expect(createSimulator({ threads: 0 })).rejects.toThrow(RangeError);
    await expect(createSimulator({ threads: 2, backend: 'reference' })).rejects.toThrow(/needs the SIMD backend/);
    const single = await createSimulator({ threads: 1 });
    expect(single.kernels.threads).toBeUndefined();
  });
});
