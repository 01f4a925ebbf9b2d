// The binary quadratic model: E(v) = offset + Σ_i linear_i v_i + Σ_{i<j} Q_ij v_i v_j over
// BINARY (0/1) or SPIN (±1) variables. Immutable: every factory validates its input (messages
// name the field), maps labels to indices (labels.ts) and builds the kernels' CSR layout once
// with csrFromTriplets, so a Model can go to any kernel backend as it is. Energies are computed
// with the reference kernel, which fixes the summation order every backend follows, so
// `model.energy(x)` is bit-identical to what the WASM kernels report for x.

import type { CsrArrays, Vartype } from '../kernels/contract.js';
import { checkCsr } from '../kernels/checked.js';
import { energies as referenceEnergies } from '../kernels/reference/csr.js';
import { checkAllFinite, checkFinite, checkInteger, checkOneOf, checkOptions, checkTypedArray } from '../validate.js';
import { modelPartsFromJSON, type ModelJSON } from './json.js';
import { LabelTable, showLabel, writeSample, type Label, type Sample } from './labels.js';
import { Terms } from './terms.js';

/** One QUBO/Ising term: [label, label, bias]. */
export type Term = readonly [Label, Label, number];

/** Linear biases of an Ising model: by label (Map or object) or in index order (array). */
export type LinearBiases = ReadonlyMap<Label, number> | Readonly<Record<string, number>> | ArrayLike<number>;

function readTerm(terms: Terms, name: string, term: unknown): [number, number, unknown] {
  if (!Array.isArray(term) || term.length !== 3) {
    throw new TypeError(`${name} must be a [label, label, bias] triple, got ${term === null ? 'null' : Array.isArray(term) ? `an array of length ${term.length}` : typeof term}`);
  }
  return [terms.index(`${name}[0]`, term[0]), terms.index(`${name}[1]`, term[1]), term[2]];
}

