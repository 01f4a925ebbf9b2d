// Constraints compiled to quadratic penalties over a BINARY objective. Each constraint is a
// linear form Σ a_i x_i compared with a right-hand side b and becomes weight·(Σ a_i x_i − b)²:
// - oneHot(vars): Σ x = 1;  equality(terms, b): Σ a x = b (coefficients any finite numbers);
// - inequality(terms, '<=' | '>=', b): integer coefficients and b only. The gap to the bound is
//   a slack s = Σ c_k z_k over log-encoded binary slack bits (1, 2, 4, …, and a last one that
//   makes the largest slack exactly the widest possible gap), so the penalty is zero exactly on
//   feasible assignments (for the right slack) and at least `weight` on infeasible ones.
//
// Default weight (when options.weight is absent): 1 + the sum of |bias| over every objective term
// touching the constraint's variables (linear terms, and couplings counted once). Changing only
// those variables changes the objective by at most that sum, and with integer coefficients a
// violated constraint costs at least the weight, so moving to a feasible setting of them (when one
// exists with the other variables fixed, as for one-hot) never raises the energy. With fractional
// coefficients a violation can cost less than the weight: pass an explicit weight then.

import type { Label, Sample } from './labels.js';
import { LabelTable, showLabel } from './labels.js';
import { Model, type ModelBuilder } from './model.js';
import { checkFinite, checkOneOf, checkOptions } from '../validate.js';

/** Which method added a constraint. */
export type ConstraintKind = 'oneHot' | 'equality' | 'inequality';

/** A variable and its coefficient in a linear form. */
export type LinearTerm = readonly [Label, number];

/** Options of every constraint: a unique name and a positive penalty weight. */
export interface ConstraintOptions {
  readonly name?: string;
  readonly weight?: number;
}

/** A constraint as stored: Σ coefs[k]·labels[k] (sense) rhs, with the weight compile() applies. */
export interface Constraint {
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly labels: readonly Label[];
  readonly coefs: readonly number[];
  readonly sense: '==' | '<=' | '>=';
  readonly rhs: number;
  readonly weight: number;
}

/** What compile() applied for one constraint. */
export interface Penalty {
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly weight: number;
  readonly slackLabels: readonly Label[];
}

/** A violated constraint: `amount` is how far Σ a x is from satisfying it (> 0). */
export interface Violation {
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly amount: number;
  readonly lhs: number;
}

/** The penalty model and the weights applied. */
export interface CompiledModel {
  readonly model: Model;
  readonly penalties: readonly Penalty[];
}

/** A BINARY objective plus named, weighted constraints; adders return `this` for chaining. */
export class ConstrainedModel {
  readonly objective: Model;
  #constraints: Constraint[] = [];
  #decision = new LabelTable(); // objective labels, then constraint variables in order of addition

