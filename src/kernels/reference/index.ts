// The reference backend: plain TypeScript behind the kernel contract. Readable, shipped, and
// the oracle every WASM kernel is tested against; not built for speed.

import type { CsrArrays, Kernels, PreparedModel } from '../contract.js';
import { saSweeps, sqaSweeps } from './anneal.js';
import { energies, fields } from './csr.js';
import { exactSearch } from './exact.js';
import { rngNextF64, rngNextU32, rngSeed } from './rng.js';

class ReferenceModel implements PreparedModel {
  readonly vartype;
  readonly n;
  readonly nnz;
  readonly offset;
  #arrays: CsrArrays | undefined;
  constructor(arrays: CsrArrays) {
    this.vartype = arrays.vartype;
    this.n = arrays.n;
    this.nnz = arrays.cols.length;
    this.offset = arrays.offset;
    this.#arrays = arrays;
  }
  get arrays(): CsrArrays {
    if (this.#arrays === undefined) throw new RangeError('model was disposed');
    return this.#arrays;
  }
  dispose(): void {
    this.#arrays = undefined;
  }
}

function arraysOf(model: PreparedModel): CsrArrays {
  return (model as ReferenceModel).arrays;
}

/** Creates the reference kernels. */
export function referenceKernels(): Kernels {
  return {
    backend: 'reference',
    prepare: (model) => new ReferenceModel(model),
    energies: (model, states, count, out) => energies(arraysOf(model), states, count, out),
    localFields: (model, states, count, out) => fields(arraysOf(model), states, count, out, false),
    flipDeltas: (model, states, count, out) => fields(arraysOf(model), states, count, out, true),
    saSweeps: (model, states, count, betas, rng) => saSweeps(arraysOf(model), states, count, betas, rng),
    sqaSweeps: (model, states, count, replicas, betas, jperp, globalMoves, rng) =>
      sqaSweeps(arraysOf(model), states, count, replicas, betas, jperp, globalMoves, rng),
    exactSearch: (model, from, to, k, outStates, outEnergies) => exactSearch(arraysOf(model), from, to, k, outStates, outEnergies),
    rngSeed,
    rngFillU32(state, out) {
      for (let k = 0; k < out.length; k++) out[k] = rngNextU32(state);
    },
    rngFillF64(state, out) {
      for (let k = 0; k < out.length; k++) out[k] = rngNextF64(state);
    },
  } satisfies Kernels;
}
