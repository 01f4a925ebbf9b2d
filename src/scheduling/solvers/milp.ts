// 'milp': an exact mixed-integer linear program for small instances, solved by HiGHS compiled to
// WebAssembly (the `highs` package). Its objective is the energy H of energy.ts itself, not a
// stand-in, so a proven optimum here is the reference the annealers are measured against.
//
// Variables. H depends on a placement only through how many pods of each service sit on each
// node, so the MILP places counts, not pods: integer k_{s,n} ∈ [0, min(|s|, what fits)] where the
// hard filters allow s on n, Σ_n k_{s,n} = |s|. (One binary per pod and node, tried first, left
// HiGHS branching over the |s|! orderings of identical replicas: 30 pods × 8 nodes did not close
// a 10% gap in 60 s; with counts it is proven optimal in about a minute.) Counts per topology
// domain c_s(D) = Σ_{n∈D} k_{s,n}; y_n binary ≥ k_{s,n}/ub (node used); u_{n,r} = Σ_s k_{s,n}·req/g_r
// in units of g_r = gcd of the requests of r, bounded by ⌊cap/g_r⌋ (capacity, exact in integers).
//   R  = Σ_n y_n·(cost_n + #resources with cap > 0) + Σ_{n,r} φ(u_{n,r}), φ(u) = (1 − g·u/cap)² − 1
//        (an unused node contributes 0, a used one exactly energy.ts's term). φ is convex, so
//        t ≥ the secant of φ through the integers k, k + 1 is valid at every integer u and exact
//        at k and k + 1. Secants are added lazily (outer approximation): solve with 8 per (n, r),
//        add the secant at each u where t < φ(u), solve again; when none is violated the
//        solution is optimal for the exact R (any set of secants under-estimates φ). EXACT.
//   L  = Σ_{pairs s,t} coef·[lat4·|s||t| − Σ_{l=node,rack,zone,region} Δ_l Σ_D c_s(D)·c_t(D)],
//        Δ_l = lat[l+1] − lat[l] (d of two pods is lat4 minus Δ_l for every level they share;
//        levels with the same partition are merged). A product of counts is exact through the
//        unary bits b_j = [c_A(D) ≥ j] of the smaller side: c_A·c_B = Σ_j b_j·c_B, and
//        v_j = b_j·c_B is exact with v ≤ |B|·b_j, v ≤ c_B when rewarded (Δ > 0), or
//        v ≥ c_B − |B|(1 − b_j), v ≥ 0 when penalised. EXACT.
//   F  = Σ_{critical s, l ≤ zone, D} c_s(D)², convex on integers: f ≥ (2k+1)c − k(k+1); plus the
//        exposure φ_l·Σ_D W(D)² at node and zone level, W(D) = Σ_s z_{s,D} with binaries
//        z ≥ c_s(D) − (|s| − 1) (tight at an optimum, since W only costs) and the same secants. EXACT.
//   C  hard parts are constraints (so Chard = 0): capacity (bounds on u), filters (no k outside
//        the mask), required anti-affinity (c(D) ≤ 1 against itself, else an indicator o:
//        c_a(D) ≤ |a|·o, c_b(D) ≤ |b|(1 − o)), DoNotSchedule spread (max − min ≤ maxSkew over
//        the eligible domains via M ≥ c(D) ≥ m). Soft parts are costs, all EXACT: preferences
//        on k, soft anti-affinity pairs (products as in L, c(c−1)/2 by secants), ScheduleAnyway
//        excess e ≥ M − m − maxSkew, PDB excess e ≥ k_{s,n} − budget.
// So the MILP objective equals evaluate(pr, placement).H for every placement without hard
// violations (stats.objectiveError reports |objective − H| of the returned one; tested against
// brute force).
//
// Sizes: problems with more than params.maxVariables placement variables (pods × allowed nodes,
// default 600) are refused with a RangeError. HiGHS runs synchronously in this thread (it cannot
// be aborted mid-solve; options.timeLimitMs bounds the whole loop). The best feasible
// constructive baseline is handed to HiGHS as a starting incumbent. HiGHS is loaded on first use
// through a computed import specifier, so the portable core and the edge bundle do not pull in
// its 3.5 MB WASM (its loader needs Node); on a runtime without the package the solver rejects
// with a clear error.