  /** Starts from `objective` (converted to BINARY when it is SPIN). */
  constructor(objective: Model) {
    if (!(objective instanceof Model)) throw new TypeError('objective must be a Model');
    this.objective = objective.toVartype('BINARY');
    this.objective.labels.forEach((label, k) => this.#decision.intern(`objective.labels[${k}]`, label));
  }

  /** The constraints added so far, with the weights compile() will apply. */
  get constraints(): readonly Constraint[] {
    return this.#constraints.slice();
  }

  /** Exactly one of `vars` is 1. */
  oneHot(vars: readonly Label[], options?: ConstraintOptions): this {
    if (!Array.isArray(vars)) throw new TypeError('vars must be an array of labels');
    const seen = new LabelTable();
    vars.forEach((v, k) => {
      if (seen.intern(`vars[${k}]`, v) < k) throw new RangeError(`vars[${k}] repeats the variable ${showLabel(v)}`);
    });
    return this.#add('oneHot', vars.map((v) => [v, 1] as const), '==', 1, options);
  }

  /** Σ a_i x_i = rhs; a variable listed twice has its coefficients summed. */
  equality(terms: readonly LinearTerm[], rhs: number, options?: ConstraintOptions): this {
    return this.#add('equality', terms, '==', rhs, options);
  }

  /** Σ a_i x_i ≤ rhs or ≥ rhs, with integer a_i and rhs (slack bits encode the integer gap). */
  inequality(terms: readonly LinearTerm[], sense: '<=' | '>=', rhs: number, options?: ConstraintOptions): this {
    return this.#add('inequality', terms, checkOneOf('sense', sense, ['<=', '>='] as const), rhs, options);
  }

  /** A copy with the weights of the named constraints replaced. */
  withWeights(weights: Readonly<Record<string, number>>): ConstrainedModel {
    const w = checkOptions('weights', weights);
    const copy = new ConstrainedModel(this.objective);
    copy.#decision = LabelTable.from('labels', this.#decision.labels);
    for (const name of Object.keys(w)) {
      if (!this.#constraints.some((c) => c.name === name)) throw new RangeError(`weights has ${JSON.stringify(name)}, which is not a constraint name`);
      checkWeight(`weights[${JSON.stringify(name)}]`, w[name]);
    }
    copy.#constraints = this.#constraints.map((c) => (Object.hasOwn(w, c.name) ? { ...c, weight: w[c.name] as number } : c));
    return copy;
  }

  /** The objective plus every penalty as one BINARY model: decision variables first, then slack bits. */
  compile(): CompiledModel {
    const builder = Model.builder('BINARY');
    for (const label of this.#decision.labels) builder.addVariable(label);
    builder.addModel(this.objective);
    const penalties: Penalty[] = [];
    for (const c of this.#constraints) {
      const labels: Label[] = c.labels.slice();
      const sign = c.sense === '>=' ? -1 : 1; // Σ a x ≥ b  ⇔  Σ (−a) x ≤ −b
      const coefs = c.coefs.map((a) => sign * a);
      const rhs = sign * c.rhs;
      const slackLabels: Label[] = [];
      if (c.sense !== '==') {
        const lo = coefs.reduce((s, a) => s + Math.min(a, 0), 0);
        const hi = coefs.reduce((s, a) => s + Math.max(a, 0), 0);
        if (hi <= rhs) {
          penalties.push({ name: c.name, kind: c.kind, weight: c.weight, slackLabels }); // always holds
          continue;
        }
        for (const [k, coef] of slackCoefficients(rhs - lo).entries()) {
          const label = `${c.name}/slack${k}`;
          if (this.#decision.get(label) !== undefined) throw new RangeError(`slack variable ${showLabel(label)} of constraint ${JSON.stringify(c.name)} clashes with a decision variable; rename the constraint`);
          slackLabels.push(label);
          labels.push(label);
          coefs.push(coef);
        }
      }
      addSquare(builder, labels, coefs, rhs, c.weight);
      penalties.push({ name: c.name, kind: c.kind, weight: c.weight, slackLabels });
    }
    return { model: builder.build(), penalties };
  }

  /** The violated constraints under `sample` (over the decision variables; slack bits are ignored). */
  violations(sample: Sample): Violation[] {
    const x = this.#values(sample);
    const out: Violation[] = [];
    for (const c of this.#constraints) {
      let lhs = 0;
      c.labels.forEach((label, k) => (lhs += c.coefs[k] * x[this.#decision.get(label)!]));
      const gap = c.sense === '==' ? Math.abs(lhs - c.rhs) : c.sense === '<=' ? lhs - c.rhs : c.rhs - lhs;
      const tolerance = 1e-9 * (1 + Math.abs(c.rhs) + c.coefs.reduce((s, a) => s + Math.abs(a), 0));
      if (gap > tolerance) out.push({ name: c.name, kind: c.kind, amount: gap, lhs });
    }
    return out;
  }

  /** The objective's energy under `sample` (penalties left out). */
  objectiveOf(sample: Sample): number {
    return this.objective.energy(this.#values(sample).subarray(0, this.objective.n));
  }

  #values(sample: Sample): Int8Array {
    const labels = this.#decision.labels;
    const x = new Int8Array(labels.length);
    const read = (k: number, label: Label, value: unknown) => {
      if (value === undefined) throw new RangeError(`sample is missing the variable ${showLabel(label)}`);
      if (value !== 0 && value !== 1) throw new RangeError(`sample[${showLabel(label)}] must be 0 or 1 (BINARY), got ${String(value)}`);
      x[k] = value;
    };
    if (Array.isArray(sample) || ArrayBuffer.isView(sample)) {
      const values = sample as ArrayLike<unknown>;
      if (values.length < labels.length) throw new RangeError(`sample must hold at least the ${labels.length} decision variables, got ${values.length} values`);
      labels.forEach((label, k) => read(k, label, values[k]));
    } else if (sample instanceof Map) {
      labels.forEach((label, k) => read(k, label, (sample as ReadonlyMap<Label, unknown>).get(label)));
    } else if (sample !== null && typeof sample === 'object') {
      labels.forEach((label, k) => read(k, label, (sample as Record<string, unknown>)[String(label)]));
    } else {
      throw new TypeError('sample must be an array, a Map or an object keyed by label');
    }
    return x;
  }

  #add(kind: ConstraintKind, terms: readonly LinearTerm[], sense: Constraint['sense'], rhs: number, options?: ConstraintOptions): this {
    const opts = checkOptions('options', options);
    const name = opts.name ?? `${kind}${this.#constraints.length}`;
    if (typeof name !== 'string' || name === '') throw new TypeError(`options.name must be a non-empty string, got ${typeof name === 'string' ? 'the empty string' : typeof name}`);
    if (this.#constraints.some((c) => c.name === name)) throw new RangeError(`options.name ${JSON.stringify(name)} is already used by another constraint`);
    if (!Array.isArray(terms)) throw new TypeError('terms must be an array of [label, coefficient] pairs');
    if (terms.length === 0) throw new RangeError('terms must not be empty');
    const integer = kind === 'inequality';
    checkFinite('rhs', rhs);
    if (integer && !Number.isInteger(rhs)) throw new RangeError(`rhs must be an integer for an inequality (slack bits encode integer gaps), got ${rhs}`);
    const local = new LabelTable();
    const coefs: number[] = [];
    terms.forEach((term, k) => {
      if (!Array.isArray(term) || term.length !== 2) throw new TypeError(`terms[${k}] must be a [label, coefficient] pair`);
      const i = local.intern(`terms[${k}][0]`, term[0]);
      const a = checkFinite(`terms[${k}][1]`, term[1]);
      if (integer && !Number.isInteger(a)) throw new RangeError(`terms[${k}][1] must be an integer for an inequality (slack bits encode integer gaps), got ${a}`);
      coefs[i] = (coefs[i] ?? 0) + a;
    });
    if (integer && sense !== '==') {
      const signed = coefs.map((a) => (sense === '>=' ? -a : a));
      const lo = signed.reduce((s, a) => s + Math.min(a, 0), 0);
      const b = sense === '>=' ? -rhs : rhs;
      if (lo > b) throw new RangeError(`inequality ${JSON.stringify(name)} can never hold: the ${sense === '<=' ? 'smallest' : 'largest'} value of its terms is ${sense === '<=' ? lo : -lo}`);
    }
    const weight = opts.weight === undefined ? this.#defaultWeight(local.labels) : checkWeight('options.weight', opts.weight);
    local.labels.forEach((label, k) => this.#decision.intern(`terms[${k}][0]`, label));
    this.#constraints.push({ name, kind, labels: local.labels.slice(), coefs, sense, rhs, weight });
    return this;
  }

  /** 1 + Σ |objective biases touching `labels` (see the module comment). */
  #defaultWeight(labels: readonly Label[]): number {
    const { rowPtr, cols, vals, linear } = this.objective.csr;
    const inside = new Set<number>();
    for (const label of labels) {
      const i = this.#decision.get(label);
      if (i !== undefined && i < this.objective.n) inside.add(i);
    }
    let sum = 0;
    for (const i of inside) {
      sum += Math.abs(linear[i]);
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (!inside.has(cols[k]) || cols[k] > i) sum += Math.abs(vals[k]);
    }
    return 1 + sum;
  }
}

function checkWeight(name: string, value: unknown): number {
  const w = checkFinite(name, value);
  if (w <= 0) throw new RangeError(`${name} must be a positive finite number, got ${w}`);
  return w;
}

/** Slack coefficients 1, 2, 4, …, 2^(K−2), U − 2^(K−1) + 1: every integer in [0, U], and nothing above. */
export function slackCoefficients(U: number): number[] {
  const out: number[] = [];
  let power = 1;
  while (2 * power - 1 < U) {
    out.push(power);
    power *= 2;
  }
  if (U > 0) out.push(U - (power - 1));
  return out;
}

/** Adds w·(Σ a_k v_k − b)² = w·(Σ a_k² v_k + 2Σ_{k<l} a_k a_l v_k v_l − 2bΣ a_k v_k + b²) for BINARY v. */
function addSquare(builder: ModelBuilder, labels: readonly Label[], a: readonly number[], b: number, w: number): void {
  for (let k = 0; k < labels.length; k++) {
    builder.addLinear(labels[k], w * (a[k] * a[k] - 2 * b * a[k]));
    for (let l = k + 1; l < labels.length; l++) builder.add(labels[k], labels[l], 2 * w * a[k] * a[l]);
  }
  builder.addOffset(w * b * b);
}
