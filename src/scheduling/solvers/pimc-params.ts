// The knobs of 'pimc' (options.params), checked with messages that name the field, and its
// starting point: the best complete constructive baseline (the same rule as 'sa').

import { BACKEND_CHOICES } from '../../kernels/load.js';
import type { BackendChoice } from '../../kernels/contract.js';
import { Rng } from '../../kernels/reference/rng.js';
import { bestFitDecreasing, firstFitDecreasing } from '../baselines/binpack.js';
import { kubeGreedy } from '../baselines/greedy.js';
import { roundRobinSpread } from '../baselines/spread.js';
import type { CompiledProblem } from '../compile.js';
import { evaluate } from '../energy.js';
import type { SolverResult } from './types.js';

/** Tuning knobs of 'pimc' (options.params); optional ones default from the problem scale. */
export interface PimcParams {
  /** Trotter replicas K, 1–64 (default 1: best at equal work on generated instances, see bench/placement.ts). */
  readonly replicas: number;
  /** Sweeps per chain; a sweep is P proposals in each replica (default 1000; 3000 up to SMALL_PODS pods). */
  readonly sweeps?: number;
  /** Sweeps per kernel call (default ≈ 4096 proposals per call). */
  readonly chunk?: number;
  /** Independent chains, chain c on stream c of the seed (default: 4 up to SMALL_PODS pods, else 1). */
  readonly chains?: number;
  /** Final exhaustive descent on the best chain's result: 'moves', 'swaps' (moves and swaps), or 'off' (default: 'swaps' up to SWAP_POLISH_PODS pods, else 'off': at 200 pods a move pass costs more than the anneal and gained 0.01% in H). */
  readonly polish?: 'off' | 'moves' | 'swaps';
  /** Share of proposals that are swaps (default 0.1; they pay off only near full capacity and cost ~3 moves). */
  readonly swapRate: number;
  /** Shares of single moves aimed at a call-graph neighbour's node, at a used node, and at the pod's node in an adjacent slice (defaults 0.35, 0.35, 0.05). */
  readonly nearRate: number;
  readonly packRate: number;
  readonly agreeRate: number;
  /** Final over initial slice temperature (default 1e-3). */
  readonly tRatio: number;
  /** Probability of accepting the median uphill move at τ0 (default 0.3). */
  readonly accept0: number;
  /** Initial slice temperature τ0 = K·T0 (default from accept0). */
  readonly tau0?: number;
  /** Coupling action β·J⊥ at the start for the median pod (default 1); sets Γ0 unless gamma0 is given. */
  readonly action0: number;
  /** Initial transverse field Γ0 (default from action0). */
  readonly gamma0?: number;
  /** Trotter-slice exchange moves after each sweep, K ≥ 4 (default false). */
  readonly exchange: boolean;
  /** Sweeps without improvement before a reheat (default max(10, sweeps/8)); at most maxReheats (default 3). */
  readonly reheatWindow?: number;
  readonly maxReheats: number;
  /** Stop when the best improved by ≤ epsilon over the last `window` sweeps (default off; window defaults to reheatWindow). */
  readonly epsilon?: number;
  readonly window?: number;
  /** Kernel backend (default 'auto': WASM SIMD, else scalar, else reference). */
  readonly backend: BackendChoice;
}

/** Defaults of the required knobs. */
export const PIMC_DEFAULTS: PimcParams = Object.freeze({
  replicas: 1, swapRate: 0.1, nearRate: 0.35, packRate: 0.35, agreeRate: 0.05,
  tRatio: 1e-3, accept0: 0.3, action0: 1, exchange: false, maxReheats: 3, backend: 'auto' as BackendChoice,
});

const INTEGER: Record<string, [number, number]> = {
  replicas: [1, 64], sweeps: [0, 2 ** 31 - 1], chunk: [1, 2 ** 31 - 1], chains: [1, 256], reheatWindow: [1, 2 ** 31 - 1], maxReheats: [0, 1 << 20], window: [1, 2 ** 31 - 1],
};
const UNIT = ['swapRate', 'nearRate', 'packRate', 'agreeRate'];
const OPEN_UNIT = ['tRatio', 'accept0'];
const POSITIVE = ['tau0', 'action0'];
const NON_NEGATIVE = ['gamma0', 'epsilon'];
const KNOWN = [...Object.keys(PIMC_DEFAULTS), 'sweeps', 'chains', 'polish', 'chunk', 'tau0', 'gamma0', 'reheatWindow', 'epsilon', 'window'];

/**
 * Problems up to this many pods run 4 chains of 3000 sweeps by default (more restarts and a
 * slower anneal where they are cheap: on 13 MILP-proven instances of 16–30 pods the largest gap
 * to the optimum fell from 2.2% to 0.3%, bench/scheduling.ts).
 */
