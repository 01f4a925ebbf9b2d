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
  /**
   * Threads for gate application (Node only; a power of two, 1–16; default 1): states of 14 or
   * more qubits are split across threads over shared WASM memory (kernels/statevector/threads.ts),
   * with results identical bit for bit. Needs the SIMD backend ('auto' or 'wasm'). Helper threads
   * do not keep the process alive; `simulator.kernels.close?.()` stops them.
   */
  readonly threads?: number;
}

/** A simulator on the chosen backend. Rejects with TypeError/RangeError/KernelLoadError. */
export async function createSimulator(options?: CreateSimulatorOptions): Promise<Simulator> {
  const o = checkOptions('options', options);
  const threads = o.threads === undefined ? 1 : o.threads;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 16 || (threads & (threads - 1)) !== 0) {
    throw new RangeError(`options.threads must be a power of two in [1, 16], got ${String(threads)}`);
  }
  const simOptions = { blockQubits: o.blockQubits as number | undefined, fusion: o.fusion as number | undefined };
  if (threads > 1) {
    if (o.backend !== undefined && o.backend !== 'auto' && o.backend !== 'wasm') throw new RangeError(`options.threads > 1 needs the SIMD backend ('auto' or 'wasm'), got backend ${JSON.stringify(o.backend)}`);
    const { threadedStatevectorKernels } = await import('../kernels/statevector/threads.js');
    return new Simulator(await threadedStatevectorKernels(threads), simOptions);
  }
  const loaded = await loadKernels({ backend: o.backend as BackendChoice | undefined });
  return new Simulator(statevectorKernelsOf(loaded.unchecked), simOptions);
}

/** Reads a molecular Hamiltonian JSON file (the datasets' format). */
export async function readHamiltonianFile(path: string): Promise<MolecularHamiltonian> {
  return molecularHamiltonian(JSON.parse(await readFile(path, 'utf8')));
}

/** Reads an OpenQASM 2.0 file into a Circuit. */
export async function readQasmFile(path: string): Promise<Circuit> {
  return fromQasm(await readFile(path, 'utf8'));
}
