// The samplers' portable API (no Node API): what src/core.ts and the edge entry can re-export.
// Edge callers build a registry over kernels they loaded: createSamplers(kernelContext(k)).

export { SampleSet } from './sampleset.js';
export type { SampleRow, SampleSetJSON, SampleSetParts } from './sampleset.js';
export { createSamplers } from './samplers.js';
export type { PolishOptions, Sampler, SamplerOptions, SamplerRegistry, Samplers } from './samplers.js';
export { kernelContext } from './context.js';
export type { SolveContext } from './context.js';
export type { ProgressStream } from './progress.js';
export type { CommonOptions, InitialOptions } from './options.js';
export type { PtOptions, SaOptions } from './sa.js';
export type { RestartOptions, SqaOptions } from './sqa.js';
export type { ExactOptions, GreedyOptions, RandomOptions, SteepestOptions, TabuOptions } from './local.js';
export { SAMPLER_NAMES } from './types.js';
export type {
  Manifest, ParamValue, Progress, QuantumInfo, SampleSetInfo, SamplerName, ShardManifest, StopReason, TemperingInfo, Timing, WorkInfo,
} from './types.js';
export { betaSteps, defaultBetaRange, flipScale, transverseCoupling } from './schedule.js';
export type { FlipScale } from './schedule.js';
export {
  bootstrapTimeToSolution, residualEnergy, studentT975, successProbability, timeToSolution, timeToSolutionInterval, wilsonInterval, Z95,
} from './stats.js';
export type { Energies, Estimate, Repetition } from './stats.js';
