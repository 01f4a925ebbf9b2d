// Chooses and builds a kernel provider once, from WASM sources the caller supplies. No Node API:
// the Node entry (node.ts) supplies the files it reads, the edge entry (../edge.ts) whatever the
// runtime hands over — bytes, a fetch Response, or a precompiled WebAssembly.Module (the only
// form Cloudflare Workers allow, since they forbid compiling at run time).

import { KernelLoadError } from '../errors.js';
import { checkOneOf, checkOptions } from '../validate.js';
import { checkedKernels } from './checked.js';
import type { BackendChoice, BackendName, Kernels } from './contract.js';
import { referenceKernels } from './reference/index.js';
import { simdSupported } from './wasm/exports.js';
import { wasmKernels } from './wasm/index.js';

/** Anything a qsched WASM build can be loaded from. */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | PromiseLike<Response>;

/** The two builds of the module; either may be missing. */
export interface WasmSources {
  readonly simd?: WasmSource | undefined;
  readonly scalar?: WasmSource | undefined;
}

/** Options of `loadKernels`. */
export interface LoadKernelsOptions {
  /** 'auto' (default): WASM when available, SIMD when the runtime validates it, else reference. */
  readonly backend?: BackendChoice;
}

/** Loaded kernels plus what was chosen and why. */
export interface LoadedKernels extends Kernels {
  /** The compiled module in use (undefined for the reference backend), for handing to workers. */
  readonly module: WebAssembly.Module | undefined;
  /** Whether this runtime validates WASM SIMD, whatever backend was chosen. */
  readonly simdSupported: boolean;
  /** The provider without boundary checks, for internal callers that validated already. */
  readonly unchecked: Kernels;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'wasm-scalar', 'reference'];

/** Compiles a source to a WebAssembly.Module (a Module passes through untouched). */
export async function compileSource(source: WasmSource, label: string): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  try {
    if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
      return await WebAssembly.compile(source as BufferSource);
    }
    const response = await source;
    if (typeof WebAssembly.compileStreaming === 'function' && response.headers?.get('content-type')?.startsWith('application/wasm')) {
      return await WebAssembly.compileStreaming(response);
    }
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (cause) {
    throw new KernelLoadError(`cannot compile the ${label} WASM build: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

/** Resolves a backend choice against the runtime and the sources present. */
export function resolveBackend(choice: BackendChoice, sources: WasmSources, simd = simdSupported()): BackendName {
  switch (choice) {
    case 'reference':
      return 'reference';
    case 'wasm-scalar':
      if (sources.scalar === undefined) throw new KernelLoadError('backend wasm-scalar needs the scalar WASM build (sources.scalar)');
      return 'wasm-scalar';
    case 'wasm':
    case 'auto':
      if (simd && sources.simd !== undefined) return 'wasm-simd';
      if (sources.scalar !== undefined) return 'wasm-scalar';
      if (choice === 'auto') return 'reference';
      throw new KernelLoadError(
        simd ? 'backend wasm needs a WASM build (sources.simd or sources.scalar)' : 'this runtime has no WASM SIMD and no scalar WASM build was given (sources.scalar)',
      );
  }
}

/** Builds the chosen provider from `sources`. Rejects with a typed error, never throws. */
export async function loadKernelsFrom(sources: WasmSources, options?: LoadKernelsOptions): Promise<LoadedKernels> {
  const opts = checkOptions('options', options);
  const choice = opts.backend === undefined ? 'auto' : checkOneOf('options.backend', opts.backend, BACKEND_CHOICES);
  const simd = simdSupported();
  const name = resolveBackend(choice, sources, simd);
  let inner: Kernels;
  let module: WebAssembly.Module | undefined;
  if (name === 'reference') {
    inner = referenceKernels();
  } else {
    const source = name === 'wasm-simd' ? sources.simd! : sources.scalar!;
    module = await compileSource(source, name === 'wasm-simd' ? 'SIMD' : 'scalar');
    inner = wasmKernels(module);
  }
  return Object.assign(checkedKernels(inner), { module, simdSupported: simd, unchecked: inner });
}
