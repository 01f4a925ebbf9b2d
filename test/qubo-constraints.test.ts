// Constraints: every penalty is zero exactly on feasible assignments and positive otherwise
// (brute force over all assignments of small instances, slack bits minimised out), the default
// weight keeps a one-hot optimum feasible, and adaptivePenalty raises only violated weights
// (with a brute-force minimiser as the solver callback).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptivePenalty, ConstrainedModel, Model, slackCoefficients, type Label, type LinearTerm, type Term } from '../src/qubo/index.js';

/** Every state of `model` with its energy, minimum first (ties keep enumeration order). */
function bruteMin(model: Model): { state: Int8Array; energy: number } {
  const n = model.n;
  const states = new Int8Array(n << n);
  for (let b = 0; b < 1 << n; b++) for (let i = 0; i < n; i++) states[b * n + i] = (b >> i) & 1;
  const e = model.energies(states, 1 << n);
  let best = 0;
  for (let b = 1; b < e.length; b++) if (e[b] < e[best]) best = b;
  return { state: states.slice(best * n, best * n + n), energy: e[best] };
}

/** min over slack bits of (compiled energy − objective energy) for decision assignment `x`. */
function penaltyAt(compiled: Model, objective: ConstrainedModel['objective'], decision: readonly Label[], x: number[]): number {
  const slack = compiled.labels.slice(decision.length);
  let best = Infinity;
  for (let b = 0; b < 1 << slack.length; b++) {
    const sample = new Map<Label, number>(decision.map((l, k) => [l, x[k]]));
    slack.forEach((l, k) => sample.set(l, (b >> k) & 1));
    best = Math.min(best, compiled.energy(sample));
  }
  return best - objective.energy(x.slice(0, objective.n));
}

const arbObjective = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -9, max: 9 })), { maxLength: 8 })
  .map((terms) => Model.fromQubo(terms as Term[], { labels: [0, 1, 2, 3] }));
const arbTerms = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 5, selector: ([v]) => v });
const kind = fc.constantFrom('equality', '<=', '>=');

