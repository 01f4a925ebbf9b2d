// The incremental form of energy.ts: a placement whose aggregates let one move's change in H
// cost O(call-graph degree of the pod's service + R + its constraint terms), never a full
// re-evaluation. Written in a plain numeric style (typed arrays, no objects or closures in the
// loops) because the placement kernel ports it line by line to AssemblyScript.
//
// Aggregates: used f64[N×R] and podsOn i32[N]; nodeR/nodeOver f64[N] (each node's current R
// and capacity-overflow terms); cnt i32 per (service, domain) at every level (countOffset
// layout); per spread constraint a histogram of eligible domains by pod count plus its max and
// min, so a ±1 change updates max/min in O(1) (spread-hist.ts).
//
//   L via counts: Σ_{j∈t} d(b, node_j) = d0·c0 + d1·(c1 − c0) + d2·(c2 − c1) + d3·(c3 − c2)
//     + d4·(|t| − c3), with c_l the count of t in b's level-l domain (levels nest).
//   F: moving a critical pod from domain A to B at a level changes Σ n² by 2(n_B − n_A) + 2.
//     Exposure: whole i32[nodes + zones] holds W(D); the move makes its service stop being
//     whole in A (if it was: n_A = |s|) and start being whole in B (if n_B + 1 = |s|), so
//     Σ W² changes by x_A(2W_A + x_A) + x_B(2W_B + x_B), x = the ∓1 or 0 change.
//
// Totals start from evaluate() and then add each applied delta (move order), so they match a
// fresh evaluate() to rounding. A swap is evaluated as move, move, undo; the undo is exact
// because every aggregate is an integer or recomputed from integers.

import type { CompiledProblem } from './compile.js';
import { PENALTY_ANTI, PENALTY_CAPACITY, PENALTY_SOFT, PENALTY_SPREAD } from './compile.js';
import { domainCounts, evaluate, filterPenalty, nodeDistance, wholeCounts } from './energy.js';
import { DeviceState } from './devices.js';
import { initSpreadHist, spreadAdd, spreadExcessAfter, spreadRemove } from './spread-hist.js';

/** An assignment with the aggregates for O(degree + R) move and swap deltas. */
export class PlacementState {
  readonly pr: CompiledProblem;
  /** Current node of each pod; treat as read-only (change it through applyMove/applySwap). */
  readonly assignment: Int32Array;
  readonly used: Float64Array;
  readonly podsOn: Int32Array;
  readonly nodeR: Float64Array;
  readonly nodeOver: Float64Array;
  readonly cnt: Int32Array;
  readonly hist: Int32Array;
  readonly spreadMax: Int32Array;
  readonly spreadMin: Int32Array;
  /** W(D) of the exposure term: node domains, then zone domains (energy.ts wholeCounts). */
  readonly whole: Int32Array;
  R = 0;
  L = 0;
  F = 0;
  Chard = 0;
  Csoft = 0;
  nodesUsed = 0;
  /** Device allocation (devices.ts) when asked for and some node has device-granular resources, else null; moves keep it (deltaSwap's undo may re-pick indices). */
  readonly dev: DeviceState | null;
  /** Components of the last delta computed: dR, dL, dF, dChard, dCsoft. */
  readonly delta = new Float64Array(5);
  readonly #scratch = new Float64Array(2);

