// Boundary checks around a kernel provider: what `loadKernels` hands to users. Providers assume
// valid input (a bad column index would read outside the model in WASM), so every argument is
// checked here first, with messages that name the field. Model validation is O(nnz log d) once
// per prepare; state validation is O(count·n) per call, below the kernels' O(count·nnz).

import { checkAllFinite, checkFinite, checkInteger, checkOneOf, checkSeed, checkTypedArray } from '../validate.js';
import type { CsrArrays, Kernels, PreparedModel } from './contract.js';

/** Throws a TypeError/RangeError naming the field when `model` is not a valid CsrArrays. */
export function checkCsr(model: unknown, name = 'model'): CsrArrays {
  if (model === null || typeof model !== 'object') throw new TypeError(`${name} must be an object with CSR arrays, got ${model === null ? 'null' : typeof model}`);
  const m = model as Record<string, unknown>;
  checkOneOf(`${name}.vartype`, m.vartype, ['BINARY', 'SPIN'] as const);
  const n = checkInteger(`${name}.n`, m.n, 0, 0x7fffffff);
  const rowPtr = checkTypedArray(`${name}.rowPtr`, m.rowPtr, Int32Array, n + 1);
  const cols = checkTypedArray(`${name}.cols`, m.cols, Int32Array);
  const vals = checkTypedArray(`${name}.vals`, m.vals, Float64Array, cols.length);
  const linear = checkTypedArray(`${name}.linear`, m.linear, Float64Array, n);
  checkFinite(`${name}.offset`, m.offset);
  checkAllFinite(`${name}.vals`, vals);
  checkAllFinite(`${name}.linear`, linear);
  if (rowPtr[0] !== 0) throw new RangeError(`${name}.rowPtr[0] must be 0, got ${rowPtr[0]}`);
  if (rowPtr[n] !== cols.length) throw new RangeError(`${name}.rowPtr[${n}] must equal cols.length (${cols.length}), got ${rowPtr[n]}`);
  for (let i = 0; i < n; i++) {
    if (rowPtr[i + 1] < rowPtr[i]) throw new RangeError(`${name}.rowPtr must be non-decreasing, but rowPtr[${i + 1}] < rowPtr[${i}]`);
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = cols[k];
      if (j < 0 || j >= n) throw new RangeError(`${name}.cols[${k}] must be in [0, ${n - 1}], got ${j}`);
      if (j === i) throw new RangeError(`${name}.cols[${k}] is the diagonal (${i}); diagonal terms belong in linear`);
      if (k > rowPtr[i] && cols[k - 1] >= j) throw new RangeError(`${name}.cols must be strictly ascending within a row (row ${i}, at cols[${k}])`);
    }
  }
  // symmetry: Q_ij must be stored in row j too, with the same value
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = cols[k];
      const t = findInRow(rowPtr, cols, j, i);
      if (t < 0 || vals[t] !== vals[k]) {
        throw new RangeError(`${name} must be symmetric: entry (${i}, ${j}) = ${vals[k]} has ${t < 0 ? 'no (' + j + ', ' + i + ') partner' : 'partner ' + vals[t]}`);
      }
    }
  }
  return model as CsrArrays;
}

