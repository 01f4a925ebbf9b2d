// One replica's incremental energy: a line-by-line port of src/scheduling/state.ts
// (deltaMove, the commit of applyMove) and spread-hist.ts, over the replica slot bound by
// bindReplica. The same float operations in the same order as the TypeScript, so the WASM
// kernel and the reference provider (built on PlacementState) agree bit for bit. Deltas land in
// the globals dR, dL, dF, dHard, dSoft (PlacementState.delta). Assumes valid input.

import {
  N, R, LV, co0, co1, co2, co3, dc0, dc1, dc2, dc3, lat0, lat1, lat2, lat3, lat4, ldI, ldF, ldB, stI, stF, podService, serviceStart, critical, pdbMax, podReq, nodeCap, invCap, nodeCost,
  filterPen, softNode, domainCount, domainOf, countOffset, graphPtr, graphCol, graphCoef,
  antiA, antiB, antiLevel, antiWeight, antiHard, antiPtr, antiIdx, spreadLevel, spreadMaxSkew, spreadHard,
  spreadEligOffset, spreadElig, spreadHistOffset, spreadPtr, spreadIdx, weights, penalties,
} from "./problem";

// The bound replica's arrays (chain.ts sets them).
export let asg: usize = 0;
export let podsOn: usize = 0;
export let cnt: usize = 0;
export let hist: usize = 0;
export let smax: usize = 0;
export let smin: usize = 0;
export let used: usize = 0;
export let nodeR: usize = 0;
export let nodeOver: usize = 0;
/** Totals f64[8]: R, L, F, Chard, Csoft, nodesUsed. */
export let tot: usize = 0;
/** W(D) of the exposure term: node domains, then zone domains. */
export let whole: usize = 0;

export let dR: f64 = 0;
export let dL: f64 = 0;
export let dF: f64 = 0;
export let dHard: f64 = 0;
export let dSoft: f64 = 0;
let termFrag: f64 = 0;
let termOver: f64 = 0;

/** Binds the replica slot at `slot` with the chain's field offsets. */
export function bindReplica(slot: usize, oAssign: usize, oPodsOn: usize, oCnt: usize, oHist: usize, oSmax: usize, oSmin: usize,
  oUsed: usize, oNodeR: usize, oNodeOver: usize, oTot: usize, oWhole: usize): void {
  asg = slot + oAssign;
  podsOn = slot + oPodsOn;
  cnt = slot + oCnt;
  hist = slot + oHist;
  smax = slot + oSmax;
  smin = slot + oSmin;
  used = slot + oUsed;
  nodeR = slot + oNodeR;
  nodeOver = slot + oNodeOver;
  tot = slot + oTot;
  whole = slot + oWhole;
}

/** Node n's R and overflow terms with pod x added (sign 1) or removed (sign -1), or as it is (x = -1, sign 0). */
function nodeTerms(n: i32, x: i32, sign: i32): void {
  let frag: f64 = 0;
  let over: f64 = 0;
  if (ldI(podsOn, n) + sign > 0) {
    frag = ldF(nodeCost, n);
    for (let r = 0; r < R; r++) {
      const cap = ldF(nodeCap, n * R + r);
      const u = x >= 0 ? ldF(used, n * R + r) + <f64>sign * ldF(podReq, x * R + r) : ldF(used, n * R + r);
      if (cap > 0) frag += (1 - u / cap) * (1 - u / cap);
      if (u > cap) over += 1 + (u - cap) * ldF(invCap, n * R + r);
    }
  }
  termFrag = frag;
  termOver = over;
}

// The nodes a (from) and b (to) of the move being evaluated, by level 0..3 (set by deltaMove).
let a0: i32 = 0, a1: i32 = 0, a2: i32 = 0, a3: i32 = 0;
let b0: i32 = 0, b1: i32 = 0, b2: i32 = 0, b3: i32 = 0;

/**
 * distSum(b, t) − distSum(a, t) of state.ts, where distSum(n, t) = Σ_{j∈t} latency(n, node_j)
 * = d0·c0 + d1·(c1 − c0) + d2·(c2 − c1) + d3·(c3 − c2) + d4·(|t| − c3) from the counts c_l of t
 * in n's level-l domain. Both sums as state.ts computes them, then their difference.
 */
