// Shared tests of the annealing and exhaustive-search kernels, on every backend: identical
// states and RNG streams to the reference for a seed (the contract's bit-identity), physics
// sanity checks, and exact search against brute force.

import { describe, expect, it } from 'vitest';
import type { CsrArrays, Vartype } from '../src/kernels/contract.js';
import { negLog } from '../src/kernels/reference/metropolis.js';
import { csrFromTriplets } from '../src/qubo/csr.js';
import { randomSparseModel, randomStates } from '../src/qubo/generators.js';
import { BACKENDS, kernelsFor } from './backends.js';

function seeded(count: number, seed: number, k: { rngSeed(seed: number, stream: number, s: Uint32Array): void }): Uint32Array {
  const rng = new Uint32Array(4 * count);
  for (let s = 0; s < count; s++) k.rngSeed(seed, s, rng.subarray(4 * s, 4 * s + 4));
  return rng;
}

function geometric(from: number, to: number, steps: number): Float64Array {
  return new Float64Array(steps).map((_, t) => from * (to / from) ** (t / Math.max(1, steps - 1)));
}

function bruteBest(m: CsrArrays, ref: Awaited<ReturnType<typeof kernelsFor>>): number {
  const prepared = ref.prepare(m);
  const states = new Int8Array(m.n << m.n);
  for (let t = 0; t < 1 << m.n; t++) for (let i = 0; i < m.n; i++) states[t * m.n + i] = (t >> i) & 1 ? 1 : m.vartype === 'SPIN' ? -1 : 0;
  const e = new Float64Array(1 << m.n);
  ref.energies(prepared, states, 1 << m.n, e);
  return Math.min(...e);
}

describe('negLog', () => {
  it('equals -ln((u + 1/2) 2^-32) to 1e-10 over the whole u32 range, and is always > 0', () => {
    const us = [0, 1, 2, 3, 1000, 0x7fffffff, 0x80000000, 0xb504f333, 0xfffffffe, 0xffffffff];
    for (let k = 0; k < 20000; k++) us.push(Math.floor(Math.random() * 2 ** 32));
    for (const u of us) {
      const exact = -Math.log((u + 0.5) / 2 ** 32);
      expect(Math.abs(negLog(u) - exact)).toBeLessThan(1e-10);
      expect(negLog(u)).toBeGreaterThan(0);
    }
  });
});

