// `qsched info`: version, kernel backend in use, SIMD, workers and the WASM build hashes.

import { availableParallelism } from 'node:os';
import type { BackendChoice } from '../../kernels/contract.js';
import { BACKEND_CHOICES } from '../../kernels/load.js';
import { loadKernels, wasmHash } from '../../kernels/node.js';
import { VERSION } from '../../version.js';
import { choiceFlag, type Command, formatRecord, intFlag } from '../command.js';

export const info: Command = {
  name: 'info',
  summary: 'version, kernel backend in use, SIMD, worker count, WASM build hash',
  help: `qsched info [--backend B] [--workers N] [--json]`,
  options: {
    backend: { type: 'string', default: 'auto' },
    workers: { type: 'string' },
  },
  async run({ values, json }) {
    const backend = choiceFlag('backend', values.backend, BACKEND_CHOICES) as BackendChoice;
    const workers = values.workers === undefined ? availableParallelism() : intFlag('workers', values.workers, 1, 256);
    const kernels = await loadKernels({ backend });
    const record = {
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
    process.stdout.write(json ? JSON.stringify(record, null, 2) + '\n' : formatRecord(record));
    return 0;
  },
};
