// The public scheduling API: types, the schedule() facade, the pieces it is built from
// (compile, energy, incremental state, checker, baselines, solver registry) and the generators.

export type {
  CallEdge, CheckResult, Cluster, ClusterNode, DisruptionBudget, EnergyBreakdown, Manifest as PlacementManifest, NetworkModel, NodeAffinity,
  NodeSelectorRequirement, NodeSelectorTerm, Penalties, Placement, PodAntiAffinity, PodAntiAffinityTerm, PodExplanation,
  Quantity, SelectorOperator, Service, Taint, TaintEffect, Toleration, TopologySpreadConstraint, Violation as PlacementViolation, Weights, Workload,
} from './types.js';
export { DEFAULT_NETWORK, DEFAULT_PENALTIES, DEFAULT_WEIGHTS, HOSTNAME_LABEL, RACK_LABEL, REGION_LABEL, ZONE_LABEL } from './types.js';
export { parseQuantity, quantityUnits, formatUnits } from './quantity.js';
export { validateCluster, validateWorkload } from './validate.js';
export { compile } from './compile.js';
export type { CompiledProblem, CompileOptions } from './compile.js';
export { evaluate } from './energy.js';
export { PlacementState } from './state.js';
export { checkPlacement } from './checker.js';
export { kubeGreedy, DEFAULT_PLUGIN_WEIGHTS } from './baselines/greedy.js';
export type { ScoringStrategy } from './baselines/greedy.js';
export { firstFitDecreasing, bestFitDecreasing } from './baselines/binpack.js';
export { roundRobinSpread } from './baselines/spread.js';
export { SOLVERS, SOLVER_NAMES } from './solvers/index.js';
export type { Solver, SolverOptions, SolverResult } from './solvers/index.js';
export type { SaParams } from './solvers/sa.js';
export { schedule } from './schedule.js';
export { DEFAULT_SCHEDULE_OPTIONS } from './options.js';
export type { ScheduleOptions } from './options.js';
export { generateInstance } from './generators.js';
export type { GenerateOptions, Instance } from './generators.js';
export { builtinExample, BUILTIN_SEED } from './examples.js';
