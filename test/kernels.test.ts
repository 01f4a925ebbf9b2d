// Shared kernel tests, written once and run on every backend. Each backend is checked against
// an independent brute-force definition (dense Q built from triplets) and against the reference
// backend: bit for bit on integer weights, to 1e-12 relative on float weights.

import { describe, expect, it } from 'vitest';
import type { CsrArrays, Vartype } from '../src/kernels/contract.js';
import { csrFromTriplets } from '../src/qubo/csr.js';
import { randomSparseModel, randomStates } from '../src/qubo/generators.js';
import { BACKENDS, kernelsFor, RESOLVED } from './backends.js';

/** E(v) straight from the definition over a dense upper triangle. */
function bruteEnergy(m: CsrArrays, v: Int8Array, base: number): number {
  let e = m.offset;
  for (let i = 0; i < m.n; i++) {
    e += m.linear[i] * v[base + i];
    for (let k = m.rowPtr[i]; k < m.rowPtr[i + 1]; k++) {
      const j = m.cols[k];
      if (j > i) e += m.vals[k] * v[base + i] * v[base + j];
    }
  }
  return e;
}

const COUNTS = [0, 1, 2, 3, 4, 5, 8, 9];

describe.each(BACKENDS)('kernels on %s', (backend) => {
  it('resolves to the expected provider', async () => {
    expect((await kernelsFor(backend)).backend).toBe(RESOLVED[backend]);
  });

  for (const vartype of ['BINARY', 'SPIN'] as Vartype[]) {
    it(`energies equal the definition exactly on integer weights (${vartype}, every batch size)`, async () => {
      const k = await kernelsFor(backend);
      const csr = randomSparseModel({ n: 37, degree: 6, seed: 11, vartype });
      const model = k.prepare(csr);
      for (const count of COUNTS) {
        const states = randomStates(csr.n, count, vartype, 100 + count);
        const out = new Float64Array(count);
        k.energies(model, states, count, out);
        for (let s = 0; s < count; s++) expect(out[s]).toBe(bruteEnergy(csr, states, s * csr.n));
      }
      model.dispose();
    });

    it(`flip deltas equal E(flipped) - E(state) exactly (${vartype})`, async () => {
      const k = await kernelsFor(backend);
      const csr = randomSparseModel({ n: 29, degree: 5, seed: 12, vartype });
      const model = k.prepare(csr);
      for (const count of [1, 3, 4, 6]) {
        const states = randomStates(csr.n, count, vartype, 7 + count);
        const deltas = new Float64Array(count * csr.n);
        const fields = new Float64Array(count * csr.n);
        k.flipDeltas(model, states, count, deltas);
        k.localFields(model, states, count, fields);
        for (let s = 0; s < count; s++) {
          const base = s * csr.n;
          const e0 = bruteEnergy(csr, states, base);
          for (let i = 0; i < csr.n; i++) {
            const v = states[base + i];
            states[base + i] = vartype === 'SPIN' ? -v : 1 - v;
            expect(deltas[base + i] + 0).toBe(bruteEnergy(csr, states, base) - e0 + 0); // + 0: ±0 compare equal
            states[base + i] = v;
            // the field is the derivative of E in v_i
            expect(deltas[base + i] + 0).toBe((vartype === 'SPIN' ? -2 * v : 1 - 2 * v) * fields[base + i] + 0);
          }
        }
      }
      model.dispose();
    });
  }

  it('agrees with the reference bit for bit on integer weights and to 1e-12 on floats', async () => {
    const k = await kernelsFor(backend);
    const ref = await kernelsFor('reference');
    for (const weights of ['integer', 'float'] as const) {
      for (const vartype of ['BINARY', 'SPIN'] as Vartype[]) {
        const csr = randomSparseModel({ n: 500, degree: 10, seed: 5, vartype, weights });
        const count = 7;
        const states = randomStates(csr.n, count, vartype, 9);
        const a = k.prepare(csr);
        const b = ref.prepare(csr);
        const outs = [new Float64Array(count), new Float64Array(count), new Float64Array(count * csr.n), new Float64Array(count * csr.n)];
        const refs = outs.map((o) => new Float64Array(o.length));
        k.energies(a, states, count, outs[0]);
        ref.energies(b, states, count, refs[0]);
        k.flipDeltas(a, states, count, outs[2]);
        ref.flipDeltas(b, states, count, refs[2]);
        k.localFields(a, states, count, outs[3]);
        ref.localFields(b, states, count, refs[3]);
        for (const idx of [0, 2, 3]) {
          for (let t = 0; t < outs[idx].length; t++) {
            if (weights === 'integer') expect(outs[idx][t]).toBe(refs[idx][t]);
            else expect(Math.abs(outs[idx][t] - refs[idx][t])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(refs[idx][t])));
          }
        }
        a.dispose();
        b.dispose();
      }
    }
  });

  it('handles an empty model, a model with no couplings and a single variable', async () => {
    const k = await kernelsFor(backend);
    const empty = k.prepare(csrFromTriplets('BINARY', 0, { i: [], j: [], w: [] }, [], 2.5));
    const out = new Float64Array(3);
    k.energies(empty, new Int8Array(0), 3, out);
    expect([...out]).toEqual([2.5, 2.5, 2.5]);
    const lone = k.prepare(csrFromTriplets('SPIN', 1, { i: [0], j: [0], w: [4] }, [3], 1));
    const e = new Float64Array(2);
    k.energies(lone, new Int8Array([1, -1]), 2, e);
    expect([...e]).toEqual([1 + 4 + 3, 1 + 4 - 3]); // s² = 1 moved to the offset
  });

  it('keeps results right when WASM memory grows between calls (views are re-derived)', async () => {
    const k = await kernelsFor(backend);
    const small = randomSparseModel({ n: 50, degree: 4, seed: 1 });
    const ms = k.prepare(small);
    const states = randomStates(50, 2, 'BINARY', 2);
    const before = new Float64Array(2);
    k.energies(ms, states, 2, before);
    // ~24 MB model forces growth of linear memory
    const big = k.prepare(randomSparseModel({ n: 200_000, degree: 10, seed: 3 }));
    const after = new Float64Array(2);
    k.energies(ms, states, 2, after);
    expect([...after]).toEqual([...before]);
    big.dispose();
    ms.dispose();
    expect(() => k.energies(ms, states, 2, after)).toThrow(/PreparedModel|disposed/);
  });
});
