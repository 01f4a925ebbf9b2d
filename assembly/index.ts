// The export list of the qsched WASM module, and nothing else. Every export takes numbers and
// raw pointers into this module's memory; the host (src/kernels/wasm/) owns all allocation
// above heapBase() and validates every input before calling in.

export { rngSeed, rngFillU32, rngFillF64 } from "./rng";
export { csrEnergies, csrFields } from "./qubo/csr";

/** First byte the host may allocate: everything below is static data and stack. */
export function heapBase(): usize {
  return __heap_base;
}

/** 1 in the SIMD build, 0 in the scalar one (for `qsched info` and tests). */
export function simdEnabled(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
export { saSweepsScalar as saSweeps } from "./anneal/sa_scalar";
export { sqaSweepsScalar as sqaSweeps } from "./anneal/sqa_scalar";
export { exactSearch } from "./exact/gray";
export * from "./statevector/index";
export * from "./placement/index";
