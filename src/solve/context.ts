// Where samplers get their kernels, pools and build hash from. The samplers themselves import
// no Node API; the Node entry (node.ts) supplies a context that loads the package's WASM builds,
// starts Piscina pools and hashes the build, while edge callers wrap kernels they loaded
// themselves with `kernelContext` (in-thread only).

import type { BackendChoice, BackendName, Kernels } from '../kernels/contract.js';
import type { Executor } from '../parallel/pool.js';

/** Everything a sampler needs from its runtime. */
export interface SolveContext {
  /** Kernels for a backend choice; callers have validated their input, so unchecked kernels are fine. */
  kernels(backend: BackendChoice): Promise<Kernels>;
  /** Starts a pool of `workers` threads; absent where threads are not available. */
  readonly createExecutor?: (workers: number, backend: BackendChoice) => Promise<Executor>;
  /** The 16-hex-digit hash of the WASM build behind a backend (null for the reference). */
  readonly wasmHash?: (backend: BackendName) => string | null;
}

/** Whether a backend choice is satisfied by a resolved backend. */
export function backendMatches(choice: BackendChoice, name: BackendName): boolean {
  if (choice === 'auto') return true;
  if (choice === 'wasm') return name !== 'reference';
  return choice === name;
}

/** The choice that loads exactly `name` again (for a pool's backend). */
export function choiceFor(name: BackendName): BackendChoice {
  return name === 'wasm-simd' ? 'wasm' : name;
}

/** A context over kernels the caller loaded (edge runtimes); `wasmHash` is reported as given. */
export function kernelContext(kernels: Kernels & { readonly unchecked?: Kernels }, wasmHash: string | null = null): SolveContext {
  const inner = kernels.unchecked ?? kernels;
  return {
    async kernels(backend) {
      if (!backendMatches(backend, kernels.backend)) {
        throw new RangeError(`options.backend is '${backend}', but this context holds the '${kernels.backend}' kernels`);
      }
      return inner;
    },
    wasmHash: (backend) => (backend === 'reference' ? null : wasmHash),
  };
}
