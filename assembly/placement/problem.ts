// The prepared placement problem, bound to module globals at the start of each kernel call
// (layout in src/kernels/placement/layout.ts: an i32 header, then one byte offset per array in
// PROBLEM_ARRAYS order). Globals rather than parameters because every helper of the move
// evaluation reads a dozen arrays; a call binds ~45 values once, then the loops read globals.

export let P: i32 = 0;
export let N: i32 = 0;
export let R: i32 = 0;
export let S: i32 = 0;
export let LV: i32 = 0;

export let podService: usize = 0;
export let serviceStart: usize = 0;
export let critical: usize = 0; // u8
export let pdbMax: usize = 0;
export let podReq: usize = 0;
export let nodeCap: usize = 0;
export let invCap: usize = 0;
export let nodeCost: usize = 0;
export let mask: usize = 0; // u8
export let filterPen: usize = 0;
export let softNode: usize = 0;
export let domainCount: usize = 0;
export let domainOf: usize = 0;
export let countOffset: usize = 0;
export let graphPtr: usize = 0;
export let graphCol: usize = 0;
export let graphCoef: usize = 0;
export let latency: usize = 0;
export let antiA: usize = 0;
export let antiB: usize = 0;
export let antiLevel: usize = 0;
export let antiWeight: usize = 0;
export let antiHard: usize = 0; // u8
export let antiPtr: usize = 0;
export let antiIdx: usize = 0;
export let spreadLevel: usize = 0;
export let spreadMaxSkew: usize = 0;
export let spreadHard: usize = 0; // u8
export let spreadEligOffset: usize = 0;
export let spreadElig: usize = 0; // u8
export let spreadHistOffset: usize = 0;
export let spreadPtr: usize = 0;
export let spreadIdx: usize = 0;
export let weights: usize = 0;
export let penalties: usize = 0;
export let allowPtr: usize = 0;
export let allowed: usize = 0;
// Levels 0..3 (node, rack, zone, region) always exist: their count offsets, domain counts and
// the latencies, cached for the call-graph term (the hottest loop of a move).
export let co0: i32 = 0, co1: i32 = 0, co2: i32 = 0, co3: i32 = 0;
export let dc0: i32 = 0, dc1: i32 = 0, dc2: i32 = 0, dc3: i32 = 0;
export let lat0: f64 = 0, lat1: f64 = 0, lat2: f64 = 0, lat3: f64 = 0, lat4: f64 = 0;

/** i32 element i of the array at `base`. */
// @ts-ignore: decorator
@inline
export function ldI(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

/** f64 element i of the array at `base`. */
// @ts-ignore: decorator
@inline
export function ldF(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

/** u8 element i of the array at `base`, widened. */
// @ts-ignore: decorator
@inline
export function ldB(base: usize, i: i32): i32 {
  return <i32>load<u8>(base + <usize>i);
}

// @ts-ignore: decorator
@inline
export function stI(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

// @ts-ignore: decorator
@inline
export function stF(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline
function arr(pr: usize, k: i32): usize {
  return pr + <usize>load<i32>(pr + 64 + (<usize>k << 2));
}

/** Binds the problem block at `pr` to the globals above. */
export function bindProblem(pr: usize): void {
  P = load<i32>(pr);
  N = load<i32>(pr, 4);
  R = load<i32>(pr, 8);
  S = load<i32>(pr, 12);
  LV = load<i32>(pr, 16);
  podService = arr(pr, 0);
  serviceStart = arr(pr, 1);
  critical = arr(pr, 2);
  pdbMax = arr(pr, 3);
  podReq = arr(pr, 4);
  nodeCap = arr(pr, 5);
  invCap = arr(pr, 6);
  nodeCost = arr(pr, 7);
  mask = arr(pr, 8);
  filterPen = arr(pr, 9);
  softNode = arr(pr, 10);
  domainCount = arr(pr, 11);
  domainOf = arr(pr, 12);
  countOffset = arr(pr, 13);
  graphPtr = arr(pr, 14);
  graphCol = arr(pr, 15);
  graphCoef = arr(pr, 16);
  latency = arr(pr, 17);
  antiA = arr(pr, 18);
  antiB = arr(pr, 19);
  antiLevel = arr(pr, 20);
  antiWeight = arr(pr, 21);
  antiHard = arr(pr, 22);
  antiPtr = arr(pr, 23);
  antiIdx = arr(pr, 24);
  spreadLevel = arr(pr, 25);
  spreadMaxSkew = arr(pr, 26);
  spreadHard = arr(pr, 27);
  spreadEligOffset = arr(pr, 28);
  spreadElig = arr(pr, 29);
  spreadHistOffset = arr(pr, 30);
  spreadPtr = arr(pr, 31);
  spreadIdx = arr(pr, 32);
  weights = arr(pr, 33);
  penalties = arr(pr, 34);
  allowPtr = arr(pr, 35);
  allowed = arr(pr, 36);
  co0 = ldI(countOffset, 0); co1 = ldI(countOffset, 1); co2 = ldI(countOffset, 2); co3 = ldI(countOffset, 3);
  dc0 = ldI(domainCount, 0); dc1 = ldI(domainCount, 1); dc2 = ldI(domainCount, 2); dc3 = ldI(domainCount, 3);
  lat0 = ldF(latency, 0); lat1 = ldF(latency, 1); lat2 = ldF(latency, 2); lat3 = ldF(latency, 3); lat4 = ldF(latency, 4);
}
