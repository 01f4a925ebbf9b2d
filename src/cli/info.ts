// `qsched info`: what this installation will run with.

import { availableParallelism } from 'node:os';
import type { BackendChoice, BackendName } from '../kernels/contract.js';
import { loadKernels, wasmHash } from '../kernels/node.js';
import { VERSION } from '../version.js';

/** The facts `qsched info` reports. */
export interface Info {
  version: string;
  backend: BackendName;
  simd: boolean;
  simdSupported: boolean;
  workers: number;
  cores: number;
  wasmHash: { simd: string; scalar: string };
  node: string;
  platform: string;
}

export async function collectInfo(backend: BackendChoice, workers: number): Promise<Info> {
  const kernels = await loadKernels({ backend });
  return {
    version: VERSION,
    backend: kernels.backend,
    simd: kernels.backend === 'wasm-simd',
    simdSupported: kernels.simdSupported,
    workers,
    cores: availableParallelism(),
    wasmHash: { simd: wasmHash('simd'), scalar: wasmHash('scalar') },
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
