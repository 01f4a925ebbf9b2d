// The one-hot QUBO path of the research note: the placement as binary x_{p,n} ("pod p on node
// n"), compiled to a BINARY Model so the QUBO samplers (src/solve: sa, sqa, …) or QAOA can take
// it, and the solver 'qubo' that samples it and decodes the result. It exists to be compared
// with the assignment-space annealers on the same H (bench/scheduling.ts), not because it is
// the better way: it needs Σ allowed nodes variables per pod plus slack bits, its couplings grow
// as pods² per node, and its constraints are soft.
//
// Encoding (terms over a feasible assignment, i.e. one-hot with the right slack and y, equal the
// named parts of energy.ts's H exactly; tested on integer fixtures):
//   variables   x_{p,n} only where the hard filters allow (mask), y_n (node used), slack bits
//   R  EXACT    λ1·[Σ_n (cost_n + #resources)·y_n + Σ_{n,r} (u²/cap² − 2u/cap)] with u = Σ req·x
//               (the expansion of (1 − u/cap)² − 1, quadratic in x), plus the link W·x·(1 − y)
//               with W = 2λ1(cost_n + #resources) so y_n = [a pod is on n] at any minimum
//   L  EXACT    λ2·coef_{st}·d(a, b) on x_{ia}x_{jb} for every pod pair of a call-graph pair
//   F  EXACT    λ3·2 on x_{ia}x_{jb} per level (node, rack, zone) a and b share, i < j of a
//               critical service, plus the constant λ3·3|s| (the i = j terms under one-hot);
//               exposure EXACT for one-pod services (λ3·φ_l·(Σ x)² over each node and zone),
//               OMITTED for services with ≥ 2 pods ("all pods in D" is a product of |s| bits)
//   C  EXACT for preferences (softNode, linear) and anti-affinity pairs (hard: μ·penalty,
//               soft: μ·soft·weight, both on x_{ia}x_{jb} in a shared domain); OMITTED:
//               ScheduleAnyway spread and PDB excess (max(0, ·) is not quadratic)
//   constraints (penalties (Σ a·v − b)² from qubo/constraints.ts, weights reported):
//               one-hot per pod; capacity Σ ⌈req/q⌉·x ≤ ⌊cap/q⌋ with slack bits, in a quantum
//               q_r = the gcd of the requests when the largest node holds ≤ capacityLevels of
//               them (exact), else ⌈maxCap/capacityLevels⌉ (conservative: rounding requests up
//               and capacity down never admits an overfull node); DoNotSchedule spread as count
//               bounds lo ≤ c(D) ≤ lo + maxSkew per eligible domain, lo = max(0, ⌊|s|/D⌋ −
//               ⌊(maxSkew − 1)/2⌋) (sufficient, stricter than maxSkew allows).
// Penalty weights are ConstrainedModel's default, 1 + Σ|objective biases| touching the
// constraint: a safe bound (a violation never pays), at the price of a steep landscape.

import { Rng } from '../../kernels/reference/rng.js';
import { referenceKernels } from '../../kernels/reference/index.js';
import { ConstrainedModel, slackCoefficients, type Penalty } from '../../qubo/constraints.js';
import { Model } from '../../qubo/model.js';
import { kernelContext } from '../../solve/context.js';
import { createSamplers, type Samplers } from '../../solve/samplers.js';
import type { CompiledProblem } from '../compile.js';
import { PENALTY_ANTI, PENALTY_SOFT } from '../compile.js';
import { nodeDistance } from '../energy.js';
import { PlacementState } from '../state.js';
import type { SolverOptions, SolverResult } from './types.js';

/** Options of toQubo. */
export interface QuboOptions {
  /** Capacity steps of the largest node per resource before requests are rounded (default 32). */
  readonly capacityLevels?: number;
}

