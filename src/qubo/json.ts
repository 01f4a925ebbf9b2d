// The versioned JSON form of a Model, and its validation. Everything is in index space except
// `labels`, so the file stays small and an index ↔ label mistake cannot hide in it. A reader
// checks every field and names it (`json.quadratic[2][1]`); a coupling listed twice is rejected
// (a Model never writes one, so a duplicate means the file was edited or corrupted).

import type { CsrArrays, Vartype } from '../kernels/contract.js';
import { checkFinite, checkInteger, checkOneOf } from '../validate.js';
import { csrFromTriplets } from './csr.js';
import { LabelTable, type Label } from './labels.js';

/** The JSON schema of a Model, version 1. */
export interface ModelJSON {
  readonly format: 'qsched-model';
  readonly version: 1;
  readonly vartype: Vartype;
  /** Index → label. */
  readonly labels: Label[];
  /** Linear bias per index. */
  readonly linear: number[];
  /** Couplings [i, j, w] with i < j (indices). */
  readonly quadratic: [number, number, number][];
  readonly offset: number;
}

function field(json: Record<string, unknown>, key: string, kind: 'array' | 'string' | 'number'): unknown {
  const value = json[key];
  const ok = kind === 'array' ? Array.isArray(value) : typeof value === kind;
  if (!ok) throw new TypeError(`json.${key} must be ${kind === 'array' ? 'an array' : `a ${kind}`}, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  return value;
}

/** Checks `json` against ModelJSON and returns the label table and CSR arrays it describes. */
export function modelPartsFromJSON(json: unknown): { csr: CsrArrays; table: LabelTable } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TypeError(`json must be an object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const j = json as Record<string, unknown>;
  if (j.format !== 'qsched-model') throw new RangeError(`json.format must be 'qsched-model', got ${JSON.stringify(j.format) ?? 'undefined'}`);
  if (j.version !== 1) throw new RangeError(`json.version must be 1, got ${JSON.stringify(j.version) ?? 'undefined'}`);
  const vartype = checkOneOf('json.vartype', j.vartype, ['BINARY', 'SPIN'] as const);
  const table = LabelTable.from('json.labels', field(j, 'labels', 'array'));
  const n = table.labels.length;
  const linear = field(j, 'linear', 'array') as unknown[];
  if (linear.length !== n) throw new RangeError(`json.linear must have one bias per label (${n}), got ${linear.length}`);
  const lin = new Float64Array(n);
  for (let i = 0; i < n; i++) lin[i] = checkFinite(`json.linear[${i}]`, linear[i]);
  const quadratic = field(j, 'quadratic', 'array') as unknown[];
  const m = quadratic.length;
  const is = new Int32Array(m);
  const js = new Int32Array(m);
  const ws = new Float64Array(m);
  const seen = new Map<number, number>();
  for (let k = 0; k < m; k++) {
    const entry = quadratic[k];
    if (!Array.isArray(entry) || entry.length !== 3) throw new TypeError(`json.quadratic[${k}] must be an [i, j, w] triple`);
    const a = checkInteger(`json.quadratic[${k}][0]`, entry[0], 0, n - 1);
    const b = checkInteger(`json.quadratic[${k}][1]`, entry[1], 0, n - 1);
    if (a === b) throw new RangeError(`json.quadratic[${k}] is on the diagonal (${a}); diagonal terms belong in json.linear`);
    const key = a < b ? a * n + b : b * n + a;
    const first = seen.get(key);
    if (first !== undefined) throw new RangeError(`json.quadratic[${k}] repeats the coupling (${a}, ${b}) of json.quadratic[${first}]`);
    seen.set(key, k);
    is[k] = a;
    js[k] = b;
    ws[k] = checkFinite(`json.quadratic[${k}][2]`, entry[2]);
  }
  const offset = checkFinite('json.offset', field(j, 'offset', 'number'));
  return { csr: csrFromTriplets(vartype, n, { i: is, j: js, w: ws }, lin, offset), table };
}
