// The Node side of the quantum layer: a Simulator over the package's WASM builds (a fresh
// instance per simulator, so it owns its memory) and reading dataset files. Everything else in
// src/quantum/ runs on any runtime given a Simulator (see `simulatorFrom`).

import { readFile } from 'node:fs/promises';
import type { BackendChoice } from '../kernels/contract.js';
import { statevectorKernelsOf } from '../kernels/statevector/index.js';
import { loadKernels } from '../kernels/node.js';
import { checkOptions } from '../validate.js';
import { molecularHamiltonian, type MolecularHamiltonian } from './molecular.js';
import { fromQasm } from './qasm.js';
import type { Circuit } from './circuit.js';
import { Simulator, type SimulatorOptions } from './simulator.js';

/** Options of `createSimulator`. */
export interface CreateSimulatorOptions extends SimulatorOptions {
  /** 'auto' (default: WASM SIMD when validated, else scalar, else reference) | 'wasm' | 'wasm-scalar' | 'reference'. */
  readonly backend?: BackendChoice;
}

/** A simulator on the chosen backend. Rejects with TypeError/RangeError/KernelLoadError. */
export async function createSimulator(options?: CreateSimulatorOptions): Promise<Simulator> {
  const o = checkOptions('options', options);
  const loaded = await loadKernels({ backend: o.backend as BackendChoice | undefined });
  return new Simulator(statevectorKernelsOf(loaded.unchecked), { blockQubits: o.blockQubits as number | undefined, fusion: o.fusion as number | undefined });
}

/** Reads a molecular Hamiltonian JSON file (the datasets' format). */
export async function readHamiltonianFile(path: string): Promise<MolecularHamiltonian> {
  return molecularHamiltonian(JSON.parse(await readFile(path, 'utf8')));
}

/** Reads an OpenQASM 2.0 file into a Circuit. */
export async function readQasmFile(path: string): Promise<Circuit> {
  return fromQasm(await readFile(path, 'utf8'));
}
