// Hierarchical decomposition for large problems: partition (partition.ts) → solve the parts →
// stitch → polish. The parts have disjoint services and disjoint nodes, so their solves are
// independent: on a pool (options.pool, through solveOnPool) they run side by side, else one
// after another in this thread, each with an equal share of the solve budget. Stitching maps
// each part's pod → node back onto the full compiled problem; a pod a part could not place goes
// to the allowed node with the most room (possibly overfull) and the polish must move it.
// Polish: the scalarised annealer (pareto/anneal.ts) on the full problem's H (cross-part call
// edges and the global terms back in), started cold (accept0 = 0.02) from the stitched
// assignment for the rest of the budget, so it refines rather than melts. The result is never
// worse than the stitched start, and when the stitched start is worse than the kube-like
// greedy on the whole problem (measured, not assumed) the polish starts from the greedy.

import { abortErrorFrom } from '../../errors.js';
import { kubeGreedy } from '../baselines/greedy.js';
import { compile, type CompiledProblem } from '../compile.js';
import { evaluate } from '../energy.js';
import { solveOnPool } from '../parallel.js';
import { annealScalarised } from '../pareto/anneal.js';
import { schedule as coreSchedule } from '../schedule.js';
import type { TaskRunner } from '../solvers/types.js';
import type { Cluster, NetworkModel, Penalties, Placement, Weights, Workload } from '../types.js';
import { partitionProblem } from './partition.js';

/** schedule() picks decomposition above this many pods (documented in ARCHITECTURE.md). */
export const DECOMPOSE_THRESHOLD = 500;

/** Options of decomposeSolve. */
export interface DecomposeOptions {
  /** Total budget, ms (parts get ~50%, the polish the rest but at least 25%, so a run may overrun by that much when the parts overran). Default 4000. */
  readonly timeLimitMs?: number;
  /** Most pods per part. Default 500. */
  readonly maxPartPods?: number;
  /** Solver for the parts. Default 'sa'. */
  readonly solver?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly seed?: number;
  readonly pool?: TaskRunner;
  readonly signal?: AbortSignal;
  /** The in-thread schedule (the Node entry passes its own). Default: the core schedule. */
  readonly schedule?: typeof coreSchedule;
  readonly weights?: Partial<Weights>;
  readonly penalties?: Partial<Penalties>;
  readonly network?: Partial<NetworkModel>;
  /** The compiled full problem when the caller has it already (schedule() does); else compiled here. */
  readonly problem?: CompiledProblem;
}

/** What decomposeSolve returns: node index per pod on the full compiled problem, and how it went. */
export interface DecomposeResult {
  readonly problem: CompiledProblem;
  readonly assignment: Int32Array;
  readonly stats: Readonly<Record<string, number | string | boolean>>;
}

