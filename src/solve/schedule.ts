// Temperature and field schedules, as pure functions of the model and the options, so the host
// can resolve them once, report them in the manifest and hand the same numbers to every shard.
//
// Default β range (after dwave-neal's default_beta_range): a single flip changes the energy by
// at most maxΔ = c·max_i(|linear_i| + Σ_j |Q_ij|) and, on non-degenerate moves, by at least
// about minΔ = c·min(non-zero |linear_i|, |Q_ij|), with c = 2 for SPIN (a flip moves s by 2) and
// 1 for BINARY. The hot end lets the stiffest variable flip with probability ≥ 50%
// (β_hot = ln 2 / maxΔ); the cold end leaves ~1% excitation across the smallest gap
// (β_cold = ln 100 / minΔ). A model with no biases at all gets neal's [0.1, 1].

import type { CsrArrays } from '../kernels/contract.js';
import { exp, ln, log1p, pow, tanh } from '../kernels/reference/detmath.js';

/** Bounds on single-flip energy changes. */
export interface FlipScale {
  /** Upper bound on |ΔE| of any single flip (0 for an all-zero model). */
  readonly maxDelta: number;
  /** Smallest non-zero bias magnitude times the flip factor (Infinity for an all-zero model). */
  readonly minDelta: number;
}

/** The flip-energy bounds of `csr` (see the module comment). */
export function flipScale(csr: CsrArrays): FlipScale {
  const { n, rowPtr, vals, linear } = csr;
  let max = 0;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    let s = Math.abs(linear[i]);
    if (s > 0) min = Math.min(min, s);
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const a = Math.abs(vals[k]);
      s += a;
      if (a > 0) min = Math.min(min, a);
    }
    max = Math.max(max, s);
  }
  const c = csr.vartype === 'SPIN' ? 2 : 1;
  return { maxDelta: c * max, minDelta: c * min };
}

/** [β_hot, β_cold] by the rule in the module comment. */
export function defaultBetaRange(scale: FlipScale): [number, number] {
  if (scale.maxDelta === 0 || !Number.isFinite(scale.minDelta)) return [0.1, 1];
  return [Math.LN2 / scale.maxDelta, ln(100) / scale.minDelta];
}

/** Step k of `count` β values from range[0] to range[1], geometric or linear (numpy's geomspace/linspace, exact end points). */
export function betaAt(kind: 'geometric' | 'linear', range: readonly [number, number], count: number, k: number): number {
  const [b0, b1] = range;
  if (count > 1 && k === count - 1) return b1;
  const t = count === 1 ? 0 : k / (count - 1);
  return kind === 'linear' ? b0 + (b1 - b0) * t : b0 * pow(b1 / b0, t);
}

/** All `count` steps of betaAt. */
export function betaSteps(kind: 'geometric' | 'linear', range: readonly [number, number], count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, k) => betaAt(kind, range, count, k));
}

/** −ln tanh(x) is clamped here: any larger coupling already rejects every chain-breaking move (β·ΔE ≥ 23). */
export const JPERP_ACTION_MAX = 60;

/**
 * The transverse coupling of path-integral Monte Carlo, J⊥ = −(1/(2β))·ln tanh(β·Γ/K).
 * Large β·Γ/K: tanh → 1 and J⊥ → 0 (computed as −log1p(−2/(e^{2x} + 1)) so it stays accurate and
 * reaches exactly 0 instead of −0 or NaN). Small or zero β·Γ/K: tanh → 0 and the action
 * −ln tanh x grows without bound, so it is clamped at JPERP_ACTION_MAX (the slices are then
 * frozen together exactly as with an infinite coupling).
 */
export function transverseCoupling(beta: number, gamma: number, replicas: number): number {
  const x = (beta * gamma) / replicas;
  let action = x < 1 ? -ln(tanh(x)) : -log1p(-2 / (exp(2 * x) + 1));
  if (!(action <= JPERP_ACTION_MAX)) action = JPERP_ACTION_MAX;
  return action > 0 ? action / (2 * beta) : 0;
}

/** The SQA schedule of one read, as resolved on the host (see sqa.ts for the defaults). */
export interface QuantumSchedule {
  readonly sweeps: number;
  readonly replicas: number;
  readonly gamma0: number;
  readonly t0: number;
  readonly alpha: number;
  /** Sweeps per cooling step: T drops by α once every coolEvery sweeps. */
  readonly coolEvery: number;
}

/**
 * β and J⊥ for sweeps [from, to) of a read whose temperature last restarted at sweep `since`
 * from `tStart`: Γ(t) = Γ0·(1 − t/sweeps), T(t) = tStart·α^⌊(t − since)/coolEvery⌋, β = 1/T
 * (capped at 1e300 so it stays finite when T underflows).
 */
export function quantumChunk(s: QuantumSchedule, from: number, to: number, since: number, tStart: number, betas: Float64Array, jperp: Float64Array): void {
  for (let t = from; t < to; t++) {
    const temperature = tStart * pow(s.alpha, Math.floor((t - since) / s.coolEvery));
    const beta = Math.min(1 / temperature, 1e300);
    const gamma = s.gamma0 * (1 - t / s.sweeps);
    betas[t - from] = beta;
    jperp[t - from] = transverseCoupling(beta, gamma, s.replicas);
  }
}

/** A geometric ladder of `count` β values from hot to cold. */
export function geometricLadder(hot: number, cold: number, count: number): Float64Array {
  return betaSteps('geometric', [hot, cold], count);
}

/**
 * One adaptation step of a tempering ladder toward equal swap acceptance. Swap acceptance
 * between neighbours falls roughly as a_k ≈ e^{−κ_k·g_k²} in the log-gap g_k = ln(β_{k+1}/β_k),
 * so equal acceptance needs g_k ∝ g_k/√(−ln a_k). Each step applies that factor clamped to
 * [0.8, 1.25] (rates over a few attempts are noisy, and on small models the cold chains share
 * the ground state, so their swaps are always accepted and a large step would overshoot), then
 * rescales all gaps so the end points stay fixed. Rates are clamped to [0.01, 0.99].
 */
export function adaptLadder(ladder: Float64Array, rates: Float64Array): void {
  const C = ladder.length;
  if (C < 3) return;
  const gaps = new Float64Array(C - 1);
  let before = 0;
  let after = 0;
  for (let k = 0; k < C - 1; k++) {
    const g = ln(ladder[k + 1] / ladder[k]);
    before += g;
    const a = Math.min(0.99, Math.max(0.01, rates[k]));
    gaps[k] = g * Math.min(1.25, Math.max(0.8, pow(-ln(a), -0.5)));
    after += gaps[k];
  }
  if (!(after > 0)) return;
  for (let k = 0; k < C - 2; k++) ladder[k + 1] = ladder[k] * exp((gaps[k] * before) / after);
}

/**
 * Default chains of parallel tempering: energy fluctuations grow as √n, so a geometric ladder
 * over ln(β_cold/β_hot) needs about √n·ln(β_cold/β_hot) rungs for a fixed swap acceptance; the
 * factor 1/4 gives ~30% (measured on random sparse models of 20–1000 variables, degree 6).
 */
export function defaultChains(n: number, betaHot: number, betaCold: number): number {
  return Math.min(64, Math.max(4, Math.ceil(0.2 * Math.sqrt(n) * ln(betaCold / betaHot))));
}
