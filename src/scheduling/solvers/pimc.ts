// 'pimc': path-integral Monte Carlo in assignment space on the placement kernel
// (src/kernels/placement: WASM with a plain-TS reference twin). K Trotter replicas of the
// assignment, coupled by agreement (the q-state Potts analogue of the transverse field, see
// kernels/placement/schedule.ts), anneal together in chunks of sweeps; pimc-chain.ts runs one
// chain (deadline, AbortSignal, best replica, reheat, ε-window between chunks), this file
// resolves the plan and merges chains.
//
// Start: the best complete constructive baseline, as 'sa' (so pimc never returns worse than its
// start), copied into every replica. Defaults from the problem scale: slice temperature τ0 such
// that the median uphill move that keeps hard constraints is accepted with probability accept0
// (as sa.ts), sampled on the start and on the most packed baseline, whichever is larger — from a
// spread-out start (LeastAllocated) no move opens or closes a node, so the start alone gave a
// temperature too low to ever empty one (measured: H 380 vs 302 on a 250-pod instance); τ cools
// geometrically to τ0·tRatio over `sweeps`; Γ0 makes the starting coupling action `action0` for
// the median pod's q, and Γ decays linearly to 0. Reheat: when a chain's best has not improved
// over `reheatWindow` sweeps and it has cooled below 0.1·τ0, τ restarts at 0.6·τ0 and cools to
// τ0·tRatio over the remaining sweeps (at most maxReheats times).
//
// Defaults measured on generated instances (100–500 pods, bench/placement.ts): at equal work,
// one replica did best (K = 2, 4, 8 cost a median 1.2%, 1.4%, 3.6% in H; stronger coupling, slice
// exchange and aimed "agree" moves did not help), so replicas defaults to 1 and the Trotter
// coupling is opt-in; swaps at 0.1 (they pay off only near full capacity and cost ~3 moves).
// Deterministic for a seed: schedules count sweeps, not time; the time limit and the signal only
// cut a run short (stats.stoppedBy). Chain c draws from stream c of the seed, so chains give the
// same results on a pool (options.pool: the Node entry's schedule passes its warm pool when
// workers > 1) as one after another here.
//
// Kernels are injected (options.kernels, see defaultPlacementSource): this file is part of the
// portable core and imports no Node API and no loader.

import { abortErrorFrom, KernelLoadError } from '../../errors.js';
import type { BackendChoice, Kernels } from '../../kernels/contract.js';
import { COUNTERS, placementKernelsOf, referencePlacementKernels, type PlacementKernels } from '../../kernels/placement/index.js';
import { proposalArrays } from '../../kernels/placement/layout.js';
import { epsForAction, type PimcSchedule } from '../../kernels/placement/schedule.js';
import { Rng } from '../../kernels/reference/rng.js';
import type { CompiledProblem } from '../compile.js';
import { PlacementState } from '../state.js';
import { better, HARD_EPS, REHEAT, runPimcChain, type PimcChainResult, type PimcChainSpec, type PimcChainTask } from './pimc-chain.js';
import { descend } from './descent.js';
import { bestBaseline, chainsFor, polishFor, readParams, sweepsFor, type PimcParams } from './pimc-params.js';
import type { SolverOptions, SolverResult } from './types.js';
import { ln } from '../../kernels/reference/detmath.js';

export type { PimcParams } from './pimc-params.js';

/** Where the placement kernels come from, given params.backend and the injected provider. */
export type PlacementKernelSource = (backend: BackendChoice, kernels: Kernels | undefined) => PlacementKernels | Promise<PlacementKernels>;

const cache = new WeakMap<Kernels, PlacementKernels>();

/**
 * The default source, no Node API: the injected provider (SolverOptions.kernels, which the Node
 * entry's `schedule` fills from the package's WASM, and edge callers from `loadKernels`), else
 * the reference twin. params.backend 'reference' always takes the twin; 'wasm' / 'wasm-scalar'
 * insist on a matching injected provider (KernelLoadError otherwise).
 */
