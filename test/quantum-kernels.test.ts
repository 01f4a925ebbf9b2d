// The statevector kernels, written once and run on every backend: each is checked against the
// reference provider (bit for bit on gate kernels, 1e-12 on reductions), with and without cache
// blocking, and against independent definitions (dense cost, brute-force levels).

import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { ProgramBuilder } from '../src/kernels/statevector/program.js';
import type { StatevectorKernels } from '../src/kernels/statevector/contract.js';
import { referenceStatevectorKernels } from '../src/kernels/statevector/reference.js';
import { BACKENDS, maxDiff, randomState, randomUnitary, simulatorFor } from './quantum-helpers.js';

const ref = referenceStatevectorKernels();

/** A program touching every op kind, with random matrices. */
function mixedProgram(k: StatevectorKernels, n: number, rng: Rng, levelsOf: (k: StatevectorKernels) => ReturnType<StatevectorKernels['allocVector']>) {
  const pb = new ProgramBuilder();
  for (let g = 0; g < 40; g++) {
    const q = rng.below(n);
    let r = rng.below(n - 1);
    if (r >= q) r++;
    const kind = rng.below(5);
    if (kind === 0) pb.gate1(q, randomUnitary(2, rng));
    else if (kind === 1) pb.gate2(q, r, randomUnitary(4, rng));
    else if (kind === 2) pb.diag2(Math.min(q, r), Math.max(q, r), randomUnitary(4, rng).filter((_, i) => i % 10 < 2));
    else if (kind === 3) pb.gate1c(q, (1 << r) | (n > 2 && rng.below(2) ? 1 << ((Math.max(q, r) + 1) % n === q ? (q + 2) % n : (Math.max(q, r) + 1) % n) : 0), randomUnitary(2, rng));
    else pb.levels(levelsOf(k), Float64Array.from({ length: 10 }, (_, i) => (i % 2 ? Math.sin(i) : Math.cos(i))));
  }
  pb.reflect();
  return pb.build();
}

