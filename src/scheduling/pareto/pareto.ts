// pareto(): the trade-off between resource use R, latency L and fault exposure F as a set of
// non-dominated placements. Three kinds of runs feed one archive:
//
//   anchors        one dedicated single-objective run per objective (weights e_i, μ kept), so
//                  the front holds each single-objective optimum the solver finds
//   weighted sums  a simplex grid of weights over the objectives scaled by their spread across
//                  the anchors (so "half R, half L" means half of each one's range), solved by
//                  the registered solver through schedule(); these are independent and go to
//                  the pool side by side when options.pool is given (solveOnPool)
//   ε-constraint   minimise one objective with the other two bounded (ε on a grid between the
//                  anchors' best and worst), warm-started from the best archived placement
//                  that meets the bounds, on the scalarised annealer (anneal.ts, in this thread)
//
// Only placements without hard violations enter the archive. Returned: the front (sorted by R),
// its exact hypervolume against the reference point (stated in the result: default 1.1 × the
// front's worst value per objective, or options.reference), the normalised hypervolume (÷ the
// box between the ideal point and the reference), and the knee (archive.ts).

import { checkFinite, checkInteger, checkOptions, checkSeed } from '../../validate.js';
import { compile } from '../compile.js';
import { evaluate } from '../energy.js';
import { solveOnPool } from '../parallel.js';
import { schedule as coreSchedule } from '../schedule.js';
import type { TaskRunner } from '../solvers/types.js';
import type { Cluster, Placement, Weights, Workload } from '../types.js';
import { annealScalarised } from './anneal.js';
import { hypervolume, kneeIndex, nonDominated, type Objectives } from './archive.js';

/** Options of pareto; every field has a default. */
export interface ParetoOptions {
  /** Weighted-sum points (interior and edges of the weight simplex; at least this many). Default 12. */
  readonly points?: number;
  /** ε-constraint runs. Default ceil(points / 2). */
  readonly epsilonRuns?: number;
  /** Solver of the anchor and weighted-sum runs. Default 'sa'. */
  readonly solver?: string;
  /** Budget of each run, ms. Default 1000. */
  readonly timeLimitMs?: number;
  /** Solver knobs for the anchor and weighted-sum runs (e.g. sa: { sweeps }). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Sweeps (steps per pod) of each ε-constraint run. Default 300. */
  readonly epsilonSweeps?: number;
  readonly seed?: number;
  /** Reference point [R, L, F] for the hypervolume; default 1.1 × the front's worst per objective. */
  readonly reference?: readonly [number, number, number];
  /** A pool (createExecutor) for the weighted-sum runs; without one they run in this thread. */
  readonly pool?: TaskRunner;
  /** The schedule function for in-thread runs (the Node entry passes its own, with WASM kernels). Default: the core schedule. */
  readonly schedule?: typeof coreSchedule;
}

/** One placement on the front. */
export interface ParetoPoint {
  readonly R: number;
  readonly L: number;
  readonly F: number;
  /** How it was found: 'anchor:R', 'weights:…', 'epsilon:…'. */
  readonly source: string;
  readonly assignment: Readonly<Record<string, string>>;
}

/** The result of pareto. */
export interface ParetoResult {
  readonly front: readonly ParetoPoint[];
  readonly hypervolume: number;
  /** Hypervolume ÷ the volume of the box [ideal, reference]. */
  readonly hypervolumeNormalised: number;
  readonly reference: readonly [number, number, number];
  readonly ideal: readonly [number, number, number];
  readonly knee: ParetoPoint | null;
  /** The anchors' objective values (the dedicated single-objective runs). */
  readonly optima: { readonly R: number; readonly L: number; readonly F: number };
  readonly runs: number;
  readonly elapsedMs: number;
}

/** Weight vectors on the simplex grid with `h` divisions, vertices excluded. */
export function simplexGrid(h: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i <= h; i++) for (let j = 0; j <= h - i; j++) {
    const k = h - i - j;
    if ((i === h) || (j === h) || (k === h)) continue;
    out.push([i / h, j / h, k / h]);
  }
  return out;
}

interface Candidate { obj: Objectives; source: string; assignment: Int32Array }

