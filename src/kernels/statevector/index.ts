// Picks the statevector provider that matches a loaded kernel provider: the reference kernels
// get the plain-TS statevector twin, a WASM instance (from `wasmKernels()`) gets the WASM one
// over the same memory and heap. No Node API here.

import type { Kernels } from '../contract.js';
import type { WasmHeap } from '../wasm/heap.js';
import type { StatevectorKernels } from './contract.js';
import { referenceStatevectorKernels } from './reference.js';
import { wasmStatevectorKernels } from './wasm.js';

export type { BitForm, PauliGroup, StatevectorKernels, SvProgram, SvState, SvVector } from './contract.js';
export { MAX_LEVELS, OP } from './contract.js';

/** Statevector kernels over an unchecked kernel provider (`loaded.unchecked`). */
export function statevectorKernelsOf(kernels: Kernels): StatevectorKernels {
  if (kernels.backend === 'reference') return referenceStatevectorKernels();
  const k = kernels as Kernels & { exports?: unknown; heap?: WasmHeap };
  if (k.exports === undefined || k.heap === undefined) throw new TypeError('kernels must be the unchecked provider (loaded.unchecked) of a WASM backend');
  return wasmStatevectorKernels(k.exports, k.heap);
}

export { referenceStatevectorKernels, wasmStatevectorKernels };
