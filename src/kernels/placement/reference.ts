// The reference placement provider: plain TypeScript, readable, the oracle of the shared tests;
// not built for speed. Each replica is a PlacementState (src/scheduling/state.ts), so the
// energy bookkeeping is the scheduling layer's own, and this file holds only the path-integral
// loop of the contract (contract.ts): the same draws, proposal order and float operations as
// assembly/placement/chain.ts, so both agree bit for bit.
//
// The kernels layer otherwise knows nothing of scheduling; the placement kernel is the
// exception by design (its ABI is the CompiledProblem, and its energy must be PlacementState's).

import type { CompiledProblem } from '../../scheduling/compile.js';
import { PlacementState } from '../../scheduling/state.js';
import { negLog } from '../reference/metropolis.js';
import { rngNextU32, rngSeed } from '../reference/rng.js';
import { COUNTERS, TOTALS, type MoveThresholds, type PlacementChain, type PlacementKernels, type PreparedPlacement, type ReplicaSnapshot } from './contract.js';
import { proposalArrays, type ProposalArrays } from './layout.js';

class RefProblem implements PreparedPlacement {
  readonly P: number;
  readonly S: number;
  live = true;
  constructor(readonly pr: CompiledProblem, readonly lists: ProposalArrays) {
    this.P = pr.P;
    this.S = pr.S;
  }
  dispose(): void {
    this.live = false;
  }
}

class RefChain implements PlacementChain {
  readonly states: PlacementState[];
  readonly rng = new Uint32Array(4);
  readonly slots: Int32Array;
  readonly counters = new Float64Array(COUNTERS);
  moves: MoveThresholds = { swap: 0, near: 0, pack: 0, agree: 0, exchange: false };
  live = true;
  constructor(readonly problem: RefProblem, readonly replicas: number) {
    const empty = new Int32Array(problem.pr.P);
    this.states = Array.from({ length: replicas }, () => new PlacementState(problem.pr, empty));
    this.slots = Int32Array.from({ length: replicas }, (_, k) => k);
  }
  dispose(): void {
    this.live = false;
  }
}

function live(c: PlacementChain): RefChain {
  const r = c as RefChain;
  if (!r.live) throw new RangeError('placement chain was disposed');
  if (!r.problem.live) throw new RangeError('placement problem was disposed');
  return r;
}

/** ⌊u·n / 2^32⌋ of one draw: exact in doubles (u·n < 2^53). */
function below(rng: Uint32Array, n: number): number {
  return Math.floor((rngNextU32(rng) * n) / 4294967296);
}

/** Agreement change of pod p moving a → b with its copies in the slices above and below. */
function agreeDelta(up: Int32Array, dn: Int32Array, p: number, a: number, b: number): number {
  return (b === up[p] ? 1 : 0) + (b === dn[p] ? 1 : 0) - (a === up[p] ? 1 : 0) - (a === dn[p] ? 1 : 0);
}

/** One sweep of P proposals on the replica at Trotter position pos. */
function sweepSlice(c: RefChain, pos: number, beta: number, jp: Float64Array, invK: number): void {
  const { pr, lists } = c.problem;
  const { P, N } = pr;
  const K = c.replicas;
  const st = c.states[c.slots[pos]];
  const asg = st.assignment;
  const coupled = K > 1;
  const up = c.states[c.slots[(pos + 1) % K]].assignment;
  const dn = c.states[c.slots[(pos + K - 1) % K]].assignment;
  const rng = c.rng;
  const m = c.moves;
  const thr = new Float64Array(P);
  for (let i = 0; i < P; i++) thr[i] = negLog(rngNextU32(rng));
  for (let i = 0; i < P; i++) {
    const u = rngNextU32(rng);
    if (P >= 2 && u < m.swap) {
      const p = below(rng, P);
      const q = below(rng, P);
      const a = asg[p];
      const b = asg[q];
      const sp = pr.podService[p];
      const sq = pr.podService[q];
      if (a === b || sp === sq || pr.mask[p * N + b] === 0 || pr.mask[q * N + a] === 0) continue;
      c.counters[0]++;
      const dH = st.deltaSwap(p, q);
      let dE = dH * invK;
      if (coupled) dE = dE - (jp[sp] * agreeDelta(up, dn, p, a, b) + jp[sq] * agreeDelta(up, dn, q, b, a));
      if (beta * dE < thr[i]) {
        st.applySwap(p, q);
        c.counters[2]++;
      }
      continue;
    }
    const p = below(rng, P);
    const s = pr.podService[p];
    const a0 = lists.allowPtr[s];
    const len = lists.allowPtr[s + 1] - a0;
    if (len < 2) continue;
    const v = rngNextU32(rng);
    const g0 = pr.graphPtr[s];
    const degree = pr.graphPtr[s + 1] - g0;
    let b: number;
    if (v < m.near && degree > 0) {
      const t = pr.graphCol[g0 + below(rng, degree)];
      const t0 = pr.serviceStart[t];
      b = asg[t0 + below(rng, pr.serviceStart[t + 1] - t0)];
    } else if (v < m.pack) {
      b = asg[below(rng, P)];
    } else if (v < m.agree && coupled) {
      b = rngNextU32(rng) < 0x80000000 ? up[p] : dn[p];
    } else {
      b = lists.allowed[a0 + below(rng, len)];
    }
    const a = asg[p];
    if (b === a || pr.mask[p * N + b] === 0) continue;
    c.counters[0]++;
    const dH = st.deltaMove(p, b);
    let dE = dH * invK;
    if (coupled) dE = dE - jp[s] * agreeDelta(up, dn, p, a, b);
    if (beta * dE < thr[i]) {
      st.applyMove(p, b);
      c.counters[1]++;
    }
  }
}