export const defaultPlacementSource: PlacementKernelSource = (backend, kernels) => {
  if (backend === 'reference' || (kernels === undefined && backend === 'auto') || kernels?.backend === 'reference') {
    if (backend === 'wasm' || backend === 'wasm-scalar') throw new KernelLoadError(`options.params.backend '${backend}' needs WASM kernels, but options.kernels ${kernels === undefined ? 'is absent (pass loadKernels() from qsched or qsched/edge)' : 'is the reference provider'}`);
    return referencePlacementKernels();
  }
  if (kernels === undefined) throw new KernelLoadError(`options.params.backend '${backend}' needs WASM kernels: pass options.kernels (loadKernels() from qsched or qsched/edge)`);
  if (backend === 'wasm-scalar' && kernels.backend !== 'wasm-scalar') throw new KernelLoadError(`options.params.backend 'wasm-scalar' does not match options.kernels (${kernels.backend})`);
  let k = cache.get(kernels);
  if (k === undefined) cache.set(kernels, (k = placementKernelsOf(kernels)));
  return k;
};

/** Median of the uphill moves (to allowed nodes) that keep hard constraints, over 256 tries. */
function medianUphill(pr: CompiledProblem, st: PlacementState, allowPtr: Int32Array, allowed: Int32Array, rng: Rng): number {
  const ups: number[] = [];
  for (let i = 0; i < 256; i++) {
    const p = rng.below(pr.P);
    const s = pr.podService[p];
    const len = allowPtr[s + 1] - allowPtr[s];
    if (len < 2) continue;
    const b = allowed[allowPtr[s] + rng.below(len)];
    const d = st.deltaMove(p, b);
    if (d > 0 && st.delta[3] <= HARD_EPS) ups.push(d);
  }
  ups.sort((x, y) => x - y);
  return ups.length > 0 ? ups[ups.length >> 1] : 0;
}

