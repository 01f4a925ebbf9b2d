// The Metropolis acceptance rule of every annealing kernel: bit-identical twin of
// src/kernels/reference/metropolis.ts (same expNeg arithmetic, same RNG draws), so a seed gives
// the same decisions in every backend. Math.exp is not used: its last bit may differ from V8's.

import { rngNextU32 } from "../rng";

/** beta * dE at or above this rejects without a draw: e^-23 * 2^32 < 0.5. */
export const REJECT_ABOVE: f64 = 23.0;

// @ts-ignore: decorator
@inline
export function expNeg(x: f64): f64 {
  const t = x * 1.4426950408889634;
  const k = Math.floor(t);
  const y = (t - k) * 0.6931471805599453;
  let p: f64 = -1.0 / 39916800.0;
  p = p * y + 1.0 / 3628800.0;
  p = p * y - 1.0 / 362880.0;
  p = p * y + 1.0 / 40320.0;
  p = p * y - 1.0 / 5040.0;
  p = p * y + 1.0 / 720.0;
  p = p * y - 1.0 / 120.0;
  p = p * y + 1.0 / 24.0;
  p = p * y - 1.0 / 6.0;
  p = p * y + 0.5;
  p = p * y - 1.0;
  p = p * y + 1.0;
  // 2^-k exactly, built from the exponent bits
  return p * reinterpret<f64>(<i64>(1023 - <i32>k) << 52);
}

/** Metropolis decision for energy change `delta` at `beta`, drawing from the stream at `rng`. */
// @ts-ignore: decorator
@inline
export function accept(delta: f64, beta: f64, rng: usize): bool {
  if (delta <= 0.0) return true;
  const x = beta * delta;
  if (x >= REJECT_ABOVE) return false;
  return <f64>rngNextU32(rng) < expNeg(x) * 4294967296.0;
}
