// Seeded instance generators (every random thing takes a seed), used by the demo, the tests and
// the benchmarks. Integer weights make reference and WASM results comparable bit for bit.

import type { CsrArrays, Vartype } from '../kernels/contract.js';
import { Rng } from '../kernels/reference/rng.js';
import { checkInteger, checkSeed } from '../validate.js';
import { csrFromTriplets } from './csr.js';

/** Options of `randomSparseModel`. */
export interface RandomSparseOptions {
  readonly n: number;
  /** Average number of couplings per variable (default 10). */
  readonly degree?: number;
  readonly seed?: number;
  readonly vartype?: Vartype;
  /** Integer weights in [-10, 10] (default) or uniform floats in [-1, 1). */
  readonly weights?: 'integer' | 'float';
}

/** A random sparse model with about n·degree/2 couplings and a linear term on every variable. */
export function randomSparseModel(options: RandomSparseOptions): CsrArrays {
  const n = checkInteger('options.n', options.n, 1, 1 << 26);
  const degree = checkInteger('options.degree', options.degree ?? 10, 0, n - 1);
  const seed = checkSeed('options.seed', options.seed ?? 1);
  const integer = (options.weights ?? 'integer') === 'integer';
  const rng = new Rng(seed);
  const weight = () => (integer ? rng.below(21) - 10 : 2 * rng.float() - 1);
  const m = Math.floor((n * degree) / 2);
  const i = new Int32Array(m);
  const j = new Int32Array(m);
  const w = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const a = rng.below(n);
    let b = rng.below(n - 1);
    if (b >= a) b++;
    i[k] = a;
    j[k] = b;
    w[k] = weight() || 1;
  }
  const linear = new Float64Array(n);
  for (let k = 0; k < n; k++) linear[k] = weight();
  return csrFromTriplets(options.vartype ?? 'BINARY', n, { i, j, w }, linear, integer ? rng.below(100) : rng.float());
}

/** `count` random states of `n` variables, row-major, valid for `vartype`. */
export function randomStates(n: number, count: number, vartype: Vartype, seed: number): Int8Array {
  const rng = new Rng(checkSeed('seed', seed), 1);
  const states = new Int8Array(checkInteger('n', n, 0) * checkInteger('count', count, 0));
  for (let k = 0; k < states.length; k++) {
    const bit = rng.u32() >>> 31;
    states[k] = vartype === 'SPIN' ? 2 * bit - 1 : bit;
  }
  return states;
}
