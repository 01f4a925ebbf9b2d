// Statistics for benchmarking samplers, with the intervals benchmark papers report:
// - success probability p of reaching a target energy, with the Wilson 95% score interval
//   (sound at p near 0 or 1 and at small counts, unlike the normal interval);
// - time-to-solution at 99% confidence, TTS = τ·ln(1 − 0.99)/ln(1 − p) for runs of length τ
//   (never below τ: at least one run, so p = 1 → τ; p = 0 → Infinity), with an interval either propagated from
//   the Wilson bounds of p (TTS falls as p rises, so the bounds swap) or bootstrapped over
//   repeated experiments (seeded, percentile interval);
// - residual energy, mean(E) − E_target, with a Student-t 95% interval.
// Every function takes a SampleSet (rows weighted by occurrences) or plain energies.

import { Rng } from '../kernels/reference/rng.js';
import { checkFinite, checkInteger, checkOptions, checkSeed } from '../validate.js';
import { SampleSet } from './sampleset.js';

/** Energies to analyse: a SampleSet (weighted by occurrences) or plain values. */
export type Energies = SampleSet | ArrayLike<number>;

/** A point estimate with a 95% interval. */
export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** The normal 0.975 quantile (two-sided 95%). */
export const Z95 = 1.959963984540054;

function weighted(name: string, input: Energies): { values: ArrayLike<number>; weights: ArrayLike<number> | null; count: number } {
  if (input instanceof SampleSet) return { values: input.energies, weights: input.occurrences, count: input.occurrences.reduce((a, b) => a + b, 0) };
  if (input === null || typeof input !== 'object' || typeof (input as ArrayLike<number>).length !== 'number') throw new TypeError(`${name} must be a SampleSet or an array of energies`);
  for (let k = 0; k < input.length; k++) checkFinite(`${name}[${k}]`, input[k]);
  return { values: input, weights: null, count: input.length };
}

/** The Wilson score interval of `successes` in `trials` at normal quantile z (default 95%). */
export function wilsonInterval(successes: number, trials: number, z = Z95): Estimate {
  const t = checkInteger('trials', trials, 1);
  const s = checkInteger('successes', successes, 0, t);
  const p = s / t;
  const z2 = z * z;
  const denom = 1 + z2 / t;
  const center = (p + z2 / (2 * t)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / t + z2 / (4 * t * t))) / denom;
  // the ends are exactly 0 and 1 at s = 0 and s = t; rounding would leave 1 − 2^-53
  return { value: p, low: s === 0 ? 0 : Math.max(0, center - half), high: s === t ? 1 : Math.min(1, center + half) };
}

/** Success probability against `target` (success: E ≤ target + tolerance, default 1e-9) with its Wilson interval. */
export function successProbability(energies: Energies, target: number, options?: { readonly tolerance?: number }): Estimate & { readonly successes: number; readonly trials: number } {
  const t = checkFinite('target', target);
  const tol = checkFinite('options.tolerance', checkOptions('options', options).tolerance ?? 1e-9);
  const { values, weights, count } = weighted('energies', energies);
  if (count === 0) throw new RangeError('energies must hold at least one sample');
  let successes = 0;
  for (let k = 0; k < values.length; k++) if (values[k] <= t + tol) successes += weights === null ? 1 : weights[k];
  return { ...wilsonInterval(successes, count), successes, trials: count };
}

/** TTS = max(τ, τ·ln(1 − confidence)/ln(1 − p)): p = 1 → τ, p = 0 → Infinity (confidence default 0.99). */
export function timeToSolution(tau: number, p: number, confidence = 0.99): number {
  const tt = checkFinite('tau', tau);
  if (tt < 0) throw new RangeError(`tau must be >= 0, got ${tt}`);
  const pp = checkFinite('p', p);
  if (pp < 0 || pp > 1) throw new RangeError(`p must be in [0, 1], got ${pp}`);
  const c = checkFinite('confidence', confidence);
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be in (0, 1), got ${c}`);
  if (pp >= 1) return tt;
  if (pp <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(tt, (tt * Math.log(1 - c)) / Math.log1p(-pp));
}

/** TTS with the interval propagated from the Wilson bounds of p (`successes` of `trials` runs of length τ). */
export function timeToSolutionInterval(tau: number, successes: number, trials: number, confidence = 0.99): Estimate {
  const w = wilsonInterval(successes, trials);
  return { value: timeToSolution(tau, w.value, confidence), low: timeToSolution(tau, w.high, confidence), high: timeToSolution(tau, w.low, confidence) };
}

/** One repetition of a benchmark: run length τ and how many of its runs succeeded. */
export interface Repetition {
  readonly tau: number;
  readonly successes: number;
  readonly trials: number;
}

/**
 * TTS over repeated experiments: the point estimate pools all runs (p = Σ successes / Σ trials,
 * τ = mean τ) and the 95% interval is the percentile bootstrap over repetitions (`resamples`
 * draws with replacement, seeded). An interval end is Infinity when some resample has p = 0.
 */
export function bootstrapTimeToSolution(repetitions: readonly Repetition[], options?: { readonly resamples?: number; readonly seed?: number; readonly confidence?: number }): Estimate {
  if (!Array.isArray(repetitions) || repetitions.length === 0) throw new RangeError('repetitions must be a non-empty array');
  const o = checkOptions('options', options);
  const resamples = checkInteger('options.resamples', o.resamples ?? 1000, 1, 1e6);
  const rng = new Rng(checkSeed('options.seed', o.seed ?? 1));
  const confidence = (o.confidence as number | undefined) ?? 0.99;
  repetitions.forEach((r, k) => {
    checkFinite(`repetitions[${k}].tau`, r.tau);
    checkInteger(`repetitions[${k}].trials`, r.trials, 1);
    checkInteger(`repetitions[${k}].successes`, r.successes, 0, r.trials);
  });
  const pooled = (pick: (k: number) => Repetition, count: number) => {
    let s = 0;
    let t = 0;
    let tau = 0;
    for (let k = 0; k < count; k++) {
      const r = pick(k);
      s += r.successes;
      t += r.trials;
      tau += r.tau;
    }
    return timeToSolution(tau / count, s / t, confidence);
  };
  const m = repetitions.length;
  const value = pooled((k) => repetitions[k], m);
  const draws = Array.from({ length: resamples }, () => pooled(() => repetitions[rng.below(m)], m)).sort((a, b) => a - b);
  const at = (q: number) => draws[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { value, low: at(0.025), high: at(0.975) };
}

const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Student-t 0.975 quantile: table for df ≤ 30, Cornish–Fisher expansion beyond (error < 1e-4). */
export function studentT975(df: number): number {
  checkInteger('df', df, 1);
  if (df <= 30) return T975[df - 1];
  const z = Z95;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3);
}

/** Residual energy mean(E) − target with a Student-t 95% interval (a single sample has a zero-width interval). */
export function residualEnergy(energies: Energies, target: number): Estimate & { readonly sd: number; readonly count: number } {
  const t = checkFinite('target', target);
  const { values, weights, count } = weighted('energies', energies);
  if (count === 0) throw new RangeError('energies must hold at least one sample');
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += (values[k] - t) * (weights === null ? 1 : weights[k]);
  const mean = sum / count;
  let ss = 0;
  for (let k = 0; k < values.length; k++) ss += (values[k] - t - mean) ** 2 * (weights === null ? 1 : weights[k]);
  const sd = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
  const half = count > 1 ? (studentT975(count - 1) * sd) / Math.sqrt(count) : 0;
  return { value: mean, low: mean - half, high: mean + half, sd, count };
}
