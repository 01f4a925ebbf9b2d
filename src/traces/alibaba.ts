// The Alibaba GPU cluster trace (clusterdata, cluster-trace-gpu-v2023; Weng et al., "Beware of
// Fragmentation", USENIX ATC 2023): 1523 nodes (openb_node_list_all_node.csv) and workload
// variants openb_pod_list_<variant>.csv. Parsing is a pure function of the CSV text, with errors
// naming the file and line; only readAlibabaTrace touches the file system.
//
// Columns: nodes sn, cpu_milli, memory_mib, gpu, model; pods name, cpu_milli, memory_mib,
// num_gpu, gpu_milli[, gpu_spec, qos, pod_phase, creation_time, deletion_time, scheduled_time]
// (the multigpu variants stop after gpu_milli; their rows are in arrival order).
// A pod with num_gpu = 1 and gpu_milli < 1000 shares one GPU (gpu_milli of it); otherwise it
// takes num_gpu whole GPUs. gpu_spec is empty (any model) or models joined by '|'.
//
// toQsched maps the trace onto qsched's types: every node keeps cpu and memory, its GPUs become
// the extended resource `alibaba.com/gpu-milli` (1000 per GPU), declared device-granular
// (ClusterNode.devices: a share must fit inside ONE GPU, whole GPUs are taken whole), and its
// model the label `model`; every pod becomes a one-replica service whose gpu_spec is a required
// node affinity `model In [...]`. The replay (replay.ts) keeps per-GPU state of its own for the
// baselines and hands qsched's moves to reschedule over these types (via-reschedule.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, ClusterNode, Service, Workload } from '../scheduling/types.js';

/** One node of the trace. */
export interface TraceNode {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memoryMib: number;
  readonly gpus: number;
  /** GPU model, '' for a node without GPUs. */
  readonly model: string;
}

/** One pod (task) of the trace. */
export interface TracePod {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memoryMib: number;
  readonly numGpu: number;
  /** Share of one GPU in milli for a shared pod (numGpu = 1), 1000 otherwise. */
  readonly gpuMilli: number;
  /** Allowed GPU models; empty = any. */
  readonly gpuSpec: readonly string[];
  readonly qos: string;
  readonly creationTime: number;
  readonly deletionTime: number;
}

/** A loaded trace: the cluster and one workload variant. */
export interface AlibabaTrace {
  readonly variant: string;
  readonly nodes: readonly TraceNode[];
  readonly pods: readonly TracePod[];
}

/** Total GPU demand of a pod in milli-GPU. */
export const podGpuMilli = (p: TracePod): number => (p.numGpu === 1 ? p.gpuMilli : p.numGpu * 1000);

/** The workload variants shipped with the trace. */
export const ALIBABA_VARIANTS = [
  'default', 'cpu0', 'cpu037', 'cpu050', 'cpu072', 'cpu100', 'cpu200', 'cpu235', 'cpu250', 'cpu300',
  'gpushare20', 'gpushare40', 'gpushare60', 'gpushare80', 'gpushare100',
  'gpuspec05', 'gpuspec10', 'gpuspec20', 'gpuspec25', 'gpuspec33',
  'multigpu20', 'multigpu30', 'multigpu40', 'multigpu50',
] as const;

/** Where the trace lives, relative to the project root. */
export const ALIBABA_DIR = join('..', 'shared', 'datasets', 'traces', 'alibaba-gpu-v2023', 'csv');

function rows(text: string, file: string, header: readonly string[]): { cells: string[]; line: number }[] {
  const lines = text.split(/\r?\n/);
  const head = lines[0]?.split(',') ?? [];
  if (head.length < header.length || header.some((h, i) => head[i] !== h)) {
    throw new RangeError(`${file}:1: expected header ${header.join(',')}, got ${JSON.stringify(lines[0] ?? '')}`);
  }
  const out: { cells: string[]; line: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== head.length) throw new RangeError(`${file}:${i + 1}: expected ${head.length} fields, got ${cells.length}`);
    out.push({ cells, line: i + 1 });
  }
  return out;
}

