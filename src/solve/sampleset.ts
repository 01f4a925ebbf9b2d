// The one result type every sampler returns (dimod's SampleSet, in typed arrays): rows of
// states with their energies and occurrence counts, sorted by energy ascending with ties kept
// in the order the sampler produced them (stable), so `first` is always a lowest-energy row.
// Energies are whatever the sampler computed with the kernels' `energies`, which is
// bit-identical to `model.energy(sample)`; this class never recomputes or adjusts them.
// Rows live in flat arrays (size × n Int8Array) so a large set costs one allocation, and
// `toJSON` / `fromJSON` give a versioned, checked plain form.

import type { Vartype } from '../kernels/contract.js';
import { LabelTable, type Label } from '../qubo/labels.js';
import { checkFinite, checkInteger, checkOneOf, checkOptions } from '../validate.js';
import type { SampleSetInfo } from './types.js';

/** One row of a SampleSet. */
export interface SampleRow {
  /** The state in index order (a view into the set; do not modify). */
  readonly state: Int8Array;
  readonly energy: number;
  readonly occurrences: number;
  /** The state keyed by label (number labels by their decimal spelling). */
  sample(): Record<string, number>;
}

/** The versioned JSON form of a SampleSet. */
export interface SampleSetJSON {
  readonly format: 'qsched-sampleset';
  readonly version: 1;
  readonly vartype: Vartype;
  readonly labels: Label[];
  /** One array of n values per row, in index order. */
  readonly states: number[][];
  readonly energies: number[];
  readonly occurrences: number[];
  readonly info: SampleSetInfo | null;
}

/** What `SampleSet.create` needs: rows in any order. */
export interface SampleSetParts {
  readonly vartype: Vartype;
  readonly labels: readonly Label[];
  /** size × n values, row-major. */
  readonly states: Int8Array;
  readonly energies: Float64Array;
  /** Default: 1 per row. */
  readonly occurrences?: Int32Array;
  readonly info?: SampleSetInfo | null;
}

/** Samples with energies and occurrence counts, sorted by energy (ties stable). */
export class SampleSet {
  readonly vartype: Vartype;
  readonly labels: readonly Label[];
  /** Number of variables. */
  readonly n: number;
  /** size × n values, row-major, sorted by energy; treat as read-only. */
  readonly states: Int8Array;
  readonly energies: Float64Array;
  readonly occurrences: Int32Array;
  /** Timing, stop reason and reproducibility manifest (null for sets built by hand). */
  readonly info: SampleSetInfo | null;

  private constructor(vartype: Vartype, labels: readonly Label[], states: Int8Array, energies: Float64Array, occurrences: Int32Array, info: SampleSetInfo | null) {
    this.vartype = vartype;
    this.labels = Object.freeze(labels.slice());
    this.n = labels.length;
    this.states = states;
    this.energies = energies;
    this.occurrences = occurrences;
    this.info = info;
    Object.freeze(this);
  }

  /** A set from rows in any order: sorts them by energy (stable) after checking every field. */
  static create(parts: SampleSetParts): SampleSet {
    const p = checkOptions('parts', parts) as unknown as SampleSetParts;
    const vartype = checkOneOf('parts.vartype', p.vartype, ['BINARY', 'SPIN'] as const);
    const labels = LabelTable.from('parts.labels', p.labels).labels;
    const n = labels.length;
    if (!(p.energies instanceof Float64Array)) throw new TypeError('parts.energies must be a Float64Array');
    if (!(p.states instanceof Int8Array)) throw new TypeError('parts.states must be an Int8Array');
    const size = p.energies.length;
    if (p.states.length !== size * n) throw new RangeError(`parts.states must hold size × n = ${size} × ${n} values, got ${p.states.length}`);
    const occ = p.occurrences ?? new Int32Array(size).fill(1);
    if (!(occ instanceof Int32Array) || occ.length !== size) throw new RangeError(`parts.occurrences must be an Int32Array of length ${size}`);
    checkRows('parts', vartype, n, p.states, p.energies, occ);
    const order = Array.from({ length: size }, (_, k) => k).sort((a, b) => p.energies[a] - p.energies[b] || a - b);
    const states = new Int8Array(size * n);
    const energies = new Float64Array(size);
    const occurrences = new Int32Array(size);
    order.forEach((from, to) => {
      states.set(p.states.subarray(from * n, from * n + n), to * n);
      energies[to] = p.energies[from];
      occurrences[to] = occ[from];
    });
    return new SampleSet(vartype, labels, states, energies, occurrences, p.info ?? null);
  }

