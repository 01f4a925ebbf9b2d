// A quantum circuit: an ordered list of gates, measurements and resets over n qubits, with
// parameters bound late. A gate angle is a number or an affine expression `scale·θ + shift` of
// one named parameter (enough for QAOA's γ·w and UCCSD's shared amplitudes, and exactly
// differentiable). Qubit 0 is the least significant bit of a basis index. Every builder method
// validates at once and names the offending field, so simulation never sees bad input.

import { checkFinite, checkInteger } from '../validate.js';
import { GATES, type GateSpec } from './gates.js';
import { unitarityError } from './linalg.js';

/** An affine expression of one parameter: scale·values[param] + shift. */
export interface ParamExpr {
  readonly param: number;
  readonly scale: number;
  readonly shift: number;
}

/** A named circuit parameter; use it as an angle, or `times`/`plus` it. */
export class Parameter implements ParamExpr {
  readonly scale = 1;
  readonly shift = 0;
  constructor(readonly name: string, readonly param: number) {}
  /** k·θ. */
  times(k: number): ParamExpr {
    return { param: this.param, scale: checkFinite('k', k), shift: 0 };
  }
  /** θ + k. */
  plus(k: number): ParamExpr {
    return { param: this.param, scale: 1, shift: checkFinite('k', k) };
  }
}

/** A gate angle: a number or a parameter expression. */
export type Angle = number | ParamExpr;

/** One instruction of a circuit. */
export type Op =
  | { readonly kind: 'gate'; readonly name: string; readonly qubits: readonly number[]; readonly params: readonly Angle[]; readonly matrix?: Float64Array }
  | { readonly kind: 'measure'; readonly qubit: number; readonly clbit: number }
  | { readonly kind: 'reset'; readonly qubit: number }
  | { readonly kind: 'barrier'; readonly qubits: readonly number[] };

/** Tolerance of the unitarity check on user matrices (max |M†M − I|). */
export const UNITARY_TOLERANCE = 1e-10;

/** Largest qubit count a circuit may declare (memory is checked separately, per backend). */
export const MAX_CIRCUIT_QUBITS = 30;

function isExpr(a: unknown): a is ParamExpr {
  return typeof a === 'object' && a !== null && typeof (a as ParamExpr).param === 'number';
}

/** A mutable circuit builder over n qubits (and as many classical bits). */
export class Circuit {
  readonly n: number;
  readonly #ops: Op[] = [];
  readonly #params: string[] = [];

  constructor(n: number) {
    this.n = checkInteger('n', n, 1, MAX_CIRCUIT_QUBITS);
  }

  /** The instructions, in order. */
  get ops(): readonly Op[] {
    return this.#ops;
  }
  /** Parameter names in index order. */
  get parameters(): readonly string[] {
    return this.#params;
  }
  /** Number of gates (not measurements, resets or barriers). */
  get gateCount(): number {
    return this.#ops.filter((o) => o.kind === 'gate').length;
  }

  /** Declares (or returns the existing) parameter `name`. */
  parameter(name: string): Parameter {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError(`parameter name must be a non-empty string, got ${typeof name}`);
    const k = this.#params.indexOf(name);
    return new Parameter(name, k >= 0 ? k : this.#params.push(name) - 1);
  }

  #qubits(name: string, qubits: readonly unknown[], count: number): number[] {
    if (qubits.length !== count) throw new RangeError(`${name} acts on ${count} qubit${count > 1 ? 's' : ''}, got ${qubits.length}`);
    const qs = qubits.map((q, i) => checkInteger(`${name} qubit[${i}]`, q, 0, this.n - 1));
    if (new Set(qs).size !== qs.length) throw new RangeError(`${name} qubits must be distinct, got [${qs.join(', ')}]`);
    return qs;
  }

  #angle(name: string, field: string, a: unknown): Angle {
    if (isExpr(a)) {
      checkInteger(`${name} ${field}.param`, a.param, 0, this.#params.length - 1);
      return { param: a.param, scale: checkFinite(`${name} ${field}.scale`, a.scale), shift: checkFinite(`${name} ${field}.shift`, a.shift) };
    }
    return checkFinite(`${name} ${field}`, a);
  }

