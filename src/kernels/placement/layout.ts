// The byte layout of a prepared placement problem and of a chain in WASM linear memory: the ABI
// between src/kernels/placement/wasm.ts and assembly/placement/ (problem.ts and chain.ts read the
// headers written here; change both together). The reference provider does not use it.
//
// Problem block: i32 header [P, N, R, S, LV, KA, KS, countLen, histLen] in 64 bytes, then one
// i32 byte offset (from the block start) per array of PROBLEM_ARRAYS in that order, then the
// arrays, each 16-byte aligned. Besides the CompiledProblem's own arrays it holds what the
// proposals need: each service's allowed nodes (allowPtr i32[S+1], allowed i32) and the filter
// penalty of each (service, node) (filterPen f64[S×N], energy.ts filterPenalty of the service's
// first pod — pods of a service share their mask and reasons rows, compile.ts).
//
// Chain block: i32 header CHAIN_HEADER (below), then the replica slots (K × stride bytes; inside
// a slot: assignment i32[P], podsOn i32[N], cnt i32[countLen], hist i32[histLen], spreadMax and
// spreadMin i32[KS], used f64[N×R], nodeR, nodeOver f64[N], totals f64[8], whole i32[nodes +
// zones]), the RNG state
// (4 × u32), the threshold buffer f64[max(P, K)], slots i32[K], move thresholds f64[8] and
// counters f64[4].

import type { CompiledProblem } from '../../scheduling/compile.js';
import { filterPenalty } from '../../scheduling/energy.js';

/** Arrays of the problem block, in ABI order (assembly/placement/problem.ts). */
export const PROBLEM_ARRAYS = [
  'podService', 'serviceStart', 'critical', 'pdbMaxPerNode', 'podReq', 'nodeCap', 'invCap', 'nodeCost',
  'mask', 'filterPen', 'softNode', 'domainCount', 'domainOf', 'countOffset', 'graphPtr', 'graphCol', 'graphCoef', 'latency',
  'antiA', 'antiB', 'antiLevel', 'antiWeight', 'antiHard', 'antiPtr', 'antiIdx',
  'spreadLevel', 'spreadMaxSkew', 'spreadHard', 'spreadEligOffset', 'spreadElig', 'spreadHistOffset', 'spreadPtr', 'spreadIdx',
  'weights', 'penalties', 'allowPtr', 'allowed',
] as const;

type Packed = Int32Array | Float64Array | Uint8Array;

/** Each service's allowed nodes (CSR) and filter penalties, derived once per problem. */
export interface ProposalArrays {
  readonly allowPtr: Int32Array;
  readonly allowed: Int32Array;
  readonly filterPen: Float64Array;
}

/** Derives the proposal lists and filter penalties of `pr`. */
export function proposalArrays(pr: CompiledProblem): ProposalArrays {
  const { N, S } = pr;
  const allowPtr = new Int32Array(S + 1);
  const list: number[] = [];
  const filterPen = new Float64Array(S * N);
  for (let s = 0; s < S; s++) {
    const p0 = pr.serviceStart[s];
    if (pr.serviceStart[s + 1] > p0) {
      for (let n = 0; n < N; n++) {
        if (pr.mask[p0 * N + n] === 1) list.push(n);
        filterPen[s * N + n] = filterPenalty(pr, p0, n);
      }
    }
    allowPtr[s + 1] = list.length;
  }
  return { allowPtr, allowed: Int32Array.from(list), filterPen };
}

const align16 = (x: number) => Math.ceil(x / 16) * 16;
const HEADER_BYTES = 64;

/** The problem block's bytes (see the module comment). */
export function packProblem(pr: CompiledProblem, extra: ProposalArrays): Uint8Array {
  const source = { ...pr, ...extra } as unknown as Record<string, Packed>;
  const arrays = PROBLEM_ARRAYS.map((name) => source[name]);
  let at = align16(HEADER_BYTES + 4 * arrays.length);
  const offsets = arrays.map((a) => {
    const o = at;
    at = align16(at + a.byteLength);
    return o;
  });
  const bytes = new Uint8Array(at);
  const header = new Int32Array(bytes.buffer, 0, at >> 2);
  header.set([pr.P, pr.N, pr.R, pr.S, pr.LV, pr.antiA.length, pr.spreadService.length, pr.countOffset[pr.LV], pr.spreadHistOffset[pr.spreadService.length]]);
  header.set(offsets, HEADER_BYTES >> 2);
  arrays.forEach((a, k) => bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[k]));
  return bytes;
}

/** Fields of the chain header, i32 each, in this order (assembly/placement/chain.ts). */
export const CHAIN_HEADER = [
  'K', 'stride', 'assign', 'podsOn', 'cnt', 'hist', 'smax', 'smin', 'used', 'nodeR', 'nodeOver', 'tot',
  'replicas', 'rng', 'thr', 'slots', 'moves', 'counters', 'whole',
] as const;

/** Byte offsets of a chain's parts: replica fields relative to a slot, the rest to the chain block. */
export type ChainLayout = Record<(typeof CHAIN_HEADER)[number], number> & { readonly bytes: number };

/** The chain layout for K replicas of problem `pr`. */
export function chainLayout(pr: CompiledProblem, K: number): ChainLayout {
  const KS = pr.spreadService.length;
  let at = 0;
  const take = (bytes: number) => {
    const o = at;
    at = align16(at + bytes);
    return o;
  };
  const assign = take(4 * pr.P);
  const podsOn = take(4 * pr.N);
  const cnt = take(4 * pr.countOffset[pr.LV]);
  const hist = take(4 * pr.spreadHistOffset[KS]);
  const smax = take(4 * KS);
  const smin = take(4 * KS);
  const used = take(8 * pr.N * pr.R);
  const nodeR = take(8 * pr.N);
  const nodeOver = take(8 * pr.N);
  const tot = take(64);
  const whole = take(4 * (pr.domainCount[0] + pr.domainCount[2]));
  const stride = at;
  at = align16(4 * CHAIN_HEADER.length);
  const replicas = take(K * stride);
  const rng = take(16);
  const thr = take(8 * Math.max(pr.P, K));
  const slots = take(4 * K);
  const moves = take(64);
  const counters = take(32);
  return { K, stride, assign, podsOn, cnt, hist, smax, smin, used, nodeR, nodeOver, tot, replicas, rng, thr, slots, moves, counters, whole, bytes: at };
}