describe.each(BACKENDS)('statevector kernels on %s', (backend) => {
  it('gate programs agree with the reference bit for bit, with and without cache blocking', async () => {
    const k = (await simulatorFor(backend)).kernels;
    for (const n of [1, 2, 3, 5, 9]) {
      const rng = new Rng(n);
      const init = randomState(n, rng);
      const idx = Uint16Array.from({ length: 2 ** n }, (_, x) => (x * 7 + 3) % 5);
      const levelsOf = (kk: StatevectorKernels) => {
        const v = kk.allocVector('u16', 2 ** n);
        kk.writeVector(v, idx);
        return v;
      };
      const pb = new ProgramBuilder();
      if (n === 1) pb.gate1(0, randomUnitary(2, rng)).levels(levelsOf(k), [0.6, 0.8, 0, 1, 1, 0, 0, -1, -1, 0]).reflect();
      const progK = n === 1 ? pb.build() : mixedProgram(k, n, new Rng(99 + n), levelsOf);
      const progR = n === 1 ? { ...progK, vectors: [levelsOf(ref)] } : mixedProgram(ref, n, new Rng(99 + n), levelsOf);
      const want = ref.allocState(n);
      ref.write(want, init);
      ref.run(want, progR, 0);
      const a = new Float64Array(2 ** (n + 1)), b = new Float64Array(2 ** (n + 1));
      ref.read(want, b);
      for (const block of [0, 2, 16]) {
        const s = k.allocState(n);
        k.write(s, init);
        k.run(s, progK, block);
        k.read(s, a);
        expect(maxDiff(a, b), `n=${n} block=${block}`).toBe(0);
        k.free(s);
      }
    }
  });

  it('reductions agree with the reference to 1e-12', async () => {
    const k = (await simulatorFor(backend)).kernels;
    const rng = new Rng(5);
    for (const n of [1, 2, 6]) {
      const sa = randomState(n, rng), sb = randomState(n, rng);
      const [a, b, ra, rb] = [k.allocState(n), k.allocState(n), ref.allocState(n), ref.allocState(n)];
      k.write(a, sa); k.write(b, sb); ref.write(ra, sa); ref.write(rb, sb);
      expect(Math.abs(k.norm2(a) - 1)).toBeLessThan(1e-12);
      const p1 = new Float64Array(2 ** n), p2 = new Float64Array(2 ** n);
      k.probabilities(a, p1);
      ref.probabilities(ra, p2);
      expect(maxDiff(p1, p2)).toBe(0);
      for (let q = 0; q < n; q++) expect(Math.abs(k.probOne(a, q) - ref.probOne(ra, q))).toBeLessThan(1e-12);
      const d = Float64Array.from({ length: 2 ** n }, () => rng.float() - 0.5);
      const dk = k.allocVector('f64', 2 ** n), dr = ref.allocVector('f64', 2 ** n);
      k.writeVector(dk, d); ref.writeVector(dr, d);
      expect(Math.abs(k.expectDiag(a, dk) - ref.expectDiag(ra, dr))).toBeLessThan(1e-12);
      const o1 = new Float64Array(2), o2 = new Float64Array(2);
      k.inner(a, b, o1); ref.inner(ra, rb, o2);
      expect(maxDiff(o1, o2)).toBeLessThan(1e-12);
      const group = { flip: (2 ** n - 1) & 5, z: Int32Array.from([0, 3, 6, 1]).map((z) => z & (2 ** n - 1)), w: Float64Array.from([0.5, 0, 0, -0.25, 1.5, 0, 0, 2]) };
      k.pauliInner(a, b, group, o1); ref.pauliInner(ra, rb, group, o2);
      expect(maxDiff(o1, o2)).toBeLessThan(1e-12);
      k.pauliApply(a, b, group); ref.pauliApply(ra, rb, group);
      const x1 = new Float64Array(2 ** (n + 1)), x2 = new Float64Array(2 ** (n + 1));
      k.read(b, x1); ref.read(rb, x2);
      expect(maxDiff(x1, x2)).toBe(0);
      k.collapse(a, 0, 1, 1.5); ref.collapse(ra, 0, 1, 1.5);
      k.read(a, x1); ref.read(ra, x2);
      expect(maxDiff(x1, x2)).toBe(0);
      for (const h of [a, b, dk]) k.free(h);
    }
  });

  it('samples the same basis states as the reference for the same uniforms', async () => {
    const k = (await simulatorFor(backend)).kernels;
    const rng = new Rng(8);
    const amps = randomState(7, rng);
    // zero some amplitudes: they must never be sampled
    for (let x = 0; x < 128; x += 3) amps[2 * x] = amps[2 * x + 1] = 0;
    const a = k.allocState(7), r = ref.allocState(7);
    k.write(a, amps); ref.write(r, amps);
    const total = ref.norm2(r);
    const us = Float64Array.from({ length: 500 }, () => rng.float() * total).sort();
    us[us.length - 1] = total * (1 + 1e-12); // overshoot goes to the last state with mass
    const o1 = new Int32Array(500), o2 = new Int32Array(500);
    k.sampleSorted(a, us, o1); ref.sampleSorted(r, us, o2);
    expect([...o1]).toEqual([...o2]);
    for (const x of o1) expect(x % 3).not.toBe(0);
    k.free(a);
  });

  it('builds cost vectors and levels exactly', async () => {
    const k = (await simulatorFor(backend)).kernels;
    const n = 6;
    // cost = 1.5 + b0 - 2 b3 + 3 b1 b0 - 0.5 b5 b2
    const form = { n, offset: 1.5, a: Float64Array.from([1, 0, 0, -2, 0, 0]), rowPtr: Int32Array.from([0, 0, 1, 1, 1, 1, 2]), cols: Int32Array.from([0, 2]), vals: Float64Array.from([3, -0.5]) };
    const c = k.allocVector('f64', 2 ** n);
    k.quboCost(form, c);
    const got = new Float64Array(2 ** n);
    k.readVector(c, got);
    const bit = (x: number, i: number) => (x >> i) & 1;
    for (let x = 0; x < 2 ** n; x++) expect(got[x]).toBe(1.5 + bit(x, 0) - 2 * bit(x, 3) + 3 * bit(x, 1) * bit(x, 0) - 0.5 * bit(x, 5) * bit(x, 2));
    const idx = k.allocVector('u16', 2 ** n);
    const values = new Float64Array(65536);
    const count = k.costLevels(c, idx, values);
    const distinct = [...new Set(got)];
    expect(count).toBe(distinct.length);
    expect([...values.subarray(0, count)]).toEqual(distinct);
    const ix = new Uint16Array(2 ** n);
    k.readVector(idx, ix);
    for (let x = 0; x < 2 ** n; x++) expect(values[ix[x]]).toBe(got[x]);
    expect(k.markBelow(c, 0, idx)).toBe(got.filter((v) => v < 0).length);
    // more than 65536 distinct values is reported, not truncated
    const big = k.allocVector('f64', 2 ** 17);
    k.writeVector(big, Float64Array.from({ length: 2 ** 17 }, (_, x) => x * 0.5));
    const bigIdx = k.allocVector('u16', 2 ** 17);
    expect(k.costLevels(big, bigIdx, values)).toBe(-1);
    for (const h of [c, idx, big, bigIdx]) k.free(h);
  });

  it('keeps states right when WASM memory grows between calls (views are re-derived)', async () => {
    const sim = await simulatorFor(backend);
    const k = sim.kernels;
    const rng = new Rng(12);
    const init = randomState(8, rng);
    const s = k.allocState(8);
    k.write(s, init);
    const before = k.bytesInUse();
    const big = k.allocVector('f64', 3 * 2 ** 20); // 24 MiB: grows linear memory
    expect(k.bytesInUse()).toBe(before + 24 * 2 ** 20);
    const out = new Float64Array(init.length);
    k.read(s, out);
    expect(maxDiff(out, init)).toBe(0);
    k.run(s, new ProgramBuilder().gate1(3, randomUnitary(2, rng)).build(), 0);
    expect(Math.abs(k.norm2(s) - 1)).toBeLessThan(1e-12);
    k.free(big);
    k.free(s);
    k.free(s); // freeing twice is a no-op
    expect(() => k.norm2(s)).toThrow(/freed/);
  });
});
