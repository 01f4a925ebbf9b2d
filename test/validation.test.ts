// Bad input to the public functions gets a TypeError or RangeError naming the field — never a
// crash inside WASM, a NaN result or a silent wrong answer. Messages are asserted.

import { describe, expect, it } from 'vitest';
import type { CsrArrays } from '../src/kernels/contract.js';
import { loadKernels } from '../src/kernels/node.js';
import { csrFromTriplets } from '../src/qubo/csr.js';
import { randomSparseModel } from '../src/qubo/generators.js';
import { BACKENDS, kernelsFor } from './backends.js';

const good = (): CsrArrays => csrFromTriplets('BINARY', 3, { i: [0, 1], j: [1, 2], w: [1, -2] }, [1, 2, 3], 0);

describe('loadKernels options', () => {
  it('rejects (never throws) on bad options', async () => {
    await expect(loadKernels({ backend: 'gpu' as never })).rejects.toThrow(new RangeError("options.backend must be one of 'auto', 'wasm', 'wasm-scalar', 'reference', got the string \"gpu\""));
    await expect(loadKernels(42 as never)).rejects.toThrow(new TypeError('options must be an object, got 42'));
  });
});

describe.each(BACKENDS)('validation on %s', (backend) => {
  it('prepare names the broken field of a CSR model', async () => {
    const k = await kernelsFor(backend);
    const cases: Array<[Partial<Record<keyof CsrArrays, unknown>>, RegExp, ErrorConstructor]> = [
      [{ vartype: 'TERNARY' }, /model.vartype must be one of 'BINARY', 'SPIN'/, RangeError],
      [{ n: -1 }, /model.n must be an integer in \[0, 2147483647\], got -1/, RangeError],
      [{ n: NaN }, /model.n must be an integer, got NaN/, RangeError],
      [{ rowPtr: [0, 1, 3, 4] }, /model.rowPtr must be an Int32Array, got an array/, TypeError],
      [{ vals: new Float64Array(3) }, /model.vals must have length 4, got 3/, RangeError],
      [{ vals: new Float64Array([1, 1, NaN, NaN]) }, /model.vals\[2\] must be finite, got NaN/, RangeError],
      [{ linear: new Float64Array([1, Infinity, 3]) }, /model.linear\[1\] must be finite/, RangeError],
      [{ offset: NaN }, /model.offset must be a finite number, got NaN/, RangeError],
      [{ cols: new Int32Array([1, 0, 7, 1]) }, /model.cols\[2\] must be in \[0, 2\], got 7/, RangeError],
      [{ cols: new Int32Array([1, 0, 1, 1]) }, /model.cols\[2\] is the diagonal/, RangeError],
      [{ vals: new Float64Array([1, 1, -2, 5]) }, /model must be symmetric: entry \(1, 2\) = -2 has partner 5/, RangeError],
      [{ rowPtr: new Int32Array([0, 1, 3, 5]) }, /model.rowPtr\[3\] must equal cols.length \(4\), got 5/, RangeError],
    ];
    for (const [patch, message, type] of cases) {
      const bad = { ...good(), ...patch };
      let caught: unknown;
      try {
        k.prepare(bad as CsrArrays);
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(Object.keys(patch))).toBeInstanceOf(type);
      expect((caught as Error).message).toMatch(message);
    }
    expect(() => k.prepare(null as never)).toThrow(new TypeError('model must be an object with CSR arrays, got null'));
  });

  it('kernel calls name count, states and out', async () => {
    const k = await kernelsFor(backend);
    const m = k.prepare(good());
    const out = new Float64Array(6);
    expect(() => k.energies(m, new Int8Array(3), -1, out)).toThrow(new RangeError('count must be an integer in [0, 2147483647], got -1'));
    expect(() => k.energies(m, new Int8Array(3), NaN, out)).toThrow(RangeError);
    expect(() => k.energies(m, new Uint8Array(3) as never, 1, out)).toThrow(new TypeError('states must be an Int8Array, got a Uint8Array'));
    expect(() => k.energies(m, new Int8Array(5), 2, out)).toThrow(new RangeError('states must hold count × n = 2 × 3 values, got 5'));
    expect(() => k.energies(m, new Int8Array([0, 2, 1]), 1, out)).toThrow(new RangeError('states[1] must be 0 or 1 (BINARY), got 2'));
    expect(() => k.flipDeltas(m, new Int8Array(6), 2, new Float64Array(5))).toThrow(new RangeError('out must hold at least 6 values, got 5'));
    expect(() => k.localFields(m, new Int8Array(3), 1, [0, 0, 0] as never)).toThrow(new TypeError('out must be a Float64Array, got an array'));
    expect(() => k.energies({ n: 3 } as never, new Int8Array(3), 1, out)).toThrow(/model must be a PreparedModel/);
    const spin = k.prepare(csrFromTriplets('SPIN', 2, { i: [0], j: [1], w: [1] }));
    expect(() => k.energies(spin, new Int8Array([1, 0]), 1, out)).toThrow(new RangeError('states[1] must be -1 or +1 (SPIN), got 0'));
  });

  it('rejects a model prepared by another backend', async () => {
    const k = await kernelsFor(backend);
    const other = await kernelsFor(backend === 'reference' ? 'wasm' : 'reference');
    const m = other.prepare(good());
    expect(() => k.energies(m, new Int8Array(3), 1, new Float64Array(1))).toThrow(/returned by this backend's prepare/);
  });

  it('rng calls name seed, stream and state', async () => {
    const k = await kernelsFor(backend);
    const s = new Uint32Array(4);
    expect(() => k.rngSeed(-1, 0, s)).toThrow(new RangeError('seed must be an integer in [0, 4294967295], got -1'));
    expect(() => k.rngSeed(1.5, 0, s)).toThrow(new RangeError('seed must be an integer, got 1.5'));
    expect(() => k.rngSeed(1, 2 ** 32, s)).toThrow(/stream must be an integer in \[0, 4294967295\]/);
    expect(() => k.rngSeed(1, 0, new Uint32Array(3))).toThrow(new RangeError('state must have length 4, got 3'));
    expect(() => k.rngFillF64(s, new Float32Array(2) as never)).toThrow(new TypeError('out must be a Float64Array, got a Float32Array'));
  });
});

describe('csrFromTriplets and generators', () => {
  it('name the offending field', () => {
    expect(() => csrFromTriplets('BINARY', 2, { i: [0], j: [1, 0], w: [1] })).toThrow(/couplings.i, .j and .w must have the same length/);
    expect(() => csrFromTriplets('BINARY', 2, { i: [0], j: [2], w: [1] })).toThrow(new RangeError('couplings.j[0] must be an integer in [0, 1], got 2'));
    expect(() => csrFromTriplets('BINARY', 2, { i: [0], j: [1], w: [NaN] })).toThrow(new RangeError('couplings.w[0] must be a finite number, got NaN'));
    expect(() => csrFromTriplets('BINARY', 2, { i: [0], j: [1], w: [1] }, [1])).toThrow(/linear must have length n = 2, got 1/);
    expect(() => csrFromTriplets('BINARY', -3, { i: [], j: [], w: [] })).toThrow(/n must be an integer/);
    expect(() => randomSparseModel({ n: 0 })).toThrow(/options.n must be an integer in \[1/);
  });

  it('merges duplicates and both orientations, and folds diagonals', () => {
    const m = csrFromTriplets('BINARY', 3, { i: [0, 1, 2, 2, 0], j: [1, 0, 2, 0, 2], w: [1, 2, 5, 1, -1] });
    expect([...m.rowPtr]).toEqual([0, 1, 2, 2]);
    expect([...m.cols]).toEqual([1, 0]);
    expect([...m.vals]).toEqual([3, 3]);
    expect([...m.linear]).toEqual([0, 0, 5]);
  });
});