import type { Highs } from 'highs';
import { abortErrorFrom } from '../../errors.js';
import { bestFitDecreasing, firstFitDecreasing } from '../baselines/binpack.js';
import { kubeGreedy } from '../baselines/greedy.js';
import type { CompiledProblem } from '../compile.js';
import { PENALTY_SOFT } from '../compile.js';
import { evaluate } from '../energy.js';
import type { SolverOptions, SolverResult } from './types.js';

/** Tuning knobs of 'milp' (options.params). */
export interface MilpParams {
  /** Refuse problems with more placement variables (pods × allowed nodes) than this (default 600). */
  readonly maxVariables: number;
  /** Most rounds of adding R's secants (default 100); a run that needs more is reported as not proven. */
  readonly maxRounds: number;
  /** HiGHS mip_rel_gap: optimality is proven to this relative gap (default 1e-7). */
  readonly relGap: number;
  /** Start HiGHS from the best feasible baseline (default 1 = yes). */
  readonly warmStart: number;
}

const DEFAULTS: MilpParams = { maxVariables: 600, maxRounds: 100, relGap: 1e-7, warmStart: 1 };

function readParams(params: Readonly<Record<string, unknown>>): MilpParams {
  const out = { ...DEFAULTS };
  for (const [k, v] of Object.entries(params)) {
    if (!(k in DEFAULTS)) throw new RangeError(`options.params.${k} is not a parameter of 'milp' (expected one of ${Object.keys(DEFAULTS).join(', ')})`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`options.params.${k} must be a finite number, got ${String(v)}`);
    if ((k === 'maxVariables' || k === 'maxRounds') && !(Number.isInteger(v) && v >= 1)) throw new RangeError(`options.params.${k} must be an integer >= 1, got ${v}`);
    if (k === 'relGap' && !(v >= 0 && v < 1)) throw new RangeError(`options.params.relGap must be in [0, 1), got ${v}`);
    if (k === 'warmStart' && v !== 0 && v !== 1) throw new RangeError(`options.params.warmStart must be 0 or 1, got ${v}`);
    (out as Record<string, number>)[k] = v;
  }
  return out;
}

/** Columns and rows of the LP as HiGHS takes them (rows in CSR order). */
class Lp {
  readonly cost: number[] = [];
  readonly lb: number[] = [];
  readonly ub: number[] = [];
  readonly integer: number[] = [];
  readonly starts: number[] = [0];
  readonly index: number[] = [];
  readonly value: number[] = [];
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  offset = 0;

