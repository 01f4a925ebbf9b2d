// Variable labels and samples keyed by them. A model's variables have labels (strings or
// numbers) mapped to indices 0..n-1 in order of first appearance; everything below the model
// works in index space. Rules, chosen so that a sample written as a plain JSON object is never
// ambiguous:
// - a label is a non-empty string or a finite number (−0 reads as 0); the empty string is
//   rejected because it almost always means a parser split a line wrongly;
// - the number 1 and the string "1" are different labels, but one model may not hold both
//   (an object key "1" could mean either);
// - a sample is an array/typed array in index order, a Map keyed by label, or a plain object
//   whose keys are string labels or the decimal spelling of number labels.

import type { Vartype } from '../kernels/contract.js';

/** A variable label: a non-empty string or a finite number. */
export type Label = string | number;

/** A sample: values in index order, or keyed by label (Map or plain object). */
export type Sample = ArrayLike<number> | ReadonlyMap<Label, number> | Readonly<Record<string, number>>;

/** How a label reads inside a message: strings quoted, numbers bare. */
export function showLabel(label: Label): string {
  return typeof label === 'string' ? JSON.stringify(label) : String(label);
}

function showValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** `value` must be a label; returns it with −0 normalised to 0. */
export function checkLabel(name: string, value: unknown): Label {
  if (typeof value === 'string') {
    if (value === '') throw new RangeError(`${name} must be a non-empty string or a finite number, got the empty string`);
    return value;
  }
  if (typeof value !== 'number') throw new TypeError(`${name} must be a string or a number, got ${showValue(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a non-empty string or a finite number, got ${showValue(value)}`);
  return value === 0 ? 0 : value;
}

/** The decimal string `s` spells a number label exactly (String(Number(s)) === s). */
function numberSpelledBy(s: string): number | undefined {
  const x = Number(s);
  return s !== '' && Number.isFinite(x) && String(x) === s ? x : undefined;
}

/** Label ↔ index table, grown in order of first appearance. */
export class LabelTable {
  readonly labels: Label[] = [];
  readonly #index = new Map<Label, number>();

  /** The index of `label`, or undefined when it is not in the table. */
  get(label: Label): number | undefined {
    return this.#index.get(label);
  }

  /** The index of `label` (checked and named `name`), adding it when new. */
  intern(name: string, value: unknown): number {
    const label = checkLabel(name, value);
    const found = this.#index.get(label);
    if (found !== undefined) return found;
    const twin = typeof label === 'number' ? String(label) : numberSpelledBy(label);
    if (twin !== undefined && this.#index.has(twin)) {
      throw new RangeError(`${name} is ${showLabel(label)}, but the model already has the label ${showLabel(twin)}; a model may not hold both (sample objects could not tell them apart)`);
    }
    this.#index.set(label, this.labels.length);
    this.labels.push(label);
    return this.labels.length - 1;
  }

  /** A table holding exactly `labels` (named `name`); duplicates are a RangeError. */
  static from(name: string, labels: unknown): LabelTable {
    if (!Array.isArray(labels)) throw new TypeError(`${name} must be an array of labels, got ${showValue(labels)}`);
    const table = new LabelTable();
    labels.forEach((label: unknown, k) => {
      const before = table.labels.length;
      const index = table.intern(`${name}[${k}]`, label);
      if (index < before) throw new RangeError(`${name}[${k}] repeats the label ${showLabel(table.labels[index])} (first at ${name}[${index}])`);
    });
    return table;
  }

  /** The index of `key` read as a plain-object key: a string label or a number label's spelling. */
  getByKey(key: string): number | undefined {
    const direct = this.#index.get(key);
    if (direct !== undefined) return direct;
    const x = numberSpelledBy(key);
    return x === undefined ? undefined : this.#index.get(x);
  }
}

/** Writes `sample` (named `name`) into `out` at `base` as n values, checked against `vartype`. */
export function writeSample(name: string, sample: unknown, table: LabelTable, vartype: Vartype, out: Int8Array, base = 0): void {
  const n = table.labels.length;
  const spin = vartype === 'SPIN';
  const put = (field: string, index: number, value: unknown) => {
    if (typeof value !== 'number') throw new TypeError(`${field} must be a number, got ${showValue(value)}`);
    if (spin ? value !== 1 && value !== -1 : value !== 0 && value !== 1) {
      throw new RangeError(`${field} must be ${spin ? '-1 or +1 (SPIN)' : '0 or 1 (BINARY)'}, got ${showValue(value)}`);
    }
    out[base + index] = value;
  };
  if (Array.isArray(sample) || ArrayBuffer.isView(sample)) {
    const values = sample as ArrayLike<unknown>;
    if (values.length !== n) throw new RangeError(`${name} must have n = ${n} values, got ${values.length}`);
    for (let i = 0; i < n; i++) put(`${name}[${i}]`, i, values[i]);
    return;
  }
  if (sample === null || typeof sample !== 'object') {
    throw new TypeError(`${name} must be an array, a Map or an object keyed by label, got ${showValue(sample)}`);
  }
  const seen = new Uint8Array(n);
  let count = 0;
  const visit = (label: Label, index: number | undefined, value: unknown) => {
    if (index === undefined) throw new RangeError(`${name} has the variable ${showLabel(label)}, which is not in the model`);
    if (seen[index] === 0) count++;
    seen[index] = 1;
    put(`${name}[${showLabel(label)}]`, index, value);
  };
  if (sample instanceof Map) {
    for (const [label, value] of sample as Map<unknown, unknown>) {
      visit(label as Label, typeof label === 'string' || typeof label === 'number' ? table.get(label) : undefined, value);
    }
  } else {
    for (const [key, value] of Object.entries(sample)) visit(key, table.getByKey(key), value);
  }
  if (count < n) {
    const missing = seen.indexOf(0);
    throw new RangeError(`${name} is missing the variable ${showLabel(table.labels[missing])} (${n - count} of ${n} missing)`);
  }
}
