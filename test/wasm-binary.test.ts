// The two builds differ only in SIMD: the SIMD binary really contains v128 instructions, the
// scalar one none, and neither imports anything (edge runtimes provide no `env`).

import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';
import { wasmPath } from '../src/kernels/node.js';

function text(variant: 'simd' | 'scalar'): string {
  const mod = binaryen.readBinary(readFileSync(wasmPath(variant)));
  try {
    return mod.emitText();
  } finally {
    mod.dispose();
  }
}

describe('WASM builds', () => {
  it('the SIMD build contains v128 instructions', () => {
    const t = text('simd');
    expect(t).toMatch(/v128\.load/);
    expect(t).toMatch(/f64x2\.(add|mul)/);
  });

  it('the scalar build contains no v128 instruction', () => {
    const t = text('scalar');
    expect(t).not.toMatch(/v128|f64x2|i32x4|i8x16/);
    expect(t).toMatch(/f64\.mul/);
  });

  it('neither build has imports', () => {
    for (const v of ['simd', 'scalar'] as const) {
      const m = new WebAssembly.Module(readFileSync(wasmPath(v)));
      expect(WebAssembly.Module.imports(m)).toEqual([]);
    }
  });
});
