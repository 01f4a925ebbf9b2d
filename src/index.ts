// qsched for Node: the portable core plus WASM loading from the package's build/ folder and the
// worker pool. Browsers, Deno and Workers import 'qsched/edge' instead.

export * from './core.js';
export { readModelFile } from './qubo/formats/node.js';
export type { ModelFileFormat, ModelFileResult } from './qubo/formats/node.js';
export { loadKernels, compiledModule, wasmHash, wasmPath } from './kernels/node.js';
export { samplers, getSampler, polish, nodeContext } from './solve/node.js';
export { createExecutor } from './parallel/pool.js';
export type { Executor, ExecutorOptions } from './parallel/pool.js';
export { shardRanges, streamSeeds } from './parallel/shard.js';
export { createSimulator, readHamiltonianFile, readQasmFile } from './quantum/node.js';
export type { CreateSimulatorOptions } from './quantum/node.js';
export { readAlibabaTrace, toQsched, replayTrace, replayReportHtml, POLICIES as REPLAY_POLICIES, ALIBABA_VARIANTS } from './traces/index.js';
export type { AlibabaTrace, ReplayOptions, ReplayResult } from './traces/index.js';
export { schedule, nodeKernels, nodePool, closeNodePools } from './scheduling/node.js';