  col(cost: number, lb: number, ub: number, integer = false): number {
    this.cost.push(cost);
    this.lb.push(lb);
    this.ub.push(ub);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  row(cols: readonly number[], vals: readonly number[], lo: number, hi: number): void {
    for (let k = 0; k < cols.length; k++) { this.index.push(cols[k]); this.value.push(vals[k]); }
    this.starts.push(this.index.length);
    this.lo.push(lo);
    this.hi.push(hi);
  }
}

/** φ(u_{n,r}) = (1 − unit·u)² − 1 of one node and resource: t ≥ the secants added so far. */
interface Fragment {
  readonly u: number;
  readonly t: number;
  /** Largest u the node can reach. */
  readonly top: number;
  /** g_r / cap. */
  readonly unit: number;
  /** k of every secant [k, k + 1] added. */
  readonly cuts: Set<number>;
}

/** The model: the LP, the count column of each (service, node) (-1 where the filters forbid it), R's fragments. */
export interface Milp {
  readonly lp: Lp;
  readonly kCol: Int32Array;
  readonly frag: Fragment[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The MILP of `pr` without R's secants (see the module comment), and what the solve loop needs to add them. */
export function buildMilp(pr: CompiledProblem): Milp {
  const { N, R, S } = pr;
  const [l1, l2, l3, mu] = pr.weights;
  const soft = mu * pr.penalties[PENALTY_SOFT];
  const lat = pr.latency;
  const lp = new Lp();
  const INF = Infinity;
  const size = (s: number) => pr.serviceStart[s + 1] - pr.serviceStart[s];
  const g = new Float64Array(R);
  for (let s = 0; s < S; s++) for (let r = 0; r < R; r++) if (size(s) > 0) g[r] = gcd(g[r], pr.podReq[pr.serviceStart[s] * R + r]);
  const kCol = new Int32Array(S * N).fill(-1);
  for (let s = 0; s < S; s++) {
    const p = pr.serviceStart[s];
    if (size(s) === 0) continue;
    const cols: number[] = [];
    for (let n = 0; n < N; n++) {
      if (pr.mask[p * N + n] === 0) continue;
      let ub = size(s);
      for (let r = 0; r < R; r++) if (pr.podReq[p * R + r] > 0) ub = Math.min(ub, Math.floor(pr.nodeCap[n * R + r] / pr.podReq[p * R + r]));
      kCol[s * N + n] = lp.col(soft * pr.softNode[s * N + n], 0, ub, true);
      cols.push(kCol[s * N + n]);
    }
    lp.row(cols, cols.map(() => 1), size(s), size(s));
  }
  const members: number[][][] = [];
  for (let l = 0; l < pr.LV; l++) {
    members.push(Array.from({ length: pr.domainCount[l] }, () => []));
    for (let n = 0; n < N; n++) if (pr.domainOf[l * N + n] >= 0) members[l][pr.domainOf[l * N + n]].push(n);
  }
  const memo = new Map<string, number[]>();
  /** c_s(D) at level l as one column (-1: no pod of s may go there, so it is 0). */
  const count = (s: number, l: number, D: number): number => {
    const ks = members[l][D].map((n) => kCol[s * N + n]).filter((c) => c >= 0);
    if (ks.length <= 1) return ks.length === 0 ? -1 : ks[0];
    const key = `c${s}/${l}/${D}`;
    const known = memo.get(key);
    if (known !== undefined) return known[0];
    const c = lp.col(0, 0, size(s));
    lp.row([...ks, c], [...ks.map(() => 1), -1], 0, 0);
    memo.set(key, [c]);
    return c;
  };
  /** Binaries b_1 ≥ … ≥ b_|s| with Σ b_j = c_s(D) (b_j = [c ≥ j]); a 0/1 count is its own expansion. */
  const unary = (s: number, l: number, D: number): number[] => {
    const c = count(s, l, D);
    if (c < 0) return [];
    if (lp.ub[c] <= 1) return [c];
    const key = `u${s}/${l}/${D}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const bs = Array.from({ length: lp.ub[c] }, () => lp.col(0, 0, 1, true));
    lp.row([...bs, c], [...bs.map(() => 1), -1], 0, 0);
    for (let j = 0; j + 1 < bs.length; j++) lp.row([bs[j], bs[j + 1]], [1, -1], 0, INF);
    memo.set(key, bs);
    return bs;
  };
  /** Adds weight·Σ_D c_a(D)·c_b(D) at level l, exactly: c_A·c_B = Σ_j b_j·c_B over A's unary bits. */
  const products = (a: number, b: number, l: number, weight: number): void => {
    const [A, B] = size(a) <= size(b) ? [a, b] : [b, a];
    const nb = size(B);
    for (let D = 0; D < pr.domainCount[l]; D++) {
      const cb = count(B, l, D);
      if (cb < 0) continue;
      for (const bit of unary(A, l, D)) {
        const v = lp.col(weight, 0, lp.ub[cb]);
        if (weight < 0) {
          lp.row([v, bit], [1, -nb], -INF, 0);
          lp.row([v, cb], [1, -1], -INF, 0);
        } else {
          lp.row([v, cb, bit], [1, -1, -nb], -nb, INF);
        }
      }
    }
  };
  /** Adds weight·h(c) for a convex h on the integers 0..kmax via secants (exact at integers). */
  const convex = (c: number, kmax: number, h: (k: number) => number, weight: number): void => {
    const f = lp.col(weight, -INF, INF);
    for (let k = 0; k < Math.max(1, kmax); k++) lp.row([f, c], [1, -(h(k + 1) - h(k))], h(k) - (h(k + 1) - h(k)) * k, INF);
  };

  // R: node-used indicators now; φ(u) as a variable t per (node, resource) whose secants come later.
  const frag: Fragment[] = [];
  for (let n = 0; n < N; n++) {
    const ks: number[] = [];
    for (let s = 0; s < S; s++) if (kCol[s * N + n] >= 0) ks.push(s);
    if (ks.length === 0) continue;
    let K = 0;
    for (let r = 0; r < R; r++) if (pr.nodeCap[n * R + r] > 0) K++;
    const y = lp.col(l1 * (pr.nodeCost[n] + K), 0, 1, true);
    for (const s of ks) lp.row([kCol[s * N + n], y], [1, -lp.ub[kCol[s * N + n]]], -INF, 0);
    for (let r = 0; r < R; r++) {
      const cap = pr.nodeCap[n * R + r];
      const users = ks.filter((s) => pr.podReq[pr.serviceStart[s] * R + r] > 0);
      if (cap === 0 || users.length === 0) continue;
      const units = users.map((s) => pr.podReq[pr.serviceStart[s] * R + r] / g[r]);
      const reach = users.reduce((acc, s, i) => acc + units[i] * lp.ub[kCol[s * N + n]], 0);
      const u = lp.col(0, 0, Math.floor(cap / g[r]));
      lp.row([...users.map((s) => kCol[s * N + n]), u], [...units, -1], 0, 0);
      frag.push({ u, t: lp.col(l1, -INF, INF), top: Math.min(Math.floor(cap / g[r]), reach), unit: g[r] / cap, cuts: new Set() });
    }
  }

  // L: Σ over call-graph pairs, by shared levels; levels with the same partition are merged.
  const same = (l: number, m: number) => pr.domainCount[l] === pr.domainCount[m] && pr.domainOf.subarray(l * N, l * N + N).every((d, n) => d === pr.domainOf[m * N + n]);
  for (let s = 0; s < S; s++) {
    for (let e = pr.graphPtr[s]; e < pr.graphPtr[s + 1]; e++) {
      const t = pr.graphCol[e];
      if (t < s || size(s) === 0 || size(t) === 0) continue;
      const w = l2 * pr.graphCoef[e];
      lp.offset += w * lat[4] * size(s) * size(t);
      let delta = 0;
      for (let l = 3; l >= 0; l--) {
        delta += lat[l + 1] - lat[l];
        if (delta === 0 || (l > 0 && same(l, l - 1))) continue;
        if (pr.domainCount[l] === 1) lp.offset -= w * delta * size(s) * size(t);
        else products(s, t, l, -w * delta);
        delta = 0;
      }
    }
  }
  // F: critical replicas sharing node, rack, zone.
  for (let s = 0; s < S; s++) {
    if (pr.critical[s] === 0 || size(s) === 0) continue;
    for (let l = 0; l < 3; l++) {
      for (let D = 0; D < pr.domainCount[l]; D++) {
        const c = count(s, l, D);
        if (c >= 0) convex(c, lp.ub[c], (k) => k * k, l3);
      }
    }
  }
  // F, exposure: W(D) = Σ_s z_{s,D} over nodes and zones, z ≥ c_s(D) − (|s| − 1) binary (a one-pod
  // service's count is its own z); W only costs, so z = [c_s(D) = |s|] at an optimum; φ·W² convex.
  for (const l of [0, 2]) {
    const phi = pr.weights[l === 0 ? 4 : 5];
    if (phi === 0) continue;
    for (let D = 0; D < pr.domainCount[l]; D++) {
      const zs: number[] = [];
      for (let s = 0; s < S; s++) {
        if (size(s) === 0) continue;
        const c = count(s, l, D);
        if (c < 0 || lp.ub[c] < size(s)) continue; // never whole in D
        if (size(s) === 1) { zs.push(c); continue; }
        const z = lp.col(0, 0, 1, true);
        lp.row([z, c], [1, -1], -(size(s) - 1), INF);
        zs.push(z);
      }
      if (zs.length === 0) continue;
      const W = lp.col(0, 0, zs.length);
      lp.row([W, ...zs], [1, ...zs.map(() => -1)], 0, 0);
      convex(W, zs.length, (k) => k * k, l3 * phi);
    }
  }
  // C: anti-affinity, spread, PDB (hard ones as constraints, soft ones as costs).
  for (let k = 0; k < pr.antiA.length; k++) {
    const a = pr.antiA[k];
    const b = pr.antiB[k];
    const l = pr.antiLevel[k];
    const hard = pr.antiHard[k] === 1;
    if (!hard && a !== b) { products(a, b, l, soft * pr.antiWeight[k]); continue; }
    for (let D = 0; D < pr.domainCount[l]; D++) {
      const ca = count(a, l, D);
      const cb = count(b, l, D);
      if (ca < 0 || cb < 0) continue;
      if (!hard) convex(ca, lp.ub[ca], (m) => (m * (m - 1)) / 2, soft * pr.antiWeight[k]);
      else if (a === b) lp.row([ca], [1], -INF, 1);
      else {
        const o = lp.col(0, 0, 1, true);
        lp.row([ca, o], [1, -lp.ub[ca]], -INF, 0);
        lp.row([cb, o], [1, lp.ub[cb]], -INF, lp.ub[cb]);
      }
    }
  }
  for (let k = 0; k < pr.spreadService.length; k++) {
    if (pr.spreadDomains[k] === 0) continue;
    const s = pr.spreadService[k];
    const l = pr.spreadLevel[k];
    const M = lp.col(0, -INF, INF);
    const m = lp.col(0, -INF, INF);
    for (let D = 0; D < pr.domainCount[l]; D++) {
      if (pr.spreadElig[pr.spreadEligOffset[k] + D] === 0) continue;
      const c = count(s, l, D);
      lp.row(c < 0 ? [M] : [M, c], c < 0 ? [1] : [1, -1], 0, INF);
      lp.row(c < 0 ? [m] : [m, c], c < 0 ? [1] : [1, -1], -INF, 0);
    }
    if (pr.spreadHard[k] === 1) lp.row([M, m], [1, -1], -INF, pr.spreadMaxSkew[k]);
    else lp.row([lp.col(soft, 0, INF), M, m], [1, -1, 1], -pr.spreadMaxSkew[k], INF);
  }
  for (let s = 0; s < S; s++) {
    const budget = pr.pdbMaxPerNode[s];
    for (let n = 0; n < N && budget > 0; n++) {
      const c = kCol[s * N + n];
      if (c >= 0 && lp.ub[c] > budget) lp.row([lp.col(soft, 0, INF), c], [1, -1], -budget, INF);
    }
  }
  return { lp, kCol, frag };
}

/** The secant of φ(u) = (1 − unit·u)² − 1 through the integers k and k + 1, as a row t − slope·u ≥ rhs. */
function secant(f: Fragment, k: number): { slope: number; rhs: number } {
  const phi = (u: number) => (1 - f.unit * u) ** 2 - 1;
  const slope = phi(k + 1) - phi(k);
  return { slope, rhs: phi(k) - slope * k };
}

/** φ at an integer u. */
const phiAt = (f: Fragment, u: number) => (1 - f.unit * u) ** 2 - 1;

let highsLoading: Promise<Highs> | undefined;
const HIGHS_SPECIFIER = 'highs'; // computed import: keeps HiGHS out of static import graphs (see the module comment)

/** Loads HiGHS once per process. */
export function loadHighs(): Promise<Highs> {
  highsLoading ??= (import(HIGHS_SPECIFIER) as Promise<{ default: () => Promise<Highs> }>)
    .then((m) => m.default())
    .catch((cause: unknown) => {
      highsLoading = undefined;
      throw new Error(`the 'milp' solver needs the highs package (HiGHS as WebAssembly), which could not be loaded: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    });
  return highsLoading;
}

const STATUS: Readonly<Record<number, string>> = { 7: 'optimal', 8: 'infeasible', 13: 'time-limit', 14: 'iteration-limit', 16: 'solution-limit', 17: 'interrupted' };

/** Solver 'milp': stats.optimal says whether HiGHS proved the placement optimal for H (to params.relGap). */
export async function milpSolver(pr: CompiledProblem, options: SolverOptions): Promise<SolverResult> {
  const params = readParams(options.params);
  const started = performance.now();
  let vars = 0;
  for (let i = 0; i < pr.mask.length; i++) vars += pr.mask[i];
  if (vars > params.maxVariables) {
    throw new RangeError(`problem has ${vars} placement variables (pods × allowed nodes); the 'milp' solver is limited to options.params.maxVariables = ${params.maxVariables}`);
  }
  if (options.signal?.aborted) throw abortErrorFrom(options.signal);
  const highs = await loadHighs();
  const { lp, kCol, frag } = buildMilp(pr);
  for (const f of frag) for (let i = 0; i < Math.min(8, f.top + 1); i++) f.cuts.add(Math.min(Math.max(0, f.top - 1), Math.round((i * f.top) / 8)));
  for (const f of frag) for (const k of f.cuts) { const c = secant(f, k); lp.row([f.t, f.u], [1, -c.slope], c.rhs, Infinity); }
  const inf = (v: number) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);
  const model = highs.createModel({
    numCols: lp.cost.length, numRows: lp.lo.length, offset: lp.offset,
    colCost: lp.cost, colLower: lp.lb.map(inf), colUpper: lp.ub.map(inf), rowLower: lp.lo.map(inf), rowUpper: lp.hi.map(inf),
    matrix: { format: 'csr', numRows: lp.lo.length, numCols: lp.cost.length, starts: Int32Array.from(lp.starts), indices: Int32Array.from(lp.index), values: Float64Array.from(lp.value) },
    integrality: Int32Array.from(lp.integer),
  });
  const kIndex = Int32Array.from([...kCol].filter((c) => c >= 0));
  const kOf = (assignment: Int32Array): Float64Array => {
    const counts = new Map<number, number>();
    for (let p = 0; p < pr.P; p++) { const c = kCol[pr.podService[p] * pr.N + assignment[p]]; counts.set(c, (counts.get(c) ?? 0) + 1); }
    return Float64Array.from(kIndex, (c) => counts.get(c) ?? 0);
  };
  try {
    let start: Float64Array | null = null;
    if (params.warmStart === 1) {
      const best = [kubeGreedy(pr, 'MostAllocated', options.seed), bestFitDecreasing(pr), firstFitDecreasing(pr), kubeGreedy(pr, 'LeastAllocated', options.seed)]
        .filter((r) => r.assignment.every((n) => n >= 0) && evaluate(pr, r.assignment).Chard === 0)
        .sort((a, b) => evaluate(pr, a.assignment).H - evaluate(pr, b.assignment).H)[0];
      if (best !== undefined) start = kOf(best.assignment);
    }
    let code = 0, rounds = 0, added = 0, lpNodes = 0, x: Float64Array | null = null, exact = false;
    for (; rounds < params.maxRounds; rounds++) {
      const left = options.timeLimitMs - (performance.now() - started);
      if (left <= 0) break;
      model.options.set({ output_flag: false, time_limit: left / 1000, mip_rel_gap: params.relGap, mip_abs_gap: 1e-9, random_seed: options.seed % 2147483647 });
      if (start !== null) model.setSolution({ indices: kIndex, values: start });
      model.run();
      code = model.getModelStatus();
      lpNodes += Number(model.info.get('mip_node_count'));
      if (Number(model.info.get('primal_solution_status')) !== 2) { x = null; break; }
      x = model.getSolution().colValue;
      let violated = 0;
      for (const f of frag) {
        const u = Math.round(x[f.u]);
        if (x[f.t] >= phiAt(f, u) - 1e-9) continue;
        const k = u < f.top ? u : u - 1;
        if (f.cuts.has(k)) continue;
        const c = secant(f, k);
        model.addRow(c.rhs, highs.infinity, { indices: [f.t, f.u], values: [1, -c.slope] });
        f.cuts.add(k);
        violated++;
      }
      added += violated;
      exact = violated === 0;
      if (exact || code !== 7) break;
      start = Float64Array.from(kIndex, (c) => Math.round((x as Float64Array)[c]));
    }
    const assignment = new Int32Array(pr.P).fill(-1);
    if (x !== null) {
      for (let s = 0; s < pr.S; s++) {
        let p = pr.serviceStart[s];
        for (let n = 0; n < pr.N; n++) for (let c = kCol[s * pr.N + n], k = c >= 0 ? Math.round(x[c]) : 0; k > 0 && p < pr.serviceStart[s + 1]; k--) assignment[p++] = n;
      }
    }
    const objective = x !== null ? model.getObjectiveValue() : NaN;
    const H = x !== null ? evaluate(pr, assignment).H : NaN;
    return {
      assignment,
      stats: {
        status: STATUS[code] ?? `highs-status-${code}`, optimal: code === 7 && exact, exact, objective, H, objectiveError: Math.abs(objective - H),
        bound: Number(model.info.get('mip_dual_bound')), gap: Number(model.info.get('mip_gap')), rounds: rounds + 1, secantsAdded: added,
        columns: lp.cost.length, rows: model.getDimensions().numRows, placementVariables: vars, branchNodes: lpNodes, elapsedMs: performance.now() - started,
      },
    };
  } finally {
    model.dispose();
  }
}
