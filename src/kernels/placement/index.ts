// Picks the placement provider that matches a loaded kernel provider: the reference kernels get
// the plain-TS twin, a WASM instance (from `wasmKernels()`) gets the WASM provider over the same
// memory and heap. No Node API here.

import type { Kernels } from '../contract.js';
import type { WasmHeap } from '../wasm/heap.js';
import type { PlacementKernels } from './contract.js';
import { referencePlacementKernels } from './reference.js';
import { wasmPlacementKernels } from './wasm.js';

export type { MoveThresholds, PlacementChain, PlacementKernels, PreparedPlacement, ReplicaSnapshot } from './contract.js';
export { COUNTERS, TOTALS } from './contract.js';

/** Placement kernels over an unchecked kernel provider (`loaded.unchecked`). */
export function placementKernelsOf(kernels: Kernels): PlacementKernels {
  if (kernels.backend === 'reference') return referencePlacementKernels();
  const k = kernels as Kernels & { exports?: unknown; heap?: WasmHeap };
  if (k.exports === undefined || k.heap === undefined) throw new TypeError('kernels must be the unchecked provider (loaded.unchecked) of a WASM backend');
  return wasmPlacementKernels(k.exports, k.heap);
}

export { referencePlacementKernels, wasmPlacementKernels };
