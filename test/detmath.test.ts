// The deterministic elementary functions of the schedules (src/kernels/reference/detmath.ts)
// against Math.* on seeded random inputs and edge cases. Determinism itself comes from using
// only correctly rounded operations; what is tested here is that they are accurate.

import { describe, expect, it } from 'vitest';
import { exp, expm1, ln, log1p, pow, tanh } from '../src/kernels/reference/detmath.js';
import { Rng } from '../src/kernels/reference/rng.js';

/** Distance in units in the last place. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  const x = i[0] < 0n ? -(i[0] & 0x7fffffffffffffffn) : i[0];
  const y = i[1] < 0n ? -(i[1] & 0x7fffffffffffffffn) : i[1];
  return Number(x > y ? x - y : y - x);
}

function worst(f: (x: number) => number, g: (x: number) => number, draw: () => number, n = 20000): number {
  let w = 0;
  for (let k = 0; k < n; k++) { const x = draw(); w = Math.max(w, ulps(f(x), g(x))); }
  return w;
}

describe('detmath', () => {
  const rng = new Rng(7);
  const logUniform = (lo: number, hi: number) => () => Math.exp(lo + (hi - lo) * rng.float());
  const uniform = (lo: number, hi: number) => () => lo + (hi - lo) * rng.float();

  it('ln is within 2 ulp of Math.log from 1e-300 to 1e300, and near 1', () => {
    expect(worst(ln, Math.log, logUniform(-690, 690))).toBeLessThanOrEqual(2);
    expect(worst(ln, Math.log, uniform(0.5, 2))).toBeLessThanOrEqual(2);
    expect([ln(1), ln(0), ln(-1), ln(Infinity), ln(5e-324) / Math.log(5e-324)]).toEqual([0, -Infinity, NaN, Infinity, 1]);
  });

  it('exp is within 2 ulp of Math.exp on [-700, 700]; overflow and underflow at the same points', () => {
    expect(worst(exp, Math.exp, uniform(-700, 700))).toBeLessThanOrEqual(2);
    expect(worst(exp, Math.exp, uniform(-1, 1))).toBeLessThanOrEqual(2);
    expect([exp(0), exp(710), exp(-746), exp(NaN)]).toEqual([1, Infinity, 0, NaN]);
    expect(exp(709.7) / Math.exp(709.7)).toBeCloseTo(1, 14);
    expect(exp(-740) / Math.exp(-740)).toBeCloseTo(1, 2); // subnormal result
  });

  it('expm1, log1p and tanh are within 4 ulp, including tiny arguments', () => {
    expect(worst(expm1, Math.expm1, uniform(-2, 2))).toBeLessThanOrEqual(4);
    expect(worst(expm1, Math.expm1, logUniform(-40, -1))).toBeLessThanOrEqual(4);
    expect(worst(log1p, Math.log1p, uniform(-0.9, 3))).toBeLessThanOrEqual(4);
    expect(worst(log1p, Math.log1p, logUniform(-40, -1))).toBeLessThanOrEqual(4);
    expect(worst(tanh, Math.tanh, uniform(-25, 25))).toBeLessThanOrEqual(4);
    expect(worst(tanh, Math.tanh, logUniform(-40, 0))).toBeLessThanOrEqual(4);
    expect([tanh(0), tanh(30), tanh(-30), expm1(0), log1p(0), log1p(-1), log1p(Infinity), log1p(-2), expm1(-50), expm1(800)]).toEqual([0, 1, -1, 0, 0, -Infinity, Infinity, NaN, -1, Infinity]);
  });

  it('pow(x, y) = exp(y ln x) to 1e-14 relative where |y ln x| <= 50', () => {
    let w = 0;
    for (let k = 0; k < 20000; k++) {
      const x = Math.exp(-30 + 60 * rng.float());
      const y = (-50 + 100 * rng.float()) / Math.max(1, Math.abs(Math.log(x)));
      w = Math.max(w, Math.abs(pow(x, y) / Math.pow(x, y) - 1));
    }
    expect(w).toBeLessThan(1e-14);
    expect([pow(2, 0), pow(1, 1e308), pow(0, 2), pow(0, -1), pow(-2, 0.5)]).toEqual([1, 1, 0, Infinity, NaN]);
  });
});
