// Hierarchical decomposition for problems past DECOMPOSE_THRESHOLD pods.
export { decomposeSolve, DECOMPOSE_THRESHOLD } from './decompose.js';
export type { DecomposeOptions, DecomposeResult } from './decompose.js';
export { partitionProblem, serviceGroups } from './partition.js';
export type { Part, PartitionOptions } from './partition.js';
