// Classical optimizers for variational loops: Nelder–Mead and SPSA (value only), Adam and
// L-BFGS (value and gradient, e.g. from adjoint differentiation). Each minimizes, calls
// `callback(iteration, params, value)` once per iteration (return true to stop), and stops on
// its tolerance, `maxIterations`, `maxEvaluations` (objective calls) or `maxTimeMs`. Results
// keep the best point seen and a trace of (iteration, value, evaluations). SPSA draws its
// perturbations from the project's seeded xoshiro128**, so a seed gives the same run.

import { Rng } from '../kernels/reference/rng.js';
import { checkFinite, checkInteger, checkOptions, checkSeed } from '../validate.js';

/** A value-only objective. */
export type Objective = (x: Float64Array) => number;
/** An objective with its gradient. */
export type GradientObjective = (x: Float64Array) => { readonly value: number; readonly gradient: Float64Array };

/** Budgets and the per-iteration callback shared by every optimizer. */
export interface OptimizeOptions {
  readonly maxIterations?: number;
  readonly maxEvaluations?: number;
  readonly maxTimeMs?: number;
  /** Called after each iteration with the current best; return true to stop. */
  readonly callback?: (iteration: number, params: Float64Array, value: number) => boolean | void;
}

/** Why an optimizer stopped. */
export type OptimizeStopReason = 'converged' | 'maxIterations' | 'maxEvaluations' | 'maxTime' | 'callback';

/** The best point found and how the run went. */
export interface OptimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly reason: OptimizeStopReason;
  readonly trace: readonly { readonly iteration: number; readonly value: number; readonly evaluations: number }[];
}

/** Budget bookkeeping and the best point seen. */
class Run {
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  readonly deadline: number;
  readonly callback: OptimizeOptions['callback'];
  iterations = 0;
  evaluations = 0;
  best: Float64Array;
  bestValue = Infinity;
  reason: OptimizeStopReason | undefined;
  readonly trace: { iteration: number; value: number; evaluations: number }[] = [];

  constructor(x0: Float64Array, options: OptimizeOptions | undefined, defaultIterations: number) {
    const o = checkOptions('options', options);
    this.maxIterations = o.maxIterations === undefined ? defaultIterations : checkInteger('options.maxIterations', o.maxIterations, 0);
    this.maxEvaluations = o.maxEvaluations === undefined ? Infinity : checkInteger('options.maxEvaluations', o.maxEvaluations, 1);
    this.deadline = o.maxTimeMs === undefined ? Infinity : Date.now() + checkFinite('options.maxTimeMs', o.maxTimeMs);
    if (o.callback !== undefined && typeof o.callback !== 'function') throw new TypeError('options.callback must be a function');
    this.callback = o.callback as OptimizeOptions['callback'];
    this.best = x0.slice();
  }
  /** Records an evaluation; returns the value. */
  seen(x: Float64Array, value: number): number {
    this.evaluations++;
    if (value < this.bestValue) {
      this.bestValue = value;
      this.best = x.slice();
    }
    return value;
  }
  /** True when a budget is spent (sets the reason). */
  spent(): boolean {
    if (this.reason !== undefined) return true;
    if (this.evaluations >= this.maxEvaluations) this.reason = 'maxEvaluations';
    else if (Date.now() >= this.deadline) this.reason = 'maxTime';
    else if (this.iterations >= this.maxIterations) this.reason = 'maxIterations';
    return this.reason !== undefined;
  }
  /** Ends an iteration: trace, callback; true when the run must stop. */
  step(): boolean {
    this.iterations++;
    this.trace.push({ iteration: this.iterations, value: this.bestValue, evaluations: this.evaluations });
    if (this.callback?.(this.iterations, this.best.slice(), this.bestValue) === true) this.reason = 'callback';
    return this.spent();
  }
  result(): OptimizeResult {
    return { x: this.best, value: this.bestValue, iterations: this.iterations, evaluations: this.evaluations, reason: this.reason ?? 'converged', trace: this.trace };
  }
}

function start(x0: ArrayLike<number>): Float64Array {
  if (x0 === null || typeof x0 !== 'object' || typeof x0.length !== 'number') throw new TypeError('x0 must be an array of numbers');
  if (x0.length === 0) throw new RangeError('x0 must not be empty');
  return Float64Array.from(x0, (v, i) => checkFinite(`x0[${i}]`, v));
}

