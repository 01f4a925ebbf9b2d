// Model: the factories agree with each other, energy equals the textbook definition, vartype
// conversion keeps energies exactly (property tests), labels follow their rules, and every
// bad input gets a TypeError/RangeError naming the field (messages asserted).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Vartype } from '../src/kernels/contract.js';
import { csrFromTriplets } from '../src/qubo/csr.js';
import { Model, type Label, type Term } from '../src/qubo/index.js';
import { BACKENDS, kernelsFor } from './backends.js';

/** E(v) = offset + Σ a_i v_i + Σ_{i<j} b_ij v_i v_j straight from a term list (labels are indices). */
function bruteEnergy(n: number, linear: number[], pairs: [number, number, number][], offset: number, v: ArrayLike<number>): number {
  let e = offset;
  for (let i = 0; i < n; i++) e += linear[i] * v[i];
  for (const [i, j, w] of pairs) e += w * v[i] * v[j];
  return e;
}

function allStates(n: number, vartype: Vartype): Int8Array[] {
  const out: Int8Array[] = [];
  for (let bits = 0; bits < 1 << n; bits++) {
    out.push(Int8Array.from({ length: n }, (_, i) => ((bits >> i) & 1 ? 1 : vartype === 'SPIN' ? -1 : 0)));
  }
  return out;
}

/** A random integer-weight model over n ≤ 7 variables as (linear, distinct pairs i < j, offset). */
const arbModel = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    linear: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n, maxLength: n }),
    pairs: fc.uniqueArray(
      fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: -20, max: 20 })).filter(([i, j, w]) => i < j && w !== 0),
      { selector: ([i, j]) => i * 100 + j, maxLength: (n * (n - 1)) / 2 },
    ),
    offset: fc.integer({ min: -50, max: 50 }),
  }),
);

describe('Model factories', () => {
  const pairs: [number, number, number][] = [[0, 1, 2], [1, 2, -3], [0, 2, 5]];
  const linear = [1, -2, 4];

  it('fromQubo, fromDense, fromCsr, builder and fromJSON describe the same BINARY model', () => {
    const terms: Term[] = [...pairs, [0, 0, 1], [1, 1, -2], [2, 2, 4]];
    const a = Model.fromQubo(terms, { offset: 7 });
    const dense = [[1, 1, 2], [1, -2, -3], [3, 0, 4]]; // Q[i][j] + Q[j][i] is the coupling
    const b = Model.fromDense(dense, 'BINARY', { offset: 7 });
    const c = Model.fromCsr(csrFromTriplets('BINARY', 3, { i: [0, 1, 0], j: [1, 2, 2], w: [2, -3, 5] }, linear, 7));
    const builder = Model.builder('BINARY');
    for (const [i, j, w] of pairs) builder.add(i, j, w);
    linear.forEach((w, i) => builder.addLinear(i, w));
    const d = builder.addOffset(7).build();
    const e = Model.fromJSON(JSON.parse(JSON.stringify(a)));
    for (const m of [b, c, d, e]) {
      expect(m.toJSON()).toEqual(a.toJSON());
      expect(m.labels).toEqual([0, 1, 2]);
    }
    for (const s of allStates(3, 'BINARY')) {
      expect(a.energy(s)).toBe(bruteEnergy(3, linear, pairs, 7, s));
    }
  });

  it('fromIsing and fromDense agree on SPIN; the dense diagonal is an offset', () => {
    const a = Model.fromIsing([1, -2, 4], pairs, { offset: 3 });
    const b = Model.fromDense([[2, 2, 5], [0, 0, -3], [0, 0, -1]], 'SPIN', { offset: 2 });
    expect(b.toJSON()).toEqual({ ...a.toJSON(), linear: [0, 0, 0] });
    expect(Model.fromIsing(new Map([['x', 1]]), [['x', 'y', 2]]).labels).toEqual(['x', 'y']);
    expect(Model.fromIsing({ x: 1, y: 0 }, []).labels).toEqual(['x', 'y']);
    for (const s of allStates(3, 'SPIN')) expect(a.energy(s)).toBe(bruteEnergy(3, linear, pairs, 3, s));
  });

  it('sums duplicate and mirrored terms, drops exact zeros', () => {
    const m = Model.fromQubo([['a', 'b', 1], ['b', 'a', 2], ['a', 'c', 1], ['c', 'a', -1], ['a', 'a', 3], ['a', 'a', 1]]);
    expect(m.quadratic('a', 'b')).toBe(3);
    expect(m.quadratic('b', 'a')).toBe(3);
    expect(m.quadratic('a', 'c')).toBe(0);
    expect(m.linear('a')).toBe(4);
    expect(m.numInteractions).toBe(1);
    expect([...m.interactions()]).toEqual([['a', 'b', 3]]);
  });

  it.each(BACKENDS)('energy agrees with the %s kernels bit for bit, for every sample form', async (backend) => {
    const m = Model.fromQubo([['a', 'b', 0.1], ['b', 'c', -0.7], ['a', 'a', 0.3], ['c', 'c', 1 / 3]], { offset: 0.2 });
    const states = Int8Array.from(allStates(3, 'BINARY').flatMap((s) => [...s]));
    const out = new Float64Array(8);
    const k = await kernelsFor(backend);
    k.energies(k.prepare(m.csr), states, 8, out);
    expect(m.energies(states, 8)).toEqual(out);
    expect(m.energy({ a: 1, b: 1, c: 0 })).toBe(out[3]);
    expect(m.energy(new Map([['c', 0], ['b', 1], ['a', 1]]))).toBe(out[3]);
    expect(m.energy([1, 1, 0])).toBe(out[3]);
  });

  it('an empty model is a valid model', () => {
    const m = Model.fromQubo([], { offset: 2 });
    expect([m.n, m.numInteractions, m.energy([]), m.energies(new Int8Array(0), 3).length]).toEqual([0, 0, 2, 3]);
    expect(Model.fromJSON(m.toJSON()).offset).toBe(2);
  });

  it('is immutable', () => {
    const m = Model.fromQubo([[0, 1, 1]]);
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.labels)).toBe(true);
    expect(() => ((m.labels as Label[])[0] = 5)).toThrow(TypeError);
    const csr = csrFromTriplets('BINARY', 2, { i: [0], j: [1], w: [1] });
    const c = Model.fromCsr(csr);
    csr.vals[0] = 99;
    expect(c.quadratic(0, 1)).toBe(1);
  });
});

