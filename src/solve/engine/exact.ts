// Exhaustive search shard runner: kernels.exactSearch over the shard's Gray-code range, one
// block of `block` states per chunk, merging each block's k best into the shard's k best.
// Candidates are ordered by (energy, Gray index t), so the union of shards, merged the same way
// on the host, is the same k states whatever the number of shards.

import type { Kernels, PreparedModel } from '../../kernels/contract.js';
import type { Runner } from './runner.js';
import type { ExactParams, ShardSpec } from './spec.js';

/** The Gray-code index t whose code t ^ (t >> 1) is the state at states[base..base+n). */
export function grayIndex(states: Int8Array, base: number, n: number): number {
  let g = 0;
  for (let i = 0; i < n; i++) if (states[base + i] === 1) g += 2 ** i;
  // inverse Gray code: prefix XOR of the bits from the top (n ≤ 30 fits 32-bit ops)
  let t = g;
  for (let shift = 1; shift < 32; shift *= 2) t ^= t >>> shift;
  return t >>> 0;
}

/** Indices of `count` candidates sorted by (energy, t). */
export function rankCandidates(energies: ArrayLike<number>, ts: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: count }, (_, k) => k).sort((a, b) => energies[a] - energies[b] || ts[a] - ts[b]);
}

/** Exact search over Gray indices [start, end) of `spec`, keeping the k best. */
export function exactRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec, p: ExactParams): Runner {
  const n = spec.model.n;
  const k = p.k;
  let kept = 0;
  let keptStates = new Int8Array(k * n);
  let keptE = new Float64Array(k);
  let keptT = new Float64Array(k);
  const blockStates = new Int8Array(k * n);
  const blockE = new Float64Array(k);
  let cur = spec.start;

  function merge(found: number): void {
    const total = kept + found;
    const states = new Int8Array(total * n);
    states.set(keptStates.subarray(0, kept * n));
    states.set(blockStates.subarray(0, found * n), kept * n);
    const e = new Float64Array(total);
    e.set(keptE.subarray(0, kept));
    e.set(blockE.subarray(0, found), kept);
    const t = new Float64Array(total);
    t.set(keptT.subarray(0, kept));
    for (let q = 0; q < found; q++) t[kept + q] = grayIndex(blockStates, q * n, n);
    const order = rankCandidates(e, t, total).slice(0, k);
    keptStates = new Int8Array(k * n);
    keptE = new Float64Array(k);
    keptT = new Float64Array(k);
    order.forEach((from, to) => {
      keptStates.set(states.subarray(from * n, (from + 1) * n), to * n);
      keptE[to] = e[from];
      keptT[to] = t[from];
    });
    kept = order.length;
  }

  return {
    step() {
      const to = Math.min(spec.end, cur + p.block);
      merge(kernels.exactSearch(model, cur, to, k, blockStates, blockE));
      cur = to;
      return cur < spec.end;
    },
    best: () => (kept === 0 ? { energy: Number.POSITIVE_INFINITY, read: -1 } : { energy: keptE[0], read: keptT[0] }),
    sweep: () => cur - spec.start,
    finish: () => ({
      states: keptStates.subarray(0, kept * n), rows: kept, units: cur - spec.start, converged: 0,
      natural: 'exhausted', extra: null,
    }),
  };
}