function fn(name: string, f: unknown): void {
  if (typeof f !== 'function') throw new TypeError(`${name} must be a function`);
}

/** Nelder–Mead simplex (adaptive coefficients for dimension n, Gao & Han 2012). */
export function nelderMead(f: Objective, x0: ArrayLike<number>, options?: OptimizeOptions & { readonly step?: number; readonly tolerance?: number }): OptimizeResult {
  fn('f', f);
  const x = start(x0);
  const run = new Run(x, options, 200 * x.length);
  const step = options?.step === undefined ? 0.1 : checkFinite('options.step', options.step);
  const tol = options?.tolerance === undefined ? 1e-10 : checkFinite('options.tolerance', options.tolerance);
  const n = x.length;
  const [alpha, beta, gamma, delta] = [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n];
  const simplex = [x.slice(), ...Array.from({ length: n }, (_, i) => { const v = x.slice(); v[i] += step; return v; })];
  const values = simplex.map((v) => run.seen(v, f(v)));
  const along = (c: Float64Array, w: Float64Array, t: number) => c.map((ci, i) => ci + t * (w[i] - ci));
  while (!run.spent()) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const [lo, hi, second] = [order[0], order[n], order[n - 1]];
    if (values[hi] - values[lo] <= tol * (Math.abs(values[lo]) + 1e-300) || values[hi] - values[lo] <= tol) break;
    const centroid = new Float64Array(n);
    for (const i of order.slice(0, n)) for (let d = 0; d < n; d++) centroid[d] += simplex[i][d] / n;
    const xr = along(centroid, simplex[hi], -alpha), fr = run.seen(xr, f(xr));
    if (fr < values[lo]) {
      const xe = along(centroid, simplex[hi], -alpha * beta), fe = run.seen(xe, f(xe));
      [simplex[hi], values[hi]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < values[second]) {
      [simplex[hi], values[hi]] = [xr, fr];
    } else {
      const outside = fr < values[hi];
      const xc = along(centroid, outside ? xr : simplex[hi], gamma), fc = run.seen(xc, f(xc));
      if (fc < (outside ? fr : values[hi])) [simplex[hi], values[hi]] = [xc, fc];
      else {
        for (const i of order.slice(1)) {
          simplex[i] = along(simplex[lo], simplex[i], delta);
          values[i] = run.seen(simplex[i], f(simplex[i]));
        }
      }
    }
    if (run.step()) break;
  }
  return run.result();
}

/** SPSA (Spall 1998): two evaluations per iteration along a seeded ±1 perturbation. */
export function spsa(f: Objective, x0: ArrayLike<number>, options?: OptimizeOptions & {
  readonly seed?: number; readonly a?: number; readonly c?: number; readonly alpha?: number; readonly gamma?: number;
}): OptimizeResult {
  fn('f', f);
  const x = start(x0);
  const run = new Run(x, options, 300);
  const o = options ?? {};
  const rng = new Rng(o.seed === undefined ? 0 : checkSeed('options.seed', o.seed));
  const a = o.a === undefined ? 0.2 : checkFinite('options.a', o.a);
  const c = o.c === undefined ? 0.1 : checkFinite('options.c', o.c);
  const alpha = o.alpha === undefined ? 0.602 : checkFinite('options.alpha', o.alpha);
  const gamma = o.gamma === undefined ? 0.101 : checkFinite('options.gamma', o.gamma);
  const A = 0.1 * (Number.isFinite(run.maxIterations) ? run.maxIterations : 100);
  run.seen(x, f(x));
  for (let k = 0; !run.spent(); k++) {
    const ak = a / (k + 1 + A) ** alpha, ck = c / (k + 1) ** gamma;
    const delta = Float64Array.from(x, () => (rng.u32() & 1 ? 1 : -1));
    const xp = x.map((v, i) => v + ck * delta[i]), xm = x.map((v, i) => v - ck * delta[i]);
    const diff = run.seen(xp, f(xp)) - run.seen(xm, f(xm));
    for (let i = 0; i < x.length; i++) x[i] -= (ak * diff) / (2 * ck * delta[i]);
    if (run.step()) break;
  }
  run.seen(x, f(x));
  return run.result();
}