  /** Number of rows. */
  get size(): number {
    return this.energies.length;
  }

  /** The lowest-energy row; RangeError when the set is empty. */
  get first(): SampleRow {
    if (this.size === 0) throw new RangeError('the sample set is empty');
    return this.row(0);
  }

  /** Row `k` (0 = lowest energy). */
  row(k: number): SampleRow {
    checkInteger('k', k, 0, this.size - 1);
    const state = this.states.subarray(k * this.n, (k + 1) * this.n);
    const labels = this.labels;
    return {
      state,
      energy: this.energies[k],
      occurrences: this.occurrences[k],
      sample() {
        const out: Record<string, number> = {};
        labels.forEach((label, i) => (out[String(label)] = state[i]));
        return out;
      },
    };
  }

  /** Every row, lowest energy first. */
  *[Symbol.iterator](): IterableIterator<SampleRow> {
    for (let k = 0; k < this.size; k++) yield this.row(k);
  }

  /**
   * The rows whose energy is within atol + rtol·|min| of the minimum. The defaults (1e-12 each)
   * only absorb float rounding between states of mathematically equal energy; dimod's looser
   * 1e-5 relative default would merge distinct integer energies once |E| passes 10^5.
   */
  lowest(options?: { readonly atol?: number; readonly rtol?: number }): SampleSet {
    const opts = checkOptions('options', options);
    const atol = opts.atol === undefined ? 1e-12 : checkFinite('options.atol', opts.atol);
    const rtol = opts.rtol === undefined ? 1e-12 : checkFinite('options.rtol', opts.rtol);
    if (this.size === 0) return this;
    const limit = this.energies[0] + atol + rtol * Math.abs(this.energies[0]);
    let end = 0;
    while (end < this.size && this.energies[end] <= limit) end++;
    return this.#slice(end);
  }

  /** Identical states merged into one row (first occurrence's place), occurrences summed. */
  aggregate(): SampleSet {
    const seen = new Map<string, number>();
    const keep: number[] = [];
    const counts: number[] = [];
    for (let k = 0; k < this.size; k++) {
      const key = stateKey(this.states, k * this.n, this.n);
      const at = seen.get(key);
      if (at === undefined) {
        seen.set(key, keep.length);
        keep.push(k);
        counts.push(this.occurrences[k]);
      } else {
        counts[at] += this.occurrences[k];
      }
    }
    const states = new Int8Array(keep.length * this.n);
    keep.forEach((k, r) => states.set(this.states.subarray(k * this.n, (k + 1) * this.n), r * this.n));
    const energies = Float64Array.from(keep, (k) => this.energies[k]);
    return new SampleSet(this.vartype, this.labels, states, energies, Int32Array.from(counts), this.info);
  }

  /** The versioned plain form (JSON.stringify calls this). */
  toJSON(): SampleSetJSON {
    const states: number[][] = [];
    for (let k = 0; k < this.size; k++) states.push(Array.from(this.states.subarray(k * this.n, (k + 1) * this.n)));
    return {
      format: 'qsched-sampleset', version: 1, vartype: this.vartype, labels: this.labels.slice(),
      states, energies: Array.from(this.energies), occurrences: Array.from(this.occurrences), info: this.info,
    };
  }

