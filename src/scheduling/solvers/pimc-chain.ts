// One chain of 'pimc': K Trotter replicas annealed in chunks of sweeps on the placement kernel,
// with the host-side rules between chunks (deadline, AbortSignal, best replica, reheat, ε-window
// stop). Separate from the solver so a pool worker can run chain c from the same spec
// (structured-clonable: typed arrays and numbers) and give the same result as this thread.

import { abortErrorFrom } from '../../errors.js';
import type { Kernels } from '../../kernels/contract.js';
import { COUNTERS, placementKernelsOf, referencePlacementKernels, TOTALS, type MoveThresholds, type PlacementKernels, type PreparedPlacement } from '../../kernels/placement/index.js';
import { fillChunk, tauAt, type CoolingLeg, type PimcSchedule } from '../../kernels/placement/schedule.js';
import type { CompiledProblem } from '../compile.js';
import { PlacementState } from '../state.js';

/** Everything one chain needs besides the problem and kernels. */
export interface PimcChainSpec {
  readonly seed: number;
  /** Chain index: the chain draws from stream `chain` of `seed`. */
  readonly chain: number;
  /** Assignment copied into every replica. */
  readonly start: Int32Array;
  readonly schedule: PimcSchedule;
  readonly moves: MoveThresholds;
  readonly chunk: number;
  readonly reheatWindow: number;
  readonly maxReheats: number;
  readonly epsilon?: number;
  readonly window?: number;
  /** Wall-clock budget of this chain from its start, ms. */
  readonly budgetMs: number;
}

/** What a chain found: its best replica state (hard-free states rank first) and its stats. */
export interface PimcChainResult {
  readonly assignment: Int32Array;
  readonly hard: boolean;
  readonly H: number;
  readonly sweeps: number;
  readonly reheats: number;
  readonly stoppedBy: 'sweeps' | 'time' | 'epsilon';
  /** Proposals evaluated, moves, swaps and exchanges accepted (contract COUNTERS). */
  readonly counters: Float64Array;
}

/** A chain's best so far. */
export interface Best { readonly hard: boolean; readonly H: number }
/** Whether x ranks above y by more than eps (a state without hard violations ranks above any with them). */
export const better = (x: Best, y: Best, eps: number) => (y.hard && !x.hard) || (x.hard === y.hard && x.H < y.H - eps);

/** Chard above this counts as a hard violation. */
export const HARD_EPS = 1e-9;
/** Reheats restart the slice temperature at this share of τ0. */
export const REHEAT = 0.6;

const yieldNow = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs one chain; rejects with AbortError when `signal` aborts between chunks. */
export async function runPimcChain(pr: CompiledProblem, kernels: PlacementKernels, prepared: PreparedPlacement, spec: PimcChainSpec, signal?: AbortSignal): Promise<PimcChainResult> {
  const started = performance.now();
  const s = spec.schedule;
  const K = s.replicas;
  const start = new PlacementState(pr, spec.start);
  const chain = kernels.createChain(prepared, K);
  const best = start.assignment.slice();
  let bestKey: Best = { hard: start.Chard > HARD_EPS, H: start.H() };
  const history: [number, Best][] = [[0, bestKey]];
  const betas = new Float64Array(spec.chunk);
  const jperp = new Float64Array(spec.chunk * pr.S);
  const tot = new Float64Array(K * TOTALS);
  const counters = new Float64Array(COUNTERS);
  const w = pr.weights;
  let leg: CoolingLeg = { since: 0, tauStart: s.tau0 };
  let stoppedBy: PimcChainResult['stoppedBy'] = 'sweeps';
  let reheats = 0;
  let lastYield = started;
  let t = 0;
  try {
    for (let r = 0; r < K; r++) kernels.setReplica(chain, r, start);
    kernels.seed(chain, spec.seed, spec.chain, spec.moves);
    // Whether the best improved by no more than eps over the last `window` sweeps of this leg.
    const stalled = (window: number, eps: number) => {
      if (t - leg.since < window) return false;
      let k = history.length - 1;
      while (k > 0 && history[k][0] > t - window) k--;
      return !better(bestKey, history[k][1], eps);
    };
    while (t < s.sweeps) {
      const now = performance.now();
      if (now - started > spec.budgetMs) { stoppedBy = 'time'; break; }
      if (now - lastYield > 20) {
        await yieldNow();
        lastYield = performance.now();
      }
      if (signal?.aborted) throw abortErrorFrom(signal);
      const n = Math.min(spec.chunk, s.sweeps - t);
      fillChunk(s, leg, t, n, betas, jperp);
      kernels.run(chain, n, betas, jperp);
      t += n;
      kernels.totals(chain, tot);
      for (let r = 0; r < K; r++) {
        const o = r * TOTALS;
        const key: Best = { hard: tot[o + 3] > HARD_EPS, H: w[0] * tot[o] + w[1] * tot[o + 1] + w[2] * tot[o + 2] + w[3] * (tot[o + 3] + tot[o + 4]) };
        if (better(key, bestKey, 1e-12)) {
          bestKey = key;
          kernels.readAssignment(chain, r, best);
        }
      }
      history.push([t, bestKey]);
      if (t >= s.sweeps) break;
      if (reheats < spec.maxReheats && tauAt(s, leg, t) < 0.1 * s.tau0 && s.sweeps - t >= spec.reheatWindow && stalled(spec.reheatWindow, 1e-9 * Math.max(1, Math.abs(bestKey.H)))) {
        leg = { since: t, tauStart: REHEAT * s.tau0 };
        reheats++;
      } else if (spec.epsilon !== undefined && stalled(spec.window ?? spec.reheatWindow, spec.epsilon)) {
        stoppedBy = 'epsilon';
        break;
      }
    }
    kernels.counters(chain, counters);
  } finally {
    chain.dispose();
  }
  return { assignment: best, hard: bestKey.hard, H: bestKey.H, sweeps: t, reheats, stoppedBy, counters };
}

/** One chain as a pool task (src/parallel/tasks.ts): structured-clonable, run by runPimcChainTask. */
export interface PimcChainTask {
  readonly kind: 'pimc-chain';
  readonly problem: CompiledProblem;
  readonly spec: PimcChainSpec;
  /** Run on the reference twin instead of the worker's WASM kernels. */
  readonly reference: boolean;
}

/** Runs a 'pimc-chain' task on a worker's kernels (the unchecked provider). */
export async function runPimcChainTask(kernels: Kernels, task: PimcChainTask): Promise<PimcChainResult> {
  const pk = task.reference ? referencePlacementKernels() : placementKernelsOf(kernels);
  const prepared = pk.prepare(task.problem);
  try {
    return await runPimcChain(task.problem, pk, prepared, task.spec);
  } finally {
    prepared.dispose();
  }
}
