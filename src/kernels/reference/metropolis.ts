// The Metropolis acceptance rule shared by every annealing kernel, and the exp it uses.
// expNeg is written out (range reduction to 2^-k · e^-y, y ∈ [0, ln 2), degree-11 Horner
// polynomial; relative error < 3e-11, far below the 2^-32 resolution of a u32 draw) instead of
// calling Math.exp, because V8's and AssemblyScript's Math.exp may differ in the last bit:
// the same arithmetic in assembly/anneal/metropolis.ts keeps the backends' decisions identical.

/** β·ΔE at or above this rejects without a draw: e^-23 · 2^32 < 0.5. */
export const REJECT_ABOVE = 23;

const LOG2E = 1.4426950408889634;
const LN2 = 0.6931471805599453;
const POW2_NEG = new Float64Array(40).map((_, k) => 2 ** -k);

/** e^-x for 0 < x < 40, bit-identical to the AssemblyScript twin. */
export function expNeg(x: number): number {
  const t = x * LOG2E;
  const k = Math.floor(t);
  const y = (t - k) * LN2;
  // e^-y by Horner: Σ_{m=0}^{11} (−y)^m / m!
  let p = -1 / 39916800;
  p = p * y + 1 / 3628800;
  p = p * y - 1 / 362880;
  p = p * y + 1 / 40320;
  p = p * y - 1 / 5040;
  p = p * y + 1 / 720;
  p = p * y - 1 / 120;
  p = p * y + 1 / 24;
  p = p * y - 1 / 6;
  p = p * y + 0.5;
  p = p * y - 1;
  p = p * y + 1;
  return p * POW2_NEG[k];
}

/** u32 acceptance threshold scale. */
export const TWO32 = 4294967296;
