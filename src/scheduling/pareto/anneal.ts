// A scalarised annealer for the Pareto sweep: simulated annealing in assignment space on
// PlacementState's incremental terms, minimising
//
//     g = Σ_i w_i·f_i  +  ρ·Σ_i max(0, f_i − ε_i)/scale_i  +  μ·C          (f = R, L, F)
//
// so one routine serves weighted sums (ε = ∞) and ε-constraint runs (w on one objective, ε on
// the others). The constraint part is not linear in the deltas, so each proposal evaluates g at
// the state's totals plus the move's delta components (five numbers): O(1) beyond the move's
// own delta. Starts from a given assignment (warm), keeps the best state without hard
// violations that satisfies every ε (else the best by g). `accept0` (default 0.3) is the
// probability of accepting the median uphill move at the start: small values polish a good start
// instead of melting it. Deterministic for a seed; the step
// count, not the clock, drives the schedule, the time limit only cuts it short.

import { Rng } from '../../kernels/reference/rng.js';
import { proposalArrays } from '../../kernels/placement/layout.js';
import type { CompiledProblem } from '../compile.js';
import { PlacementState } from '../state.js';
import { exp, ln, pow } from '../../kernels/reference/detmath.js';

/** What to minimise. */
export interface Scalarisation {
  readonly weights: readonly [number, number, number];
  /** Upper bounds on R, L, F (Infinity for none). */
  readonly epsilon: readonly [number, number, number];
  /** Objective scales for the ε penalty (typically the front's ranges). */
  readonly scale: readonly [number, number, number];
  /** Penalty per scaled unit of ε excess. Default 1000. */
  readonly rho?: number;
}

const HARD = 1e-9;

/** Anneals from `start`; returns the best assignment and its objectives. */
export function annealScalarised(pr: CompiledProblem, start: Int32Array, sc: Scalarisation, opts: { seed: number; sweeps: number; timeLimitMs: number; accept0?: number; signal?: AbortSignal }): { assignment: Int32Array; R: number; L: number; F: number; hard: boolean; met: boolean } {
  const t0 = performance.now();
  const st = new PlacementState(pr, start);
  const rho = sc.rho ?? 1000;
  const mu = pr.weights[3];
  const [w0, w1, w2] = sc.weights;
  const [e0, e1, e2] = sc.epsilon;
  const [s0, s1, s2] = sc.scale.map((x) => (x > 0 ? x : 1));
  const g = (R: number, L: number, F: number, C: number) =>
    w0 * R + w1 * L + w2 * F + rho * (Math.max(0, R - e0) / s0 + Math.max(0, L - e1) / s1 + Math.max(0, F - e2) / s2) + mu * C;
  const met = (R: number, L: number, F: number) => R <= e0 * (1 + 1e-12) && L <= e1 * (1 + 1e-12) && F <= e2 * (1 + 1e-12);
  const { allowPtr, allowed } = proposalArrays(pr);
  const rng = new Rng(opts.seed, 7);
  const { P } = pr;
  let cur = g(st.R, st.L, st.F, st.Chard + st.Csoft);
  // T0: median uphill change over random proposals, accepted with probability 0.3.
  const ups: number[] = [];
  for (let i = 0; i < 256 && P > 0; i++) {
    const p = rng.below(P);
    const s = pr.podService[p];
    const len = allowPtr[s + 1] - allowPtr[s];
    if (len < 2) continue;
    st.deltaMove(p, allowed[allowPtr[s] + rng.below(len)]);
    const d = st.delta;
    const v = g(st.R + d[0], st.L + d[1], st.F + d[2], st.Chard + d[3] + st.Csoft + d[4]) - cur;
    if (v > 0 && d[3] <= HARD) ups.push(v);
  }
  ups.sort((a, b) => a - b);
  let T = ups.length > 0 ? ups[ups.length >> 1] / ln(1 / (opts.accept0 ?? 0.3)) : 1;
  const steps = opts.sweeps * P;
  const alpha = steps > 0 ? pow(1e-3, 1 / steps) : 1;
  const best = st.assignment.slice();
  const key = () => [st.Chard > HARD ? 1 : 0, met(st.R, st.L, st.F) ? 0 : 1, cur] as const;
  let bestKey = key();
  let bestObj = [st.R, st.L, st.F];
  for (let step = 0; step < steps; step++) {
    if ((step & 1023) === 0 && (performance.now() - t0 > opts.timeLimitMs || opts.signal?.aborted === true)) break;
    T *= alpha;
    const p = rng.below(P);
    const s = pr.podService[p];
    const len = allowPtr[s + 1] - allowPtr[s];
    if (len < 2) continue;
    // A third aim at the node of a call-graph neighbour's pod, a third at a used node (packing),
    // a third at any allowed node (sa.ts's proposal mix).
    const u = rng.float();
    const degree = pr.graphPtr[s + 1] - pr.graphPtr[s];
    let b: number;
    if (u < 0.35 && degree > 0) {
      const t = pr.graphCol[pr.graphPtr[s] + rng.below(degree)];
      b = st.assignment[pr.serviceStart[t] + rng.below(pr.serviceStart[t + 1] - pr.serviceStart[t])];
    } else if (u < 0.7) {
      b = st.assignment[rng.below(P)];
    } else {
      b = allowed[allowPtr[s] + rng.below(len)];
    }
    if (b === st.assignment[p] || pr.mask[p * pr.N + b] === 0) continue;
    st.deltaMove(p, b);
    const d = st.delta;
    const next = g(st.R + d[0], st.L + d[1], st.F + d[2], st.Chard + d[3] + st.Csoft + d[4]);
    const dv = next - cur;
    if (dv > 0 && rng.float() >= exp(-dv / T)) continue;
    st.applyMove(p, b);
    cur = next;
    const k = key();
    if (k[0] < bestKey[0] || (k[0] === bestKey[0] && (k[1] < bestKey[1] || (k[1] === bestKey[1] && k[2] < bestKey[2] - 1e-12)))) {
      best.set(st.assignment);
      bestKey = k;
      bestObj = [st.R, st.L, st.F];
    }
  }
  return { assignment: best, R: bestObj[0], L: bestObj[1], F: bestObj[2], hard: bestKey[0] === 1, met: bestKey[1] === 0 };
}