/** A compiled one-hot QUBO and how to read it. */
export interface QuboEncoding {
  readonly model: Model;
  /** Variable index of x_{p,n} at p·N + n (-1 where the filters forbid it). */
  readonly x: Int32Array;
  /** Variable index of y_n (-1 for a node no pod may use). */
  readonly y: Int32Array;
  readonly penalties: readonly Penalty[];
  /** Weight W of each node's link x·(1 − y) (0 for unused nodes). */
  readonly linkWeights: Float64Array;
  /** Capacity quantum per resource (resource units) and whether capacity is exact. */
  readonly quantum: Float64Array;
  readonly exactCapacity: boolean;
  /** Parts of H it encodes exactly, and those it leaves out or approximates. */
  readonly encoded: readonly string[];
  readonly omitted: readonly string[];
  readonly constrained: ConstrainedModel;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Builds the one-hot QUBO of `pr` (see the module comment). */
export function toQubo(pr: CompiledProblem, options: QuboOptions = {}): QuboEncoding {
  const levels = options.capacityLevels ?? 32;
  if (!(Number.isInteger(levels) && levels >= 1)) throw new RangeError(`options.capacityLevels must be an integer >= 1, got ${String(levels)}`);
  const { P, N, R, S } = pr;
  const [l1, l2, l3, mu] = pr.weights;
  const soft = mu * pr.penalties[PENALTY_SOFT];
  const xl = (p: number, n: number) => `x/${pr.podNames[p]}/${pr.nodeNames[n]}`;
  const b = Model.builder('BINARY');
  const x = new Int32Array(P * N).fill(-1);
  let nvar = 0;
  for (let p = 0; p < P; p++) for (let n = 0; n < N; n++) if (pr.mask[p * N + n] === 1) { b.addVariable(xl(p, n)); x[p * N + n] = nvar++; }
  const y = new Int32Array(N).fill(-1);
  const linkWeights = new Float64Array(N);
  const couple = (p: number, a: number, q: number, c: number, w: number) => {
    if (w !== 0 && x[p * N + a] >= 0 && x[q * N + c] >= 0) b.add(xl(p, a), xl(q, c), w);
  };

  // R
  for (let n = 0; n < N; n++) {
    const pods: number[] = [];
    for (let p = 0; p < P; p++) if (x[p * N + n] >= 0) pods.push(p);
    if (pods.length === 0) continue;
    let K = 0;
    for (let r = 0; r < R; r++) if (pr.nodeCap[n * R + r] > 0) K++;
    const label = `y/${pr.nodeNames[n]}`;
    b.addLinear(label, l1 * (pr.nodeCost[n] + K));
    y[n] = nvar++;
    linkWeights[n] = 2 * l1 * (pr.nodeCost[n] + K);
    for (const p of pods) {
      b.addLinear(xl(p, n), linkWeights[n]);
      b.add(xl(p, n), label, -linkWeights[n]);
    }
    for (let r = 0; r < R; r++) {
      const cap = pr.nodeCap[n * R + r];
      if (cap === 0) continue;
      pods.forEach((p, i) => {
        const a = pr.podReq[p * R + r] / cap;
        if (a === 0) return;
        b.addLinear(xl(p, n), l1 * (a * a - 2 * a));
        for (let j = i + 1; j < pods.length; j++) couple(p, n, pods[j], n, l1 * 2 * a * (pr.podReq[pods[j] * R + r] / cap));
      });
    }
  }
  // L
  for (let s = 0; s < S; s++) {
    for (let e = pr.graphPtr[s]; e < pr.graphPtr[s + 1]; e++) {
      const t = pr.graphCol[e];
      if (t < s) continue;
      const w = l2 * pr.graphCoef[e];
      for (let i = pr.serviceStart[s]; i < pr.serviceStart[s + 1]; i++) {
        for (let j = s === t ? i : pr.serviceStart[t]; j < pr.serviceStart[t + 1]; j++) {
          for (let a = 0; a < N; a++) {
            if (i === j) { if (x[i * N + a] >= 0) b.addLinear(xl(i, a), w * pr.latency[0]); continue; }
            for (let c = 0; c < N; c++) couple(i, a, j, c, (s === t ? 2 : 1) * w * nodeDistance(pr, a, c));
          }
        }
      }
    }
  }
  // F, and anti-affinity pairs
  const shared = (a: number, c: number, l: number) => pr.domainOf[l * N + a] >= 0 && pr.domainOf[l * N + a] === pr.domainOf[l * N + c];
  for (let s = 0; s < S; s++) {
    if (pr.critical[s] === 0) continue;
    b.addOffset(l3 * 3 * (pr.serviceStart[s + 1] - pr.serviceStart[s]));
    for (let i = pr.serviceStart[s]; i < pr.serviceStart[s + 1]; i++) {
      for (let j = i + 1; j < pr.serviceStart[s + 1]; j++) {
        for (let a = 0; a < N; a++) for (let c = 0; c < N; c++) couple(i, a, j, c, l3 * 2 * ((shared(a, c, 0) ? 1 : 0) + (shared(a, c, 1) ? 1 : 0) + (shared(a, c, 2) ? 1 : 0)));
      }
    }
  }
  // F, exposure of one-pod services on nodes and zones: W(D) = Σ x over their pods and D's nodes, W² = (Σ x)².
  let multiExposed = false;
  if (pr.weights[4] !== 0 || pr.weights[5] !== 0) for (let s = 0; s < S; s++) if (pr.serviceStart[s + 1] - pr.serviceStart[s] > 1) multiExposed = true;
  for (const l of [0, 2]) {
    const phi = l3 * pr.weights[l === 0 ? 4 : 5];
    if (phi === 0) continue;
    for (let D = 0; D < pr.domainCount[l]; D++) {
      const terms: [number, number][] = [];
      for (let s = 0; s < S; s++) {
        const size = pr.serviceStart[s + 1] - pr.serviceStart[s];
        if (size !== 1) continue;
        const p = pr.serviceStart[s];
        for (let n = 0; n < N; n++) if (x[p * N + n] >= 0 && pr.domainOf[l * N + n] === D) terms.push([p, n]);
      }
      terms.forEach(([p, n], i) => {
        b.addLinear(xl(p, n), phi);
        for (let j = i + 1; j < terms.length; j++) couple(p, n, terms[j][0], terms[j][1], 2 * phi);
      });
    }
  }
  for (let k = 0; k < pr.antiA.length; k++) {
    const [sa, sb, l] = [pr.antiA[k], pr.antiB[k], pr.antiLevel[k]];
    const w = pr.antiWeight[k] * (pr.antiHard[k] === 1 ? mu * pr.penalties[PENALTY_ANTI] : soft);
    for (let i = pr.serviceStart[sa]; i < pr.serviceStart[sa + 1]; i++) {
      for (let j = sa === sb ? i + 1 : pr.serviceStart[sb]; j < pr.serviceStart[sb + 1]; j++) {
        for (let a = 0; a < N; a++) for (let c = 0; c < N; c++) if (shared(a, c, l)) couple(i, a, j, c, w);
      }
    }
  }
  for (let p = 0; p < P; p++) for (let n = 0; n < N; n++) if (x[p * N + n] >= 0) b.addLinear(xl(p, n), soft * pr.softNode[pr.podService[p] * N + n]);

  // Constraints: one-hot, capacity with slack, hard spread as count bounds.
  const cm = new ConstrainedModel(b.build());
  for (let p = 0; p < P; p++) {
    const vars: string[] = [];
    for (let n = 0; n < N; n++) if (x[p * N + n] >= 0) vars.push(xl(p, n));
    if (vars.length > 0) cm.oneHot(vars, { name: `onehot/${pr.podNames[p]}` });
  }
  const quantum = new Float64Array(R);
  let exactCapacity = true;
  for (let r = 0; r < R; r++) {
    let g = 0, maxCap = 0;
    for (let p = 0; p < P; p++) g = gcd(g, pr.podReq[p * R + r]);
    for (let n = 0; n < N; n++) maxCap = Math.max(maxCap, pr.nodeCap[n * R + r]);
    if (g === 0) continue;
    quantum[r] = maxCap / g <= levels ? g : Math.ceil(maxCap / levels);
    if (quantum[r] !== g) exactCapacity = false;
    for (let n = 0; n < N; n++) {
      const terms: [string, number][] = [];
      for (let p = 0; p < P; p++) if (x[p * N + n] >= 0 && pr.podReq[p * R + r] > 0) terms.push([xl(p, n), Math.ceil(pr.podReq[p * R + r] / quantum[r])]);
      if (terms.length > 0) cm.inequality(terms, '<=', Math.floor(pr.nodeCap[n * R + r] / quantum[r]), { name: `capacity/${pr.nodeNames[n]}/${pr.resourceNames[r]}` });
    }
  }
  for (let k = 0; k < pr.spreadService.length; k++) {
    if (pr.spreadHard[k] === 0 || pr.spreadDomains[k] === 0) continue;
    const [s, l, skew] = [pr.spreadService[k], pr.spreadLevel[k], pr.spreadMaxSkew[k]];
    const size = pr.serviceStart[s + 1] - pr.serviceStart[s];
    const lo = Math.max(0, Math.floor(size / pr.spreadDomains[k]) - Math.floor((skew - 1) / 2));
    for (let D = 0; D < pr.domainCount[l]; D++) {
      if (pr.spreadElig[pr.spreadEligOffset[k] + D] === 0) continue;
      const terms: [string, number][] = [];
      for (let i = pr.serviceStart[s]; i < pr.serviceStart[s + 1]; i++) for (let n = 0; n < N; n++) if (x[i * N + n] >= 0 && pr.domainOf[l * N + n] === D) terms.push([xl(i, n), 1]);
      const name = `spread/${pr.serviceNames[s]}/${pr.domainNames[l][D]}`;
      if (lo + skew < terms.length) cm.inequality(terms, '<=', lo + skew, { name: `${name}/max` });
      if (lo > 0 && terms.length >= lo) cm.inequality(terms, '>=', lo, { name: `${name}/min` });
    }
  }
  const compiled = cm.compile();
  return {
    model: compiled.model, x, y, penalties: compiled.penalties, linkWeights, quantum, exactCapacity,
    encoded: ['R', 'L', 'F', 'softNode', 'antiAffinity'],
    omitted: ['softSpread (ScheduleAnyway excess)', 'pdb (drain-safety excess)', ...(multiExposed ? ['exposure of multi-pod services (whole-in-domain is a product of |s| variables)'] : []), ...(pr.spreadHard.some((h) => h === 1) ? ['hard spread (stricter count bounds)'] : []), ...(exactCapacity ? [] : ['capacity (rounded to the quantum)'])],
    constrained: cm,
  };
}

/** The full QUBO state of an assignment: x, y = nodes used, and every slack at its best value. */
export function encodeAssignment(q: QuboEncoding, pr: CompiledProblem, assignment: Int32Array): Int8Array {
  const state = new Int8Array(q.model.n);
  for (let p = 0; p < pr.P; p++) {
    const n = assignment[p];
    if (n < 0 || q.x[p * pr.N + n] < 0) continue;
    state[q.x[p * pr.N + n]] = 1;
    state[q.y[n]] = 1;
  }
  const value = (label: string | number) => state[q.model.indexOf(label)];
  for (const c of q.constrained.constraints) {
    const pen = q.penalties.find((e) => e.name === c.name);
    if (pen === undefined || pen.slackLabels.length === 0) continue;
    const sign = c.sense === '>=' ? -1 : 1;
    let lhs = 0;
    c.labels.forEach((label, k) => (lhs += sign * c.coefs[k] * value(label)));
    const lo = c.coefs.reduce((acc, a) => acc + Math.min(sign * a, 0), 0);
    const coefs = slackCoefficients(sign * c.rhs - lo);
    let slack = Math.max(0, Math.min(sign * c.rhs - lhs, sign * c.rhs - lo));
    if (slack > 2 ** (coefs.length - 1) - 1) { state[q.model.indexOf(pen.slackLabels[coefs.length - 1])] = 1; slack -= coefs[coefs.length - 1]; }
    for (let k = 0; k < coefs.length - 1; k++) if ((slack >> k) & 1) state[q.model.indexOf(pen.slackLabels[k])] = 1;
  }
  return state;
}

/** Reads a sampled state: pods with one x set keep it; others go greedily (least ΔH) to one of their set x, else to any allowed node. */
export function decodeState(q: QuboEncoding, pr: CompiledProblem, state: Int8Array, seed = 1): { assignment: Int32Array; zeroHot: number; multiHot: number } {
  const { P, N } = pr;
  const assignment = new Int32Array(P).fill(-1);
  const candidates: number[][] = [];
  let zeroHot = 0, multiHot = 0;
  const rng = new Rng(seed, 5);
  for (let p = 0; p < P; p++) {
    const on: number[] = [];
    const allowed: number[] = [];
    for (let n = 0; n < N; n++) if (q.x[p * N + n] >= 0) { allowed.push(n); if (state[q.x[p * N + n]] === 1) on.push(n); }
    if (on.length === 1) { assignment[p] = on[0]; candidates.push([]); continue; }
    if (on.length === 0) zeroHot++; else multiHot++;
    const list = on.length > 0 ? on : allowed.length > 0 ? allowed : Array.from({ length: N }, (_, n) => n);
    candidates.push(list);
    assignment[p] = list[rng.below(list.length)];
  }
  if (zeroHot + multiHot > 0) {
    const st = new PlacementState(pr, assignment);
    for (let p = 0; p < P; p++) {
      let best = st.assignment[p], bestD = 0;
      for (const n of candidates[p]) { const d = st.deltaMove(p, n); if (d < bestD) { bestD = d; best = n; } }
      st.applyMove(p, best);
    }
    assignment.set(st.assignment);
  }
  return { assignment, zeroHot, multiHot };
}

const byKernels = new WeakMap<object, Samplers>();
let reference: ReturnType<typeof referenceKernels> | undefined;

/** Samples the QUBO with `samplers` (default: on options.kernels, else the reference kernels) and decodes the best row. */
export async function quboSolve(pr: CompiledProblem, options: SolverOptions, samplers?: Samplers): Promise<SolverResult> {
  const o = options.params;
  const known = ['sampler', 'sweeps', 'reads', 'capacityLevels'];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new RangeError(`options.params.${k} is not a parameter of 'qubo' (expected one of ${known.join(', ')})`);
  const sampler = o.sampler ?? 'sa';
  if (sampler !== 'sa' && sampler !== 'sqa') throw new RangeError(`options.params.sampler must be 'sa' or 'sqa', got ${JSON.stringify(sampler)}`);
  const started = performance.now();
  const q = toQubo(pr, { capacityLevels: o.capacityLevels as number | undefined });
  const built = performance.now();
  const kernels = options.kernels ?? (reference ??= referenceKernels());
  let pool = samplers ?? byKernels.get(kernels);
  if (pool === undefined) byKernels.set(kernels, (pool = createSamplers(kernelContext(kernels)).samplers));
  const common = { seed: options.seed, timeLimitMs: options.timeLimitMs, signal: options.signal, sweeps: o.sweeps as number | undefined, reads: o.reads as number | undefined };
  const set = sampler === 'sa' ? await pool.sa.sample(q.model, common) : await pool.sqa.sample(q.model, common);
  const best = set.first.state;
  const decoded = decodeState(q, pr, best, options.seed);
  let violated = 0;
  for (const v of q.constrained.violations(best.subarray(0, q.constrained.objective.n))) if (v.name.startsWith('capacity') || v.name.startsWith('spread')) violated++;
  const weights = q.penalties.map((p) => p.weight);
  return {
    assignment: decoded.assignment,
    stats: {
      sampler, variables: q.model.n, couplings: q.model.numInteractions, quboEnergy: set.first.energy, zeroHotPods: decoded.zeroHot, multiHotPods: decoded.multiHot,
      violatedConstraints: violated, minPenaltyWeight: Math.min(...weights), maxPenaltyWeight: Math.max(...weights), exactCapacity: q.exactCapacity,
      buildMs: built - started, elapsedMs: performance.now() - started,
    },
  };
}

/** Solver 'qubo': the one-hot QUBO sampled by 'sa' (params.sampler 'sqa' for path-integral MC) on options.kernels (else the reference kernels). */
export async function quboSolver(pr: CompiledProblem, options: SolverOptions): Promise<SolverResult> {
  return quboSolve(pr, options);
}