  /**
   * Builds the aggregates for a complete assignment (every pod on a node in [0, N)). `devices`:
   * track device allocation (devices.ts) when some node declares devices — `true`, or the
   * holdings to start from (P×R masks; `strictDevices`: invalid ones throw, else they are
   * re-allocated). Without it nothing is tracked: the solvers work on aggregates and pay nothing.
   */
  constructor(pr: CompiledProblem, assignment: Int32Array, devices?: Uint32Array | true, strictDevices = true) {
    if (assignment.length !== pr.P) throw new RangeError(`assignment must have length ${pr.P}, got ${assignment.length}`);
    for (let p = 0; p < pr.P; p++) {
      if (!(assignment[p] >= 0 && assignment[p] < pr.N)) throw new RangeError(`assignment[${p}] must be a node index in [0, ${pr.N - 1}], got ${assignment[p]}`);
    }
    this.pr = pr;
    this.assignment = assignment.slice();
    this.used = new Float64Array(pr.N * pr.R);
    this.podsOn = new Int32Array(pr.N);
    for (let p = 0; p < pr.P; p++) {
      const n = assignment[p];
      this.podsOn[n]++;
      for (let r = 0; r < pr.R; r++) this.used[n * pr.R + r] += pr.podReq[p * pr.R + r];
    }
    this.nodeR = new Float64Array(pr.N);
    this.nodeOver = new Float64Array(pr.N);
    for (let n = 0; n < pr.N; n++) {
      this.#nodeTerms(n, -1, 0);
      this.nodeR[n] = this.#scratch[0];
      this.nodeOver[n] = this.#scratch[1];
    }
    this.cnt = domainCounts(pr, assignment);
    const KS = pr.spreadService.length;
    this.hist = new Int32Array(pr.spreadHistOffset[KS]);
    this.spreadMax = new Int32Array(KS);
    this.spreadMin = new Int32Array(KS);
    initSpreadHist(pr, this.cnt, this.hist, this.spreadMax, this.spreadMin);
    this.whole = wholeCounts(pr, this.cnt);
    const e = evaluate(pr, assignment);
    this.R = e.R;
    this.L = e.L;
    this.F = e.F;
    this.Chard = e.Chard;
    this.Csoft = e.C - e.Chard;
    this.nodesUsed = e.nodesUsed;
    this.dev = devices !== undefined && DeviceState.needed(pr) ? new DeviceState(pr, this.assignment, devices === true ? undefined : devices, strictDevices) : null;
  }

  /** The current energy. */
  H(): number {
    const w = this.pr.weights;
    return w[0] * this.R + w[1] * this.L + w[2] * this.F + w[3] * (this.Chard + this.Csoft);
  }

