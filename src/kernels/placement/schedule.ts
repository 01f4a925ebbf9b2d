// The annealing schedule of the placement PIMC, as pure functions so the host can resolve it
// per chunk and report it: slice temperature τ (geometric, with reheat), transverse field Γ
// (linear to 0), and the Trotter coupling J⊥ of each service from Γ, τ and its number of
// allowed nodes q.
//
// Coupling (the q-state Potts analogue of J⊥ = −(T/2)·ln tanh(Γ/(K·T))). Each pod is a q-state
// variable (q = the nodes its filters allow); the driver is the uniform mixer Γ·Σ_{m≠n}|m⟩⟨n|,
// which keeps a pod on feasible nodes. Its Trotter factor over one slice, ε = βΓ/K, is
// ⟨m|e^{εM}|n⟩ = e^{−ε}δ_mn + (e^{(q−1)ε} − e^{−ε})/q, whose diagonal/off-diagonal ratio is
// 1 + q/(e^{qε} − 1). So with slices weighted e^{−βH/K}, the replica system's energy is
//   E = Σ_k H(s^k)/K − Σ_k Σ_p J⊥_p·[s_p^k = s_p^{k+1}],  β·J⊥ = A(q, ε) = ln(1 + q/expm1(q·ε)).
// At q = 2 this is ln coth ε, exactly twice the Ising −½·ln tanh ε per s·s' (agreement changes
// by 1 where s·s' changes by 2). With τ = K·T the slice temperature, ε = Γ/τ. A is clamped at
// ACTION_MAX (60: a chain-breaking move then needs −ln u > 120, impossible for a 32-bit draw),
// and is 0 for a pod with fewer than 2 allowed nodes (it never moves).
//
// Behaviour worth knowing: with Γ linear and τ geometric, ε = Γ/τ grows through the middle of
// the anneal, so the coupling is strong at the start, fades while the slices cool as nearly
// independent annealers, and returns as Γ → 0 at the end, pulling the slices together.

import { expm1, log1p, pow } from '../reference/detmath.js';

/** −ln tanh-style actions above this are clamped (see the module comment). */
export const ACTION_MAX = 60;

/** A(q, ε) = ln(1 + q/expm1(q·ε)), clamped to [0, ACTION_MAX]; q < 2 gives 0. */
export function pottsAction(q: number, eps: number): number {
  if (q < 2) return 0;
  if (!(eps > 0)) return ACTION_MAX;
  const a = log1p(q / expm1(q * eps));
  return a < ACTION_MAX ? a : ACTION_MAX;
}

/** ε = Γ/τ giving action `action` at q states (the inverse of pottsAction). */
export function epsForAction(q: number, action: number): number {
  return log1p(q / expm1(action)) / q;
}

/** The resolved schedule of one anneal. */
export interface PimcSchedule {
  readonly sweeps: number;
  readonly replicas: number;
  /** Slice temperatures: start, end; reheats go to reheat·tau0. */
  readonly tau0: number;
  readonly tauEnd: number;
  readonly reheat: number;
  readonly gamma0: number;
  /** Allowed-node count of each service (q). */
  readonly q: Int32Array;
}

/** Where the temperature schedule currently starts: it cools from tauStart at sweep `since` to tauEnd at `sweeps`. */
export interface CoolingLeg {
  readonly since: number;
  readonly tauStart: number;
}

/** τ at sweep t of a leg: geometric from tauStart (t = since) to tauEnd (t = sweeps). */
export function tauAt(s: PimcSchedule, leg: CoolingLeg, t: number): number {
  const span = s.sweeps - leg.since;
  if (span <= 0) return s.tauEnd;
  return leg.tauStart * pow(s.tauEnd / leg.tauStart, (t - leg.since) / span);
}

/**
 * β and J⊥ of sweeps [from, from + count): betas[i] = K/τ, jperp[i·S + s] = A(q_s, Γ/τ)/β with
 * Γ(t) = Γ0·(1 − t/sweeps).
 */
export function fillChunk(s: PimcSchedule, leg: CoolingLeg, from: number, count: number, betas: Float64Array, jperp: Float64Array): void {
  const S = s.q.length;
  for (let i = 0; i < count; i++) {
    const t = from + i;
    const tau = tauAt(s, leg, t);
    const gamma = s.gamma0 * Math.max(0, 1 - t / s.sweeps);
    const beta = s.replicas / tau;
    betas[i] = beta;
    for (let k = 0; k < S; k++) jperp[i * S + k] = s.replicas > 1 ? pottsAction(s.q[k], gamma / tau) / beta : 0;
  }
}