describe.each(BACKENDS)('annealing kernels on %s', (backend) => {
  for (const vartype of ['BINARY', 'SPIN'] as Vartype[]) {
    for (const weights of ['integer', 'float'] as const) {
      it(`saSweeps gives the reference's states and streams (${vartype}, ${weights})`, async () => {
        const k = await kernelsFor(backend);
        const ref = await kernelsFor('reference');
        const csr = randomSparseModel({ n: 120, degree: 6, seed: 31, vartype, weights });
        const count = 3;
        const betas = geometric(0.05, 3, 40);
        const a = randomStates(csr.n, count, vartype, 5);
        const b = a.slice();
        const ra = seeded(count, 9, k);
        const rb = seeded(count, 9, ref);
        k.saSweeps(k.prepare(csr), a, count, betas, ra);
        ref.saSweeps(ref.prepare(csr), b, count, betas, rb);
        expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
        expect([...ra]).toEqual([...rb]);
      });
    }
  }

  it('saSweeps at β = 0 flips every variable once per sweep (float weights: no zero-energy moves)', async () => {
    const k = await kernelsFor(backend);
    const csr = randomSparseModel({ n: 50, degree: 4, seed: 2, weights: 'float' });
    const s0 = randomStates(50, 2, 'BINARY', 1);
    const s = s0.slice();
    k.saSweeps(k.prepare(csr), s, 2, new Float64Array([0]), seeded(2, 1, k));
    for (let i = 0; i < s.length; i++) expect(s[i]).toBe(1 - s0[i]);
  });

  it('zero-energy moves pass with probability 1/2, so walls on a frustrated ring meet (regression: 5-cycle stuck at E = 1)', async () => {
    const k = await kernelsFor(backend);
    const ring = csrFromTriplets('SPIN', 5, { i: [0, 1, 2, 3, 4], j: [1, 2, 3, 4, 0], w: [1, 1, 1, 1, 1] });
    const model = k.prepare(ring);
    const reads = 16;
    const s = new Int8Array(reads * 5);
    for (let r = 0; r < reads; r++) s.set([-1, -1, 1, 1, 1], r * 5); // E = 1, the lockstep trap
    k.saSweeps(model, s, reads, new Float64Array(200).fill(3), seeded(reads, 1, k));
    const e = new Float64Array(reads);
    k.energies(model, s, reads, e);
    expect([...e]).toEqual(new Array(reads).fill(-3));
  });

  it('saSweeps with a cold schedule finds the ground state of small models', async () => {
    const k = await kernelsFor(backend);
    const ref = await kernelsFor('reference');
    let hits = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const csr = randomSparseModel({ n: 12, degree: 4, seed, vartype: seed % 2 ? 'SPIN' : 'BINARY' });
      const model = k.prepare(csr);
      const reads = 16;
      const s = randomStates(12, reads, csr.vartype, seed);
      k.saSweeps(model, s, reads, geometric(0.01, 5, 1000), seeded(reads, seed, k));
      const e = new Float64Array(reads);
      k.energies(model, s, reads, e);
      if (Math.min(...e) === bruteBest(csr, ref)) hits++;
    }
    expect(hits).toBe(10);
  });

  for (const weights of ['integer', 'float'] as const) {
    it(`sqaSweeps gives the reference's states and streams (${weights}, global moves on and off)`, async () => {
      const k = await kernelsFor(backend);
      const ref = await kernelsFor('reference');
      const csr = randomSparseModel({ n: 60, degree: 5, seed: 41, vartype: 'SPIN', weights });
      for (const global of [true, false]) {
        const count = 2;
        const K = 4;
        const betas = geometric(0.1, 4, 25);
        const jperp = new Float64Array(25).map((_, t) => 0.05 + 0.04 * t);
        const a = randomStates(csr.n, count * K, 'SPIN', 8);
        const b = a.slice();
        const ra = seeded(count, 3, k);
        const rb = seeded(count, 3, ref);
        k.sqaSweeps(k.prepare(csr), a, count, K, betas, jperp, global, ra);
        ref.sqaSweeps(ref.prepare(csr), b, count, K, betas, jperp, global, rb);
        expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
        expect([...ra]).toEqual([...rb]);
      }
    });
  }

  it('sqaSweeps with a strong transverse coupling keeps the slices aligned', async () => {
    const k = await kernelsFor(backend);
    const csr = randomSparseModel({ n: 30, degree: 4, seed: 5, vartype: 'SPIN' });
    const K = 4;
    const s = new Int8Array(K * 30).fill(1);
    k.sqaSweeps(k.prepare(csr), s, 1, K, new Float64Array(50).fill(2), new Float64Array(50).fill(50), true, seeded(1, 4, k));
    for (let kk = 1; kk < K; kk++) expect([...s.subarray(kk * 30, kk * 30 + 30)]).toEqual([...s.subarray(0, 30)]);
  });

  it('exactSearch finds the k best of brute force, and shards merge to the whole', async () => {
    const k = await kernelsFor(backend);
    const ref = await kernelsFor('reference');
    for (const vartype of ['BINARY', 'SPIN'] as Vartype[]) {
      const csr = randomSparseModel({ n: 11, degree: 4, seed: 17, vartype });
      const model = k.prepare(csr);
      const all = 1 << 11;
      const outS = new Int8Array(5 * 11);
      const outE = new Float64Array(5);
      expect(k.exactSearch(model, 0, all, 5, outS, outE)).toBe(5);
      expect(outE[0]).toBe(bruteBest(csr, ref));
      const check = new Float64Array(5);
      k.energies(model, outS, 5, check);
      expect([...check]).toEqual([...outE]);
      for (let r = 1; r < 5; r++) expect(outE[r]).toBeGreaterThanOrEqual(outE[r - 1]);
      // two shards, merged by energy, give the same energies
      const a = new Float64Array(5);
      const b = new Float64Array(5);
      k.exactSearch(model, 0, 700, 5, new Int8Array(55), a);
      k.exactSearch(model, 700, all, 5, new Int8Array(55), b);
      expect([...a, ...b].sort((x, y) => x - y).slice(0, 5)).toEqual([...outE]);
      // the reference agrees exactly
      const rs = new Int8Array(55);
      const re = new Float64Array(5);
      ref.exactSearch(ref.prepare(csr), 0, all, 5, rs, re);
      expect([...re]).toEqual([...outE]);
      expect([...rs]).toEqual([...outS]);
    }
  });
});
