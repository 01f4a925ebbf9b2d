// The accumulator behind every Model factory: labels are interned into a table, biases are
// validated (naming the field) and collected as index-space triplets, and `toCsr` hands them to
// csrFromTriplets, which sums duplicates and lays out the kernels' CSR arrays.

import type { CsrArrays, Vartype } from '../kernels/contract.js';
import { checkFinite } from '../validate.js';
import { csrFromTriplets } from './csr.js';
import { LabelTable, showLabel } from './labels.js';

/** Linear, quadratic and constant terms being collected for one model. */
export class Terms {
  readonly table: LabelTable;
  readonly #fixed: string | undefined;
  readonly #i: number[] = [];
  readonly #j: number[] = [];
  readonly #w: number[] = [];
  readonly #linear: number[] = [];
  #offset = 0;

  /** Labels come from `fixed` (named `fixedName`, unknown ones rejected) or are interned as met. */
  constructor(fixed?: { readonly name: string; readonly labels: unknown }) {
    this.table = fixed === undefined ? new LabelTable() : LabelTable.from(fixed.name, fixed.labels);
    this.#fixed = fixed?.name;
  }

  /** The index of the label `value` (named `name`). */
  index(name: string, value: unknown): number {
    if (this.#fixed === undefined) return this.table.intern(name, value);
    const known = typeof value === 'string' || typeof value === 'number' ? this.table.get(value) : undefined;
    if (known !== undefined) return known;
    this.table.intern(name, value); // throws TypeError/RangeError when value is no label at all
    throw new RangeError(`${name} is the label ${showLabel(value as string | number)}, which is not in ${this.#fixed}`);
  }

  /** Adds the bias `w` (named `name`) to the linear term of variable `index`. */
  addLinear(index: number, name: string, w: unknown): void {
    const bias = checkFinite(name, w);
    while (this.#linear.length <= index) this.#linear.push(0);
    this.#linear[index] += bias;
  }

  /** Adds w·v_a·v_b; a === b is x_a (BINARY) or the constant 1 (SPIN), as csrFromTriplets reads it. */
  addPair(a: number, b: number, name: string, w: unknown): void {
    this.#i.push(a);
    this.#j.push(b);
    this.#w.push(checkFinite(name, w));
  }

  /** Adds the constant `w` (named `name`). */
  addOffset(name: string, w: unknown): void {
    this.#offset += checkFinite(name, w);
  }

  /** The collected terms as CSR arrays over every label in the table. */
  toCsr(vartype: Vartype): CsrArrays {
    const n = this.table.labels.length;
    const linear = new Float64Array(n);
    linear.set(this.#linear);
    const csr = csrFromTriplets(vartype, n, { i: this.#i, j: this.#j, w: this.#w }, linear, this.#offset);
    if (!Number.isFinite(csr.offset)) throw new RangeError(`offset must be a finite number, got ${csr.offset} after summing`);
    return csr;
  }
}