/** The Pareto front of (R, L, F) for the workload on the cluster. Rejects with TypeError/RangeError naming the field. */
export async function pareto(cluster: Cluster, workload: Workload, options?: ParetoOptions): Promise<ParetoResult> {
  const started = performance.now();
  const o = checkOptions('options', options);
  const known = ['points', 'epsilonRuns', 'solver', 'timeLimitMs', 'params', 'epsilonSweeps', 'seed', 'reference', 'pool', 'schedule'];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new RangeError(`options.${k} is not an option of pareto (expected one of ${known.join(', ')})`);
  const points = checkInteger('options.points', o.points ?? 12, 1, 1000);
  const epsilonRuns = checkInteger('options.epsilonRuns', o.epsilonRuns ?? Math.ceil(points / 2), 0, 1000);
  const timeLimitMs = checkFinite('options.timeLimitMs', o.timeLimitMs ?? 1000);
  if (timeLimitMs <= 0) throw new RangeError(`options.timeLimitMs must be > 0, got ${timeLimitMs}`);
  const epsilonSweeps = checkInteger('options.epsilonSweeps', o.epsilonSweeps ?? 300, 1, 1e6);
  const seed = checkSeed('options.seed', o.seed ?? 1);
  const solver = (o.solver as string | undefined) ?? 'sa';
  const params = checkOptions('options.params', o.params);
  let reference: [number, number, number] | undefined;
  if (o.reference !== undefined) {
    if (!Array.isArray(o.reference) || o.reference.length !== 3) throw new TypeError('options.reference must be an array [R, L, F]');
    reference = o.reference.map((v, i) => checkFinite(`options.reference[${i}]`, v)) as [number, number, number];
  }
  const pool = o.pool as TaskRunner | undefined;
  const run = (o.schedule as typeof coreSchedule | undefined) ?? coreSchedule;
  const pr = compile(cluster, workload);
  const index = new Map(pr.nodeNames.map((n, i) => [n, i]));
  const toArray = (p: Placement) => Int32Array.from(pr.podNames, (name) => (p.assignment[name] === undefined ? -1 : index.get(p.assignment[name]) as number));

  const candidates: Candidate[] = [];
  const add = (source: string, a: Int32Array) => {
    if (a.some((n) => n < 0)) return;
    const e = evaluate(pr, a);
    if (e.Chard > 1e-9) return;
    candidates.push({ obj: [e.R, e.L, e.F], source, assignment: a });
  };
  const solve = (weights: Partial<Weights>, s: number) => {
    const opts = { solver, timeLimitMs, seed: s, params, weights };
    return pool !== undefined ? solveOnPool({ cluster, workload }, opts, pool) : run(cluster, workload, opts);
  };
  let runs = 0;

  // Anchors: one dedicated run per objective.
  const anchorWeights: Partial<Weights>[] = [{ resource: 1, latency: 0, fault: 0 }, { resource: 0, latency: 1, fault: 0 }, { resource: 0, latency: 0, fault: 1 }];
  // Two seeds per objective, the better kept: single-objective annealing spreads by a few %
  // between seeds at these budgets, and the anchors are what the extremes are refined from.
  const anchorRuns = await Promise.all(anchorWeights.flatMap((w) => [solve(w, seed), solve(w, seed + 7919)]));
  runs += anchorRuns.length;
  const key = ['R', 'L', 'F'] as const;
  const anchors = [0, 1, 2].map((i) => (anchorRuns[2 * i + 1].energy[key[i]] < anchorRuns[2 * i].energy[key[i]] ? anchorRuns[2 * i + 1] : anchorRuns[2 * i]));
  anchorRuns.forEach((p, k) => add(`anchor:${'RLF'[k >> 1]}`, toArray(p)));
  const optima = { R: anchors[0].energy.R, L: anchors[1].energy.L, F: anchors[2].energy.F };
  const objs = anchors.map((p) => [p.energy.R, p.energy.L, p.energy.F] as const);
  const lo = [0, 1, 2].map((i) => Math.min(...objs.map((x) => x[i])));
  const hi = [0, 1, 2].map((i) => Math.max(...objs.map((x) => x[i])));
  const range = [0, 1, 2].map((i) => (hi[i] - lo[i] > 1e-9 ? hi[i] - lo[i] : Math.max(1, Math.abs(hi[i]))));

  // Weighted sums on the simplex over scaled objectives.
  let h = 2;
  while (simplexGrid(h).length < points) h++;
  const grid = simplexGrid(h);
  const sums = await Promise.all(grid.map((w, k) => solve({ resource: w[0] / range[0], latency: w[1] / range[1], fault: w[2] / range[2] }, seed + 1 + k)));
  runs += grid.length;
  sums.forEach((p, k) => add(`weights:${grid[k].map((x) => x.toFixed(2)).join('/')}`, toArray(p)));

  // Refine each extreme: anneal twice more (5 × epsilonSweeps, two seeds) from the best archived
  // placement for objective i, the other two at a thousandth of its weight (a lexicographic
  // tie-break). Single-objective annealing has a spread of a few % between seeds at these
  // budgets; the extra effort on the extremes is what keeps them within 1% of dedicated runs.
  for (let i = 0; i < 3; i++) {
    if (candidates.length === 0) break;
    const startC = candidates.reduce((a, b) => (b.obj[i] < a.obj[i] || (b.obj[i] === a.obj[i] && b.obj[(i + 1) % 3] + b.obj[(i + 2) % 3] < a.obj[(i + 1) % 3] + a.obj[(i + 2) % 3]) ? b : a));
    const w = [1e-3 / range[0], 1e-3 / range[1], 1e-3 / range[2]] as [number, number, number];
    w[i] = 1 / range[i];
    // the second run continues from the first when that improved objective i (chained refinement)
    let from = startC.assignment;
    let fromObj = startC.obj[i];
    for (let rep = 0; rep < 2; rep++) {
      const r = annealScalarised(pr, from, { weights: w, epsilon: [Infinity, Infinity, Infinity], scale: range as [number, number, number] }, { seed: seed + 500 + 3 * rep + i, sweeps: 5 * epsilonSweeps, timeLimitMs });
      runs++;
      if (!r.hard) {
        add(`refine:${'RLF'[i]}`, r.assignment);
        const e = evaluate(pr, r.assignment);
        const o = [e.R, e.L, e.F][i];
        if (o < fromObj) { from = r.assignment; fromObj = o; }
      }
    }
  }

  // ε-constraint: minimise objective i with the other two bounded on a grid.
  for (let k = 0; k < epsilonRuns; k++) {
    const i = k % 3;
    const j = (i + 1) % 3;
    const m = (i + 2) % 3;
    const t = (Math.floor(k / 3) + 1) / (Math.floor((epsilonRuns - 1) / 3) + 2);
    const eps: [number, number, number] = [Infinity, Infinity, Infinity];
    eps[j] = lo[j] + t * (hi[j] - lo[j]);
    eps[m] = lo[m] + (1 - t) * (hi[m] - lo[m]);
    const ok = candidates.filter((c) => c.obj[j] <= eps[j] && c.obj[m] <= eps[m]);
    const pool0 = ok.length > 0 ? ok : candidates;
    if (pool0.length === 0) break;
    const startC = pool0.reduce((a, b) => (b.obj[i] < a.obj[i] ? b : a));
    const w: [number, number, number] = [0, 0, 0];
    w[i] = 1 / range[i];
    w[j] = 1e-3 / range[j];
    w[m] = 1e-3 / range[m];
    const r = annealScalarised(pr, startC.assignment, { weights: w, epsilon: eps, scale: range as [number, number, number] }, { seed: seed + 1000 + k, sweeps: epsilonSweeps, timeLimitMs });
    runs++;
    if (!r.hard && r.met) add(`epsilon:min ${'RLF'[i]}, ${'RLF'[j]}<=${eps[j].toPrecision(4)}, ${'RLF'[m]}<=${eps[m].toPrecision(4)}`, r.assignment);
  }

  const front = nonDominated(candidates, (c) => c.obj).sort((a, b) => a.obj[0] - b.obj[0] || a.obj[1] - b.obj[1]);
  const objsF = front.map((c) => c.obj);
  const ref: [number, number, number] = reference ?? ([0, 1, 2].map((i) => 1.1 * Math.max(...objsF.map((x) => x[i]), 0) + (objsF.every((x) => x[i] === 0) ? 1 : 0)) as [number, number, number]);
  const ideal = [0, 1, 2].map((i) => Math.min(...objsF.map((x) => x[i]))) as [number, number, number];
  const hv = hypervolume(objsF, ref);
  const box = (ref[0] - ideal[0]) * (ref[1] - ideal[1]) * (ref[2] - ideal[2]);
  const named = front.map((c): ParetoPoint => {
    const assignment: Record<string, string> = {};
    c.assignment.forEach((n, p) => { assignment[pr.podNames[p]] = pr.nodeNames[n]; });
    return { R: c.obj[0], L: c.obj[1], F: c.obj[2], source: c.source, assignment };
  });
  const knee = kneeIndex(objsF);
  return {
    front: named, hypervolume: hv, hypervolumeNormalised: box > 0 ? hv / box : 0, reference: ref, ideal,
    knee: knee >= 0 ? named[knee] : null, optima, runs, elapsedMs: performance.now() - started,
  };
}