/** A 'pimc' solver on the given kernel source. */
export function createPimcSolver(source: PlacementKernelSource = defaultPlacementSource) {
  return async function pimcSolver(pr: CompiledProblem, options: SolverOptions): Promise<SolverResult> {
    const started = performance.now();
    const prm: PimcParams = readParams(options.params);
    const { signal } = options;
    if (signal?.aborted) throw abortErrorFrom(signal);
    if (pr.P === 0 || pr.N === 0) return { assignment: new Int32Array(pr.P).fill(-1), stats: { steps: 0 } };
    const kernels = await source(prm.backend, options.kernels);
    const init = bestBaseline(pr, options.seed);
    const start = new PlacementState(pr, init.assignment);
    const K = prm.replicas;

    // Schedule defaults from the problem scale.
    const { allowPtr, allowed } = proposalArrays(pr);
    const q = Int32Array.from({ length: pr.S }, (_, s) => allowPtr[s + 1] - allowPtr[s]);
    const rng = new Rng(options.seed, 0xffffffff);
    const med = Math.max(medianUphill(pr, start, allowPtr, allowed, rng), init.packed === undefined ? 0 : medianUphill(pr, new PlacementState(pr, init.packed), allowPtr, allowed, rng));
    const tau0 = prm.tau0 ?? (med > 0 ? med / ln(1 / prm.accept0) : 1);
    const qs = Array.from(pr.podService, (s) => q[s]).filter((x) => x >= 2).sort((x, y) => x - y);
    const gamma0 = prm.gamma0 ?? (qs.length > 0 ? tau0 * epsForAction(qs[qs.length >> 1], prm.action0) : 0);
    const sweepCount = sweepsFor(prm, pr.P);
    const schedule: PimcSchedule = { sweeps: sweepCount, replicas: K, tau0, tauEnd: tau0 * prm.tRatio, reheat: REHEAT, gamma0, q };
    const spec = {
      seed: options.seed, start: start.assignment, schedule,
      moves: {
        swap: prm.swapRate * 2 ** 32,
        near: prm.nearRate * 2 ** 32,
        pack: (prm.nearRate + prm.packRate) * 2 ** 32,
        agree: (prm.nearRate + prm.packRate + prm.agreeRate) * 2 ** 32,
        exchange: prm.exchange,
      },
      chunk: prm.chunk ?? Math.max(1, Math.round(4096 / (K * pr.P))),
      reheatWindow: prm.reheatWindow ?? Math.max(10, Math.round(sweepCount / 8)),
      maxReheats: prm.maxReheats, epsilon: prm.epsilon, window: prm.window,
    };

    // Chain c draws from stream c of the seed, so where it runs does not change its result. With
    // a pool (options.pool, more than one worker) chains run side by side, each with the whole
    // budget; here they run one after another, each with an equal share of the time left. The
    // best chain wins, ties to the lower index.
    const chains = chainsFor(prm, pr.P);
    const results: PimcChainResult[] = [];
    const pool = options.pool !== undefined && options.pool.workers > 1 && chains > 1 ? options.pool : undefined;
    if (pool !== undefined) {
      const budgetMs = options.timeLimitMs - (performance.now() - started);
      const task = (c: number): PimcChainTask => ({ kind: 'pimc-chain', problem: pr, spec: { ...spec, chain: c, budgetMs }, reference: kernels.backend === 'reference' });
      results.push(...(await Promise.all(Array.from({ length: chains }, (_, c) => pool.run(task(c), { signal }) as Promise<PimcChainResult>))));
    } else {
      const prepared = kernels.prepare(pr);
      try {
        for (let c = 0; c < chains && results.at(-1)?.stoppedBy !== 'time'; c++) {
          const budgetMs = (options.timeLimitMs - (performance.now() - started)) / (chains - c);
          results.push(await runPimcChain(pr, kernels, prepared, { ...spec, chain: c, budgetMs } satisfies PimcChainSpec, signal));
        }
      } finally {
        prepared.dispose();
      }
    }
    let best: PimcChainResult | undefined;
    const sum = new Float64Array(COUNTERS);
    let sweeps = 0;
    let reheats = 0;
    let stoppedBy = 'sweeps';
    for (const r of results) {
      if (best === undefined || better(r, best, 0)) best = r;
      for (let i = 0; i < COUNTERS; i++) sum[i] += r.counters[i];
      sweeps += r.sweeps;
      reheats += r.reheats;
      if (r.stoppedBy !== 'sweeps') stoppedBy = r.stoppedBy;
    }
    // Polish: exhaustive descent by moves (and swaps on small problems) from the best chain's
    // state, unless the run was cut short by time or abort. Measured on 30-pod × 8-node
    // instances against the MILP optimum (bench/scheduling.ts): it closes most of the last
    // percent a chain leaves.
    const mode = stoppedBy === 'time' ? 'off' : polishFor(prm, pr.P);
    let assignment = best!.assignment;
    let bestH = best!.H;
    let polishMoves = 0;
    let polishSwaps = 0;
    if (mode !== 'off' && !(signal?.aborted ?? false)) {
      const d = descend(pr, assignment, allowPtr, allowed, mode === 'swaps');
      assignment = d.state.assignment;
      bestH = d.state.H();
      polishMoves = d.moves;
      polishSwaps = d.swaps;
    }
    return {
      assignment,
      stats: {
        backend: kernels.backend, pool: pool?.workers ?? 1, init: init.from, initH: start.H(), chainH: best!.H, bestH, replicas: K, chains, tau0, gamma0,
        sweeps, proposals: sum[0], accepted: sum[1] + sum[2], swaps: sum[2], exchanges: sum[3], reheats, stoppedBy, polish: mode, polishMoves, polishSwaps,
        elapsedMs: performance.now() - started,
      },
    };
  };
}

/** Solver 'pimc' on the injected kernels (see defaultPlacementSource). */
export const pimcSolver = createPimcSolver();
