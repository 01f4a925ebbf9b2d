// Per-read bookkeeping shared by the shard runners: each read's random stream, its initial
// state, the best state it has shown at a chunk boundary (with an exact energy from the
// kernels), the work it has done, and the ε-window rule that lets a read end on its own.
// Reads never look at each other, so a read's result depends only on its stream and the spec,
// not on which shard or worker ran it.

import type { Kernels, PreparedModel } from '../../kernels/contract.js';
import type { ShardSpec } from './spec.js';

/** The best-so-far states of a shard's reads and their stopping state. */
export class Reads {
  readonly count: number;
  readonly n: number;
  /** count × n best states. */
  readonly best: Int8Array;
  readonly bestEnergy: Float64Array;
  /** Work units done per read. */
  readonly done: Float64Array;
  readonly active: Uint8Array;
  readonly converged: Uint8Array;
  /** count × 4 words: read k draws from stream start + k (times streamsPerRead) of the seed. */
  readonly rng: Uint32Array;
  readonly #epsilon: number;
  readonly #window: number;
  readonly #history: Array<Array<[number, number]>>;

  constructor(kernels: Kernels, spec: ShardSpec, count: number, streamsPerRead = 1) {
    this.count = count;
    this.n = spec.model.n;
    this.best = new Int8Array(count * this.n);
    this.bestEnergy = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
    this.done = new Float64Array(count);
    this.active = new Uint8Array(count).fill(1);
    this.converged = new Uint8Array(count);
    this.rng = new Uint32Array(4 * count * streamsPerRead);
    for (let k = 0; k < count * streamsPerRead; k++) {
      kernels.rngSeed(spec.seed, spec.start * streamsPerRead + k, this.rng.subarray(4 * k, 4 * k + 4));
    }
    this.#epsilon = spec.stop.epsilon;
    this.#window = spec.stop.window;
    this.#history = Array.from({ length: count }, () => []);
  }

  /** Keeps `state` (at states[base..base+n)) as read r's best when `energy` beats it. */
  offer(r: number, states: Int8Array, base: number, energy: number): void {
    if (energy < this.bestEnergy[r]) {
      this.bestEnergy[r] = energy;
      this.best.set(states.subarray(base, base + this.n), r * this.n);
    }
  }

  /** Records that read r has done `units` in total; ends it when the ε window says so. */
  advance(r: number, units: number): void {
    this.done[r] = units;
    if (this.#window === 0) return;
    const history = this.#history[r];
    history.push([units, this.bestEnergy[r]]);
    // the latest boundary at least `window` units ago
    let then = -1;
    for (let h = history.length - 1; h >= 0; h--) {
      if (history[h][0] <= units - this.#window) {
        then = h;
        break;
      }
    }
    if (then < 0) return;
    if (history[then][1] - this.bestEnergy[r] <= this.#epsilon) {
      this.active[r] = 0;
      this.converged[r] = 1;
    }
    history.splice(0, then); // older entries can no longer be the reference point
  }

  /** Whether any read still runs. */
  anyActive(): boolean {
    return this.active.includes(1);
  }

  /** Index of the read with the lowest best energy (−1 when none has one). */
  bestRead(): number {
    let r = -1;
    for (let k = 0; k < this.count; k++) if (this.bestEnergy[k] < (r < 0 ? Number.POSITIVE_INFINITY : this.bestEnergy[r])) r = k;
    return r;
  }

  /** The lowest best energy and its item index (start + read); Infinity and −1 before any. */
  overall(start: number): { energy: number; read: number } {
    const r = this.bestRead();
    return r < 0 ? { energy: Number.POSITIVE_INFINITY, read: -1 } : { energy: this.bestEnergy[r], read: start + r };
  }

  /** The largest work count of any read. */
  maxDone(): number {
    return this.done.reduce((a, b) => Math.max(a, b), 0);
  }
}

/**
 * Writes read r's initial state into out[base..base+n): the given row when spec.given[r] is
 * set, else n uniform bits drawn from `rng` (the read's own stream, so the draws do not depend
 * on the shard layout).
 */
export function initialState(kernels: Kernels, spec: ShardSpec, r: number, rng: Uint32Array, out: Int8Array, base: number): void {
  const n = spec.model.n;
  if (spec.given !== null && spec.initial !== null && spec.given[r] === 1) {
    out.set(spec.initial.subarray(r * n, (r + 1) * n), base);
    return;
  }
  const draws = new Uint32Array(n);
  kernels.rngFillU32(rng, draws);
  const spin = spec.model.vartype === 'SPIN';
  for (let i = 0; i < n; i++) {
    const bit = draws[i] >>> 31;
    out[base + i] = spin ? 2 * bit - 1 : bit;
  }
}

/** Exact energies of `count` states from states[base..]: the kernels' summation, as model.energy. */
export function energiesOf(kernels: Kernels, model: PreparedModel, states: Int8Array, base: number, count: number, out: Float64Array): void {
  kernels.energies(model, states.subarray(base, base + count * model.n), count, out);
}