  /** Appends gate `name` (see GATES) on `qubits` with `params` (numbers or parameter expressions). */
  gate(name: string, qubits: readonly number[], params: readonly Angle[] = []): this {
    const spec: GateSpec | undefined = typeof name === 'string' ? GATES.get(name) : undefined;
    if (spec === undefined) throw new RangeError(`unknown gate ${JSON.stringify(name)}; supported: ${[...GATES.keys()].join(', ')}`);
    if (!Array.isArray(qubits)) throw new TypeError(`${spec.name} qubits must be an array, got ${typeof qubits}`);
    if (!Array.isArray(params)) throw new TypeError(`${spec.name} params must be an array, got ${typeof params}`);
    if (params.length !== spec.params.length) throw new RangeError(`${spec.name} takes ${spec.params.length} parameter(s), got ${params.length}`);
    const qs = this.#qubits(spec.name, qubits, spec.qubits);
    const ps = params.map((p, i) => this.#angle(spec.name, spec.params[i], p));
    this.#ops.push({ kind: 'gate', name: spec.name, qubits: qs, params: ps });
    return this;
  }

  /** Appends a user unitary: 8 (one qubit) or 32 (two qubits) interleaved re/im values, row-major. */
  unitary(matrix: ArrayLike<number>, qubits: readonly number[]): this {
    if (matrix === null || typeof matrix !== 'object' || typeof matrix.length !== 'number') throw new TypeError('unitary matrix must be an array of interleaved re/im values');
    if (matrix.length !== 8 && matrix.length !== 32) throw new RangeError(`unitary matrix must have 8 (2x2) or 32 (4x4) values, got ${matrix.length}`);
    const m = Float64Array.from(matrix);
    for (let i = 0; i < m.length; i++) checkFinite(`unitary matrix[${i}]`, m[i]);
    const err = unitarityError(m);
    if (!(err <= UNITARY_TOLERANCE)) throw new RangeError(`unitary matrix is not unitary: max |M†M − I| = ${err.toExponential(2)} > ${UNITARY_TOLERANCE}`);
    const qs = this.#qubits('unitary', qubits, m.length === 8 ? 1 : 2);
    this.#ops.push({ kind: 'gate', name: 'unitary', qubits: qs, params: [], matrix: m });
    return this;
  }

  /** Measures qubit q into classical bit `clbit` (default q). */
  measure(q: number, clbit = q): this {
    this.#ops.push({ kind: 'measure', qubit: checkInteger('measure qubit', q, 0, this.n - 1), clbit: checkInteger('measure clbit', clbit, 0, 1023) });
    return this;
  }
  /** Resets qubit q to |0⟩ (measure, then flip on 1). */
  reset(q: number): this {
    this.#ops.push({ kind: 'reset', qubit: checkInteger('reset qubit', q, 0, this.n - 1) });
    return this;
  }
  /** A barrier (no effect on simulation; kept for QASM and to stop fusion). */
  barrier(qubits?: readonly number[]): this {
    const qs = qubits === undefined ? Array.from({ length: this.n }, (_, i) => i) : qubits.map((q, i) => checkInteger(`barrier qubit[${i}]`, q, 0, this.n - 1));
    this.#ops.push({ kind: 'barrier', qubits: qs });
    return this;
  }
  /** Appends every op of `other` (same n or fewer qubits; its parameters are merged by name). */
  compose(other: Circuit): this {
    if (!(other instanceof Circuit)) throw new TypeError('other must be a Circuit');
    if (other.n > this.n) throw new RangeError(`other has ${other.n} qubits, more than this circuit's ${this.n}`);
    const map = other.parameters.map((p) => this.parameter(p).param);
    for (const op of other.ops) {
      if (op.kind !== 'gate') this.#ops.push(op);
      else this.#ops.push({ ...op, params: op.params.map((a) => (typeof a === 'number' ? a : { ...a, param: map[a.param] })) });
    }
    return this;
  }

  /** Parameter values as a Float64Array, from an array (index order) or an object by name. */
  bind(values?: ArrayLike<number> | Readonly<Record<string, number>>): Float64Array {
    const k = this.#params.length;
    if (values === undefined) {
      if (k > 0) throw new TypeError(`params must be given: the circuit has ${k} parameter(s) (${this.#params.join(', ')})`);
      return new Float64Array(0);
    }
    if (values === null || typeof values !== 'object') throw new TypeError(`params must be an array or an object by name, got ${values === null ? 'null' : typeof values}`);
    const out = new Float64Array(k);
    if (typeof (values as ArrayLike<number>).length === 'number') {
      const arr = values as ArrayLike<number>;
      if (arr.length !== k) throw new RangeError(`params must have length ${k} (${this.#params.join(', ')}), got ${arr.length}`);
      for (let i = 0; i < k; i++) out[i] = checkFinite(`params[${i}] (${this.#params[i]})`, arr[i]);
    } else {
      const rec = values as Record<string, number>;
      for (const key of Object.keys(rec)) if (!this.#params.includes(key)) throw new RangeError(`params.${key} is not a parameter of this circuit`);
      this.#params.forEach((name, i) => {
        if (!(name in rec)) throw new RangeError(`params.${name} is missing`);
        out[i] = checkFinite(`params.${name}`, rec[name]);
      });
    }
    return out;
  }