  /** A set from its JSON form; every field is checked and named (`json.states[2][1]`). Energies are trusted. */
  static fromJSON(json: unknown): SampleSet {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TypeError(`json must be an object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
    const j = json as Record<string, unknown>;
    if (j.format !== 'qsched-sampleset') throw new RangeError(`json.format must be 'qsched-sampleset', got ${JSON.stringify(j.format) ?? 'undefined'}`);
    if (j.version !== 1) throw new RangeError(`json.version must be 1, got ${JSON.stringify(j.version) ?? 'undefined'}`);
    const vartype = checkOneOf('json.vartype', j.vartype, ['BINARY', 'SPIN'] as const);
    const labels = LabelTable.from('json.labels', j.labels).labels;
    const n = labels.length;
    for (const key of ['states', 'energies', 'occurrences'] as const) {
      if (!Array.isArray(j[key])) throw new TypeError(`json.${key} must be an array`);
    }
    const rows = j.states as unknown[];
    const size = rows.length;
    if ((j.energies as unknown[]).length !== size || (j.occurrences as unknown[]).length !== size) {
      throw new RangeError(`json.states, json.energies and json.occurrences must have the same length, got ${size}, ${(j.energies as unknown[]).length}, ${(j.occurrences as unknown[]).length}`);
    }
    const states = new Int8Array(size * n);
    rows.forEach((row, k) => {
      if (!Array.isArray(row)) throw new TypeError(`json.states[${k}] must be an array`);
      if (row.length !== n) throw new RangeError(`json.states[${k}] must have n = ${n} values, got ${row.length}`);
      row.forEach((v, i) => (states[k * n + i] = checkInteger(`json.states[${k}][${i}]`, v, -1, 1)));
    });
    const energies = Float64Array.from(j.energies as unknown[], (e, k) => checkFinite(`json.energies[${k}]`, e));
    const occurrences = Int32Array.from(j.occurrences as unknown[], (o, k) => checkInteger(`json.occurrences[${k}]`, o, 1, 0x7fffffff));
    checkRows('json', vartype, n, states, energies, occurrences);
    if (j.info !== null && j.info !== undefined && (typeof j.info !== 'object' || Array.isArray(j.info))) throw new TypeError('json.info must be an object or null');
    return SampleSet.create({ vartype, labels, states, energies, occurrences, info: (j.info ?? null) as SampleSetInfo | null });
  }

  #slice(end: number): SampleSet {
    return new SampleSet(this.vartype, this.labels, this.states.slice(0, end * this.n), this.energies.slice(0, end), this.occurrences.slice(0, end), this.info);
  }
}

/** A string naming the state at states[base..base+n), for hashing (chunked: no argument-count limit). */
function stateKey(states: Int8Array, base: number, n: number): string {
  let key = '';
  for (let i = 0; i < n; i += 4096) {
    const part = Uint8Array.from(states.subarray(base + i, base + Math.min(n, i + 4096)), (v) => v + 1);
    key += String.fromCharCode.apply(null, part as unknown as number[]);
  }
  return key;
}

/** Values valid for the vartype, energies finite, occurrences ≥ 1; names the first bad entry. */
function checkRows(name: string, vartype: Vartype, n: number, states: Int8Array, energies: Float64Array, occurrences: Int32Array): void {
  const spin = vartype === 'SPIN';
  for (let k = 0; k < states.length; k++) {
    const v = states[k];
    if (spin ? v !== 1 && v !== -1 : v !== 0 && v !== 1) {
      throw new RangeError(`${name}.states[${Math.floor(k / n)}][${k % n}] must be ${spin ? '-1 or +1 (SPIN)' : '0 or 1 (BINARY)'}, got ${v}`);
    }
  }
  energies.forEach((e, k) => checkFinite(`${name}.energies[${k}]`, e));
  occurrences.forEach((o, k) => checkInteger(`${name}.occurrences[${k}]`, o, 1, 0x7fffffff));
}
