// Loads placement kernels for Node from the package's WASM builds (through kernels/node.ts),
// one instance per backend choice per process, so repeated schedules reuse a warm instance.

import type { BackendChoice } from '../contract.js';
import { loadKernels } from '../node.js';
import type { PlacementKernels } from './contract.js';
import { placementKernelsOf } from './index.js';

const cache = new Map<BackendChoice, Promise<PlacementKernels>>();

/** Placement kernels for `backend` ('auto' | 'wasm' | 'wasm-scalar' | 'reference'), cached per choice. */
export function loadPlacementKernels(backend: BackendChoice = 'auto'): Promise<PlacementKernels> {
  let k = cache.get(backend);
  if (k === undefined) {
    k = loadKernels({ backend }).then((loaded) => placementKernelsOf(loaded.unchecked));
    cache.set(backend, k);
    k.catch(() => cache.delete(backend));
  }
  return k;
}
