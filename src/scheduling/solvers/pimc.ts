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
// cut a run short (stats.stoppedBy). Chain c draws from stream c of the seed, so a pool that
// runs chains on workers gives the same results; until then chains run here, one after another,
// sharing the time budget.

import { abortErrorFrom, KernelLoadError } from '../../errors.js';
import type { BackendChoice } from '../../kernels/contract.js';
import { COUNTERS, referencePlacementKernels, type PlacementKernels } from '../../kernels/placement/index.js';
import { proposalArrays } from '../../kernels/placement/layout.js';
import { epsForAction, type PimcSchedule } from '../../kernels/placement/schedule.js';
import { Rng } from '../../kernels/reference/rng.js';
import type { CompiledProblem } from '../compile.js';
import { PlacementState } from '../state.js';
import { better, HARD_EPS, REHEAT, runPimcChain, type PimcChainResult } from './pimc-chain.js';
import { bestBaseline, readParams, type PimcParams } from './pimc-params.js';
import type { SolverOptions, SolverResult } from './types.js';

export type { PimcParams } from './pimc-params.js';

/** Where a backend's placement kernels come from. */
export type PlacementKernelSource = (backend: BackendChoice) => Promise<PlacementKernels>;

// The Node loader lives in kernels/placement/node.ts, which reads the package's WASM files. The
// scheduling layer is part of the portable core (no Node import may be reachable from the edge
// entry), so it is imported lazily, only on Node, through a specifier the import-graph walkers
// and bundlers do not follow. On other runtimes 'auto' falls back to the reference provider.
const NODE_LOADER = '../../kernels/placement/node.js';

/** The default source: WASM from the package on Node, else the reference provider for 'auto'. */
export const defaultPlacementSource: PlacementKernelSource = async (backend) => {
  if (backend === 'reference') return referencePlacementKernels();
  const onNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  if (onNode) {
    const mod = (await import(/* @vite-ignore */ NODE_LOADER)) as { loadPlacementKernels(b: BackendChoice): Promise<PlacementKernels> };
    return mod.loadPlacementKernels(backend);
  }
  if (backend === 'auto') return referencePlacementKernels();
  throw new KernelLoadError(`options.params.backend '${backend}' needs the WASM build, which only loads on Node here`);
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
    const kernels = await source(prm.backend);
    const init = bestBaseline(pr, options.seed);
    const start = new PlacementState(pr, init.assignment);
    const K = prm.replicas;

    // Schedule defaults from the problem scale.
    const { allowPtr, allowed } = proposalArrays(pr);
    const q = Int32Array.from({ length: pr.S }, (_, s) => allowPtr[s + 1] - allowPtr[s]);
    const rng = new Rng(options.seed, 0xffffffff);
    const med = Math.max(medianUphill(pr, start, allowPtr, allowed, rng), init.packed === undefined ? 0 : medianUphill(pr, new PlacementState(pr, init.packed), allowPtr, allowed, rng));
    const tau0 = prm.tau0 ?? (med > 0 ? med / Math.log(1 / prm.accept0) : 1);
    const qs = Array.from(pr.podService, (s) => q[s]).filter((x) => x >= 2).sort((x, y) => x - y);
    const gamma0 = prm.gamma0 ?? (qs.length > 0 ? tau0 * epsForAction(qs[qs.length >> 1], prm.action0) : 0);
    const schedule: PimcSchedule = { sweeps: prm.sweeps, replicas: K, tau0, tauEnd: tau0 * prm.tRatio, reheat: REHEAT, gamma0, q };
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
      reheatWindow: prm.reheatWindow ?? Math.max(10, Math.round(prm.sweeps / 8)),
      maxReheats: prm.maxReheats, epsilon: prm.epsilon, window: prm.window,
    };

    // Chains one after another, each with an equal share of the time left (a pool would run them
    // side by side with the whole budget); the best chain wins, ties to the lower index.
    let best: PimcChainResult | undefined;
    const sum = new Float64Array(COUNTERS);
    let sweeps = 0;
    let reheats = 0;
    let stoppedBy = 'sweeps';
    const prepared = kernels.prepare(pr);
    try {
      for (let c = 0; c < prm.chains && stoppedBy !== 'time'; c++) {
        const budgetMs = (options.timeLimitMs - (performance.now() - started)) / (prm.chains - c);
        const r = await runPimcChain(pr, kernels, prepared, { ...spec, chain: c, budgetMs }, signal);
        if (best === undefined || better(r, best, 0)) best = r;
        for (let i = 0; i < COUNTERS; i++) sum[i] += r.counters[i];
        sweeps += r.sweeps;
        reheats += r.reheats;
        if (r.stoppedBy !== 'sweeps') stoppedBy = r.stoppedBy;
      }
    } finally {
      prepared.dispose();
    }
    return {
      assignment: best!.assignment,
      stats: {
        backend: kernels.backend, init: init.from, initH: start.H(), bestH: best!.H, replicas: K, chains: prm.chains, tau0, gamma0,
        sweeps, proposals: sum[0], accepted: sum[1] + sum[2], swaps: sum[2], exchanges: sum[3], reheats, stoppedBy,
        elapsedMs: performance.now() - started,
      },
    };
  };
}

/** Solver 'pimc' (WASM placement kernels on Node, see defaultPlacementSource). */
export const pimcSolver = createPimcSolver();
