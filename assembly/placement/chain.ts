// Path-integral Monte Carlo sweeps over a chain of K Trotter replicas of an assignment (see the
// contract in src/kernels/placement/contract.ts for the exact proposal order and acceptance
// rule; the reference twin is src/kernels/placement/reference.ts). One call runs a chunk of
// sweeps; the replicas, their aggregates and the RNG stream stay in memory between calls.
// Chain header layout: src/kernels/placement/layout.ts (CHAIN_HEADER). Assumes valid input.

import { fillNegLog } from "../anneal/metropolis";
import { rngNextU32 } from "../rng";
import {
  P, N, S, ldI, ldF, ldB, stI, stF, bindProblem, podService, serviceStart, mask, graphPtr, graphCol, allowPtr, allowed,
} from "./problem";
import { asg, bindReplica, commit, deltaMove, addDelta, tot } from "./replica";

let K: i32 = 0;
let stride: usize = 0;
let oAssign: usize = 0;
let oPodsOn: usize = 0;
let oCnt: usize = 0;
let oHist: usize = 0;
let oSmax: usize = 0;
let oSmin: usize = 0;
let oUsed: usize = 0;
let oNodeR: usize = 0;
let oNodeOver: usize = 0;
let oTot: usize = 0;
let replicas: usize = 0;
let rng: usize = 0;
let thr: usize = 0;
let slots: usize = 0;
let moves: usize = 0;
let counters: usize = 0;
let oWhole: usize = 0;

function bindChain(ch: usize): void {
  K = load<i32>(ch);
  stride = <usize>load<i32>(ch, 4);
  oAssign = <usize>load<i32>(ch, 8);
  oPodsOn = <usize>load<i32>(ch, 12);
  oCnt = <usize>load<i32>(ch, 16);
  oHist = <usize>load<i32>(ch, 20);
  oSmax = <usize>load<i32>(ch, 24);
  oSmin = <usize>load<i32>(ch, 28);
  oUsed = <usize>load<i32>(ch, 32);
  oNodeR = <usize>load<i32>(ch, 36);
  oNodeOver = <usize>load<i32>(ch, 40);
  oTot = <usize>load<i32>(ch, 44);
  replicas = ch + <usize>load<i32>(ch, 48);
  rng = ch + <usize>load<i32>(ch, 52);
  thr = ch + <usize>load<i32>(ch, 56);
  slots = ch + <usize>load<i32>(ch, 60);
  moves = ch + <usize>load<i32>(ch, 64);
  counters = ch + <usize>load<i32>(ch, 68);
  oWhole = <usize>load<i32>(ch, 72);
}

// @ts-ignore: decorator
@inline
function slotAt(pos: i32): usize {
  return replicas + <usize>ldI(slots, pos) * stride;
}

// @ts-ignore: decorator
@inline
function below(n: i32): i32 {
  return <i32>((<u64>rngNextU32(rng) * <u64>n) >>> 32);
}

// @ts-ignore: decorator
@inline
function agreeDelta(up: usize, dn: usize, p: i32, a: i32, b: i32): i32 {
  const u = ldI(up, p);
  const d = ldI(dn, p);
  return <i32>(b == u) + <i32>(b == d) - <i32>(a == u) - <i32>(a == d);
}

// @ts-ignore: decorator
@inline
function bump(k: i32, by: i32): void {
  stF(counters, k, ldF(counters, k) + <f64>by);
}

