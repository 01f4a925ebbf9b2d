// The public API of the quantum layer: circuits, the statevector simulator, observables,
// gradients, optimizers, OpenQASM 2.0, and QAOA / VQE / Grover on top. Qubit 0 is the least
// significant bit of a basis index everywhere; bitstrings print with qubit 0 rightmost.

export { Circuit, Parameter, UNITARY_TOLERANCE, MAX_CIRCUIT_QUBITS } from './circuit.js';
export type { Angle, Op, ParamExpr } from './circuit.js';
export { GATES, matrixDerivative } from './gates.js';
export type { GateSpec } from './gates.js';
export { Simulator, Statevector } from './simulator.js';
export type { SimulatorOptions, Segment } from './simulator.js';
export { bytesNeeded, maxQubits, preflight } from './memory.js';
export type { MemoryNeeds } from './memory.js';
export { PauliSum, DiagonalObservable } from './observable.js';
export type { PauliTermInput } from './observable.js';
export { adjointGradient, circuitGradient, circuitDiffOps } from './gradient.js';
export type { DiffOp, GradientMethod, ObservableApply } from './gradient.js';
export { nelderMead, spsa, adam, lbfgs } from './optimizers.js';
export type { GradientObjective, Objective, OptimizeOptions, OptimizeResult, OptimizeStopReason } from './optimizers.js';
export { fromQasm } from './qasm.js';
export { toQasm } from './qasm-export.js';
export { QasmError } from './errors.js';
export { compileGates, fuseGates } from './fusion.js';
export type { UnitGate } from './fusion.js';
export { bitForm, maxCutModel, zForm } from './qaoa-cost.js';
export type { CostModel, Edge } from './qaoa-cost.js';
export { QaoaProblem } from './qaoa-problem.js';
export type { Mixer } from './qaoa-problem.js';
export { qaoa, qaoaMaxCut, interpAngles, fixedAngles } from './qaoa.js';
export type { QaoaOptions, QaoaResult, QaoaSample } from './qaoa.js';
export { RegularTreeEdge } from './qaoa-tree.js';
export { hardwareEfficientAnsatz, uccsdAnsatz, excitationTerms } from './ansatz.js';
export { molecularHamiltonian, hartreeFockReference, electronsOf } from './molecular.js';
export type { MolecularHamiltonian } from './molecular.js';
export { vqe } from './vqe.js';
export type { VqeOptions, VqeResult } from './vqe.js';
export { grover, durrHoyer, optimalIterations } from './grover.js';
export type { GroverResult, DurrHoyerResult } from './grover.js';
