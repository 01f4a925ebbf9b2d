// 'sa': a host-side simulated annealer in assignment space (pod → node), on PlacementState's
// incremental energy. The plain-TS forerunner of the WASM 'pimc' kernel and its reference.
//
// Start: the lowest-H placement among the constructive baselines that place every pod (so sa
// never returns worse than its start; if none places every pod, the one placing most, with the
// rest on random allowed nodes). Moves: with probability `swapRate` swap the nodes of two pods
// of different services, else move one pod to a random node its hard filters allow (mask);
// Metropolis acceptance. Temperature: geometric from T0 to T0·`tRatio` over `sweeps`·P steps,
// T0 set so the median uphill move that keeps hard constraints is accepted with probability
// 0.3 at the start. The best state seen is kept, ranking any state without hard violations
// above any state with them. Deterministic for a seed: the schedule counts steps, not time; the
// time limit (checked every 256 steps) and the AbortSignal only cut it short (stats.stoppedBy).
// The loop yields to the event loop every ~20 ms so an abort can arrive.

import { abortErrorFrom } from '../../errors.js';
import { Rng } from '../../kernels/reference/rng.js';
import type { CompiledProblem } from '../compile.js';
import { PlacementState } from '../state.js';
import type { SolverOptions, SolverResult } from './types.js';
import { bestBaseline } from './pimc-params.js';
import { exp, ln, pow } from '../../kernels/reference/detmath.js';

/** Tuning knobs of 'sa' (options.params). */
export interface SaParams {
  /** Steps per pod (default 1000). */
  readonly sweeps: number;
  /** Share of proposals that are swaps (default 0.2). */
  readonly swapRate: number;
  /** Final temperature over initial (default 1e-3). */
  readonly tRatio: number;
  /** Probability of accepting the median uphill move at T0 (default 0.3). */
  readonly accept0: number;
  /** Share of single moves aimed at the node of a pod of a call-graph neighbour (default 0.35). */
  readonly nearRate: number;
  /** Share of single moves aimed at the node of a random pod, i.e. at a used node (default 0.35). */
  readonly packRate: number;
}

const DEFAULTS: SaParams = { sweeps: 1000, swapRate: 0.2, tRatio: 1e-3, accept0: 0.3, nearRate: 0.35, packRate: 0.35 };
const HARD_EPS = 1e-9;

function readParams(params: Readonly<Record<string, unknown>>): SaParams {
  const out = { ...DEFAULTS };
  for (const [k, v] of Object.entries(params)) {
    if (!(k in DEFAULTS)) throw new RangeError(`options.params.${k} is not a parameter of 'sa' (expected one of ${Object.keys(DEFAULTS).join(', ')})`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`options.params.${k} must be a finite number, got ${String(v)}`);
    if (k === 'sweeps' && !(Number.isInteger(v) && v >= 0)) throw new RangeError(`options.params.sweeps must be an integer >= 0, got ${v}`);
    if ((k === 'swapRate' || k === 'nearRate' || k === 'packRate') && !(v >= 0 && v <= 1)) throw new RangeError(`options.params.${k} must be in [0, 1], got ${v}`);
    if ((k === 'tRatio' || k === 'accept0') && !(v > 0 && v < 1)) throw new RangeError(`options.params.${k} must be in (0, 1), got ${v}`);
    (out as Record<string, number>)[k] = v;
  }
  return out;
}

