// The Metropolis acceptance rule shared by every annealing kernel, and the logarithm it uses.
//
// Every attempt consumes exactly one u32 draw u, and the move is accepted iff
//   β·ΔE < negLog(u) = −ln((u + ½)·2^−32),
// which accepts with probability min(1, e^−βΔE) (negLog > 0 always, so ΔE < 0 always accepts),
// except that a zero-energy move is accepted only when negLog(u) > ln 2 (probability ½): with
// every zero move accepted, sequential sweeps on a plateau were deterministic and domain walls
// on a frustrated ring travelled in lockstep with the sweep forever (a 5-cycle stuck at E = 1).
// Comparing against a logarithm of the draw instead of computing e^−βΔE per attempt means the
// draws and their logarithms for a whole sweep can be computed before the sweep, in a
// branch-free pass that pipelines (and vectorises in the SIMD build), leaving one multiply and
// one compare in the update loop (measured: see ARCHITECTURE.md, "Annealing kernels").
// negLog is written out (exponent from clz, mantissa in [1, 2), atanh series to s^21; absolute
// error < 1e-11, far below the 2^−32 resolution of the draw) instead of calling Math.log,
// because V8's and AssemblyScript's Math.log may differ in the last bit: the same arithmetic in
// assembly/anneal/metropolis.ts keeps every backend's decisions identical.

/** ln 2: a zero-energy move is accepted iff negLog(u) > ln 2, i.e. with probability ½. */
export const LN2 = 0.6931471805599453;
/** POW2[k] = 2^(k − 31), exact. */
const POW2 = new Float64Array(33).map((_, k) => 2 ** (k - 31));

/** −ln((u + ½)·2^−32) for a u32 draw u, bit-identical to the AssemblyScript twin. */
export function negLog(u: number): number {
  const z = Math.clz32(u);
  const m = (u + 0.5) * POW2[z]; // (u + ½)·2^(z − 31) ∈ [1, 2), exact
  // ln m = 2·atanh(s), s = (m − 1)/(m + 1) ∈ [0, 1/3): the series to s^21, branch-free
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let p = 1 / 21;
  p = p * s2 + 1 / 19;
  p = p * s2 + 1 / 17;
  p = p * s2 + 1 / 15;
  p = p * s2 + 1 / 13;
  p = p * s2 + 1 / 11;
  p = p * s2 + 1 / 9;
  p = p * s2 + 1 / 7;
  p = p * s2 + 1 / 5;
  p = p * s2 + 1 / 3;
  p = p * s2 + 1;
  return (z + 1) * LN2 - 2 * s * p;
}