function checkIterable(name: string, value: unknown): Iterable<unknown> {
  if (value === null || typeof value !== 'object' || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${name} must be an iterable of [label, label, bias] triples, got ${value === null ? 'null' : typeof value}`);
  }
  return value as Iterable<unknown>;
}

/** An immutable binary quadratic model with labelled variables and a CSR layout for the kernels. */
export class Model {
  readonly vartype: Vartype;
  /** Number of variables. */
  readonly n: number;
  /** Index → label; labels default to the numbers 0..n-1. */
  readonly labels: readonly Label[];
  readonly offset: number;
  /** The kernels' layout (src/kernels/contract.ts) in index space; treat its arrays as read-only. */
  readonly csr: CsrArrays;
  readonly #table: LabelTable;

  private constructor(csr: CsrArrays, table: LabelTable) {
    checkAllFinite('linear', csr.linear);
    checkAllFinite('quadratic', csr.vals);
    this.csr = Object.freeze({ ...csr });
    this.vartype = csr.vartype;
    this.n = csr.n;
    this.offset = csr.offset;
    this.labels = Object.freeze(table.labels.slice());
    this.#table = table;
    Object.freeze(this);
  }

  /** A BINARY model from QUBO terms [a, b, w] (a === b is linear); labels in order of first appearance unless given. */
  static fromQubo(terms: Iterable<Term>, options?: { readonly offset?: number; readonly labels?: readonly Label[] }): Model {
    const opts = checkOptions('options', options);
    const t = new Terms(opts.labels === undefined ? undefined : { name: 'options.labels', labels: opts.labels });
    let k = 0;
    for (const term of checkIterable('terms', terms)) {
      const [a, b, w] = readTerm(t, `terms[${k}]`, term);
      t.addPair(a, b, `terms[${k}][2]`, w);
      k++;
    }
    t.addOffset('options.offset', opts.offset ?? 0);
    return new Model(t.toCsr('BINARY'), t.table);
  }

  /** A SPIN model E(s) = offset + Σ h_i s_i + Σ J_ab s_a s_b; labels from h first, then J. */
  static fromIsing(h: LinearBiases, J: Iterable<Term>, options?: { readonly offset?: number }): Model {
    const opts = checkOptions('options', options);
    const t = new Terms();
    if (Array.isArray(h) || ArrayBuffer.isView(h)) {
      const values = h as ArrayLike<unknown>;
      for (let i = 0; i < values.length; i++) t.addLinear(t.index(`h[${i}]`, i), `h[${i}]`, values[i]);
    } else if (h instanceof Map) {
      for (const [label, w] of h as Map<unknown, unknown>) t.addLinear(t.index('a key of h', label), `h[${showLabel(label as Label)}]`, w);
    } else if (h !== null && typeof h === 'object') {
      for (const [label, w] of Object.entries(h)) t.addLinear(t.index('a key of h', label), `h[${JSON.stringify(label)}]`, w);
    } else {
      throw new TypeError(`h must be an array, a Map or an object of linear biases, got ${h === null ? 'null' : typeof h}`);
    }
    let k = 0;
    for (const term of checkIterable('J', J)) {
      const [a, b, w] = readTerm(t, `J[${k}]`, term);
      if (a === b) throw new RangeError(`J[${k}] couples ${String((term as Term)[0])} with itself; s·s = 1 is a constant, use options.offset`);
      t.addPair(a, b, `J[${k}][2]`, w);
      k++;
    }
    t.addOffset('options.offset', opts.offset ?? 0);
    return new Model(t.toCsr('SPIN'), t.table);
  }

  /** A model from a dense n × n matrix: Q[i][j] + Q[j][i] couples i < j; the diagonal is linear (BINARY) or offset (SPIN). */
  static fromDense(matrix: ArrayLike<ArrayLike<number>>, vartype: Vartype, options?: { readonly offset?: number }): Model {
    checkOneOf('vartype', vartype, ['BINARY', 'SPIN'] as const);
    const opts = checkOptions('options', options);
    if (matrix === null || typeof matrix !== 'object' || typeof matrix.length !== 'number') {
      throw new TypeError(`matrix must be an array of rows, got ${matrix === null ? 'null' : typeof matrix}`);
    }
    const n = matrix.length;
    const t = new Terms({ name: 'matrix rows', labels: Array.from({ length: n }, (_, i) => i) });
    for (let i = 0; i < n; i++) {
      const row = matrix[i];
      if (row === null || typeof row !== 'object' || typeof row.length !== 'number') throw new TypeError(`matrix[${i}] must be an array, got ${row === null ? 'null' : typeof row}`);
      if (row.length !== n) throw new RangeError(`matrix[${i}] must have length n = ${n}, got ${row.length}`);
      for (let j = 0; j < n; j++) t.addPair(i, j, `matrix[${i}][${j}]`, row[j]);
    }
    t.addOffset('options.offset', opts.offset ?? 0);
    return new Model(t.toCsr(vartype), t.table);
  }

  /** A model from CSR arrays (checked with checkCsr, then copied); labels default to 0..n-1. */
  static fromCsr(csr: CsrArrays, labels?: readonly Label[]): Model {
    const c = checkCsr(csr, 'csr');
    const table = LabelTable.from('labels', labels ?? Array.from({ length: c.n }, (_, i) => i));
    if (table.labels.length !== c.n) throw new RangeError(`labels must have length csr.n = ${c.n}, got ${table.labels.length}`);
    const copy: CsrArrays = {
      vartype: c.vartype, n: c.n, offset: c.offset,
      rowPtr: c.rowPtr.slice(), cols: c.cols.slice(), vals: c.vals.slice(), linear: c.linear.slice(),
    };
    return new Model(copy, table);
  }

  /** A mutable builder for a model of `vartype`. */
  static builder(vartype: Vartype): ModelBuilder {
    return new ModelBuilder(checkOneOf('vartype', vartype, ['BINARY', 'SPIN'] as const), (csr, table) => new Model(csr, table));
  }

  /** A model from its JSON form (see ModelJSON); every field is checked and named (`json.quadratic[2][1]`). */
  static fromJSON(json: unknown): Model {
    const { csr, table } = modelPartsFromJSON(json);
    return new Model(csr, table);
  }

  /** The index of `label`; RangeError naming the label when the model has no such variable. */
  indexOf(label: Label): number {
    const index = typeof label === 'string' || typeof label === 'number' ? this.#table.get(label) : undefined;
    if (index === undefined) throw new RangeError(`label ${typeof label === 'string' ? JSON.stringify(label) : String(label)} is not a variable of this model`);
    return index;
  }

  /** `sample` as an index-ordered state (checked: 0/1 for BINARY, ±1 for SPIN, every variable once). */
  toState(sample: Sample, name = 'sample'): Int8Array {
    const state = new Int8Array(this.n);
    writeSample(name, sample, this.#table, this.vartype, state);
    return state;
  }

  /** The energy of one sample (checked like toState), bit-identical to the kernels'. */
  energy(sample: Sample): number {
    const out = new Float64Array(1);
    referenceEnergies(this.csr, this.toState(sample), 1, out);
    return out[0];
  }

  /** Energies of `count` states, row-major count × n in index order (checked). */
  energies(states: Int8Array, count: number): Float64Array {
    const c = checkInteger('count', count, 0, 0x7fffffff);
    const s = checkTypedArray('states', states, Int8Array);
    if (s.length !== c * this.n) throw new RangeError(`states must hold count × n = ${c} × ${this.n} values, got ${s.length}`);
    const spin = this.vartype === 'SPIN';
    for (let k = 0; k < s.length; k++) {
      const v = s[k];
      if (spin ? v !== 1 && v !== -1 : v !== 0 && v !== 1) throw new RangeError(`states[${k}] must be ${spin ? '-1 or +1 (SPIN)' : '0 or 1 (BINARY)'}, got ${v}`);
    }
    const out = new Float64Array(c);
    referenceEnergies(this.csr, s, c, out);
    return out;
  }

  /** The same energy function over the other variable type: x = (s + 1)/2, s = 2x − 1. */
  toVartype(vartype: Vartype): Model {
    checkOneOf('vartype', vartype, ['BINARY', 'SPIN'] as const);
    if (vartype === this.vartype) return this;
    const { n, rowPtr, cols, vals, linear } = this.csr;
    const lin = new Float64Array(n);
    let offset = this.offset;
    const toSpin = vartype === 'SPIN';
    // row sums visit each coupling twice (once per row); the offset takes each coupling once (i < j)
    for (let i = 0; i < n; i++) {
      let rowSum = 0;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        rowSum += vals[k];
        if (cols[k] > i) offset += toSpin ? vals[k] / 4 : vals[k];
      }
      // BINARY → SPIN: h_i = a_i/2 + Σ_j b_ij/4, offset += Σ a_i/2 + Σ_{i<j} b_ij/4, J = b/4
      // SPIN → BINARY: a_i = 2h_i − 2Σ_j J_ij, offset += −Σ h_i + Σ_{i<j} J_ij, b = 4J
      lin[i] = toSpin ? linear[i] / 2 + rowSum / 4 : 2 * linear[i] - 2 * rowSum;
      offset += toSpin ? linear[i] / 2 : -linear[i];
    }
    const scaled = vals.map((v) => (toSpin ? v / 4 : 4 * v));
    const csr: CsrArrays = { vartype, n, rowPtr: rowPtr.slice(), cols: cols.slice(), vals: scaled, linear: lin, offset: checkFinite('offset', offset) };
    return new Model(csr, this.#table);
  }

  /** The linear bias of `label`. */
  linear(label: Label): number {
    return this.csr.linear[this.indexOf(label)];
  }

  /** The coupling between `a` and `b`; 0 when absent (and when a and b are the same variable). */
  quadratic(a: Label, b: Label): number {
    const i = this.indexOf(a);
    const j = this.indexOf(b);
    const { rowPtr, cols, vals } = this.csr;
    let lo = rowPtr[i];
    let hi = rowPtr[i + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (cols[mid] === j) return vals[mid];
      if (cols[mid] < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Number of non-zero couplings (each unordered pair once). */
  get numInteractions(): number {
    return this.csr.cols.length / 2;
  }

  /** Every non-zero coupling once, as [label a, label b, w] with index(a) < index(b). */
  *interactions(): IterableIterator<[Label, Label, number]> {
    const { n, rowPtr, cols, vals } = this.csr;
    for (let i = 0; i < n; i++) {
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (cols[k] > i) yield [this.labels[i], this.labels[cols[k]], vals[k]];
    }
  }

  /** The versioned JSON form: linear by index, quadratic as [i, j, w] with i < j. */
  toJSON(): ModelJSON {
    const { n, rowPtr, cols, vals, linear } = this.csr;
    const quadratic: [number, number, number][] = [];
    for (let i = 0; i < n; i++) {
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (cols[k] > i) quadratic.push([i, cols[k], vals[k]]);
    }
    return { format: 'qsched-model', version: 1, vartype: this.vartype, labels: this.labels.slice(), linear: Array.from(linear), quadratic, offset: this.offset };
  }
}

/** Collects terms for one model; `build()` returns an immutable Model and can be called again. */
export class ModelBuilder {
  readonly vartype: Vartype;
  readonly #terms = new Terms();
  readonly #make: (csr: CsrArrays, table: LabelTable) => Model;

  /** Use Model.builder(vartype). */
  constructor(vartype: Vartype, make: (csr: CsrArrays, table: LabelTable) => Model) {
    this.vartype = vartype;
    this.#make = make;
  }

  /** Declares a variable (with no bias) so that it gets the next index; returns the builder. */
  addVariable(label: Label): this {
    this.#terms.index('label', label);
    return this;
  }

  /** Adds w·v_a·v_b; a === b is linear for BINARY (x² = x) and rejected for SPIN (s² = 1). */
  add(a: Label, b: Label, w: number): this {
    const i = this.#terms.index('a', a);
    const j = this.#terms.index('b', b);
    if (i === j && this.vartype === 'SPIN') throw new RangeError(`a and b are both ${String(a)}; s·s = 1 on a SPIN model is a constant, use addOffset`);
    this.#terms.addPair(i, j, 'w', w);
    return this;
  }

  /** Adds w·v_label. */
  addLinear(label: Label, w: number): this {
    this.#terms.addLinear(this.#terms.index('label', label), 'w', w);
    return this;
  }

  /** Adds the constant w. */
  addOffset(w: number): this {
    this.#terms.addOffset('w', w);
    return this;
  }

  /** Adds scale × every term of `model` (converted to this builder's vartype first). */
  addModel(model: Model, scale = 1): this {
    if (!(model instanceof Model)) throw new TypeError('model must be a Model');
    checkFinite('scale', scale);
    const m = model.toVartype(this.vartype);
    const index = m.labels.map((label) => this.#terms.index('model.labels', label));
    m.labels.forEach((_, i) => this.#terms.addLinear(index[i], 'model.linear', scale * m.csr.linear[i]));
    for (const [a, b, w] of m.interactions()) this.#terms.addPair(index[m.indexOf(a)], index[m.indexOf(b)], 'model.quadratic', scale * w);
    this.#terms.addOffset('model.offset', scale * m.offset);
    return this;
  }

  /** The model built from every term added so far. */
  build(): Model {
    const table = new LabelTable();
    for (const [k, label] of this.#terms.table.labels.entries()) table.intern(`labels[${k}]`, label);
    return this.#make(this.#terms.toCsr(this.vartype), table);
  }
}