function findInRow(rowPtr: Int32Array, cols: Int32Array, row: number, col: number): number {
  let lo = rowPtr[row];
  let hi = rowPtr[row + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (cols[mid] === col) return mid;
    if (cols[mid] < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Wraps `inner` so that every call checks its arguments first. */
export function checkedKernels(inner: Kernels): Kernels {
  const owned = new WeakSet<PreparedModel>();

  function checkModel(model: unknown): PreparedModel {
    if (typeof model !== 'object' || model === null || !owned.has(model as PreparedModel)) {
      throw new TypeError(`model must be a PreparedModel returned by this backend's prepare()`);
    }
    return model as PreparedModel;
  }

  function checkStates(model: PreparedModel, states: unknown, count: unknown): number {
    const c = checkInteger('count', count, 0, 0x7fffffff);
    const s = checkTypedArray('states', states, Int8Array);
    if (s.length < c * model.n) throw new RangeError(`states must hold count × n = ${c} × ${model.n} values, got ${s.length}`);
    const spin = model.vartype === 'SPIN';
    for (let k = 0; k < c * model.n; k++) {
      const v = s[k];
      if (spin ? v !== 1 && v !== -1 : v !== 0 && v !== 1) {
        throw new RangeError(`states[${k}] must be ${spin ? '-1 or +1 (SPIN)' : '0 or 1 (BINARY)'}, got ${v}`);
      }
    }
    return c;
  }

  function checkOut(out: unknown, length: number, name = 'out'): Float64Array {
    const o = checkTypedArray(name, out, Float64Array);
    if (o.length < length) throw new RangeError(`${name} must hold at least ${length} values, got ${o.length}`);
    return o;
  }

  function checkBetas(betas: unknown): Float64Array {
    const b = checkTypedArray('betas', betas, Float64Array);
    for (let t = 0; t < b.length; t++) {
      if (!(b[t] >= 0 && Number.isFinite(b[t]))) throw new RangeError(`betas[${t}] must be a finite number >= 0, got ${b[t]}`);
    }
    return b;
  }

  function checkRngStreams(rng: unknown, count: number): Uint32Array {
    const r = checkTypedArray('rng', rng, Uint32Array);
    if (r.length < 4 * count) throw new RangeError(`rng must hold 4 words per state (${4 * count}), got ${r.length}`);
    return r;
  }

  function checkRngState(state: unknown): Uint32Array {
    return checkTypedArray('state', state, Uint32Array, 4);
  }

  return {
    backend: inner.backend,
    prepare(model) {
      const prepared = inner.prepare(checkCsr(model));
      owned.add(prepared);
      return prepared;
    },
    energies(model, states, count, out) {
      const m = checkModel(model);
      const c = checkStates(m, states, count);
      inner.energies(m, states, c, checkOut(out, c));
    },
    localFields(model, states, count, out) {
      const m = checkModel(model);
      const c = checkStates(m, states, count);
      inner.localFields(m, states, c, checkOut(out, c * m.n));
    },
    flipDeltas(model, states, count, out) {
      const m = checkModel(model);
      const c = checkStates(m, states, count);
      inner.flipDeltas(m, states, c, checkOut(out, c * m.n));
    },
    saSweeps(model, states, count, betas, rng) {
      const m = checkModel(model);
      const c = checkStates(m, states, count);
      inner.saSweeps(m, states, c, checkBetas(betas), checkRngStreams(rng, c));
    },
    sqaSweeps(model, states, count, replicas, betas, jperp, globalMoves, rng) {
      const m = checkModel(model);
      if (m.vartype !== 'SPIN') throw new RangeError('model.vartype must be SPIN for sqaSweeps (convert the model first)');
      const c = checkInteger('count', count, 0, 0x7fffffff);
      const K = checkInteger('replicas', replicas, 2, 1024);
      checkStates(m, states, c * K);
      const b = checkBetas(betas);
      const j = checkTypedArray('jperp', jperp, Float64Array, b.length);
      for (let t = 0; t < j.length; t++) {
        if (!(j[t] >= 0 && Number.isFinite(j[t]))) throw new RangeError(`jperp[${t}] must be a finite number >= 0, got ${j[t]}`);
      }
      if (typeof globalMoves !== 'boolean') throw new TypeError('globalMoves must be a boolean');
      inner.sqaSweeps(m, states, c, K, b, j, globalMoves, checkRngStreams(rng, c));
    },
    exactSearch(model, from, to, k, outStates, outEnergies) {
      const m = checkModel(model);
      if (m.n > 30) throw new RangeError(`model has ${m.n} variables; exactSearch enumerates at most 30`);
      const end = 2 ** m.n;
      const f = checkInteger('from', from, 0, end);
      const t = checkInteger('to', to, f, end);
      const kk = checkInteger('k', k, 0, 1 << 20);
      const os = checkTypedArray('outStates', outStates, Int8Array);
      if (os.length < kk * m.n) throw new RangeError(`outStates must hold k × n = ${kk * m.n} values, got ${os.length}`);
      checkOut(outEnergies, kk, 'outEnergies');
      return inner.exactSearch(m, f, t, kk, os, outEnergies);
    },
    rngSeed(seed, stream, state) {
      inner.rngSeed(checkSeed('seed', seed), checkSeed('stream', stream), checkRngState(state));
    },
    rngFillU32(state, out) {
      inner.rngFillU32(checkRngState(state), checkTypedArray('out', out, Uint32Array));
    },
    rngFillF64(state, out) {
      inner.rngFillF64(checkRngState(state), checkTypedArray('out', out, Float64Array));
    },
  } satisfies Kernels;
}
