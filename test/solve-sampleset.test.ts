// SampleSet: rows sorted by energy with stable ties, first / lowest / aggregate, labelled
// samples, the JSON round trip, and checked construction with messages that name the field.

import { describe, expect, it } from 'vitest';
import { Model } from '../src/qubo/model.js';
import { SampleSet } from '../src/solve/sampleset.js';
import { samplers } from '../src/solve/index.js';

const labels = ['a', 'b', 7];

function handmade(): SampleSet {
  return SampleSet.create({
    vartype: 'BINARY', labels,
    states: Int8Array.from([1, 1, 0, /**/ 0, 0, 0, /**/ 1, 0, 1, /**/ 0, 0, 0, /**/ 1, 0, 0]),
    energies: Float64Array.from([3, -1, -1, -1, 2.5]),
    occurrences: Int32Array.from([1, 2, 1, 4, 1]),
  });
}

describe('SampleSet', () => {
  it('sorts rows by energy, keeping the given order among ties', () => {
    const ss = handmade();
    expect(ss.size).toBe(5);
    expect(ss.n).toBe(3);
    expect(Array.from(ss.energies)).toEqual([-1, -1, -1, 2.5, 3]);
    expect(Array.from(ss.states)).toEqual([0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0]);
    expect(Array.from(ss.occurrences)).toEqual([2, 1, 4, 1, 1]);
    expect(ss.info).toBeNull();
  });

  it('first is a lowest row with a labelled sample; lowest() keeps every row at the minimum', () => {
    const ss = handmade();
    expect(ss.first.energy).toBe(-1);
    expect(ss.first.occurrences).toBe(2);
    expect(ss.first.sample()).toEqual({ a: 0, b: 0, 7: 0 });
    expect(ss.row(1).sample()).toEqual({ a: 1, b: 0, 7: 1 });
    const low = ss.lowest();
    expect(low.size).toBe(3);
    expect(Array.from(low.energies)).toEqual([-1, -1, -1]);
    expect(ss.lowest({ atol: 3.5 }).size).toBe(4);
    expect([...ss].map((r) => r.energy)).toEqual([-1, -1, -1, 2.5, 3]);
  });

  it('aggregate merges identical states and sums their occurrences', () => {
    const agg = handmade().aggregate();
    expect(agg.size).toBe(4);
    expect(Array.from(agg.states)).toEqual([0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0]);
    expect(Array.from(agg.occurrences)).toEqual([6, 1, 1, 1]);
    expect(Array.from(agg.energies)).toEqual([-1, -1, 2.5, 3]);
  });

  it('round-trips through JSON, info included', async () => {
    const model = Model.fromIsing({ x: 1, y: -2 }, [['x', 'y', 3]]);
    const ss = await samplers.sa.sample(model, { seed: 4, reads: 5, sweeps: 50, backend: 'reference' });
    const back = SampleSet.fromJSON(JSON.parse(JSON.stringify(ss)));
    expect(back.labels).toEqual(['x', 'y']);
    expect(back.vartype).toBe('SPIN');
    expect(Array.from(back.states)).toEqual(Array.from(ss.states));
    expect(Array.from(back.energies)).toEqual(Array.from(ss.energies));
    expect(Array.from(back.occurrences)).toEqual(Array.from(ss.occurrences));
    expect(back.info).toEqual(ss.info);
    const hand = handmade();
    expect(SampleSet.fromJSON(hand.toJSON()).toJSON()).toEqual(hand.toJSON());
  });

  it('names the bad field when built from bad parts or bad JSON', () => {
    const good = handmade().toJSON();
    const cases: Array<[unknown, RegExp, ErrorConstructor]> = [
      [[], /json must be an object, got an array/, TypeError],
      [{ ...good, format: 'x' }, /json.format must be 'qsched-sampleset'/, RangeError],
      [{ ...good, version: 2 }, /json.version must be 1, got 2/, RangeError],
      [{ ...good, vartype: 'TERNARY' }, /json.vartype must be one of 'BINARY', 'SPIN'/, RangeError],
      [{ ...good, labels: ['a', 'a', 'c'] }, /json.labels\[1\] repeats the label "a"/, RangeError],
      [{ ...good, states: [[0, 1]] }, /json.states, json.energies and json.occurrences must have the same length/, RangeError],
      [{ ...good, states: good.states.map((r, k) => (k === 2 ? [0, 1] : r)) }, /json.states\[2\] must have n = 3 values, got 2/, RangeError],
      [{ ...good, states: good.states.map((r, k) => (k === 1 ? [0, -1, 0] : r)) }, /json.states\[1\]\[1\] must be 0 or 1 \(BINARY\), got -1/, RangeError],
      [{ ...good, energies: good.energies.map((e, k) => (k === 3 ? null : e)) }, /json.energies\[3\] must be a number, got null/, TypeError],
      [{ ...good, occurrences: good.occurrences.map((o, k) => (k === 0 ? 0 : o)) }, /json.occurrences\[0\] must be an integer in \[1, 2147483647\], got 0/, RangeError],
    ];
    for (const [json, message, type] of cases) {
      expect(() => SampleSet.fromJSON(json)).toThrow(message);
      expect(() => SampleSet.fromJSON(json)).toThrow(type);
    }
    expect(() => SampleSet.create({ vartype: 'SPIN', labels: [0, 1], states: Int8Array.from([1, 0]), energies: Float64Array.from([0]) }))
      .toThrow(new RangeError('parts.states[0][1] must be -1 or +1 (SPIN), got 0'));
    expect(() => SampleSet.create({ vartype: 'SPIN', labels: [0], states: Int8Array.from([1]), energies: Float64Array.from([NaN]) }))
      .toThrow(new RangeError('parts.energies[0] must be a finite number, got NaN'));
    const empty = SampleSet.create({ vartype: 'BINARY', labels: [0], states: new Int8Array(0), energies: new Float64Array(0) });
    expect(empty.size).toBe(0);
    expect(() => empty.first).toThrow(new RangeError('the sample set is empty'));
    expect(empty.lowest().size).toBe(0);
  });
});
