// schedule(): the whole pipeline in one screen.
//   snapshot  validate the cluster and workload and compile them to flat arrays (compile.ts)
//   filter    hard filters are in the problem's mask; stop early if they already make a
//             placement impossible (explain.ts: blockingConstraints)
//   energy    H = λ1·R + λ2·L + λ3·F + μ·C over the compiled problem (energy.ts, state.ts)
//   solve     the named solver from the registry (solvers/index.ts); above DECOMPOSE_THRESHOLD
//             pods, parts solved separately, stitched and polished (decompose/)
//   devices   with device-granular resources, allocate devices and re-place pods that do not
//             pack onto their node's devices (device-repair.ts, through reschedule)
//   decode    names, the independent checker's verdict, the energy breakdown, per-pod
//             explanations and the manifest
// An infeasible problem is never silently placed: the result says `feasible: false` and lists
// the blocking constraints (found before solving, pods a solver could not place, or the
// checker's hard violations); `assignment` then holds only what was placed and must not be bound.

import { abortErrorFrom } from '../errors.js';
import { VERSION } from '../version.js';
import { checkPlacement } from './checker.js';
import { DECOMPOSE_THRESHOLD, decomposeSolve } from './decompose/index.js';
import { compile, type CompiledProblem } from './compile.js';
import { repairDevices } from './device-repair.js';
import { evaluate } from './energy.js';
import { blockingConstraints, decodeAssignment, explainPods, unplacedBlocking } from './explain.js';
import { fillScheduleOptions, type FilledScheduleOptions, type ScheduleOptions } from './options.js';
import { SOLVERS, type SolverResult } from './solvers/index.js';
import type { Cluster, Placement, Violation, Workload } from './types.js';

/** Places the workload's pods on the cluster's nodes; rejects (never throws) on bad input or abort. */
export async function schedule(cluster: Cluster, workload: Workload, options?: ScheduleOptions): Promise<Placement> {
  const started = performance.now();
  const opts = fillScheduleOptions(options);
  if (opts.signal?.aborted) throw abortErrorFrom(opts.signal);
  const problem = compile(cluster, workload, opts); // snapshot (+ energy weights)
  const blocking = blockingConstraints(problem); // filter
  const decompose = opts.decompose === true || (opts.decompose === 'auto' && problem.P > DECOMPOSE_THRESHOLD);
  const solved: SolverResult = blocking.length > 0
    ? { assignment: new Int32Array(problem.P).fill(-1), stats: { skipped: 'blocking constraints found before solving' } }
    : decompose // large: solve parts, stitch, polish (decompose/)
      ? await decomposeSolve(cluster, workload, {
          problem, solver: opts.solver, params: opts.params, seed: opts.seed, timeLimitMs: opts.timeLimitMs,
          weights: opts.weights, penalties: opts.penalties, network: opts.network, signal: opts.signal, pool: opts.pool,
          schedule: (c, w, o) => schedule(c, w, { ...o, kernels: options?.kernels, decompose: false }),
        })
      : await SOLVERS[opts.solver](problem, opts); // energy + solve
  return decode(cluster, workload, problem, opts, solved, blocking, started);
}

function decode(cluster: Cluster, workload: Workload, problem: CompiledProblem, opts: FilledScheduleOptions, solvedRaw: SolverResult, early: Violation[], started: number): Placement {
  // Devices (ClusterNode.devices): allocate them and re-place the pods that do not pack (device-repair.ts).
  const repair = early.length > 0 ? null : repairDevices(cluster, workload, problem, solvedRaw.assignment, opts.weights);
  const solved: SolverResult = repair === null ? solvedRaw
    : { ...solvedRaw, assignment: repair.assignment, stats: { ...solvedRaw.stats, deviceMisfits: repair.misfits, deviceRepairMoves: repair.moves } };
  const { assignment, unplaced } = decodeAssignment(problem, solved.assignment);
  const check = checkPlacement(cluster, workload, assignment, repair?.devices);
  const blocking = early.length > 0 ? early : [...unplacedBlocking(problem, solved), ...check.violations.filter((v) => v.soft !== true && v.constraint !== 'unplaced')];
  return {
    feasible: check.feasible && blocking.length === 0,
    assignment,
    unplaced,
    blocking,
    check,
    energy: evaluate(problem, solved.assignment),
    pods: explainPods(problem, solved.assignment, check.violations),
    ...(repair !== null ? { devices: repair.devices } : {}),
    latencyMs: performance.now() - started,
    manifest: {
      solver: opts.solver,
      seed: opts.seed,
      engineVersion: VERSION,
      options: { ...problem.resolved, timeLimitMs: opts.timeLimitMs, workers: opts.workers, params: opts.params },
      stats: solved.stats,
    },
  };
}
