// The Node side of kernel loading: finds build/qsched.{simd,scalar}.wasm in the package, reads
// and compiles each once per process (the compiled Module is cached and can be posted to worker
// threads), and reports a hash of the build for reproducibility manifests.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelLoadError } from '../errors.js';
import { loadKernelsFrom, type LoadedKernels, type LoadKernelsOptions } from './load.js';

/** The package root: the nearest folder above this file whose package.json names qsched. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'qsched') return dir;
    const up = dirname(dir);
    if (up === dir) throw new KernelLoadError('cannot find the qsched package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

const modules = new Map<string, WebAssembly.Module>();

/** Path of a build variant's .wasm file. */
export function wasmPath(variant: 'simd' | 'scalar' | 'simd-shared'): string {
  return join(packageRoot(), 'build', `qsched.${variant}.wasm`);
}

/** The compiled module of a build variant, compiled once per process. */
export function compiledModule(variant: 'simd' | 'scalar' | 'simd-shared'): WebAssembly.Module {
  const path = wasmPath(variant);
  let module = modules.get(path);
  if (module === undefined) {
    if (!existsSync(path)) throw new KernelLoadError(`missing ${path}: run \`npm run build\` first`);
    module = new WebAssembly.Module(readFileSync(path));
    modules.set(path, module);
  }
  return module;
}

/** sha256 of a build variant's bytes, first 16 hex digits. */
export function wasmHash(variant: 'simd' | 'scalar' | 'simd-shared'): string {
  return createHash('sha256').update(readFileSync(wasmPath(variant))).digest('hex').slice(0, 16);
}

/**
 * Loads the kernels for Node: `backend` 'auto' | 'wasm' | 'wasm-scalar' | 'reference'.
 * Rejects with a TypeError/RangeError for bad options, KernelLoadError when a build is missing.
 */
export async function loadKernels(options?: LoadKernelsOptions): Promise<LoadedKernels> {
  return loadKernelsFrom(
    {
      simd: existsSync(wasmPath('simd')) ? compiledModule('simd') : undefined,
      scalar: existsSync(wasmPath('scalar')) ? compiledModule('scalar') : undefined,
    },
    options,
  );
}