// @ts-ignore: decorator
@inline
function distDiff(t: i32): f64 {
  const r0 = co0 + t * dc0;
  const r1 = co1 + t * dc1;
  const r2 = co2 + t * dc2;
  const r3 = co3 + t * dc3;
  const size = ldI(serviceStart, t + 1) - ldI(serviceStart, t);
  const cb0 = ldI(cnt, r0 + b0), cb1 = ldI(cnt, r1 + b1), cb2 = ldI(cnt, r2 + b2), cb3 = ldI(cnt, r3 + b3);
  const ca0 = ldI(cnt, r0 + a0), ca1 = ldI(cnt, r1 + a1), ca2 = ldI(cnt, r2 + a2), ca3 = ldI(cnt, r3 + a3);
  const db = lat0 * <f64>cb0 + lat1 * <f64>(cb1 - cb0) + lat2 * <f64>(cb2 - cb1) + lat3 * <f64>(cb3 - cb2) + lat4 * <f64>(size - cb3);
  const da = lat0 * <f64>ca0 + lat1 * <f64>(ca1 - ca0) + lat2 * <f64>(ca2 - ca1) + lat3 * <f64>(ca3 - ca2) + lat4 * <f64>(size - ca3);
  return db - da;
}

/** distSum(b, t) and distSum(a, t) alone, for the self-loop. */
function distB(t: i32): f64 {
  const cb0 = ldI(cnt, co0 + t * dc0 + b0), cb1 = ldI(cnt, co1 + t * dc1 + b1), cb2 = ldI(cnt, co2 + t * dc2 + b2), cb3 = ldI(cnt, co3 + t * dc3 + b3);
  const size = ldI(serviceStart, t + 1) - ldI(serviceStart, t);
  return lat0 * <f64>cb0 + lat1 * <f64>(cb1 - cb0) + lat2 * <f64>(cb2 - cb1) + lat3 * <f64>(cb3 - cb2) + lat4 * <f64>(size - cb3);
}

function distA(t: i32): f64 {
  const ca0 = ldI(cnt, co0 + t * dc0 + a0), ca1 = ldI(cnt, co1 + t * dc1 + a1), ca2 = ldI(cnt, co2 + t * dc2 + a2), ca3 = ldI(cnt, co3 + t * dc3 + a3);
  const size = ldI(serviceStart, t + 1) - ldI(serviceStart, t);
  return lat0 * <f64>ca0 + lat1 * <f64>(ca1 - ca0) + lat2 * <f64>(ca2 - ca1) + lat3 * <f64>(ca3 - ca2) + lat4 * <f64>(size - ca3);
}

function nodeDistance(a: i32, b: i32): f64 {
  if (a == b) return lat0;
  if (a1 == b1) return lat1;
  if (a2 == b2) return lat2;
  if (a3 == b3) return lat3;
  return lat4;
}

/** spread-hist.ts spreadExcessAfter. */
function spreadExcessAfter(k: i32, rem: bool, ca: i32, add: bool, cb: i32): i32 {
  const h0 = ldI(spreadHistOffset, k);
  let mx = ldI(smax, k);
  let mn = ldI(smin, k);
  if (rem) {
    if (ca == mx && ldI(hist, h0 + ca) - 1 == 0) mx = ca - 1;
    if (ca - 1 < mn) mn = ca - 1;
  }
  if (add) {
    let h = ldI(hist, h0 + cb);
    if (rem && cb == ca) h--;
    if (rem && cb == ca - 1) h++;
    if (cb + 1 > mx) mx = cb + 1;
    if (cb == mn && h - 1 == 0) mn = cb + 1;
  }
  return max<i32>(0, mx - mn - ldI(spreadMaxSkew, k));
}

