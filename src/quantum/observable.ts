// Observables. A Pauli sum Σ c_k P_k is stored as (X-or-Y mask, Z-or-Y mask, coefficient) per
// term, never as a matrix: P|x⟩ = c·i^{#Y}·(−1)^{popcount(x & zy)} |x ^ xy⟩. Terms with the same
// flip mask share one pass over the state (PauliGroup), so a molecular Hamiltonian costs one
// pass per distinct flip mask, not per term. Labels: sparse "X0 Y1 Z3" (qubit after the letter)
// or dense "XZIY" with the RIGHTMOST letter on qubit 0 (Qiskit's little-endian label, as in the
// molecular datasets' `qiskit_label`). A diagonal observable is 2^n real values, one per basis state.

import type { PauliGroup } from '../kernels/statevector/contract.js';
import { checkFinite, checkInteger, checkTypedArray } from '../validate.js';

/** One term: coefficient and label (sparse "X0 Z2" or dense "XIZ"; "" is the identity). */
export interface PauliTermInput {
  readonly pauli: string;
  readonly coeff: number;
}

interface Term {
  coeff: number;
  xy: number;
  zy: number;
}

const LETTER = /^[IXYZ]$/;

/** Parses one label into masks; `n` grows to cover the qubits it names. */
function parseLabel(label: string, field: string): { xy: number; zy: number; ny: number; width: number } {
  const s = label.trim();
  let xy = 0, zy = 0, ny = 0, width = 0;
  const set = (letter: string, q: number) => {
    if (q > 29) throw new RangeError(`${field}: qubit ${q} is out of range (at most 29)`);
    const bit = 1 << q;
    if ((xy | zy) & bit) throw new RangeError(`${field}: qubit ${q} appears twice in ${JSON.stringify(label)}`);
    if (letter === 'X' || letter === 'Y') xy |= bit;
    if (letter === 'Z' || letter === 'Y') zy |= bit;
    if (letter === 'Y') ny++;
    width = Math.max(width, q + 1);
  };
  if (s === '') return { xy, zy, ny, width };
  if (/^[IXYZ]+$/.test(s)) {
    for (let i = 0; i < s.length; i++) if (s[i] !== 'I') set(s[i], s.length - 1 - i);
    return { xy, zy, ny, width: s.length };
  }
  for (const tok of s.split(/\s+/)) {
    const m = /^([IXYZ])(\d+)$/.exec(tok);
    if (m === null) throw new RangeError(`${field}: bad Pauli token ${JSON.stringify(tok)} (expected e.g. X0, Z12, or a dense label like XZIY)`);
    if (m[1] !== 'I') set(m[1], Number(m[2]));
    else width = Math.max(width, Number(m[2]) + 1);
  }
  return { xy, zy, ny, width };
}

/** A real-weighted sum of Pauli strings (a Hermitian observable). Immutable. */
export class PauliSum {
  /** Qubits the sum acts on (highest qubit + 1, or as declared). */
  readonly n: number;
  /** The identity coefficient. */
  readonly constant: number;
  /** Non-identity terms grouped by flip mask (what the kernels consume). */
  readonly groups: readonly PauliGroup[];
  readonly #terms: readonly Term[];

