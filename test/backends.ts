// The backends every shared kernel test runs on: `describe.each(BACKENDS)`. No backend may be
// skipped silently; if a build is missing, loading it fails the test.

import { loadKernels } from '../src/kernels/node.js';
import type { BackendChoice } from '../src/kernels/contract.js';
import type { LoadedKernels } from '../src/kernels/load.js';

export const BACKENDS = ['reference', 'wasm-scalar', 'wasm'] as const satisfies readonly BackendChoice[];

/** Expected resolved name of each choice on this machine (SIMD is validated on Node 20). */
export const RESOLVED = { reference: 'reference', 'wasm-scalar': 'wasm-scalar', wasm: 'wasm-simd' } as const;

const cache = new Map<string, Promise<LoadedKernels>>();
export function kernelsFor(backend: BackendChoice): Promise<LoadedKernels> {
  let k = cache.get(backend);
  if (k === undefined) cache.set(backend, (k = loadKernels({ backend })));
  return k;
}