/** ΔH of moving pod x to node b (components in dR..dSoft); the state is unchanged. */
export function deltaMove(x: i32, b: i32): f64 {
  const a = ldI(asg, x);
  dR = 0; dL = 0; dF = 0; dHard = 0; dSoft = 0;
  if (a == b) return 0;
  const s = ldI(podService, x);

  nodeTerms(a, x, -1);
  let r = termFrag - ldF(nodeR, a);
  let over = termOver - ldF(nodeOver, a);
  nodeTerms(b, x, 1);
  r += termFrag - ldF(nodeR, b);
  over += termOver - ldF(nodeOver, b);

  let l: f64 = 0;
  a0 = ldI(domainOf, a); a1 = ldI(domainOf, N + a); a2 = ldI(domainOf, 2 * N + a); a3 = ldI(domainOf, 3 * N + a);
  b0 = ldI(domainOf, b); b1 = ldI(domainOf, N + b); b2 = ldI(domainOf, 2 * N + b); b3 = ldI(domainOf, 3 * N + b);
  const e1 = ldI(graphPtr, s + 1);
  for (let e = ldI(graphPtr, s); e < e1; e++) {
    const t = ldI(graphCol, e);
    if (t != s) {
      l += ldF(graphCoef, e) * distDiff(t);
    } else {
      // state.ts: coef·2·(distSum(b, s) − d(a, b) − (distSum(a, s) − d0)); the same operations.
      l += ldF(graphCoef, e) * 2 * (distB(s) - nodeDistance(a, b) - (distA(s) - lat0));
    }
  }

  let f: f64 = 0;
  if (ldB(critical, s) == 1) {
    for (let lv = 0; lv < 3; lv++) {
      const da = ldI(domainOf, lv * N + a);
      const db = ldI(domainOf, lv * N + b);
      if (da == db) continue;
      const base = ldI(countOffset, lv) + s * ldI(domainCount, lv);
      f += <f64>(2 * (ldI(cnt, base + db) - ldI(cnt, base + da)) + 2);
    }
  }
  if (ldF(weights, 4) != 0 || ldF(weights, 5) != 0) {
    const size = ldI(serviceStart, s + 1) - ldI(serviceStart, s);
    for (let lv = 0; lv < 3; lv += 2) {
      const da = ldI(domainOf, lv * N + a);
      const db = ldI(domainOf, lv * N + b);
      if (da == db) continue;
      const base = ldI(countOffset, lv) + s * ldI(domainCount, lv);
      const off = lv == 0 ? 0 : dc0;
      const xa: i32 = ldI(cnt, base + da) == size ? -1 : 0;
      const xb: i32 = ldI(cnt, base + db) + 1 == size ? 1 : 0;
      f += ldF(weights, lv == 0 ? 4 : 5) * <f64>(xa * (2 * ldI(whole, off + da) + xa) + xb * (2 * ldI(whole, off + db) + xb));
    }
  }

  let hard = ldF(penalties, 0) * over + ldF(filterPen, s * N + b) - ldF(filterPen, s * N + a);
  let soft = ldF(softNode, s * N + b) - ldF(softNode, s * N + a);
  const i1 = ldI(antiPtr, s + 1);
  for (let i = ldI(antiPtr, s); i < i1; i++) {
    const k = ldI(antiIdx, i);
    const lv = ldI(antiLevel, k);
    const da = ldI(domainOf, lv * N + a);
    const db = ldI(domainOf, lv * N + b);
    if (da == db) continue;
    const other = ldI(antiA, k) == s ? ldI(antiB, k) : ldI(antiA, k);
    const base = ldI(countOffset, lv) + other * ldI(domainCount, lv);
    const self = other == s ? 1 : 0;
    const change = (db >= 0 ? ldI(cnt, base + db) : 0) - (da >= 0 ? ldI(cnt, base + da) - self : 0);
    if (ldB(antiHard, k) == 1) hard += ldF(penalties, 1) * ldF(antiWeight, k) * <f64>change;
    else soft += ldF(antiWeight, k) * <f64>change;
  }
  const j1 = ldI(spreadPtr, s + 1);
  for (let i = ldI(spreadPtr, s); i < j1; i++) {
    const k = ldI(spreadIdx, i);
    const lv = ldI(spreadLevel, k);
    const da = ldI(domainOf, lv * N + a);
    const db = ldI(domainOf, lv * N + b);
    if (da == db) continue;
    const base = ldI(countOffset, lv) + s * ldI(domainCount, lv);
    const rem = da >= 0 && ldB(spreadElig, ldI(spreadEligOffset, k) + da) == 1;
    const add = db >= 0 && ldB(spreadElig, ldI(spreadEligOffset, k) + db) == 1;
    if (!rem && !add) continue;
    const before = max<i32>(0, ldI(smax, k) - ldI(smin, k) - ldI(spreadMaxSkew, k));
    const after = spreadExcessAfter(k, rem, rem ? ldI(cnt, base + da) : 0, add, add ? ldI(cnt, base + db) : 0);
    if (ldB(spreadHard, k) == 1) hard += ldF(penalties, 2) * <f64>(after - before);
    else soft += <f64>(after - before);
  }
  const m = ldI(pdbMax, s);
  if (m > 0) {
    const ca = ldI(cnt, s * N + a);
    const cb = ldI(cnt, s * N + b);
    soft += <f64>(max<i32>(0, ca - 1 - m) - max<i32>(0, ca - m) + max<i32>(0, cb + 1 - m) - max<i32>(0, cb - m));
  }
  soft *= ldF(penalties, 6);

  dR = r; dL = l; dF = f; dHard = hard; dSoft = soft;
  return ldF(weights, 0) * r + ldF(weights, 1) * l + ldF(weights, 2) * f + ldF(weights, 3) * (hard + soft);
}

