// The typed shape of the WASM module's exports (assembly/index.ts) and instantiation from a
// compiled WebAssembly.Module. No Node API here: edge runtimes use this file as it is.

import { KernelLoadError } from '../../errors.js';

/** What assembly/index.ts exports; pointers are byte offsets into `memory`. */
export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  simdEnabled(): number;
  rngSeed(state: number, seed: number, stream: number): void;
  rngFillU32(state: number, out: number, count: number): void;
  rngFillF64(state: number, out: number, count: number): void;
  csrEnergies(n: number, rowPtr: number, cols: number, vals: number, lin: number, offset: number,
    states: number, count: number, out: number, scratch: number): void;
  csrFields(n: number, rowPtr: number, cols: number, vals: number, lin: number, spin: number, mode: number,
    states: number, count: number, out: number, scratch: number): void;
  saSweeps(n: number, rowPtr: number, cols: number, vals: number, lin: number, spin: number,
    states: number, count: number, betas: number, nbetas: number, rng: number, fields: number): void;
  sqaSweeps(n: number, rowPtr: number, cols: number, vals: number, lin: number,
    states: number, count: number, K: number, betas: number, jperp: number, nbetas: number, globalMoves: number,
    rng: number, fields: number): void;
  exactSearch(n: number, rowPtr: number, cols: number, vals: number, lin: number, offset: number, spin: number,
    from: number, to: number, k: number, outStates: number, outEnergies: number, scratch: number): number;
}

const REQUIRED = ['memory', 'heapBase', 'simdEnabled', 'rngSeed', 'rngFillU32', 'rngFillF64', 'csrEnergies', 'csrFields', 'saSweeps', 'sqaSweeps', 'exactSearch'];

/**
 * Instantiates a compiled qsched module and checks its exports. The standard builds import
 * nothing; the shared-memory build (qsched.simd-shared.wasm, for statevector threads) imports
 * `env.memory`, given here.
 */
export function instantiateModule(module: WebAssembly.Module, memory?: WebAssembly.Memory): WasmExports {
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, memory === undefined ? {} : { env: { memory } });
  } catch (cause) {
    throw new KernelLoadError('cannot instantiate the qsched WASM module', { cause });
  }
  const exports = instance.exports as Record<string, unknown>;
  const missing = REQUIRED.filter((name) => !(name in exports));
  if (missing.length > 0) {
    throw new KernelLoadError(`the WASM module is not a qsched build: missing exports ${missing.join(', ')}`);
  }
  return exports as unknown as WasmExports;
}

/**
 * The smallest module that uses a v128 instruction (from wasm-feature-detect's simd test):
 * `WebAssembly.validate` on it tells whether the runtime has fixed-width SIMD.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** True when this runtime validates WASM fixed-width SIMD. */
export function simdSupported(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
