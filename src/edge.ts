// qsched/edge: the entry for browsers, Deno and Cloudflare Workers. It imports nothing from
// Node; the caller hands over the WASM as bytes, a fetch Response (compiled streaming where the
// runtime can), or a precompiled WebAssembly.Module (required on Cloudflare Workers).

import type { LoadedKernels, LoadKernelsOptions, WasmSource } from './kernels/load.js';
import { loadKernelsFrom } from './kernels/load.js';

export * from './core.js';

/** Options of the edge `loadKernels`: the WASM builds, as the runtime provides them. */
export interface EdgeLoadOptions extends LoadKernelsOptions {
  /** The SIMD build (build/qsched.simd.wasm). */
  readonly simd?: WasmSource;
  /** The scalar build (build/qsched.scalar.wasm), used where SIMD does not validate. */
  readonly scalar?: WasmSource;
}

/** Loads kernels from the given WASM sources; with none, 'auto' gives the reference backend. */
export async function loadKernels(options: EdgeLoadOptions = {}): Promise<LoadedKernels> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  return loadKernelsFrom({ simd: options.simd, scalar: options.scalar }, { backend: options.backend });
}