  private constructor(terms: Term[], n: number) {
    const merged = new Map<string, Term>();
    let constant = 0;
    for (const t of terms) {
      if (t.xy === 0 && t.zy === 0) {
        constant += t.coeff;
        continue;
      }
      const key = `${t.xy},${t.zy}`;
      const m = merged.get(key);
      if (m) m.coeff += t.coeff;
      else merged.set(key, { ...t });
    }
    this.#terms = [...merged.values()].filter((t) => t.coeff !== 0);
    this.constant = constant;
    this.n = n;
    const byFlip = new Map<number, Term[]>();
    for (const t of this.#terms) byFlip.set(t.xy, [...(byFlip.get(t.xy) ?? []), t]);
    this.groups = [...byFlip].map(([flip, ts]) => {
      const w = new Float64Array(2 * ts.length);
      ts.forEach((t, k) => {
        // i^{#Y}: the Y count is popcount(xy & zy)
        const ny = popcount(t.xy & t.zy) & 3;
        const [re, im] = [[1, 0], [0, 1], [-1, 0], [0, -1]][ny];
        w[2 * k] = t.coeff * re;
        w[2 * k + 1] = t.coeff * im;
      });
      return { flip, z: Int32Array.from(ts, (t) => t.zy), w };
    });
    Object.freeze(this);
  }

  /** From terms {pauli, coeff} (the molecular JSON form) or [coeff, label] pairs. */
  static fromTerms(terms: Iterable<PauliTermInput | readonly [number, string]>, n?: number): PauliSum {
    if (terms === null || typeof terms !== 'object' || typeof (terms as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError('terms must be an iterable of {pauli, coeff} or [coeff, label]');
    }
    const out: Term[] = [];
    let width = 0, k = 0;
    for (const term of terms) {
      const [coeff, label] = Array.isArray(term) ? term : [(term as PauliTermInput)?.coeff, (term as PauliTermInput)?.pauli];
      if (typeof label !== 'string') throw new TypeError(`terms[${k}].pauli must be a string, got ${typeof label}`);
      const c = checkFinite(`terms[${k}].coeff`, coeff);
      const p = parseLabel(label, `terms[${k}].pauli`);
      width = Math.max(width, p.width);
      out.push({ coeff: c, xy: p.xy, zy: p.zy });
      k++;
    }
    return new PauliSum(out, declared(n, width));
  }

  /** Parses "0.5 XZIY - 0.2 ZZII + 1.5" or "0.5 X0 Z1 - 0.2 Z3" (a bare number is the identity). */
  static parse(text: string, n?: number): PauliSum {
    if (typeof text !== 'string') throw new TypeError(`observable must be a string, got ${typeof text}`);
    const re = /\s*(?:([+-])|(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*)|([IXYZ]\d+|[IXYZ]+(?![\d\w]))|(\S+))/gy;
    const terms: Term[] = [];
    let width = 0, sign = 1, coeff: number | undefined, label: string[] = [], expectTerm = true, signed = false, m: RegExpExecArray | null;
    const end = (at: number) => {
      if (coeff === undefined && label.length === 0) throw new RangeError(`observable: missing term before position ${at}`);
      const p = parseLabel(label.join(' '), 'observable');
      if (label.length > 1 && label.some((l) => !/\d/.test(l))) throw new RangeError(`observable: dense label ${label.find((l) => !/\d/.test(l))} must stand alone in its term`);
      width = Math.max(width, p.width);
      terms.push({ coeff: sign * (coeff ?? 1), xy: p.xy, zy: p.zy });
      sign = 1;
      coeff = undefined;
      label = [];
    };
    while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
      const at = m.index + m[0].length - m[0].trimStart().length;
      if (m[5] !== undefined) throw new RangeError(`observable: unexpected token ${JSON.stringify(m[5])} at position ${at}`);
      if (m[1] !== undefined) {
        if (!expectTerm) end(at);
        else if (terms.length > 0 || signed) throw new RangeError(`observable: unexpected ${m[1]} at position ${at}`);
        sign *= m[1] === '-' ? -1 : 1;
        signed = true;
        expectTerm = true;
      } else if (m[2] !== undefined) {
        if (coeff !== undefined || label.length > 0) throw new RangeError(`observable: unexpected number ${m[2]} at position ${at} (join terms with + or -)`);
        coeff = Number(m[2]);
        expectTerm = false;
      } else if (m[4] !== undefined) {
        label.push(m[4]);
        expectTerm = false;
      }
    }
    if (re.lastIndex < text.trimEnd().length) throw new RangeError(`observable: cannot parse from position ${re.lastIndex}`);
    if (expectTerm) throw new RangeError('observable: expected a term at the end');
    end(text.length);
    return new PauliSum(terms, declared(n, width));
  }

  /** Terms as {pauli (sparse label), coeff}, identity first when non-zero. */
  terms(): PauliTermInput[] {
    const out: PauliTermInput[] = this.constant !== 0 ? [{ pauli: '', coeff: this.constant }] : [];
    for (const t of this.#terms) {
      const parts: string[] = [];
      for (let q = 0; q < 30; q++) {
        const x = (t.xy >> q) & 1, z = (t.zy >> q) & 1;
        if (x || z) parts.push(`${x && z ? 'Y' : x ? 'X' : 'Z'}${q}`);
      }
      out.push({ pauli: parts.join(' '), coeff: t.coeff });
    }
    return out;
  }

  /** True when every term is made of I and Z only. */
  get isDiagonal(): boolean {
    return this.#terms.every((t) => t.xy === 0);
  }

  /** ⟨x|H|x⟩ for basis state x (the diagonal part's value). */
  diagonalValue(x: number): number {
    let e = this.constant;
    for (const t of this.#terms) if (t.xy === 0) e += popcount(x & t.zy) & 1 ? -t.coeff : t.coeff;
    return e;
  }

  /** "c1 X0 Z1 + c2 Y2" (sparse labels). */
  toString(): string {
    return this.terms().map((t, i) => `${i === 0 ? (t.coeff < 0 ? '-' : '') : t.coeff < 0 ? ' - ' : ' + '}${Math.abs(t.coeff)}${t.pauli ? ' ' + t.pauli : ''}`).join('');
  }
}

function declared(n: number | undefined, width: number): number {
  if (n === undefined) return Math.max(width, 1);
  checkInteger('n', n, 1, 30);
  if (width > n) throw new RangeError(`observable acts on ${width} qubits, more than n = ${n}`);
  return n;
}

/** Number of set bits of a 32-bit integer. */
export function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** A diagonal observable: one real value per basis state (2^n values). */
export class DiagonalObservable {
  readonly n: number;
  readonly values: Float64Array;
  constructor(values: Float64Array) {
    checkTypedArray('values', values, Float64Array);
    const n = Math.log2(values.length);
    if (!Number.isInteger(n) || n < 1 || n > 30) throw new RangeError(`values must have 2^n entries (1 ≤ n ≤ 30), got ${values.length}`);
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) throw new RangeError(`values[${i}] must be finite, got ${values[i]}`);
    this.n = n;
    this.values = values.slice();
    Object.freeze(this);
  }
  /** values[x] = f(x) for x in [0, 2^n). */
  static fromFunction(n: number, f: (x: number) => number): DiagonalObservable {
    checkInteger('n', n, 1, 30);
    return new DiagonalObservable(Float64Array.from({ length: 2 ** n }, (_, x) => f(x)));
  }
  /** The diagonal of a Pauli sum made of I and Z only. */
  static fromPauliSum(h: PauliSum, n = h.n): DiagonalObservable {
    if (!h.isDiagonal) throw new RangeError('h has X or Y terms: it is not diagonal');
    return DiagonalObservable.fromFunction(n, (x) => h.diagonalValue(x));
  }
}