/** One sweep of P proposals on the replica at Trotter position pos. */
function sweepSlice(pos: i32, beta: f64, jp: usize, invK: f64): void {
  const slot = slotAt(pos);
  bindReplica(slot, oAssign, oPodsOn, oCnt, oHist, oSmax, oSmin, oUsed, oNodeR, oNodeOver, oTot, oWhole);
  const coupled = K > 1;
  const up = slotAt((pos + 1) % K) + oAssign;
  const dn = slotAt((pos + K - 1) % K) + oAssign;
  const swapThr = ldF(moves, 0);
  const nearThr = ldF(moves, 1);
  const packThr = ldF(moves, 2);
  const agreeThr = ldF(moves, 3);
  let evaluated = 0, moved = 0, swapped = 0;
  fillNegLog(rng, thr, P);
  for (let i = 0; i < P; i++) {
    const u = <f64>rngNextU32(rng);
    if (P >= 2 && u < swapThr) {
      const p = below(P);
      const q = below(P);
      const a = ldI(asg, p);
      const b = ldI(asg, q);
      const sp = ldI(podService, p);
      const sq = ldI(podService, q);
      if (a == b || sp == sq || ldB(mask, p * N + b) == 0 || ldB(mask, q * N + a) == 0) continue;
      evaluated++;
      const R0 = ldF(tot, 0), L0 = ldF(tot, 1), F0 = ldF(tot, 2), H0 = ldF(tot, 3), S0 = ldF(tot, 4);
      const d1 = deltaMove(p, b);
      commit(p, a, b);
      addDelta();
      const d2 = deltaMove(q, a);
      const dH = d1 + d2;
      let dE = dH * invK;
      if (coupled) dE = dE - (ldF(jp, sp) * <f64>agreeDelta(up, dn, p, a, b) + ldF(jp, sq) * <f64>agreeDelta(up, dn, q, b, a));
      if (beta * dE < ldF(thr, i)) {
        commit(q, b, a);
        addDelta();
        swapped++;
      } else {
        commit(p, b, a);
        stF(tot, 0, R0); stF(tot, 1, L0); stF(tot, 2, F0); stF(tot, 3, H0); stF(tot, 4, S0);
      }
      continue;
    }
    const p = below(P);
    const s = ldI(podService, p);
    const a0 = ldI(allowPtr, s);
    const len = ldI(allowPtr, s + 1) - a0;
    if (len < 2) continue;
    const v = <f64>rngNextU32(rng);
    const g0 = ldI(graphPtr, s);
    const degree = ldI(graphPtr, s + 1) - g0;
    let b: i32;
    if (v < nearThr && degree > 0) {
      const t = ldI(graphCol, g0 + below(degree));
      const t0 = ldI(serviceStart, t);
      b = ldI(asg, t0 + below(ldI(serviceStart, t + 1) - t0));
    } else if (v < packThr) {
      b = ldI(asg, below(P));
    } else if (v < agreeThr && coupled) {
      b = rngNextU32(rng) < 0x80000000 ? ldI(up, p) : ldI(dn, p);
    } else {
      b = ldI(allowed, a0 + below(len));
    }
    const a = ldI(asg, p);
    if (b == a || ldB(mask, p * N + b) == 0) continue;
    evaluated++;
    const dH = deltaMove(p, b);
    let dE = dH * invK;
    if (coupled) dE = dE - ldF(jp, s) * <f64>agreeDelta(up, dn, p, a, b);
    if (beta * dE < ldF(thr, i)) {
      commit(p, a, b);
      addDelta();
      moved++;
    }
  }
  bump(0, evaluated);
  bump(1, moved);
  bump(2, swapped);
}

/** Trades the configurations at Trotter positions k and k+1 (mod K) by Metropolis on the coupling. */
function exchangeSweep(beta: f64, jp: usize): void {
  fillNegLog(rng, thr, K);
  for (let k = 0; k < K; k++) {
    const j = (k + 1) % K;
    const xm = slotAt((k + K - 1) % K) + oAssign;
    const xi = slotAt(k) + oAssign;
    const xj = slotAt(j) + oAssign;
    const xp = slotAt((j + 1) % K) + oAssign;
    let acc: f64 = 0;
    for (let p = 0; p < P; p++) {
      const m = ldI(xm, p);
      const vi = ldI(xi, p);
      const vj = ldI(xj, p);
      const vp = ldI(xp, p);
      const diff = <i32>(m == vj) + <i32>(vi == vp) - <i32>(m == vi) - <i32>(vj == vp);
      if (diff != 0) acc += ldF(jp, ldI(podService, p)) * <f64>diff;
    }
    const dE = -acc;
    if (beta * dE < ldF(thr, k)) {
      const t = ldI(slots, k);
      stI(slots, k, ldI(slots, j));
      stI(slots, j, t);
      bump(3, 1);
    }
  }
}

/**
 * Runs `sweeps` sweeps of the chain at `ch` on the problem at `pr`: betas f64[sweeps], jperp
 * f64[sweeps × S]. Replicas, RNG, slots and counters are updated in place.
 */
export function plRun(pr: usize, ch: usize, sweeps: i32, betas: usize, jperp: usize): void {
  bindProblem(pr);
  bindChain(ch);
  const invK = 1.0 / <f64>K;
  const exchange = ldF(moves, 4) != 0 && K >= 4;
  for (let t = 0; t < sweeps; t++) {
    const beta = ldF(betas, t);
    const jp = jperp + ((<usize>t * <usize>S) << 3);
    for (let pos = 0; pos < K; pos++) sweepSlice(pos, beta, jp, invK);
    if (exchange) exchangeSweep(beta, jp);
  }
}
