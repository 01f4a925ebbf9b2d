// The reference statevector provider: buffers are host Float64Array / Uint16Array, every kernel
// is plain TypeScript (reference-gates.ts, reference-expect.ts). Readable, shipped, and the
// oracle of the shared tests; not built for speed. It keeps the same 4 GiB budget as WASM so
// the pre-flight estimate means the same on every backend.

import type { StatevectorKernels, SvState, SvVector } from './contract.js';
import * as E from './reference-expect.js';
import { runProgram } from './reference-gates.js';

const LIMIT = 2 ** 32;

class RefState implements SvState {
  readonly kind = 'state';
  constructor(readonly n: number, public data: Float64Array | undefined) {}
}

class RefVector implements SvVector {
  constructor(readonly kind: 'f64' | 'u16', readonly length: number, public data: Float64Array | Uint16Array | undefined) {}
}

function st(s: SvState): Float64Array {
  const d = (s as RefState).data;
  if (d === undefined) throw new RangeError('state was freed');
  return d;
}

function f64(v: SvVector): Float64Array {
  const d = (v as RefVector).data;
  if (d === undefined) throw new RangeError('vector was freed');
  return d as Float64Array;
}

function u16(v: SvVector): Uint16Array {
  const d = (v as RefVector).data;
  if (d === undefined) throw new RangeError('vector was freed');
  return d as Uint16Array;
}

/** Creates the reference statevector kernels. */
export function referenceStatevectorKernels(): StatevectorKernels {
  let inUse = 0;
  return {
    backend: 'reference',
    memoryLimit: LIMIT,
    bytesInUse: () => inUse,
    allocState(n) {
      const data = new Float64Array(2 ** (n + 1));
      data[0] = 1;
      inUse += data.byteLength;
      return new RefState(n, data);
    },
    allocVector(kind, length) {
      const data = kind === 'f64' ? new Float64Array(length) : new Uint16Array(length);
      inUse += data.byteLength;
      return new RefVector(kind, length, data);
    },
    free(buffer) {
      const b = buffer as RefState | RefVector;
      if (b.data === undefined) return;
      inUse -= b.data.byteLength;
      b.data = undefined;
    },
    setBasis(state, index) {
      const a = st(state);
      a.fill(0);
      a[2 * index] = 1;
    },
    copy: (dst, src) => st(dst).set(st(src)),
    write: (state, amplitudes) => st(state).set(amplitudes.subarray(0, 2 ** (state.n + 1))),
    read: (state, out) => out.set(st(state)),
    writeVector: (v, data) => (v.kind === 'f64' ? f64(v) : u16(v)).set(data.subarray(0, v.length)),
    readVector: (v, out) => out.set(v.kind === 'f64' ? f64(v) : u16(v)),
    run: (state, program, blockQubits) => runProgram(st(state), state.n, program, program.vectors.map(u16), blockQubits),
    norm2: (state) => E.norm2(st(state)),
    probabilities: (state, out) => E.probabilities(st(state), out),
    probOne: (state, q) => E.probOne(st(state), q),
    collapse: (state, q, bit, scale) => E.collapse(st(state), q, bit, scale),
    sampleSorted: (state, us, out) => E.sampleSorted(st(state), us, out),
    expectDiag: (state, diag) => E.expectDiag(st(state), f64(diag)),
    inner: (a, b, out) => E.inner(st(a), st(b), out),
    pauliInner: (bra, ket, group, out) => E.pauliInner(st(bra), st(ket), group, out),
    pauliApply: (src, dst, group) => E.pauliApply(st(src), st(dst), group),
    quboCost: (form, out) => E.quboCost(form, f64(out)),
    costLevels: (cost, idx, values) => E.costLevels(f64(cost), u16(idx), values),
    markBelow: (cost, threshold, idx) => E.markBelow(f64(cost), threshold, u16(idx)),
  };
}