  /** Builder shortcuts for the named gates. */
  h(q: number): this { return this.gate('h', [q]); }
  x(q: number): this { return this.gate('x', [q]); }
  y(q: number): this { return this.gate('y', [q]); }
  z(q: number): this { return this.gate('z', [q]); }
  s(q: number): this { return this.gate('s', [q]); }
  sdg(q: number): this { return this.gate('sdg', [q]); }
  t(q: number): this { return this.gate('t', [q]); }
  tdg(q: number): this { return this.gate('tdg', [q]); }
  rx(theta: Angle, q: number): this { return this.gate('rx', [q], [theta]); }
  ry(theta: Angle, q: number): this { return this.gate('ry', [q], [theta]); }
  rz(theta: Angle, q: number): this { return this.gate('rz', [q], [theta]); }
  p(lambda: Angle, q: number): this { return this.gate('p', [q], [lambda]); }
  u3(theta: Angle, phi: Angle, lambda: Angle, q: number): this { return this.gate('u3', [q], [theta, phi, lambda]); }
  cx(c: number, t: number): this { return this.gate('cx', [c, t]); }
  cy(c: number, t: number): this { return this.gate('cy', [c, t]); }
  cz(a: number, b: number): this { return this.gate('cz', [a, b]); }
  swap(a: number, b: number): this { return this.gate('swap', [a, b]); }
  cp(lambda: Angle, c: number, t: number): this { return this.gate('cp', [c, t], [lambda]); }
  crz(theta: Angle, c: number, t: number): this { return this.gate('crz', [c, t], [theta]); }
  rxx(theta: Angle, a: number, b: number): this { return this.gate('rxx', [a, b], [theta]); }
  ryy(theta: Angle, a: number, b: number): this { return this.gate('ryy', [a, b], [theta]); }
  rzz(theta: Angle, a: number, b: number): this { return this.gate('rzz', [a, b], [theta]); }
  ccx(c0: number, c1: number, t: number): this { return this.gate('ccx', [c0, c1, t]); }
}

/** The value of an angle for bound parameter values. */
export function angleValue(a: Angle, values: Float64Array): number {
  return typeof a === 'number' ? a : a.scale * values[a.param] + a.shift;
}

/** The matrix of a gate op for bound parameter values. */
export function opMatrix(op: Extract<Op, { kind: 'gate' }>, values: Float64Array): Float64Array {
  if (op.matrix !== undefined) return op.matrix;
  return GATES.get(op.name)!.matrix(op.params.map((a) => angleValue(a, values)));
}
