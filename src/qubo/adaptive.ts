// Adaptive penalty weights: solve the compiled model, find the constraints the answer violates,
// multiply only their weights by `factor`, and solve again, for at most `maxRounds` rounds. The
// solver is a callback, so this layer does not depend on src/solve; a caller plugs in any sampler
// (or, in tests, a brute-force minimiser). Async: bad arguments reject, they never throw.

import { ConstrainedModel, type Penalty, type Violation } from './constraints.js';
import type { Sample } from './labels.js';
import type { Model } from './model.js';
import { checkFinite, checkInteger, checkOptions } from '../validate.js';

/** What the solver callback returns: its best sample of the compiled model and that sample's energy. */
export interface PenaltySolveResult {
  readonly sample: Sample;
  readonly energy: number;
}

/** Solves one compiled penalty model; `round` counts from 0. */
export type PenaltySolver = (model: Model, round: number) => Promise<PenaltySolveResult> | PenaltySolveResult;

/** Options of adaptivePenalty. */
export interface AdaptivePenaltyOptions {
  /** Most solver calls (default 5). */
  readonly maxRounds?: number;
  /** Multiplier for the weight of each violated constraint (default 2, must be > 1). */
  readonly factor?: number;
}

/** One round: the weights used, what the answer violated, and its objective and penalty-model energies. */
export interface AdaptiveRound {
  readonly round: number;
  readonly weights: Readonly<Record<string, number>>;
  readonly violated: readonly string[];
  readonly objective: number;
  readonly energy: number;
}

/** The last round's answer, whether it is feasible, and every round's record. */
export interface AdaptivePenaltyResult {
  readonly sample: Sample;
  readonly feasible: boolean;
  readonly objective: number;
  readonly violations: readonly Violation[];
  readonly model: Model;
  readonly penalties: readonly Penalty[];
  readonly history: readonly AdaptiveRound[];
}

/** Solves with penalties, raising only violated constraints' weights by `factor`, until feasible or out of rounds. */
export async function adaptivePenalty(
  constrained: ConstrainedModel,
  solve: PenaltySolver,
  options?: AdaptivePenaltyOptions,
): Promise<AdaptivePenaltyResult> {
  if (!(constrained instanceof ConstrainedModel)) throw new TypeError('constrained must be a ConstrainedModel');
  if (typeof solve !== 'function') throw new TypeError(`solve must be a function, got ${typeof solve}`);
  const opts = checkOptions('options', options);
  const maxRounds = checkInteger('options.maxRounds', opts.maxRounds ?? 5, 1, 1000);
  const factor = checkFinite('options.factor', opts.factor ?? 2);
  if (factor <= 1) throw new RangeError(`options.factor must be a finite number > 1, got ${factor}`);
  const history: AdaptiveRound[] = [];
  let current = constrained;
  for (let round = 0; ; round++) {
    const { model, penalties } = current.compile();
    const result: unknown = await solve(model, round);
    if (result === null || typeof result !== 'object' || !('sample' in result) || typeof (result as PenaltySolveResult).energy !== 'number') {
      throw new TypeError(`solve must return { sample, energy }, got ${result === null ? 'null' : typeof result} in round ${round}`);
    }
    const { sample, energy } = result as PenaltySolveResult;
    const violations = current.violations(sample);
    const objective = current.objectiveOf(sample);
    const weights = Object.fromEntries(penalties.map((p) => [p.name, p.weight]));
    history.push({ round, weights, violated: violations.map((v) => v.name), objective, energy });
    if (violations.length === 0 || round + 1 >= maxRounds) {
      return { sample, feasible: violations.length === 0, objective, violations, model, penalties, history };
    }
    current = current.withWeights(Object.fromEntries(violations.map((v) => [v.name, weights[v.name] * factor])));
  }
}