export const SMALL_PODS = 64;
/** Problems up to this many pods get swaps in the final descent (a swap pass costs P²/2 deltas). */
export const SWAP_POLISH_PODS = 120;

/** params.sweeps, or the default from the problem size. */
export const sweepsFor = (p: PimcParams, pods: number) => p.sweeps ?? (pods <= SMALL_PODS ? 3000 : 1000);
/** params.chains, or the default from the problem size. */
export const chainsFor = (p: PimcParams, pods: number) => p.chains ?? (pods <= SMALL_PODS ? 4 : 1);
/** params.polish, or the default from the problem size. */
export const polishFor = (p: PimcParams, pods: number) => p.polish ?? (pods <= SWAP_POLISH_PODS ? 'swaps' : 'off');

/** Checks options.params for 'pimc' and fills the defaults. */
export function readParams(params: Readonly<Record<string, unknown>>): PimcParams {
  const out: Record<string, unknown> = { ...PIMC_DEFAULTS };
  for (const [k, v] of Object.entries(params)) {
    if (!KNOWN.includes(k)) throw new RangeError(`options.params.${k} is not a parameter of 'pimc' (expected one of ${KNOWN.join(', ')})`);
    if (k === 'backend') {
      if (typeof v !== 'string') throw new TypeError(`options.params.backend must be a string, got ${typeof v}`);
      if (!BACKEND_CHOICES.includes(v as BackendChoice)) throw new RangeError(`options.params.backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${v}'`);
    } else if (k === 'polish') {
      if (v !== 'off' && v !== 'moves' && v !== 'swaps') throw new RangeError(`options.params.polish must be one of 'off', 'moves', 'swaps', got ${JSON.stringify(v)}`);
    } else if (k === 'exchange') {
      if (typeof v !== 'boolean') throw new TypeError(`options.params.exchange must be a boolean, got ${typeof v}`);
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`options.params.${k} must be a finite number, got ${String(v)}`);
      const range = INTEGER[k];
      if (range !== undefined && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) throw new RangeError(`options.params.${k} must be an integer in [${range[0]}, ${range[1]}], got ${v}`);
      if (UNIT.includes(k) && !(v >= 0 && v <= 1)) throw new RangeError(`options.params.${k} must be in [0, 1], got ${v}`);
      if (OPEN_UNIT.includes(k) && !(v > 0 && v < 1)) throw new RangeError(`options.params.${k} must be in (0, 1), got ${v}`);
      if (POSITIVE.includes(k) && !(v > 0)) throw new RangeError(`options.params.${k} must be > 0, got ${v}`);
      if (NON_NEGATIVE.includes(k) && !(v >= 0)) throw new RangeError(`options.params.${k} must be >= 0, got ${v}`);
    }
    out[k] = v;
  }
  const p = out as unknown as PimcParams;
  const aimed = p.nearRate + p.packRate + p.agreeRate;
  if (aimed > 1) throw new RangeError(`options.params.nearRate + packRate + agreeRate must be <= 1, got ${aimed}`);
  return p;
}

const HARD_EPS = 1e-9;

/**
 * The starting assignment: best complete baseline, else the fullest one topped up at random;
 * `packed` is the complete baseline on the fewest nodes (the temperature is also sampled there).
 */
export function bestBaseline(pr: CompiledProblem, seed: number): { assignment: Int32Array; from: string; packed: Int32Array | undefined } {
  const candidates: [string, SolverResult][] = [
    ['greedy', kubeGreedy(pr, 'LeastAllocated', seed)],
    ['greedy-most', kubeGreedy(pr, 'MostAllocated', seed)],
    ['bfd', bestFitDecreasing(pr)],
    ['ffd', firstFitDecreasing(pr)],
    ['spread', roundRobinSpread(pr)],
  ];
  let best = candidates[0];
  let bestKey = [Infinity, Infinity, Infinity];
  let packed: Int32Array | undefined;
  let fewest = Infinity;
  for (const c of candidates) {
    const e = evaluate(pr, c[1].assignment);
    if (e.unplaced === 0 && e.nodesUsed < fewest) {
      fewest = e.nodesUsed;
      packed = c[1].assignment;
    }
    const key = [e.unplaced, e.Chard > HARD_EPS ? 1 : 0, e.H];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
      best = c;
      bestKey = key;
    }
  }
  const assignment = best[1].assignment.slice();
  const rng = new Rng(seed, 0xfffffffe);
  for (let p = 0; p < pr.P; p++) {
    if (assignment[p] >= 0) continue;
    const allowed: number[] = [];
    for (let n = 0; n < pr.N; n++) if (pr.mask[p * pr.N + n] === 1) allowed.push(n);
    assignment[p] = allowed.length > 0 ? allowed[rng.below(allowed.length)] : rng.below(pr.N);
  }
  return { assignment, from: best[0], packed };
}