/** Adam (Kingma & Ba 2015) on a gradient objective; stops when |g|∞ ≤ gradTolerance. */
export function adam(fg: GradientObjective, x0: ArrayLike<number>, options?: OptimizeOptions & {
  readonly learningRate?: number; readonly beta1?: number; readonly beta2?: number; readonly gradTolerance?: number;
}): OptimizeResult {
  fn('fg', fg);
  const x = start(x0);
  const run = new Run(x, options, 500);
  const o = options ?? {};
  const lr = o.learningRate === undefined ? 0.05 : checkFinite('options.learningRate', o.learningRate);
  const b1 = o.beta1 === undefined ? 0.9 : checkFinite('options.beta1', o.beta1);
  const b2 = o.beta2 === undefined ? 0.999 : checkFinite('options.beta2', o.beta2);
  const gtol = o.gradTolerance === undefined ? 1e-8 : checkFinite('options.gradTolerance', o.gradTolerance);
  const m = new Float64Array(x.length), v = new Float64Array(x.length);
  while (!run.spent()) {
    const { value, gradient } = fg(x);
    run.seen(x, value);
    if (gradient.every((g) => Math.abs(g) <= gtol)) break;
    const t = run.iterations + 1;
    for (let i = 0; i < x.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * gradient[i];
      v[i] = b2 * v[i] + (1 - b2) * gradient[i] ** 2;
      x[i] -= (lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + 1e-8);
    }
    if (run.step()) break;
  }
  return run.result();
}

/** L-BFGS with a backtracking (Armijo) line search; stops when |g|∞ ≤ gradTolerance or progress stalls. */
export function lbfgs(fg: GradientObjective, x0: ArrayLike<number>, options?: OptimizeOptions & { readonly memory?: number; readonly gradTolerance?: number; readonly tolerance?: number }): OptimizeResult {
  fn('fg', fg);
  let x = start(x0);
  const run = new Run(x, options, 200);
  const o = options ?? {};
  const mem = o.memory === undefined ? 10 : checkInteger('options.memory', o.memory, 1, 100);
  const gtol = o.gradTolerance === undefined ? 1e-8 : checkFinite('options.gradTolerance', o.gradTolerance);
  const ftol = o.tolerance === undefined ? 1e-14 : checkFinite('options.tolerance', o.tolerance);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
  let { value, gradient: g } = fg(x);
  run.seen(x, value);
  const S: Float64Array[] = [], Y: Float64Array[] = [];
  while (!run.spent() && !g.every((v) => Math.abs(v) <= gtol)) {
    // two-loop recursion: d = −H g
    const q = g.slice(), al: number[] = [];
    for (let i = S.length - 1; i >= 0; i--) {
      const a = dot(S[i], q) / dot(Y[i], S[i]);
      al[i] = a;
      for (let j = 0; j < q.length; j++) q[j] -= a * Y[i][j];
    }
    const scale = S.length > 0 ? dot(S[S.length - 1], Y[S.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < q.length; j++) q[j] *= scale;
    for (let i = 0; i < S.length; i++) {
      const b = dot(Y[i], q) / dot(Y[i], S[i]);
      for (let j = 0; j < q.length; j++) q[j] += S[i][j] * (al[i] - b);
    }
    let d = q.map((v) => -v);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      d = g.map((v) => -v);
      slope = -dot(g, g);
      S.length = Y.length = 0;
    }
    let t = 1, next: { value: number; gradient: Float64Array } | undefined, xn = x;
    for (let ls = 0; ls < 30 && !run.spent(); ls++) {
      xn = x.map((v, i) => v + t * d[i]);
      next = fg(xn);
      run.seen(xn, next.value);
      if (next.value <= value + 1e-4 * t * slope) break;
      next = undefined;
      t /= 2;
    }
    if (next === undefined) break;
    const s = xn.map((v, i) => v - x[i]), y = next.gradient.map((v, i) => v - g[i]);
    if (dot(s, y) > 1e-12) {
      S.push(s);
      Y.push(y);
      if (S.length > mem) (S.shift(), Y.shift());
    }
    const improvement = value - next.value;
    x = xn;
    value = next.value;
    g = next.gradient;
    if (run.step()) break;
    if (improvement <= ftol * Math.max(1, Math.abs(value))) break;
  }
  return run.result();
}