/** Partitions, solves the parts, stitches and polishes. Rejects on bad input or abort. */
export async function decomposeSolve(cluster: Cluster, workload: Workload, options: DecomposeOptions = {}): Promise<DecomposeResult> {
  const started = performance.now();
  const budget = options.timeLimitMs ?? 4000;
  const seed = options.seed ?? 1;
  const run = options.schedule ?? coreSchedule;
  const energyOpts = { ...(options.weights ? { weights: options.weights } : {}), ...(options.penalties ? { penalties: options.penalties } : {}), ...(options.network ? { network: options.network } : {}) };
  const pr = options.problem ?? compile(cluster, workload, energyOpts);
  const parts = partitionProblem(cluster, workload, { maxPartPods: options.maxPartPods });
  const tPartition = performance.now() - started;
  const workers = options.pool?.workers ?? 1;
  const waves = Math.ceil(parts.length / Math.max(1, workers));
  const partBudget = Math.max(50, (0.5 * budget - tPartition) / waves);
  const solveOpts = (k: number) => ({ solver: options.solver ?? 'sa', timeLimitMs: partBudget, seed: seed + k, params: options.params ?? {}, ...energyOpts });
  let placements: Placement[];
  if (options.pool !== undefined) {
    placements = await Promise.all(parts.map((p, k) => solveOnPool({ cluster: p.cluster, workload: p.workload }, { ...solveOpts(k), signal: options.signal }, options.pool as TaskRunner)));
  } else {
    placements = [];
    for (let k = 0; k < parts.length; k++) {
      if (options.signal?.aborted) throw abortErrorFrom(options.signal);
      placements.push(await run(parts[k].cluster, parts[k].workload, solveOpts(k)));
    }
  }
  const tParts = performance.now() - started;

  // Stitch.
  const nodeIndex = new Map(pr.nodeNames.map((n, i) => [n, i]));
  const podIndex = new Map(pr.podNames.map((n, i) => [n, i]));
  const assignment = new Int32Array(pr.P).fill(-1);
  for (const p of placements) for (const [pod, node] of Object.entries(p.assignment)) assignment[podIndex.get(pod) as number] = nodeIndex.get(node) as number;
  let unplacedParts = 0;
  const used = new Float64Array(pr.N * pr.R);
  for (let p = 0; p < pr.P; p++) if (assignment[p] >= 0) for (let r = 0; r < pr.R; r++) used[assignment[p] * pr.R + r] += pr.podReq[p * pr.R + r];
  for (let p = 0; p < pr.P; p++) {
    if (assignment[p] >= 0) continue;
    unplacedParts++;
    let best = -1;
    let bestRoom = -Infinity;
    for (let n = 0; n < pr.N; n++) {
      if (pr.mask[p * pr.N + n] === 0) continue;
      let room = Infinity;
      for (let r = 0; r < pr.R; r++) if (pr.nodeCap[n * pr.R + r] > 0) room = Math.min(room, (pr.nodeCap[n * pr.R + r] - used[n * pr.R + r] - pr.podReq[p * pr.R + r]) / pr.nodeCap[n * pr.R + r]);
      if (room > bestRoom) { bestRoom = room; best = n; }
    }
    assignment[p] = best >= 0 ? best : 0;
    for (let r = 0; r < pr.R; r++) used[assignment[p] * pr.R + r] += pr.podReq[p * pr.R + r];
  }
  const stitched = evaluate(pr, assignment);

  // Polish from the better of the stitched assignment and the whole-problem greedy.
  const left = budget - (performance.now() - started);
  let start: Int32Array = assignment;
  let from = 'stitched';
  let greedyH = NaN;
  if (left > 200 || stitched.Chard > 1e-9) {
    const g = kubeGreedy(pr, 'LeastAllocated', seed);
    if (!g.assignment.some((n) => n < 0)) {
      const ge = evaluate(pr, g.assignment);
      greedyH = ge.H;
      const worse = (a: typeof ge, b: typeof ge) => (a.Chard > 1e-9 ? 1 : 0) - (b.Chard > 1e-9 ? 1 : 0) || a.H - b.H;
      if (worse(stitched, ge) > 0) { start = g.assignment; from = 'greedy'; }
    }
  }
  // The polish is what puts cross-part call edges right: it keeps at least a quarter of the
  // budget even when the parts overran theirs (measured: a 2-worker pool on a loaded 2-core
  // machine left it 89 ms and H came out 21% worse).
  const polishMs = Math.max(0.25 * budget, budget - (performance.now() - started));
  let final: Int32Array = start;
  let polishSteps = 0;
  if (polishMs > 20) {
    const w = pr.weights;
    const sweeps = Math.max(1, Math.round((polishMs * 1500) / Math.max(1, pr.P)));
    const r = annealScalarised(pr, start, { weights: [w[0], w[1], w[2]], epsilon: [Infinity, Infinity, Infinity], scale: [1, 1, 1] }, { seed, sweeps, timeLimitMs: polishMs, accept0: 0.02, signal: options.signal });
    polishSteps = sweeps * pr.P;
    const before = evaluate(pr, start);
    const after = evaluate(pr, r.assignment);
    if ((after.Chard > 1e-9 ? 1 : 0) < (before.Chard > 1e-9 ? 1 : 0) || ((after.Chard > 1e-9) === (before.Chard > 1e-9) && after.H <= before.H)) final = r.assignment;
  }
  if (options.signal?.aborted) throw abortErrorFrom(options.signal);
  return {
    problem: pr,
    assignment: final,
    stats: {
      decomposed: true, parts: parts.length, maxPartPods: options.maxPartPods ?? 500, workers,
      partitionMs: tPartition, partsMs: tParts - tPartition, stitchedH: stitched.H, greedyH, polishFrom: from,
      polishMs, polishSweeps: polishSteps / Math.max(1, pr.P), unplacedByParts: unplacedParts, elapsedMs: performance.now() - started,
    },
  };
}
