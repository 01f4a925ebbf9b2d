// Everything in qsched that runs on any JavaScript runtime (no Node API): the kernel contract,
// the loader from explicit WASM sources, model building and generators, errors and the RNG.
// Both entries re-export this: index.ts (Node) adds file loading and the worker pool, edge.ts
// takes the WASM from the caller.

export type { BackendChoice, BackendName, CsrArrays, Kernels, PreparedModel, Vartype } from './kernels/contract.js';
export { loadKernelsFrom, compileSource, BACKEND_CHOICES } from './kernels/load.js';
export type { LoadedKernels, LoadKernelsOptions, WasmSource, WasmSources } from './kernels/load.js';
export { simdSupported } from './kernels/wasm/exports.js';
export { referenceKernels } from './kernels/reference/index.js';
export { Rng, rngSeed, rngNextU32, rngNextF64 } from './kernels/reference/rng.js';
export { csrFromTriplets } from './qubo/csr.js';
export type { Triplets } from './qubo/csr.js';
export { randomSparseModel, randomStates } from './qubo/generators.js';
export type { RandomSparseOptions } from './qubo/generators.js';
export { AbortError, KernelLoadError, WorkerError } from './errors.js';
export { VERSION } from './version.js';
export * from './qubo/index.js';
export * from './scheduling/index.js';
export * from './solve/core.js';
export * from './quantum/index.js';
export { statevectorKernelsOf } from './kernels/statevector/index.js';
export type { StatevectorKernels } from './kernels/statevector/index.js';
