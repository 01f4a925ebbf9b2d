// Simulated quantum annealing (path-integral Monte Carlo): options, defaults and plan. The
// kernels' sqaSweeps works on the SPIN form of the model (model.toVartype('SPIN')); states map
// back to the caller's vartype (x = (s + 1)/2) before energies are taken on the caller's model.
//
// Schedules (per sweep t of T = sweeps): Γ(t) = Γ0·(1 − t/T); T(t) = T0·α^⌊t/coolEvery⌋ (cooling
// applied per block of coolEvery sweeps, so the anneal spans the same temperature range
// whatever the sweep count); J⊥(t) = −(1/(2β))·ln tanh(β·Γ/K), clamped (schedule.ts).
// Defaults, from the SPIN model's flip scale (maxΔ = 2·max local field bound F, minΔ):
// - Γ0 = F = maxΔ/2: a transverse field as strong as the stiffest spin's largest field;
// - T0 = 1/(K·β_hot) and cooling toward 1/(K·β_cold), with β_hot, β_cold the SA range: the kernel
//   weighs the classical energy by 1/K, so each slice then starts at SA's hot end and ends at
//   its cold end; coolEvery = max(1, ⌊sweeps / S⌋) with S = ⌈ln(β_cold/β_hot) / −ln α⌉ steps;
// - α = 0.95, K = 8 replicas, global moves on;
// - adaptive restart: window 4 chunks, θ = (10⁻³·minΔ)² (the slices are frozen: their mean energy
//   has not moved by a thousandth of the smallest gap), at most 3 reheats to 0.6·T0 per read.

import type { Model } from '../qubo/model.js';
import { checkInteger, checkOptions } from '../validate.js';
import type { CommonOptions, InitialOptions } from './options.js';
import { checkBoolean, checkCommon, defaultChunk, nonNegative, numberIn, positiveInteger, resolveInitial } from './options.js';
import type { Plan } from './plan.js';
import { defaultBetaRange, flipScale } from './schedule.js';
import { ln } from '../kernels/reference/detmath.js';

/** Adaptive restart settings of 'sqa'. */
export interface RestartOptions {
  /** Chunks in the variance window (default 4). */
  readonly window?: number;
  /** Variance below which the read reheats (default (10⁻³·minΔ)²). */
  readonly threshold?: number;
  /** Reheats per read (default 3). */
  readonly maxRestarts?: number;
}

/** Options of the 'sqa' sampler. */
export interface SqaOptions extends CommonOptions, InitialOptions {
  /** Sweeps per read (default 1000). */
  readonly sweeps?: number;
  /** Trotter replicas K, 2–64 (default 8). */
  readonly replicas?: number;
  /** Initial transverse field Γ0 (default: from the model scale). */
  readonly gamma0?: number;
  /** Initial temperature T0 (default: from the model scale). */
  readonly t0?: number;
  /** Cooling factor per step, in [0.92, 0.99] (default 0.95). */
  readonly alpha?: number;
  /** Sweeps per cooling step (default: spans the SA β range over the sweeps). */
  readonly coolEvery?: number;
  /** Flip a spin in every slice at once after each sweep (default true). */
  readonly globalMoves?: boolean;
  /** Adaptive restart: true (default), false, or settings. */
  readonly restart?: boolean | RestartOptions;
  /** Report every replica's final energy in info.sqa.replicaEnergies (default false). */
  readonly returnReplicas?: boolean;
}

/** Resolves SQA options into a plan. */
export function planSqa(model: Model, o: Record<string, unknown>): Plan {
  const common = checkCommon(o, 10);
  const initial = resolveInitial(model, o, common);
  const work = model.toVartype('SPIN');
  const sweeps = o.sweeps === undefined ? 1000 : positiveInteger('options.sweeps', o.sweeps);
  const replicas = o.replicas === undefined ? 8 : checkInteger('options.replicas', o.replicas, 2, 64);
  const scale = flipScale(work.csr);
  const [betaHot, betaCold] = defaultBetaRange(scale);
  const gamma0 = o.gamma0 === undefined ? (scale.maxDelta > 0 ? scale.maxDelta / 2 : 1) : nonNegative('options.gamma0', o.gamma0, true);
  const t0 = o.t0 === undefined ? 1 / (replicas * betaHot) : nonNegative('options.t0', o.t0, true);
  const alpha = o.alpha === undefined ? 0.95 : numberIn('options.alpha', o.alpha, 0.92, 0.99);
  const steps = Math.max(1, Math.ceil(ln(betaCold / betaHot) / -ln(alpha)));
  const coolEvery = o.coolEvery === undefined ? Math.max(1, Math.floor(sweeps / steps)) : positiveInteger('options.coolEvery', o.coolEvery);
  const globalMoves = o.globalMoves === undefined ? true : checkBoolean('options.globalMoves', o.globalMoves);
  const returnReplicas = o.returnReplicas === undefined ? false : checkBoolean('options.returnReplicas', o.returnReplicas);
  const restartOn = o.restart === undefined || o.restart === true || (typeof o.restart === 'object' && o.restart !== null);
  if (o.restart !== undefined && typeof o.restart !== 'boolean') checkOptions('options.restart', o.restart);
  const r = (typeof o.restart === 'object' && o.restart !== null ? o.restart : {}) as Record<string, unknown>;
  const restartWindow = !restartOn ? 0 : r.window === undefined ? 4 : positiveInteger('options.restart.window', r.window, 1 << 20);
  const restartThreshold = r.threshold === undefined ? (Number.isFinite(scale.minDelta) ? (1e-3 * scale.minDelta) ** 2 : 0) : nonNegative('options.restart.threshold', r.threshold);
  const maxRestarts = r.maxRestarts === undefined ? 3 : positiveInteger('options.restart.maxRestarts', r.maxRestarts, 1 << 20);
  let spinInitial = initial;
  if (initial !== null && model.vartype === 'BINARY') spinInitial = { ...initial, states: initial.states.map((x) => 2 * x - 1) };
  const chunk = common.chunk ?? defaultChunk(model, replicas);
  return {
    sampler: 'sqa', common, work, items: initial?.reads ?? common.reads, chunk, streamsPerItem: 1, unit: 'sweeps',
    params: { sampler: 'sqa', sweeps, replicas, gamma0, t0, alpha, coolEvery, globalMoves, restartWindow, restartThreshold, maxRestarts, returnReplicas },
    defaultWindow: Math.max(chunk, Math.ceil(sweeps / 10)),
    initial: spinInitial,
    manifest: {
      sweeps, replicas, gamma0, t0, tEnd: 1 / (replicas * betaCold), alpha, coolEvery, globalMoves,
      restartWindow, restartThreshold, maxRestarts, returnReplicas,
      initialStates: initial === null ? 'random' : `${initial.rows} given, rest ${initial.fill}`,
    },
  };
}
