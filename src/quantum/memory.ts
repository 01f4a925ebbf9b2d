// The pre-flight memory estimate: how many bytes a simulation of n qubits needs, checked
// against what the backend can still address (32-bit WASM memory: 4 GiB in all, the reference
// keeps the same budget) before anything is allocated. A complex f64 state is 16·2^n bytes, so
// one state of 27 qubits (2 GiB) fits and 28 (4 GiB) does not.

import { checkInteger } from '../validate.js';
import type { StatevectorKernels } from '../kernels/statevector/contract.js';

/** Bytes kept free for program staging, Pauli groups and level tables (the kernels' scratch). */
export const SCRATCH_RESERVE = 4 * 2 ** 20;

/** What a computation needs on top of its states: f64 and u16 vectors of 2^n entries. */
export interface MemoryNeeds {
  readonly states?: number;
  readonly f64Vectors?: number;
  readonly u16Vectors?: number;
}

/** Bytes for `needs` at n qubits. */
export function bytesNeeded(n: number, needs: MemoryNeeds = {}): number {
  const size = 2 ** n;
  return size * (16 * (needs.states ?? 1) + 8 * (needs.f64Vectors ?? 0) + 2 * (needs.u16Vectors ?? 0));
}

/** Throws a RangeError stating the bytes needed when `needs` at n qubits cannot fit. */
export function preflight(kernels: StatevectorKernels, n: number, needs: MemoryNeeds = {}, field = 'n'): void {
  checkInteger(field, n, 1, 30);
  const need = bytesNeeded(n, needs);
  const free = kernels.memoryLimit - kernels.bytesInUse() - SCRATCH_RESERVE;
  if (need > free) {
    const parts = [`${needs.states ?? 1} state(s) of 16·2^${n} bytes`];
    if (needs.f64Vectors) parts.push(`${needs.f64Vectors} f64 vector(s) of 8·2^${n}`);
    if (needs.u16Vectors) parts.push(`${needs.u16Vectors} u16 vector(s) of 2·2^${n}`);
    throw new RangeError(
      `${field} = ${n} qubits needs ${need} bytes (${parts.join(' + ')}) but the ${kernels.backend} backend can address ` +
        `${kernels.memoryLimit} bytes (32-bit WASM memory), ${kernels.bytesInUse()} in use and ${SCRATCH_RESERVE} reserved: ` +
        `at most ${maxQubits(kernels, needs)} qubits fit`,
    );
  }
}

/** The largest n for which `needs` fits right now. */
export function maxQubits(kernels: StatevectorKernels, needs: MemoryNeeds = {}): number {
  const free = kernels.memoryLimit - kernels.bytesInUse() - SCRATCH_RESERVE;
  let n = 0;
  while (n < 30 && bytesNeeded(n + 1, needs) <= free) n++;
  return n;
}
