// Parallel tempering (replica exchange) shard runner. Each read is an independent PT run of C
// chains on its own β ladder; chain k of read r draws from stream r·(C+1) + k and the swap
// decisions from stream r·(C+1) + C, so reads do not depend on the shard layout. A round is
// `exchangeEvery` Metropolis sweeps per chain at constant β (saSweeps), exact chain energies
// (kernels.energies), then replica-exchange attempts between neighbours, even pairs on even
// rounds and odd pairs on odd rounds, accepted with min(1, e^{(β_k − β_{k+1})(E_k − E_{k+1})}).
//
// Reads, not chains, are what is sharded: exchanging chains across threads would cost a pool
// round trip per exchange round, far more than a round's sweeps at the sizes PT is used for.
//
// Ladder: geometric between the hot and cold β, then, during the first half of the rounds,
// every ADAPT_EVERY rounds the gaps are resized toward equal swap acceptance (adaptLadder).
// Reported swap rates count only the rounds after adaptation.

import type { Kernels, PreparedModel } from '../../kernels/contract.js';
import { rngNextF64 } from '../../kernels/reference/rng.js';
import { adaptLadder, geometricLadder } from '../schedule.js';
import { energiesOf, initialState, Reads } from './reads.js';
import { total, type Runner } from './runner.js';
import type { PtParams, ShardSpec } from './spec.js';
import { exp } from '../../kernels/reference/detmath.js';

/** Rounds between ladder adaptations: ~10 attempts per pair (pairs alternate parity). */
export const ADAPT_EVERY = 10;

/** Parallel tempering over items [start, end) of `spec`. */
export function ptRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec, p: PtParams): Runner {
  const n = spec.model.n;
  const C = p.chains;
  const m = spec.end - spec.start;
  const reads = new Reads(kernels, spec, m, C + 1);
  const rngOf = (r: number, k: number) => reads.rng.subarray(4 * (r * (C + 1) + k), 4 * (r * (C + 1) + k) + 4);
  const states = new Int8Array(m * C * n);
  for (let r = 0; r < m; r++) for (let k = 0; k < C; k++) initialState(kernels, spec, r, rngOf(r, k), states, (r * C + k) * n);
  const ladders = new Float64Array(m * C);
  for (let r = 0; r < m; r++) ladders.set(geometricLadder(p.betaHot, p.betaCold, C), r * C);
  const tries = new Float64Array(m * (C - 1));
  const wins = new Float64Array(m * (C - 1));
  const reportTries = new Float64Array(m * (C - 1));
  const reportWins = new Float64Array(m * (C - 1));
  const rounds = Math.ceil(p.sweeps / p.exchangeEvery);
  const adaptUntil = p.adapt ? Math.floor(rounds / 2) : 0;
  const betas = new Float64Array(p.exchangeEvery);
  const e = new Float64Array(C);
  const swap = new Int8Array(n);
  let j = 0;

  function round(r: number, len: number): void {
    const ladder = ladders.subarray(r * C, (r + 1) * C);
    const base = r * C * n;
    for (let k = 0; k < C; k++) {
      betas.fill(ladder[k], 0, len);
      kernels.saSweeps(model, states.subarray(base + k * n, base + (k + 1) * n), 1, betas.subarray(0, len), rngOf(r, k));
    }
    energiesOf(kernels, model, states, base, C, e);
    let best = 0;
    for (let k = 1; k < C; k++) if (e[k] < e[best]) best = k;
    reads.offer(r, states, base + best * n, e[best]);
    const swapRng = rngOf(r, C);
    for (let k = j % 2; k + 1 < C; k += 2) {
      const x = (ladder[k] - ladder[k + 1]) * (e[k] - e[k + 1]);
      const pair = r * (C - 1) + k;
      tries[pair]++;
      reportTries[pair]++;
      if (x >= 0 || rngNextF64(swapRng) < exp(x)) {
        wins[pair]++;
        reportWins[pair]++;
        const a = base + k * n;
        swap.set(states.subarray(a, a + n));
        states.copyWithin(a, a + n, a + 2 * n);
        states.set(swap, a + n);
        const t = e[k];
        e[k] = e[k + 1];
        e[k + 1] = t;
      }
    }
    if (j < adaptUntil && (j + 1) % ADAPT_EVERY === 0) {
      const rates = new Float64Array(C - 1);
      for (let k = 0; k < C - 1; k++) rates[k] = tries[r * (C - 1) + k] > 0 ? wins[r * (C - 1) + k] / tries[r * (C - 1) + k] : 0;
      adaptLadder(ladder, rates);
      // halve rather than reset the counts: a decaying average over windows of ~5 attempts per pair
      for (let k = r * (C - 1); k < (r + 1) * (C - 1); k++) {
        tries[k] *= 0.5;
        wins[k] *= 0.5;
      }
    }
    if (j + 1 === adaptUntil) {
      reportTries.fill(0, r * (C - 1), (r + 1) * (C - 1));
      reportWins.fill(0, r * (C - 1), (r + 1) * (C - 1));
    }
  }

  return {
    step() {
      for (let q = 0; q < spec.chunk && j < rounds; q++, j++) {
        const len = Math.min(p.exchangeEvery, p.sweeps - j * p.exchangeEvery);
        for (let r = 0; r < m; r++) if (reads.active[r] === 1) round(r, len);
      }
      const done = Math.min(p.sweeps, j * p.exchangeEvery);
      for (let r = 0; r < m; r++) if (reads.active[r] === 1) reads.advance(r, done);
      return j < rounds && reads.anyActive();
    },
    best: () => reads.overall(spec.start),
    sweep: () => reads.maxDone(),
    finish() {
      const converged = total(reads.converged);
      const swapRates = reportWins.map((w, k) => (reportTries[k] > 0 ? w / reportTries[k] : 0));
      return { states: reads.best, rows: m, units: total(reads.done), converged, natural: converged === m ? 'converged' : 'sweeps', extra: { ladders, swapRates } };
    },
  };
}
