// The model layer's public API: labelled binary quadratic models, constraints compiled to
// penalties, and benchmark file formats. src/core.ts re-exports this; nothing here imports a
// Node API (file reading lives in formats/node.ts, exported from the Node entry only).

export { Model, ModelBuilder } from './model.js';
export type { LinearBiases, Term } from './model.js';
export type { Label, Sample } from './labels.js';
export type { ModelJSON } from './json.js';
export { ConstrainedModel, slackCoefficients } from './constraints.js';
export type { CompiledModel, Constraint, ConstraintKind, ConstraintOptions, LinearTerm, Penalty, Violation } from './constraints.js';
export { adaptivePenalty } from './adaptive.js';
export type { AdaptivePenaltyOptions, AdaptivePenaltyResult, AdaptiveRound, PenaltySolver, PenaltySolveResult } from './adaptive.js';
export { ParseError } from './formats/errors.js';
export { parseGset } from './formats/gset.js';
export type { MaxCutInstance } from './formats/gset.js';
export { parseBiqMac, parseOrlibBqp } from './formats/bqp.js';
export type { BqpInstance } from './formats/bqp.js';
export { formatCoo, parseCoo } from './formats/coo.js';
export { formatModelJson, parseModelJson } from './formats/json.js';