function int(file: string, line: number, name: string, v: string, min = 0): number {
  const x = Number(v);
  if (v.trim() === '' || !Number.isInteger(x) || x < min) throw new RangeError(`${file}:${line}: ${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return x;
}

/** Parses openb_node_list_*.csv text. */
export function parseNodes(text: string, file = 'nodes.csv'): TraceNode[] {
  const seen = new Set<string>();
  return rows(text, file, ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model']).map(({ cells, line }) => {
    const [name, cpu, mem, gpu, model] = cells;
    if (name === '' || seen.has(name)) throw new RangeError(`${file}:${line}: sn must be a unique non-empty name, got ${JSON.stringify(name)}`);
    seen.add(name);
    const gpus = int(file, line, 'gpu', gpu);
    if (gpus > 0 && model === '') throw new RangeError(`${file}:${line}: model must be set on a node with GPUs`);
    return { name, cpuMilli: int(file, line, 'cpu_milli', cpu), memoryMib: int(file, line, 'memory_mib', mem), gpus, model };
  });
}

/** Parses openb_pod_list_*.csv text. */
export function parsePods(text: string, file = 'pods.csv'): TracePod[] {
  // The multigpu variants carry only the first five columns: no spec, qos or times (arrival
  // order is then the row order).
  const header = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'];
  const seen = new Set<string>();
  return rows(text, file, header).map(({ cells, line }, row) => {
    const [name, cpu, mem, numGpu, gpuMilli, spec = '', qos = '', , created = String(row), deleted = ''] = cells;
    if (name === '' || seen.has(name)) throw new RangeError(`${file}:${line}: name must be a unique non-empty name, got ${JSON.stringify(name)}`);
    seen.add(name);
    const n = int(file, line, 'num_gpu', numGpu);
    const milli = int(file, line, 'gpu_milli', gpuMilli);
    if (milli > 1000) throw new RangeError(`${file}:${line}: gpu_milli must be <= 1000, got ${milli}`);
    if (n === 1 && milli === 0) throw new RangeError(`${file}:${line}: a pod with num_gpu 1 must have gpu_milli > 0`);
    return {
      name, cpuMilli: int(file, line, 'cpu_milli', cpu), memoryMib: int(file, line, 'memory_mib', mem),
      numGpu: n, gpuMilli: n === 0 ? 0 : n === 1 ? milli : 1000,
      gpuSpec: spec === '' ? [] : [...new Set(spec.split('|'))], qos,
      creationTime: int(file, line, 'creation_time', created), deletionTime: deleted === '' ? Infinity : int(file, line, 'deletion_time', deleted),
    };
  });
}

/** Reads the node list and one workload variant from `dir` (default: ALIBABA_DIR under `root`). */
export function readAlibabaTrace(variant: string, options: { root?: string; dir?: string } = {}): AlibabaTrace {
  if (!(ALIBABA_VARIANTS as readonly string[]).includes(variant)) throw new RangeError(`variant must be one of ${ALIBABA_VARIANTS.join(', ')}, got ${JSON.stringify(variant)}`);
  const dir = options.dir ?? join(options.root ?? '.', ALIBABA_DIR);
  const nodeFile = join(dir, 'openb_node_list_all_node.csv');
  const podFile = join(dir, `openb_pod_list_${variant}.csv`);
  return { variant, nodes: parseNodes(readFileSync(nodeFile, 'utf8'), nodeFile), pods: parsePods(readFileSync(podFile, 'utf8'), podFile) };
}

/** The extended resource holding GPU shares. */
export const GPU_RESOURCE = 'alibaba.com/gpu-milli';
/** The node label carrying the GPU model. */
export const MODEL_LABEL = 'model';

/** The trace in qsched's types (GPUs as devices; see the header). */
export function toQsched(trace: Pick<AlibabaTrace, 'nodes' | 'pods'>): { cluster: Cluster; workload: Workload } {
  const nodes: ClusterNode[] = trace.nodes.map((n) => ({
    name: n.name,
    allocatable: { cpu: `${n.cpuMilli}m`, memory: `${n.memoryMib}Mi`, ...(n.gpus > 0 ? { [GPU_RESOURCE]: n.gpus * 1000 } : {}) },
    labels: { 'kubernetes.io/hostname': n.name, ...(n.model !== '' ? { [MODEL_LABEL]: n.model } : {}) },
    ...(n.gpus > 0 ? { devices: { [GPU_RESOURCE]: n.gpus } } : {}),
  }));
  const services: Service[] = trace.pods.map((p) => ({
    name: p.name,
    replicas: 1,
    requests: { cpu: `${p.cpuMilli}m`, memory: `${p.memoryMib}Mi`, ...(p.numGpu > 0 ? { [GPU_RESOURCE]: podGpuMilli(p) } : {}) },
    ...(p.gpuSpec.length > 0 ? { nodeAffinity: { required: [{ matchExpressions: [{ key: MODEL_LABEL, operator: 'In' as const, values: [...p.gpuSpec] }] }] } } : {}),
  }));
  return { cluster: { nodes }, workload: { services } };
}
