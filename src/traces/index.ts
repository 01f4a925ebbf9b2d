// The Alibaba GPU trace: loader, per-GPU replay with the published baselines and FGD, report.
// Node-only (reads files); not part of the portable core.
export { ALIBABA_DIR, ALIBABA_VARIANTS, GPU_RESOURCE, MODEL_LABEL, parseNodes, parsePods, podGpuMilli, readAlibabaTrace, toQsched } from './alibaba.js';
export type { AlibabaTrace, TraceNode, TracePod } from './alibaba.js';
export { GpuCluster, MAX_GPUS } from './cluster.js';
export { FragMemo, nodeFrag, typicalPods } from './frag.js';
export type { TypicalPod } from './frag.js';
export { choose, nodeR, POLICIES } from './policies.js';
export type { PolicyName } from './policies.js';
export { arrivals, replayTrace } from './replay.js';
export type { RejectPoint, ReplayOptions, ReplayResult, ReplaySample } from './replay.js';
export { lineChart, replayReportHtml } from './report.js';