const yieldNow = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Solver 'sa'. */
export async function saSolver(pr: CompiledProblem, options: SolverOptions): Promise<SolverResult> {
  const params = readParams(options.params);
  const started = performance.now();
  const { signal } = options;
  if (signal?.aborted) throw abortErrorFrom(signal);
  if (pr.P === 0) return { assignment: new Int32Array(0), stats: { steps: 0 } };
  const rng = new Rng(options.seed, 0);
  const init = bestBaseline(pr, options.seed); // shared with pimc (pimc-params.ts)
  const st = new PlacementState(pr, init.assignment);
  const { P, N } = pr;

  // Allowed nodes per service (pods of one service share their mask row).
  const allowPtr = new Int32Array(pr.S + 1);
  const allowList: number[] = [];
  for (let s = 0; s < pr.S; s++) {
    const p0 = pr.serviceStart[s];
    if (pr.serviceStart[s + 1] > p0) for (let n = 0; n < N; n++) if (pr.mask[p0 * N + n] === 1) allowList.push(n);
    allowPtr[s + 1] = allowList.length;
  }
  const allowed = Int32Array.from(allowList);

  // The proposal lives in these three variables: pod, second pod of a swap (-1 for a move), target node.
  let moveP = 0;
  let moveQ = -1;
  let moveNode = -1;
  const propose = (): number => {
    if (P >= 2 && rng.float() < params.swapRate) {
      const p = rng.below(P);
      const q = rng.below(P);
      const a = st.assignment[p];
      const b = st.assignment[q];
      if (a === b || pr.podService[p] === pr.podService[q] || pr.mask[p * N + b] === 0 || pr.mask[q * N + a] === 0) return -1;
      moveP = p; moveQ = q; moveNode = -1;
      return 1;
    }
    const p = rng.below(P);
    const s = pr.podService[p];
    const len = allowPtr[s + 1] - allowPtr[s];
    if (len < 2) return -1;
    const u = rng.float();
    const degree = pr.graphPtr[s + 1] - pr.graphPtr[s];
    let b: number;
    if (u < params.nearRate && degree > 0) {
      const t = pr.graphCol[pr.graphPtr[s] + rng.below(degree)];
      b = st.assignment[pr.serviceStart[t] + rng.below(pr.serviceStart[t + 1] - pr.serviceStart[t])];
    } else if (u < params.nearRate + params.packRate) {
      b = st.assignment[rng.below(P)];
    } else {
      b = allowed[allowPtr[s] + rng.below(len)];
    }
    if (b === st.assignment[p] || pr.mask[p * N + b] === 0) return -1;
    moveP = p; moveQ = -1; moveNode = b;
    return 0;
  };

  // T0 from the median uphill move that keeps hard constraints.
  const uphill: number[] = [];
  for (let i = 0; i < 256; i++) {
    const kind = propose();
    if (kind < 0) continue;
    const d = kind === 1 ? st.deltaSwap(moveP, moveQ) : st.deltaMove(moveP, moveNode);
    if (d > 0 && st.delta[3] <= HARD_EPS) uphill.push(d);
  }
  uphill.sort((x, y) => x - y);
  const t0 = uphill.length > 0 ? uphill[uphill.length >> 1] / ln(1 / params.accept0) : 1;
  const steps = params.sweeps * P;
  const alpha = steps > 0 ? pow(params.tRatio, 1 / steps) : 1;

  const best = st.assignment.slice();
  let bestH = st.H();
  let bestHard = st.Chard > HARD_EPS;
  const initH = bestH;
  let T = t0;
  let accepted = 0;
  let stoppedBy = 'steps';
  let lastYield = performance.now();
  let step = 0;
  for (; step < steps; step++) {
    if ((step & 255) === 0) {
      const now = performance.now();
      if (now - started > options.timeLimitMs) { stoppedBy = 'time'; break; }
      if (now - lastYield > 20) {
        await yieldNow();
        lastYield = performance.now();
      }
      if (signal?.aborted) throw abortErrorFrom(signal);
    }
    T *= alpha;
    const kind = propose();
    if (kind < 0) continue;
    const d = kind === 1 ? st.deltaSwap(moveP, moveQ) : st.deltaMove(moveP, moveNode);
    if (d > 0 && rng.float() >= exp(-d / T)) continue;
    if (kind === 1) st.applySwap(moveP, moveQ); else st.applyMove(moveP, moveNode);
    accepted++;
    const hard = st.Chard > HARD_EPS;
    const h = st.H();
    if ((bestHard && !hard) || (hard === bestHard && h < bestH - 1e-12)) {
      best.set(st.assignment);
      bestH = h;
      bestHard = hard;
    }
  }
  return {
    assignment: best,
    stats: { init: init.from, initH, bestH, t0, steps: step, accepted, stoppedBy, elapsedMs: performance.now() - started },
  };
}
