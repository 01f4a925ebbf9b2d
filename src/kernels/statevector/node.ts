// Loads statevector kernels for Node from the package's WASM builds (through kernels/node.ts).
// Each call instantiates a fresh WASM instance, so a simulator owns its memory.

import type { LoadKernelsOptions } from '../load.js';
import { loadKernels } from '../node.js';
import type { StatevectorKernels } from './contract.js';
import { statevectorKernelsOf } from './index.js';

/** Statevector kernels for `options.backend` ('auto' | 'wasm' | 'wasm-scalar' | 'reference'). */
export async function loadStatevectorKernels(options?: LoadKernelsOptions): Promise<StatevectorKernels> {
  return statevectorKernelsOf((await loadKernels(options)).unchecked);
}
