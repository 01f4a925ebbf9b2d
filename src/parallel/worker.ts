// The Piscina worker entry. The host compiles the WASM once and hands every worker the same
// WebAssembly.Module through workerData, so a worker only instantiates (no file reads, no
// compile). Kernels are created on the first task and reused.

import { workerData } from 'node:worker_threads';
import type { Kernels } from '../kernels/contract.js';
import { referenceKernels } from '../kernels/reference/index.js';
import { wasmKernels } from '../kernels/wasm/index.js';
import { runTask, type Task } from './tasks.js';

/** What the pool passes to each worker. */
export interface WorkerInit {
  readonly module: WebAssembly.Module | undefined;
}

let kernels: Kernels | undefined;

/** Runs one task; Piscina calls this for every `run` (and awaits the async task kinds). */
export default function run(task: Task): unknown {
  if (kernels === undefined) {
    const init = workerData as WorkerInit | undefined;
    kernels = init?.module !== undefined ? wasmKernels(init.module) : referenceKernels();
  }
  return runTask(kernels, task);
}
