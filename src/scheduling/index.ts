// The public scheduling API: types, the schedule() facade, the pieces it is built from
// (compile, energy, incremental state, checker, baselines, solver registry, the one-hot QUBO
// encoding), the evaluator, solveOnPool and the generators. Portable: no Node API (the Node
// entry adds scheduling/node.ts's schedule, which fills in WASM kernels and a pool).

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
export type { Solver, SolverOptions, SolverResult, TaskRunner } from './solvers/index.js';
export type { SaParams } from './solvers/sa.js';
export { PIMC_DEFAULTS } from './solvers/pimc-params.js';
export type { PimcParams } from './solvers/pimc-params.js';
export type { MilpParams } from './solvers/milp.js';
export { toQubo, encodeAssignment as encodeQuboAssignment, decodeState as decodeQuboState, quboSolve } from './solvers/qubo.js';
export type { QuboEncoding, QuboOptions } from './solvers/qubo.js';
export { QAOA_MAX_QUBITS } from './solvers/qaoa.js';
export { schedule } from './schedule.js';
export { solveOnPool } from './parallel.js';
export type { ProblemInput } from './parallel.js';
export { DEFAULT_SCHEDULE_OPTIONS, fillScheduleOptions } from './options.js';
export type { FilledScheduleOptions, ScheduleOptions } from './options.js';
export { decodeAssignment, explainPods, blockingConstraints } from './explain.js';
export { evaluatePlacement, DEFAULT_EVALUATE_OPTIONS } from './evaluate/index.js';
export type { BlastRadius, EvaluateOptions, LatencyReport, PlacementEvaluation, PlacementInput, ResourceUse } from './evaluate/index.js';
export { generateInstance } from './generators.js';
export type { GenerateOptions, Instance } from './generators.js';
export { builtinExample, BUILTIN_SEED } from './examples.js';
export { Rescheduler, reschedule, DEFAULT_RESCHEDULE_OPTIONS, applyEvent, EVENT_TYPES } from './reschedule/index.js';
export type { CurrentPlacement, DeviceHoldings, Move as RescheduleMove, RescheduleOptions, RescheduleResult, RescheduleEvent } from './reschedule/index.js';
export { pareto, paretoSvg, hypervolume, kneeIndex, nonDominated, dominates } from './pareto/index.js';
export type { ParetoOptions, ParetoPoint, ParetoResult } from './pareto/index.js';
export { decomposeSolve, partitionProblem, DECOMPOSE_THRESHOLD } from './decompose/index.js';
export type { DecomposeOptions, DecomposeResult } from './decompose/index.js';