describe('Model.toVartype', () => {
  it('keeps every energy exactly on integer weights, and round trips', () => {
    fc.assert(
      fc.property(arbModel, fc.constantFrom<Vartype>('BINARY', 'SPIN'), ({ n, linear, pairs, offset }, vartype) => {
        const m = vartype === 'BINARY'
          ? Model.fromQubo([...pairs, ...linear.map((w, i): Term => [i, i, w])], { offset, labels: [...Array(n).keys()] })
          : Model.fromIsing(linear, pairs, { offset });
        const other = m.toVartype(vartype === 'BINARY' ? 'SPIN' : 'BINARY');
        for (const s of allStates(n, vartype)) {
          const t = s.map((v) => (vartype === 'BINARY' ? 2 * v - 1 : (v + 1) / 2));
          expect(other.energy(t)).toBe(m.energy(s));
          expect(m.energy(s)).toBe(bruteEnergy(n, linear, pairs, offset, s));
        }
        expect(other.toVartype(vartype).toJSON()).toEqual(m.toJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('returns the model itself for its own vartype and keeps labels', () => {
    const m = Model.fromQubo([['x', 'y', 1]]);
    expect(m.toVartype('BINARY')).toBe(m);
    expect(m.toVartype('SPIN').labels).toEqual(['x', 'y']);
  });
});

describe('Model labels', () => {
  it('numbers labels in order of first appearance unless options.labels is given', () => {
    expect(Model.fromQubo([['b', 'a', 1], [3, 'b', 1]]).labels).toEqual(['b', 'a', 3]);
    const m = Model.fromQubo([['b', 'a', 1]], { labels: ['a', 'z', 'b'] });
    expect(m.labels).toEqual(['a', 'z', 'b']);
    expect([m.indexOf('b'), m.n]).toEqual([2, 3]);
    expect(Model.fromCsr(m.csr, ['p', 'q', 'r']).energy({ p: 1, q: 0, r: 1 })).toBe(1);
    expect(Model.builder('SPIN').addVariable('u').add('v', 'u', 1).build().labels).toEqual(['u', 'v']);
  });

  it('reads plain-object keys as string labels or the spelling of number labels', () => {
    const m = Model.fromQubo([[1, 'x', 2], [1, 1, 1]]);
    expect(m.energy({ 1: 1, x: 1 })).toBe(3);
    expect(m.energy(new Map<Label, number>([[1, 1], ['x', 0]]))).toBe(1);
  });
});

describe('Model validation messages', () => {
  const cases: Array<[() => unknown, ErrorConstructor, string]> = [
    [() => Model.fromQubo([[0, 1, 1], [1, 2, 1], [0, 2, 3], [2, 3, NaN]]), RangeError, 'terms[3][2] must be a finite number, got NaN'],
    [() => Model.fromQubo([[0, 1, Infinity]]), RangeError, 'terms[0][2] must be a finite number, got Infinity'],
    [() => Model.fromQubo([[0, 1, '1' as never]]), TypeError, 'terms[0][2] must be a number, got the string "1"'],
    [() => Model.fromQubo([[0, 1] as never]), TypeError, 'terms[0] must be a [label, label, bias] triple, got an array of length 2'],
    [() => Model.fromQubo(5 as never), TypeError, 'terms must be an iterable of [label, label, bias] triples, got number'],
    [() => Model.fromQubo([['', 1, 1]]), RangeError, 'terms[0][0] must be a non-empty string or a finite number, got the empty string'],
    [() => Model.fromQubo([[NaN, 1, 1]]), RangeError, 'terms[0][0] must be a non-empty string or a finite number, got NaN'],
    [() => Model.fromQubo([[0, null as never, 1]]), TypeError, 'terms[0][1] must be a string or a number, got null'],
    [() => Model.fromQubo([[1, '1', 1]]), RangeError, 'terms[0][1] is "1", but the model already has the label 1; a model may not hold both (sample objects could not tell them apart)'],
    [() => Model.fromQubo([['a', 'q', 1]], { labels: ['a', 'b'] }), RangeError, 'terms[0][1] is the label "q", which is not in options.labels'],
    [() => Model.fromQubo([], { labels: ['a', 'b', 'a'] }), RangeError, 'options.labels[2] repeats the label "a" (first at options.labels[0])'],
    [() => Model.fromQubo([], { offset: NaN }), RangeError, 'options.offset must be a finite number, got NaN'],
    [() => Model.fromQubo([], 3 as never), TypeError, 'options must be an object, got 3'],
    [() => Model.fromIsing([0, 0], [[0, 0, 1]]), RangeError, 'J[0] couples 0 with itself; s·s = 1 is a constant, use options.offset'],
    [() => Model.fromIsing([0, NaN], []), RangeError, 'h[1] must be a finite number, got NaN'],
    [() => Model.fromIsing({ a: Infinity }, []), RangeError, 'h["a"] must be a finite number, got Infinity'],
    [() => Model.fromIsing(null as never, []), TypeError, 'h must be an array, a Map or an object of linear biases, got null'],
    [() => Model.fromDense([[0, 1], [1]], 'BINARY'), RangeError, 'matrix[1] must have length n = 2, got 1'],
    [() => Model.fromDense([[0, NaN], [1, 0]], 'SPIN'), RangeError, 'matrix[0][1] must be a finite number, got NaN'],
    [() => Model.fromDense([], 'QUBIT' as never), RangeError, "vartype must be one of 'BINARY', 'SPIN', got the string \"QUBIT\""],
    [() => Model.fromCsr({ ...csrFromTriplets('BINARY', 2, { i: [0], j: [1], w: [1] }), n: 3 }), RangeError, 'csr.rowPtr must have length 4, got 3'],
    [() => Model.fromCsr(csrFromTriplets('BINARY', 2, { i: [], j: [], w: [] }), ['a']), RangeError, 'labels must have length csr.n = 2, got 1'],
    [() => Model.builder('SPIN').add('a', 'a', 1), RangeError, 'a and b are both a; s·s = 1 on a SPIN model is a constant, use addOffset'],
    [() => Model.builder('BINARY').add('a', 'b', NaN), RangeError, 'w must be a finite number, got NaN'],
    [() => Model.fromQubo([['a', 'b', 1]]).indexOf('c'), RangeError, 'label "c" is not a variable of this model'],
    [() => Model.fromQubo([['a', 'b', 1e308], ['b', 'a', 1e308]]), RangeError, 'quadratic[0] must be finite, got Infinity'],
  ];
  it.each(cases.map((c, k) => [k, ...c] as const))('case %i', (_k, run, type, message) => {
    expect(run).toThrow(new type(message));
    expect(run).toThrow(type);
  });

  it('energy and energies name the sample field', () => {
    const m = Model.fromQubo([['a', 'b', 1]]);
    const s = Model.fromIsing([0, 0], []);
    expect(() => m.energy({ a: 1, b: 2 })).toThrow(new RangeError('sample["b"] must be 0 or 1 (BINARY), got 2'));
    expect(() => m.energy({ a: 1 })).toThrow(new RangeError('sample is missing the variable "b" (1 of 2 missing)'));
    expect(() => m.energy({ a: 1, b: 0, c: 1 })).toThrow(new RangeError('sample has the variable "c", which is not in the model'));
    expect(() => m.energy([1])).toThrow(new RangeError('sample must have n = 2 values, got 1'));
    expect(() => m.energy(new Map([['a', 1], ['b', '1' as never]]))).toThrow(new TypeError('sample["b"] must be a number, got the string "1"'));
    expect(() => s.energy([1, 0])).toThrow(new RangeError('sample[1] must be -1 or +1 (SPIN), got 0'));
    expect(() => m.energy(null as never)).toThrow(new TypeError('sample must be an array, a Map or an object keyed by label, got null'));
    expect(() => m.energies(new Int8Array(3), 2)).toThrow(new RangeError('states must hold count × n = 2 × 2 values, got 3'));
    expect(() => m.energies(new Int8Array([0, 1, 1, -1]), 2)).toThrow(new RangeError('states[3] must be 0 or 1 (BINARY), got -1'));
    expect(() => m.energies([0, 1] as never, 1)).toThrow(new TypeError('states must be an Int8Array, got an array'));
  });

  it('fromJSON names the broken field', () => {
    const good = Model.fromQubo([['a', 'b', 1], ['b', 'c', 2]]).toJSON();
    const cases: Array<[Record<string, unknown>, ErrorConstructor, string]> = [
      [{ format: 'dimod' }, RangeError, `json.format must be 'qsched-model', got "dimod"`],
      [{ version: 2 }, RangeError, 'json.version must be 1, got 2'],
      [{ vartype: 'X' }, RangeError, `json.vartype must be one of 'BINARY', 'SPIN', got the string "X"`],
      [{ labels: 'abc' }, TypeError, 'json.labels must be an array, got string'],
      [{ labels: ['a', 'b', 'b'] }, RangeError, 'json.labels[2] repeats the label "b" (first at json.labels[1])'],
      [{ linear: [0, 0] }, RangeError, 'json.linear must have one bias per label (3), got 2'],
      [{ linear: [0, null, 0] }, TypeError, 'json.linear[1] must be a number, got null'],
      [{ quadratic: [[0, 3, 1]] }, RangeError, 'json.quadratic[0][1] must be an integer in [0, 2], got 3'],
      [{ quadratic: [[0, 1, 1], [1, 0, 1]] }, RangeError, 'json.quadratic[1] repeats the coupling (1, 0) of json.quadratic[0]'],
      [{ quadratic: [[1, 1, 1]] }, RangeError, 'json.quadratic[0] is on the diagonal (1); diagonal terms belong in json.linear'],
      [{ quadratic: [[0, 1]] }, TypeError, 'json.quadratic[0] must be an [i, j, w] triple'],
      [{ offset: 'x' }, TypeError, 'json.offset must be a number, got string'],
    ];
    for (const [patch, type, message] of cases) expect(() => Model.fromJSON({ ...good, ...patch })).toThrow(new type(message));
    expect(() => Model.fromJSON([])).toThrow(new TypeError('json must be an object, got an array'));
  });
});
