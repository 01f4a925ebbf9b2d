// The Node context of the samplers: kernels loaded from the package's build/ folder (cached per
// backend choice), Piscina pools for workers > 1, and the WASM build hash for manifests. The
// only solve/ module that reaches Node APIs (through kernels/node.ts and parallel/pool.ts).

import type { BackendChoice, BackendName } from '../kernels/contract.js';
import type { LoadedKernels } from '../kernels/load.js';
import { loadKernels, wasmHash } from '../kernels/node.js';
import { createExecutor } from '../parallel/pool.js';
import type { SolveContext } from './context.js';
import { createSamplers } from './samplers.js';

/** A context that loads the package's WASM builds and starts worker pools. */
export function nodeContext(): SolveContext {
  const loaded = new Map<BackendChoice, Promise<LoadedKernels>>();
  const hashes = new Map<BackendName, string | null>();
  return {
    async kernels(backend) {
      let k = loaded.get(backend);
      if (k === undefined) {
        k = loadKernels({ backend });
        loaded.set(backend, k);
        k.catch(() => loaded.delete(backend));
      }
      return (await k).unchecked;
    },
    createExecutor: (workers, backend) => createExecutor({ workers, backend }),
    wasmHash(backend) {
      if (backend === 'reference') return null;
      if (!hashes.has(backend)) {
        try {
          hashes.set(backend, wasmHash(backend === 'wasm-simd' ? 'simd' : 'scalar'));
        } catch {
          hashes.set(backend, null);
        }
      }
      return hashes.get(backend)!;
    },
  };
}

const registry = createSamplers(nodeContext());

/** Every sampler by name, on the Node context. */
export const samplers = registry.samplers;
/** The sampler called `name` (RangeError for an unknown name). */
export const getSampler = registry.getSampler;
/** Steepest descent from every row of a SampleSet, on the Node context. */
export const polish = registry.polish;