  /** Node n's R and overflow terms if pod x (sign ±1) were added/removed; x = -1 for none. Writes #scratch. */
  #nodeTerms(n: number, x: number, sign: number): void {
    const pr = this.pr;
    const R = pr.R;
    const count = this.podsOn[n] + (x >= 0 ? sign : 0);
    let frag = 0;
    let over = 0;
    if (count > 0) {
      frag = pr.nodeCost[n];
      for (let r = 0; r < R; r++) {
        const cap = pr.nodeCap[n * R + r];
        const u = x >= 0 ? this.used[n * R + r] + sign * pr.podReq[x * R + r] : this.used[n * R + r];
        if (cap > 0) frag += (1 - u / cap) * (1 - u / cap);
        if (u > cap) over += 1 + (u - cap) * pr.invCap[n * R + r];
      }
    }
    this.#scratch[0] = frag;
    this.#scratch[1] = over;
  }

  /** Σ_{j∈t} latency(node n, node_j) from the counts (pod positions as they are now). */
  distSum(n: number, t: number): number {
    const pr = this.pr;
    const N = pr.N;
    const lat = pr.latency;
    const c0 = this.cnt[pr.countOffset[0] + t * pr.domainCount[0] + pr.domainOf[n]];
    const c1 = this.cnt[pr.countOffset[1] + t * pr.domainCount[1] + pr.domainOf[N + n]];
    const c2 = this.cnt[pr.countOffset[2] + t * pr.domainCount[2] + pr.domainOf[2 * N + n]];
    const c3 = this.cnt[pr.countOffset[3] + t * pr.domainCount[3] + pr.domainOf[3 * N + n]];
    const size = pr.serviceStart[t + 1] - pr.serviceStart[t];
    return lat[0] * c0 + lat[1] * (c1 - c0) + lat[2] * (c2 - c1) + lat[3] * (c3 - c2) + lat[4] * (size - c3);
  }

  /** ΔH of moving pod x to node b (components in `delta`); does not change the state. */
  deltaMove(x: number, b: number): number {
    const pr = this.pr;
    const N = pr.N;
    const a = this.assignment[x];
    const dl = this.delta;
    dl.fill(0);
    if (a === b) return 0;
    const s = pr.podService[x];
    const pen = pr.penalties;

    this.#nodeTerms(a, x, -1);
    let dR = this.#scratch[0] - this.nodeR[a];
    let dOver = this.#scratch[1] - this.nodeOver[a];
    this.#nodeTerms(b, x, 1);
    dR += this.#scratch[0] - this.nodeR[b];
    dOver += this.#scratch[1] - this.nodeOver[b];

    let dL = 0;
    for (let e = pr.graphPtr[s]; e < pr.graphPtr[s + 1]; e++) {
      const t = pr.graphCol[e];
      if (t !== s) {
        dL += pr.graphCoef[e] * (this.distSum(b, t) - this.distSum(a, t));
      } else {
        dL += pr.graphCoef[e] * 2 * (this.distSum(b, s) - nodeDistance(pr, a, b) - (this.distSum(a, s) - pr.latency[0]));
      }
    }

    let dF = 0;
    if (pr.critical[s] === 1) {
      for (let l = 0; l < 3; l++) {
        const da = pr.domainOf[l * N + a];
        const db = pr.domainOf[l * N + b];
        if (da === db) continue;
        const base = pr.countOffset[l] + s * pr.domainCount[l];
        dF += 2 * (this.cnt[base + db] - this.cnt[base + da]) + 2;
      }
    }
    if (pr.weights[4] !== 0 || pr.weights[5] !== 0) {
      const size = pr.serviceStart[s + 1] - pr.serviceStart[s];
      for (let l = 0; l < 3; l += 2) {
        const da = pr.domainOf[l * N + a];
        const db = pr.domainOf[l * N + b];
        if (da === db) continue;
        const base = pr.countOffset[l] + s * pr.domainCount[l];
        const off = l === 0 ? 0 : pr.domainCount[0];
        const xa = this.cnt[base + da] === size ? -1 : 0;
        const xb = this.cnt[base + db] + 1 === size ? 1 : 0;
        dF += pr.weights[l === 0 ? 4 : 5] * (xa * (2 * this.whole[off + da] + xa) + xb * (2 * this.whole[off + db] + xb));
      }
    }

    let dHard = pen[PENALTY_CAPACITY] * dOver + filterPenalty(pr, x, b) - filterPenalty(pr, x, a);
    let dSoft = pr.softNode[s * N + b] - pr.softNode[s * N + a];
    for (let i = pr.antiPtr[s]; i < pr.antiPtr[s + 1]; i++) {
      const k = pr.antiIdx[i];
      const l = pr.antiLevel[k];
      const da = pr.domainOf[l * N + a];
      const db = pr.domainOf[l * N + b];
      if (da === db) continue;
      const other = pr.antiA[k] === s ? pr.antiB[k] : pr.antiA[k];
      const base = pr.countOffset[l] + other * pr.domainCount[l];
      const self = other === s ? 1 : 0;
      const change = (db >= 0 ? this.cnt[base + db] : 0) - (da >= 0 ? this.cnt[base + da] - self : 0);
      if (pr.antiHard[k] === 1) dHard += pen[PENALTY_ANTI] * pr.antiWeight[k] * change;
      else dSoft += pr.antiWeight[k] * change;
    }
    for (let i = pr.spreadPtr[s]; i < pr.spreadPtr[s + 1]; i++) {
      const k = pr.spreadIdx[i];
      const l = pr.spreadLevel[k];
      const da = pr.domainOf[l * N + a];
      const db = pr.domainOf[l * N + b];
      if (da === db) continue;
      const base = pr.countOffset[l] + s * pr.domainCount[l];
      const rem = da >= 0 && pr.spreadElig[pr.spreadEligOffset[k] + da] === 1;
      const add = db >= 0 && pr.spreadElig[pr.spreadEligOffset[k] + db] === 1;
      if (!rem && !add) continue;
      const before = Math.max(0, this.spreadMax[k] - this.spreadMin[k] - pr.spreadMaxSkew[k]);
      const after = spreadExcessAfter(pr, this.hist, this.spreadMax, this.spreadMin, k, rem, rem ? this.cnt[base + da] : 0, add, add ? this.cnt[base + db] : 0);
      if (pr.spreadHard[k] === 1) dHard += pen[PENALTY_SPREAD] * (after - before);
      else dSoft += after - before;
    }
    const m = pr.pdbMaxPerNode[s];
    if (m > 0) {
      const ca = this.cnt[s * N + a];
      const cb = this.cnt[s * N + b];
      dSoft += Math.max(0, ca - 1 - m) - Math.max(0, ca - m) + Math.max(0, cb + 1 - m) - Math.max(0, cb - m);
    }
    dSoft *= pen[PENALTY_SOFT];

    dl[0] = dR;
    dl[1] = dL;
    dl[2] = dF;
    dl[3] = dHard;
    dl[4] = dSoft;
    const w = pr.weights;
    return w[0] * dR + w[1] * dL + w[2] * dF + w[3] * (dHard + dSoft);
  }

  /** Moves pod x to node b and returns ΔH. */
  applyMove(x: number, b: number): number {
    const a = this.assignment[x];
    const dH = this.deltaMove(x, b);
    if (a === b) return 0;
    this.#commit(x, a, b);
    this.R += this.delta[0];
    this.L += this.delta[1];
    this.F += this.delta[2];
    this.Chard += this.delta[3];
    this.Csoft += this.delta[4];
    return dH;
  }

  /** Updates the aggregates for pod x moving a → b (the totals are the caller's business). */
  #commit(x: number, a: number, b: number): void {
    const pr = this.pr;
    const N = pr.N;
    const R = pr.R;
    const s = pr.podService[x];
    // Spread histograms read the counts before they change.
    for (let i = pr.spreadPtr[s]; i < pr.spreadPtr[s + 1]; i++) {
      const k = pr.spreadIdx[i];
      const l = pr.spreadLevel[k];
      const da = pr.domainOf[l * N + a];
      const db = pr.domainOf[l * N + b];
      if (da === db) continue;
      const base = pr.countOffset[l] + s * pr.domainCount[l];
      if (da >= 0 && pr.spreadElig[pr.spreadEligOffset[k] + da] === 1) spreadRemove(pr, this.hist, this.spreadMax, this.spreadMin, k, this.cnt[base + da]);
      if (db >= 0 && pr.spreadElig[pr.spreadEligOffset[k] + db] === 1) spreadAdd(pr, this.hist, this.spreadMax, this.spreadMin, k, this.cnt[base + db]);
    }
    // Exposure counts read the counts before they change, too.
    const size = pr.serviceStart[s + 1] - pr.serviceStart[s];
    for (let l = 0; l < 3; l += 2) {
      const da = pr.domainOf[l * N + a];
      const db = pr.domainOf[l * N + b];
      if (da === db) continue;
      const base = pr.countOffset[l] + s * pr.domainCount[l];
      const off = l === 0 ? 0 : pr.domainCount[0];
      if (this.cnt[base + da] === size) this.whole[off + da]--;
      if (this.cnt[base + db] + 1 === size) this.whole[off + db]++;
    }
    for (let l = 0; l < pr.LV; l++) {
      const base = pr.countOffset[l] + s * pr.domainCount[l];
      const da = pr.domainOf[l * N + a];
      const db = pr.domainOf[l * N + b];
      if (da >= 0) this.cnt[base + da]--;
      if (db >= 0) this.cnt[base + db]++;
    }
    for (let r = 0; r < R; r++) {
      this.used[a * R + r] -= pr.podReq[x * R + r];
      this.used[b * R + r] += pr.podReq[x * R + r];
    }
    this.nodesUsed -= (this.podsOn[a] === 1 ? 1 : 0) + (this.podsOn[b] === 0 ? -1 : 0);
    this.podsOn[a]--;
    this.podsOn[b]++;
    this.#nodeTerms(a, -1, 0);
    this.nodeR[a] = this.#scratch[0];
    this.nodeOver[a] = this.#scratch[1];
    this.#nodeTerms(b, -1, 0);
    this.nodeR[b] = this.#scratch[0];
    this.nodeOver[b] = this.#scratch[1];
    this.assignment[x] = b;
    if (this.dev !== null) {
      this.dev.release(x, a);
      this.dev.alloc(x, b);
    }
  }

  /** ΔH of exchanging the nodes of pods p and q (components in `delta`); does not change the state. */
  deltaSwap(p: number, q: number): number {
    const a = this.assignment[p];
    const b = this.assignment[q];
    if (a === b || this.pr.podService[p] === this.pr.podService[q]) {
      this.delta.fill(0);
      return 0;
    }
    const R0 = this.R, L0 = this.L, F0 = this.F, H0 = this.Chard, S0 = this.Csoft;
    const d1 = this.applyMove(p, b);
    const c0 = this.delta[0], c1 = this.delta[1], c2 = this.delta[2], c3 = this.delta[3], c4 = this.delta[4];
    const d2 = this.deltaMove(q, a);
    const c = this.delta;
    const e0 = c[0] + c0, e1 = c[1] + c1, e2 = c[2] + c2, e3 = c[3] + c3, e4 = c[4] + c4;
    this.#commit(p, b, a);
    this.R = R0; this.L = L0; this.F = F0; this.Chard = H0; this.Csoft = S0;
    c[0] = e0; c[1] = e1; c[2] = e2; c[3] = e3; c[4] = e4;
    return d1 + d2;
  }

  /** Exchanges the nodes of pods p and q and returns ΔH. */
  applySwap(p: number, q: number): number {
    const a = this.assignment[p];
    const b = this.assignment[q];
    if (a === b) return 0;
    return this.applyMove(p, b) + this.applyMove(q, a);
  }
}