// @ts-ignore: decorator
@inline
function spreadRemove(k: i32, c: i32): void {
  const h0 = ldI(spreadHistOffset, k);
  stI(hist, h0 + c, ldI(hist, h0 + c) - 1);
  stI(hist, h0 + c - 1, ldI(hist, h0 + c - 1) + 1);
  if (c == ldI(smax, k) && ldI(hist, h0 + c) == 0) stI(smax, k, c - 1);
  if (c - 1 < ldI(smin, k)) stI(smin, k, c - 1);
}

// @ts-ignore: decorator
@inline
function spreadAdd(k: i32, c: i32): void {
  const h0 = ldI(spreadHistOffset, k);
  stI(hist, h0 + c, ldI(hist, h0 + c) - 1);
  stI(hist, h0 + c + 1, ldI(hist, h0 + c + 1) + 1);
  if (c + 1 > ldI(smax, k)) stI(smax, k, c + 1);
  if (c == ldI(smin, k) && ldI(hist, h0 + c) == 0) stI(smin, k, c + 1);
}

/** Updates the aggregates for pod x moving a → b (PlacementState #commit; totals untouched). */
export function commit(x: i32, a: i32, b: i32): void {
  const s = ldI(podService, x);
  const j1 = ldI(spreadPtr, s + 1);
  for (let i = ldI(spreadPtr, s); i < j1; i++) {
    const k = ldI(spreadIdx, i);
    const lv = ldI(spreadLevel, k);
    const da = ldI(domainOf, lv * N + a);
    const db = ldI(domainOf, lv * N + b);
    if (da == db) continue;
    const base = ldI(countOffset, lv) + s * ldI(domainCount, lv);
    if (da >= 0 && ldB(spreadElig, ldI(spreadEligOffset, k) + da) == 1) spreadRemove(k, ldI(cnt, base + da));
    if (db >= 0 && ldB(spreadElig, ldI(spreadEligOffset, k) + db) == 1) spreadAdd(k, ldI(cnt, base + db));
  }
  const size = ldI(serviceStart, s + 1) - ldI(serviceStart, s);
  for (let lv = 0; lv < 3; lv += 2) {
    const da = ldI(domainOf, lv * N + a);
    const db = ldI(domainOf, lv * N + b);
    if (da == db) continue;
    const base = ldI(countOffset, lv) + s * ldI(domainCount, lv);
    const off = lv == 0 ? 0 : dc0;
    if (ldI(cnt, base + da) == size) stI(whole, off + da, ldI(whole, off + da) - 1);
    if (ldI(cnt, base + db) + 1 == size) stI(whole, off + db, ldI(whole, off + db) + 1);
  }
  for (let lv = 0; lv < LV; lv++) {
    const base = ldI(countOffset, lv) + s * ldI(domainCount, lv);
    const da = ldI(domainOf, lv * N + a);
    const db = ldI(domainOf, lv * N + b);
    if (da >= 0) stI(cnt, base + da, ldI(cnt, base + da) - 1);
    if (db >= 0) stI(cnt, base + db, ldI(cnt, base + db) + 1);
  }
  for (let r = 0; r < R; r++) {
    stF(used, a * R + r, ldF(used, a * R + r) - ldF(podReq, x * R + r));
    stF(used, b * R + r, ldF(used, b * R + r) + ldF(podReq, x * R + r));
  }
  const pa = ldI(podsOn, a);
  const pb = ldI(podsOn, b);
  stF(tot, 5, ldF(tot, 5) - <f64>((pa == 1 ? 1 : 0) + (pb == 0 ? -1 : 0)));
  stI(podsOn, a, pa - 1);
  stI(podsOn, b, pb + 1);
  nodeTerms(a, -1, 0);
  stF(nodeR, a, termFrag);
  stF(nodeOver, a, termOver);
  nodeTerms(b, -1, 0);
  stF(nodeR, b, termFrag);
  stF(nodeOver, b, termOver);
  stI(asg, x, b);
}

/** Adds the last delta's components to the totals (applyMove's bookkeeping). */
export function addDelta(): void {
  stF(tot, 0, ldF(tot, 0) + dR);
  stF(tot, 1, ldF(tot, 1) + dL);
  stF(tot, 2, ldF(tot, 2) + dF);
  stF(tot, 3, ldF(tot, 3) + dHard);
  stF(tot, 4, ldF(tot, 4) + dSoft);
}