describe('constraint penalties', () => {
  it('are zero exactly on feasible assignments and at least the weight otherwise', () => {
    fc.assert(
      fc.property(arbObjective, arbTerms, kind, fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 3 }), (objective, terms, sense, rhs, weight) => {
        const c = new ConstrainedModel(objective);
        const lo = terms.reduce((s, [, a]) => s + Math.min(a, 0), 0);
        const hi = terms.reduce((s, [, a]) => s + Math.max(a, 0), 0);
        if ((sense === '<=' && rhs < lo) || (sense === '>=' && rhs > hi)) {
          expect(() => c.inequality(terms, sense, rhs)).toThrow(/can never hold/);
          return;
        }
        if (sense === 'equality') c.equality(terms, rhs, { name: 'c', weight });
        else c.inequality(terms, sense as '<=' | '>=', rhs, { name: 'c', weight });
        const { model, penalties } = c.compile();
        expect(penalties[0].weight).toBe(weight);
        const decision = model.labels.slice(0, model.n - penalties[0].slackLabels.length);
        for (let b = 0; b < 1 << decision.length; b++) {
          const x = decision.map((_, k) => (b >> k) & 1);
          const lhs = terms.reduce((s, [v, a]) => s + a * x[decision.indexOf(v)], 0);
          const feasible = sense === 'equality' ? lhs === rhs : sense === '<=' ? lhs <= rhs : lhs >= rhs;
          const p = penaltyAt(model, c.objective, decision, x);
          if (feasible) expect(p).toBe(0);
          else expect(p).toBeGreaterThanOrEqual(weight);
          expect(c.violations(x).length).toBe(feasible ? 0 : 1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('one-hot: zero on exactly one 1, weight·(Σx − 1)² otherwise; fractional equalities too', () => {
    const c = new ConstrainedModel(Model.fromQubo([], { labels: ['a', 'b', 'c'] }))
      .oneHot(['a', 'b', 'c'], { name: 'pick', weight: 3 });
    const { model } = c.compile();
    for (let b = 0; b < 8; b++) {
      const x = [b & 1, (b >> 1) & 1, (b >> 2) & 1];
      const ones = x[0] + x[1] + x[2];
      expect(model.energy(x)).toBe(3 * (ones - 1) ** 2);
      expect(c.violations(x)).toEqual(ones === 1 ? [] : [{ name: 'pick', kind: 'oneHot', amount: Math.abs(ones - 1), lhs: ones }]);
    }
    const f = new ConstrainedModel(Model.fromQubo([], { labels: ['a', 'b'] })).equality([['a', 0.5], ['b', 0.25]], 0.75, { weight: 1 });
    const fm = f.compile().model;
    expect([fm.energy([1, 1]), fm.energy([0, 0]) > 0, fm.energy([1, 0]) > 0, fm.energy([0, 1]) > 0]).toEqual([0, true, true, true]);
  });

  it('slack coefficients reach every gap in [0, U] and nothing above', () => {
    for (let U = 0; U <= 70; U++) {
      const c = slackCoefficients(U);
      const sums = new Set<number>([0]);
      for (const k of c) for (const s of [...sums]) sums.add(s + k);
      expect([...sums].sort((x, y) => x - y)).toEqual([...Array(U + 1).keys()]);
      expect(c.length).toBe(U === 0 ? 0 : Math.floor(Math.log2(U)) + 1);
    }
  });

  it('labels decision variables first, then slack bits; an always-true inequality adds nothing', () => {
    const c = new ConstrainedModel(Model.fromQubo([['x', 'y', 1]]))
      .inequality([['y', 2], ['z', 3]], '<=', 4, { name: 'cap' })
      .inequality([['x', 1]], '<=', 5, { name: 'loose' });
    const { model, penalties } = c.compile();
    expect(model.labels).toEqual(['x', 'y', 'z', 'cap/slack0', 'cap/slack1', 'cap/slack2']);
    expect(penalties.map((p) => p.slackLabels)).toEqual([['cap/slack0', 'cap/slack1', 'cap/slack2'], []]);
  });

  it('derives the default weight from the objective terms touching the constraint', () => {
    const objective = Model.fromQubo([['a', 'b', 3], ['b', 'c', -2], ['a', 'a', -1], ['d', 'd', 5]]);
    const c = new ConstrainedModel(objective).oneHot(['a', 'b']).equality([['d', 1], ['e', 2]], 1).oneHot(['e', 'f']);
    expect(c.constraints.map((k) => [k.name, k.weight])).toEqual([['oneHot0', 1 + 1 + 3 + 2], ['equality1', 1 + 5], ['oneHot2', 1]]);
    expect(c.compile().penalties.map((p) => p.weight)).toEqual([7, 6, 1]);
  });

  it('with the default weight, the penalty model’s optimum is the constrained optimum (one-hot)', () => {
    fc.assert(
      fc.property(arbObjective, fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), (objective, vars) => {
        const c = new ConstrainedModel(objective).oneHot(vars);
        const best = bruteMin(c.compile().model);
        expect(c.violations(best.state)).toEqual([]);
        let feasibleMin = Infinity;
        for (let b = 0; b < 16; b++) {
          const x = [0, 1, 2, 3].map((i) => (b >> i) & 1);
          if (vars.reduce((s, v) => s + x[v], 0) === 1) feasibleMin = Math.min(feasibleMin, objective.energy(x));
        }
        expect(best.energy).toBe(feasibleMin);
        expect(c.objectiveOf(best.state)).toBe(feasibleMin);
      }),
      { numRuns: 100 },
    );
  });

  it('names the broken field', () => {
    const c = () => new ConstrainedModel(Model.fromQubo([['a', 'b', 1]]));
    expect(() => new ConstrainedModel({} as never)).toThrow(new TypeError('objective must be a Model'));
    expect(() => c().oneHot(['a', 'b', 'a'])).toThrow(new RangeError('vars[2] repeats the variable "a"'));
    expect(() => c().oneHot([])).toThrow(new RangeError('terms must not be empty'));
    expect(() => c().equality([['a', NaN]], 1)).toThrow(new RangeError('terms[0][1] must be a finite number, got NaN'));
    expect(() => c().equality([['', 1]], 1)).toThrow(new RangeError('terms[0][0] must be a non-empty string or a finite number, got the empty string'));
    expect(() => c().equality([['a']] as unknown as LinearTerm[], 1)).toThrow(new TypeError('terms[0] must be a [label, coefficient] pair'));
    expect(() => c().inequality([['a', 0.5]], '<=', 1)).toThrow(new RangeError('terms[0][1] must be an integer for an inequality (slack bits encode integer gaps), got 0.5'));
    expect(() => c().inequality([['a', 1]], '<=', 1.5)).toThrow(new RangeError('rhs must be an integer for an inequality (slack bits encode integer gaps), got 1.5'));
    expect(() => c().inequality([['a', 1]], '<' as never, 1)).toThrow(new RangeError(`sense must be one of '<=', '>=', got the string "<"`));
    expect(() => c().inequality([['a', 1], ['b', 1]], '>=', 3, { name: 'big' })).toThrow(new RangeError('inequality "big" can never hold: the largest value of its terms is 2'));
    expect(() => c().oneHot(['a'], { weight: 0 })).toThrow(new RangeError('options.weight must be a positive finite number, got 0'));
    expect(() => c().oneHot(['a'], { name: 'x' }).oneHot(['b'], { name: 'x' })).toThrow(new RangeError('options.name "x" is already used by another constraint'));
    expect(() => c().oneHot(['a']).withWeights({ nope: 2 })).toThrow(new RangeError('weights has "nope", which is not a constraint name'));
    expect(() => c().oneHot(['a']).violations({ a: 1 })).toThrow(new RangeError('sample is missing the variable "b"'));
    expect(() => c().oneHot(['a']).violations([1, 2])).toThrow(new RangeError('sample["b"] must be 0 or 1 (BINARY), got 2'));
  });
});

describe('adaptivePenalty', () => {
  // The objective pays 10 for each of a, b set, so a one-hot with weight w is broken while w < 10.
  const objective = Model.fromQubo([['a', 'a', -10], ['b', 'b', -10], ['c', 'c', -1]]);
  const constrained = () => new ConstrainedModel(objective).oneHot(['a', 'b'], { name: 'hot', weight: 1 }).equality([['c', 1]], 1, { name: 'c-on', weight: 1 });
  const solver = (seen: Model[]) => (model: Model, round: number) => {
    expect(round).toBe(seen.length);
    seen.push(model);
    const best = bruteMin(model);
    return Promise.resolve({ sample: best.state, energy: best.energy });
  };

  it('raises only the violated weights until the answer is feasible', async () => {
    const seen: Model[] = [];
    const result = await adaptivePenalty(constrained(), solver(seen));
    expect(result.history.map((h) => h.weights)).toEqual([1, 2, 4, 8, 16].map((w) => ({ hot: w, 'c-on': 1 })));
    expect(result.history.map((h) => h.violated)).toEqual([['hot'], ['hot'], ['hot'], ['hot'], []]);
    expect(result.history.map((h) => h.objective)).toEqual([-21, -21, -21, -21, -11]);
    expect([result.feasible, result.objective, seen.length, result.penalties[0].weight]).toEqual([true, -11, 5, 16]);
    expect(result.history[4].energy).toBe(-11);
  });

  it('stops after maxRounds and reports the last answer as infeasible', async () => {
    const result = await adaptivePenalty(constrained(), solver([]), { maxRounds: 2, factor: 3 });
    expect(result.history.map((h) => h.weights.hot)).toEqual([1, 3]);
    expect([result.feasible, result.violations.map((v) => v.name)]).toEqual([false, ['hot']]);
  });

  it('rejects (never throws) on bad arguments', async () => {
    await expect(adaptivePenalty({} as never, solver([]))).rejects.toThrow(new TypeError('constrained must be a ConstrainedModel'));
    await expect(adaptivePenalty(constrained(), 3 as never)).rejects.toThrow(new TypeError('solve must be a function, got number'));
    await expect(adaptivePenalty(constrained(), solver([]), { factor: 1 })).rejects.toThrow(new RangeError('options.factor must be a finite number > 1, got 1'));
    await expect(adaptivePenalty(constrained(), solver([]), { maxRounds: 0 })).rejects.toThrow(new RangeError('options.maxRounds must be an integer in [1, 1000], got 0'));
    await expect(adaptivePenalty(constrained(), () => null as never)).rejects.toThrow(new TypeError('solve must return { sample, energy }, got null in round 0'));
  });
});