/** Trades the configurations at Trotter positions k and k+1 (mod K) by Metropolis on the coupling. */
function exchangeSweep(c: RefChain, beta: number, jp: Float64Array): void {
  const K = c.replicas;
  const { P, podService } = c.problem.pr;
  const thr = new Float64Array(K);
  for (let k = 0; k < K; k++) thr[k] = negLog(rngNextU32(c.rng));
  const at = (pos: number) => c.states[c.slots[pos]].assignment;
  for (let k = 0; k < K; k++) {
    const j = (k + 1) % K;
    const xm = at((k + K - 1) % K), xi = at(k), xj = at(j), xp = at((j + 1) % K);
    let acc = 0;
    for (let p = 0; p < P; p++) {
      const diff = (xm[p] === xj[p] ? 1 : 0) + (xi[p] === xp[p] ? 1 : 0) - (xm[p] === xi[p] ? 1 : 0) - (xj[p] === xp[p] ? 1 : 0);
      if (diff !== 0) acc += jp[podService[p]] * diff;
    }
    const dE = -acc;
    if (beta * dE < thr[k]) {
      const t = c.slots[k];
      c.slots[k] = c.slots[j];
      c.slots[j] = t;
      c.counters[3]++;
    }
  }
}

/** The reference placement kernels. */
export function referencePlacementKernels(): PlacementKernels {
  return {
    backend: 'reference',
    prepare: (pr) => new RefProblem(pr, proposalArrays(pr)),
    createChain(problem, replicas) {
      const p = problem as RefProblem;
      if (!p.live) throw new RangeError('placement problem was disposed');
      return new RefChain(p, replicas);
    },
    setReplica(chain, r, snap: ReplicaSnapshot) {
      const st = live(chain).states[r];
      st.assignment.set(snap.assignment);
      st.used.set(snap.used);
      st.podsOn.set(snap.podsOn);
      st.nodeR.set(snap.nodeR);
      st.nodeOver.set(snap.nodeOver);
      st.cnt.set(snap.cnt);
      st.hist.set(snap.hist);
      st.spreadMax.set(snap.spreadMax);
      st.spreadMin.set(snap.spreadMin);
      st.whole.set(snap.whole);
      st.R = snap.R;
      st.L = snap.L;
      st.F = snap.F;
      st.Chard = snap.Chard;
      st.Csoft = snap.Csoft;
      st.nodesUsed = snap.nodesUsed;
    },
    seed(chain, seed, stream, moves) {
      const c = live(chain);
      rngSeed(seed >>> 0, stream >>> 0, c.rng);
      c.slots.forEach((_, k) => (c.slots[k] = k));
      c.counters.fill(0);
      c.moves = moves;
    },
    run(chain, sweeps, betas, jperp) {
      const c = live(chain);
      const { S } = c.problem;
      const K = c.replicas;
      const invK = 1.0 / K;
      for (let t = 0; t < sweeps; t++) {
        const jp = jperp.subarray(t * S, (t + 1) * S);
        for (let pos = 0; pos < K; pos++) sweepSlice(c, pos, betas[t], jp, invK);
        if (c.moves.exchange && K >= 4) exchangeSweep(c, betas[t], jp);
      }
    },
    totals(chain, out) {
      live(chain).states.forEach((st, r) => out.set([st.R, st.L, st.F, st.Chard, st.Csoft, st.nodesUsed], r * TOTALS));
    },
    readAssignment: (chain, r, out) => out.set(live(chain).states[r].assignment),
    slots: (chain, out) => out.set(live(chain).slots),
    rngState: (chain, out) => out.set(live(chain).rng),
    counters: (chain, out) => out.set(live(chain).counters),
  };
}
