// The edge entry instantiates from bytes, a Response or a precompiled Module with no Node API,
// and gives the same results as the Node entry. Its import graph must not reach node:* modules.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as edge from '../src/edge.js';
import { loadKernels as loadNode, packageRoot, wasmPath } from '../src/kernels/node.js';
import { randomSparseModel, randomStates } from '../src/qubo/generators.js';

const bytes = (v: 'simd' | 'scalar') => new Uint8Array(readFileSync(wasmPath(v)));

async function energiesWith(k: edge.Kernels) {
  const csr = randomSparseModel({ n: 200, degree: 8, seed: 21 });
  const m = k.prepare(csr);
  const states = randomStates(200, 6, 'BINARY', 22);
  const out = new Float64Array(6);
  k.energies(m, states, 6, out);
  return [...out];
}

describe('qsched/edge', () => {
  it('loads from bytes, a Response (streaming compile), a Promise<Response> and a Module', async () => {
    const expected = await energiesWith(await loadNode({ backend: 'wasm' }));
    const sources = [
      bytes('simd'),
      bytes('simd').buffer,
      new Response(bytes('simd'), { headers: { 'content-type': 'application/wasm' } }),
      Promise.resolve(new Response(bytes('simd'))),
      new WebAssembly.Module(bytes('simd')),
    ];
    for (const simd of sources) {
      const k = await edge.loadKernels({ simd, scalar: bytes('scalar') });
      expect(k.backend).toBe('wasm-simd');
      expect(await energiesWith(k)).toEqual(expected);
    }
    const scalar = await edge.loadKernels({ backend: 'wasm-scalar', scalar: new WebAssembly.Module(bytes('scalar')) });
    expect(scalar.backend).toBe('wasm-scalar');
    expect(await energiesWith(scalar)).toEqual(expected);
  });

  it('falls back: no sources gives reference under auto, and a clear error under wasm', async () => {
    expect((await edge.loadKernels()).backend).toBe('reference');
    expect((await edge.loadKernels({ scalar: bytes('scalar') })).backend).toBe('wasm-scalar');
    await expect(edge.loadKernels({ backend: 'wasm' })).rejects.toThrow(/backend wasm needs a WASM build/);
    await expect(edge.loadKernels({ backend: 'wasm-scalar', simd: bytes('simd') })).rejects.toThrow(/needs the scalar WASM build/);
  });

  it('rejects garbage bytes with KernelLoadError', async () => {
    await expect(edge.loadKernels({ simd: new Uint8Array([1, 2, 3]) })).rejects.toThrow(edge.KernelLoadError);
    await expect(edge.loadKernels({ simd: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/cannot compile the SIMD WASM build/);
  });

  it('uses the scalar build when the runtime rejects the SIMD probe', async () => {
    const real = WebAssembly.validate;
    WebAssembly.validate = () => false;
    try {
      const k = await edge.loadKernels({ backend: 'wasm', simd: bytes('simd'), scalar: bytes('scalar') });
      expect(k.backend).toBe('wasm-scalar');
      expect(k.simdSupported).toBe(false);
    } finally {
      WebAssembly.validate = real;
    }
  });

  it('the built edge entry imports no node: module, directly or transitively', () => {
    const root = join(packageRoot(), 'dist', 'src');
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else offenders.push(`${file}: ${spec}`);
      }
    };
    visit(join(root, 'edge.js'));
    expect(seen.size).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });

  it('the bundle (dist/edge/qsched.edge.js) exports what the edge entry exports, and its size report is current', async () => {
    const dir = join(packageRoot(), 'dist', 'edge');
    const bundle = (await import(pathToFileURL(join(dir, 'qsched.edge.js')).href)) as Record<string, unknown>;
    const entry = (await import(pathToFileURL(join(packageRoot(), 'dist', 'src', 'edge.js')).href)) as Record<string, unknown>;
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(entry).sort());
    const report = JSON.parse(readFileSync(join(packageRoot(), 'bench', 'results', 'edge-size.json'), 'utf8'));
    for (const r of [report.js, report.wasm.simd, report.wasm.scalar]) {
      const bytes = readFileSync(join(packageRoot(), r.file));
      expect(r.raw, r.file).toBe(bytes.length);
      expect(r.gzip, r.file).toBe(gzipSync(bytes, { level: 9 }).length);
    }
    expect(report.js.gzip).toBeLessThanOrEqual(report.budgetGzip.js);
    expect(report.wasm.simd.gzip).toBeLessThanOrEqual(report.budgetGzip.wasm);
  });
});
