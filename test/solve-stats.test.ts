// Benchmark statistics against hand-computed values: Wilson intervals, time-to-solution and
// its propagated and bootstrapped intervals, residual energy with a Student-t interval.

import { describe, expect, it } from 'vitest';
import { SampleSet } from '../src/solve/sampleset.js';
import {
  bootstrapTimeToSolution, residualEnergy, studentT975, successProbability, timeToSolution, timeToSolutionInterval, wilsonInterval,
} from '../src/solve/stats.js';

describe('stats', () => {
  it('Wilson 95% interval', () => {
    // p = 0.7, z² = 3.8415: centre (0.7 + 0.19207)/1.38415, half 1.96·√(0.021 + 0.0096037)/1.38415
    const w = wilsonInterval(7, 10);
    expect(w.value).toBe(0.7);
    expect(w.low).toBeCloseTo(0.39678, 4);
    expect(w.high).toBeCloseTo(0.89219, 4);
    expect(wilsonInterval(0, 10)).toMatchObject({ value: 0, low: 0 });
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.38415 / 1.38415, 4);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(1 / 1.38415, 4);
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(() => wilsonInterval(11, 10)).toThrow(new RangeError('successes must be an integer in [0, 10], got 11'));
  });

  it('success probability counts occurrences and uses a tolerance', () => {
    const ss = SampleSet.create({
      vartype: 'SPIN', labels: [0], states: Int8Array.from([1, -1, 1]), energies: Float64Array.from([-2, -2, 5]), occurrences: Int32Array.from([3, 4, 3]),
    });
    const s = successProbability(ss, -2);
    expect(s).toMatchObject({ successes: 7, trials: 10, value: 0.7 });
    expect(s.low).toBeCloseTo(0.39678, 4);
    expect(successProbability([-2, -1.9999999999, 0], -2).successes).toBe(2);
    expect(successProbability([-2, -1.9, 0], -2).successes).toBe(1);
    expect(() => successProbability([], 0)).toThrow(new RangeError('energies must hold at least one sample'));
  });

  it('time to solution at 99%: τ·ln(0.01)/ln(1 − p), τ at p = 1, Infinity at p = 0', () => {
    expect(timeToSolution(2, 0.5)).toBeCloseTo((2 * Math.log(0.01)) / Math.log(0.5), 12);
    expect(timeToSolution(2, 0.5)).toBeCloseTo(13.28771, 4);
    expect(timeToSolution(3, 1)).toBe(3);
    expect(timeToSolution(3, 0)).toBe(Infinity);
    expect(timeToSolution(3, 0.999)).toBe(3); // never below one run
    expect(timeToSolution(1, 0.5, 0.9)).toBeCloseTo(Math.log(0.1) / Math.log(0.5), 12);
    expect(() => timeToSolution(1, 1.5)).toThrow(new RangeError('p must be in [0, 1], got 1.5'));
    expect(() => timeToSolution(-1, 0.5)).toThrow(new RangeError('tau must be >= 0, got -1'));
  });

  it('propagates the Wilson bounds of p into a TTS interval (bounds swap: TTS falls as p rises)', () => {
    const t = timeToSolutionInterval(1, 7, 10);
    expect(t.value).toBeCloseTo(Math.log(0.01) / Math.log(0.3), 12);
    expect(t.low).toBeCloseTo(Math.log(0.01) / Math.log(1 - 0.89219), 3);
    expect(t.high).toBeCloseTo(Math.log(0.01) / Math.log(1 - 0.39678), 3);
    expect(timeToSolutionInterval(1, 0, 10).high).toBe(Infinity);
  });

  it('bootstraps TTS over repetitions, seeded', () => {
    const same = Array.from({ length: 5 }, () => ({ tau: 2, successes: 5, trials: 10 }));
    const flat = bootstrapTimeToSolution(same, { resamples: 200 });
    expect(flat.value).toBeCloseTo(timeToSolution(2, 0.5), 12);
    expect(flat.low).toBeCloseTo(flat.value, 12);
    expect(flat.high).toBeCloseTo(flat.value, 12);
    const mixed = [0, 2, 5, 7, 9].map((s) => ({ tau: 1, successes: s, trials: 10 }));
    const b = bootstrapTimeToSolution(mixed, { resamples: 500, seed: 3 });
    expect(b.value).toBeCloseTo(timeToSolution(1, 23 / 50), 12);
    expect(b.low).toBeLessThan(b.value);
    expect(b.high).toBeGreaterThan(b.value);
    expect(bootstrapTimeToSolution(mixed, { resamples: 500, seed: 3 })).toEqual(b);
  });

  it('residual energy with a Student-t 95% interval', () => {
    // mean 2.5, sd √(5/3) = 1.29099, t(3) = 3.182: half-width 3.182·1.29099/2 = 2.05397
    const r = residualEnergy([1, 2, 3, 4], 0);
    expect(r.value).toBe(2.5);
    expect(r.sd).toBeCloseTo(1.290994, 5);
    expect(r.low).toBeCloseTo(0.44603, 4);
    expect(r.high).toBeCloseTo(4.55397, 4);
    expect(residualEnergy([5], 2)).toMatchObject({ value: 3, low: 3, high: 3, count: 1 });
    const ss = SampleSet.create({ vartype: 'BINARY', labels: [0], states: Int8Array.from([0, 1]), energies: Float64Array.from([1, 4]), occurrences: Int32Array.from([3, 1]) });
    expect(residualEnergy(ss, 1).value).toBeCloseTo(0.75, 12);
    expect(studentT975(3)).toBe(3.182);
    expect(studentT975(100)).toBeCloseTo(1.98397, 4);
    expect(studentT975(1000)).toBeCloseTo(1.962339, 4);
  });
});
