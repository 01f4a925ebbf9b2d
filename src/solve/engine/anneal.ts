// Shard runners for the two annealers that live in the kernels: simulated annealing
// (saSweeps) and path-integral quantum annealing (sqaSweeps). The host side is a loop over
// chunks: expand the schedule for the chunk's sweeps, call the kernel once per run of active
// reads (SA) or once per read (SQA, whose schedule may differ per read after a restart), then
// take exact energies with the kernels' `energies` to track each read's best state.
// States and RNG streams are in/out kernel arguments, so chunking changes nothing but where
// the run can be stopped (and which states are candidates for "best": chunk boundaries).

import type { Kernels, PreparedModel } from '../../kernels/contract.js';
import { betaAt, quantumChunk } from '../schedule.js';
import { energiesOf, initialState, Reads } from './reads.js';
import { forEachRun, total, type Runner } from './runner.js';
import type { SaParams, ShardSpec, SqaParams } from './spec.js';

/** Simulated annealing over items [start, end) of `spec`: read k on stream k. */
export function saRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec, p: SaParams): Runner {
  const n = spec.model.n;
  const m = spec.end - spec.start;
  const reads = new Reads(kernels, spec, m);
  const states = new Int8Array(m * n);
  for (let r = 0; r < m; r++) initialState(kernels, spec, r, reads.rng.subarray(4 * r, 4 * r + 4), states, r * n);
  const energies = new Float64Array(m);
  const betas = new Float64Array(Math.min(spec.chunk, p.sweeps));
  const steps = p.sweeps / p.sweepsPerBeta;
  let t = 0;
  return {
    step() {
      const t1 = Math.min(p.sweeps, t + spec.chunk);
      const chunk = betas.subarray(0, t1 - t);
      for (let s = t; s < t1; s++) {
        const k = Math.floor(s / p.sweepsPerBeta);
        chunk[s - t] = p.shape === 'custom' ? p.betas![k] : betaAt(p.shape, p.range, steps, k);
      }
      forEachRun(reads.active, (a, b) => {
        kernels.saSweeps(model, states.subarray(a * n, b * n), b - a, chunk, reads.rng.subarray(4 * a, 4 * b));
        energiesOf(kernels, model, states, a * n, b - a, energies.subarray(a, b));
        for (let r = a; r < b; r++) {
          reads.offer(r, states, r * n, energies[r]);
          reads.advance(r, t1);
        }
      });
      t = t1;
      return t < p.sweeps && reads.anyActive();
    },
    best: () => reads.overall(spec.start),
    sweep: () => reads.maxDone(),
    finish() {
      const converged = total(reads.converged);
      return { states: reads.best, rows: m, units: total(reads.done), converged, natural: converged === m ? 'converged' : 'sweeps', extra: null };
    },
  };
}

/**
 * Quantum annealing over items [start, end): read k (stream k) evolves K Trotter slices of
 * the SPIN model. Between chunks, each read's K slice energies give its best slice and the mean
 * that drives the adaptive restart: when the variance of the last `restartWindow` chunk means
 * falls below the threshold (the slices are frozen), the read's temperature restarts at 0.6·T0
 * (at most maxRestarts times, and not in the last 10% of sweeps, so every read ends cold).
 */
export function sqaRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec, p: SqaParams): Runner {
  const n = spec.model.n;
  const K = p.replicas;
  const m = spec.end - spec.start;
  const reads = new Reads(kernels, spec, m);
  const states = new Int8Array(m * K * n);
  for (let r = 0; r < m; r++) {
    const rng = reads.rng.subarray(4 * r, 4 * r + 4);
    for (let k = 0; k < K; k++) initialState(kernels, spec, r, rng, states, (r * K + k) * n);
  }
  const since = new Float64Array(m);
  const tStart = new Float64Array(m).fill(p.t0);
  const restarts = new Int32Array(m);
  const means: number[][] = Array.from({ length: m }, () => []);
  const replicaEnergies = new Float64Array(m * K);
  const betas = new Float64Array(Math.min(spec.chunk, p.sweeps));
  const jperp = new Float64Array(betas.length);
  let t = 0;

  function maybeRestart(r: number, mean: number, t1: number): void {
    if (p.restartWindow === 0) return;
    const w = means[r];
    w.push(mean);
    if (w.length > p.restartWindow) w.shift();
    if (w.length < p.restartWindow || restarts[r] >= p.maxRestarts || t1 >= 0.9 * p.sweeps) return;
    const mu = total(w) / w.length;
    let variance = 0;
    for (const x of w) variance += (x - mu) * (x - mu);
    if (variance / w.length < p.restartThreshold) {
      since[r] = t1;
      tStart[r] = 0.6 * p.t0;
      restarts[r]++;
      w.length = 0;
    }
  }

  return {
    step() {
      const t1 = Math.min(p.sweeps, t + spec.chunk);
      const len = t1 - t;
      for (let r = 0; r < m; r++) {
        if (reads.active[r] === 0) continue;
        quantumChunk(p, t, t1, since[r], tStart[r], betas, jperp);
        const base = r * K * n;
        kernels.sqaSweeps(model, states.subarray(base, base + K * n), 1, K, betas.subarray(0, len), jperp.subarray(0, len), p.globalMoves, reads.rng.subarray(4 * r, 4 * r + 4));
        const e = replicaEnergies.subarray(r * K, (r + 1) * K);
        energiesOf(kernels, model, states, base, K, e);
        let best = 0;
        for (let k = 1; k < K; k++) if (e[k] < e[best]) best = k;
        reads.offer(r, states, base + best * n, e[best]);
        maybeRestart(r, total(e) / K, t1);
        reads.advance(r, t1);
      }
      t = t1;
      return t < p.sweeps && reads.anyActive();
    },
    best: () => reads.overall(spec.start),
    sweep: () => reads.maxDone(),
    finish() {
      const converged = total(reads.converged);
      return {
        states: reads.best, rows: m, units: total(reads.done), converged, natural: converged === m ? 'converged' : 'sweeps',
        extra: { restarts, replicaEnergies: p.returnReplicas ? replicaEnergies : undefined },
      };
    },
  };
}
