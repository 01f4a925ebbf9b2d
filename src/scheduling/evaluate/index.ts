// evaluatePlacement: the measures a platform team needs to test the research note's claims on
// its own workloads, computed for any placement (from qsched, a baseline or a live cluster):
// nodes used, utilisation and fragmentation per resource (metrics.ts), the share of call-graph
// traffic crossing zones, a modelled p50/p99 request latency from a seeded simulation
// (latency.ts), and the blast radius of single node and zone failures.
//
// The evaluator is not the energy: it measures outcomes a user cares about (latency under
// contention, what a failure takes down) that H only stands in for, so an optimiser that games
// H shows up here. It reuses compile() for validation, quantities and topology, and the energy's
// distance model (energy.nodeDistance) so "latency" means the same network model everywhere.
// Deterministic for a seed; bounded by options.requests × maxCalls visits.

import { checkFinite, checkInteger, checkOneOf, checkOptions, checkSeed } from '../../validate.js';
import { compile } from '../compile.js';
import type { Cluster, NetworkModel, Workload } from '../types.js';
import { simulateLatency, type LatencyReport } from './latency.js';
import { blastRadius, crossZoneTraffic, resourceUse, type BlastRadius, type ResourceUse } from './metrics.js';

export type { BlastRadius, LatencyReport, ResourceUse };

/** A placement to evaluate: pod name → node name, or anything with such an `assignment` (e.g. a Placement). */
export type PlacementInput = Readonly<Record<string, string>> | { readonly assignment: Readonly<Record<string, string>> };

/** Options of evaluatePlacement; every field has a documented default. */
export interface EvaluateOptions {
  /** Network latencies (ms) by locality; default DEFAULT_NETWORK. */
  readonly network?: Partial<NetworkModel>;
  /** Seed of the latency simulation (default 1). */
  readonly seed?: number;
  /** Simulated requests (default 20 000). */
  readonly requests?: number;
  /** Mean service time of one pod visit on an idle node, ms (default 1). */
  readonly serviceTimeMs?: number;
  /** Share of its cpu request a pod keeps busy on average, in [0, 1] (default 0.5; a modelling assumption). */
  readonly cpuLoad?: number;
  /** Cap on a node's utilisation ρ in the 1/(1 − ρ) inflation, in (0, 1) (default 0.95). */
  readonly maxUtilisation?: number;
  /** Deepest nesting of calls in one request (default 32). */
  readonly maxDepth?: number;
  /** Most calls in one request (default 1024). */
  readonly maxCalls?: number;
  /** 'parallel' (default): a pod waits for its slowest callee; 'sequential': for each callee in turn. */
  readonly fanOut?: 'parallel' | 'sequential';
}

/** Defaults of evaluatePlacement. */
export const DEFAULT_EVALUATE_OPTIONS = Object.freeze({ seed: 1, requests: 20_000, serviceTimeMs: 1, cpuLoad: 0.5, maxUtilisation: 0.95, maxDepth: 32, maxCalls: 1024, fanOut: 'parallel' as const });

/** Everything evaluatePlacement measures. */
export interface PlacementEvaluation {
  readonly pods: number;
  readonly placedPods: number;
  readonly nodes: number;
  readonly nodesUsed: number;
  /** Requested / allocatable over the used nodes, per resource (1 − idle). */
  readonly utilisation: Readonly<Record<string, number>>;
  /** Idle and stranded shares per resource on the used nodes. */
  readonly resources: Readonly<Record<string, ResourceUse>>;
  /** Stranded shares of cpu, memory and the first GPU resource (null without one), and FGD-style GPU fragmentation. */
  readonly fragmentation: { readonly cpu: number; readonly memory: number; readonly gpu: number | null; readonly gpuFgd: number | null };
  /** Share of call-graph traffic between pods in different zones, in [0, 1]. */
  readonly crossZoneTraffic: number;
  /** Modelled end-to-end request latency, ms. */
  readonly latency: LatencyReport;
  readonly blastRadius: { readonly node: BlastRadius; readonly zone: BlastRadius };
}

const KNOWN = ['network', 'seed', 'requests', 'serviceTimeMs', 'cpuLoad', 'maxUtilisation', 'maxDepth', 'maxCalls', 'fanOut'];

function readAssignment(placement: unknown): Readonly<Record<string, unknown>> {
  const p = checkOptions('placement', placement ?? null);
  const inner = p.assignment;
  if (inner !== undefined && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) return inner as Record<string, unknown>;
  return p;
}

/** Measures a placement (pod name → node name) of `workload` on `cluster`; throws TypeError/RangeError naming the field. */
export function evaluatePlacement(cluster: Cluster, workload: Workload, placement: PlacementInput, options?: EvaluateOptions): PlacementEvaluation {
  const o = checkOptions('options', options);
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new RangeError(`options.${k} is not an option of evaluatePlacement (expected one of ${KNOWN.join(', ')})`);
  const d = DEFAULT_EVALUATE_OPTIONS;
  const positive = (name: string, v: unknown) => {
    const x = checkFinite(name, v);
    if (x <= 0) throw new RangeError(`${name} must be > 0, got ${x}`);
    return x;
  };
  const settings = {
    seed: checkSeed('options.seed', o.seed ?? d.seed),
    requests: checkInteger('options.requests', o.requests ?? d.requests, 1, 10_000_000),
    serviceTimeMs: positive('options.serviceTimeMs', o.serviceTimeMs ?? d.serviceTimeMs),
    cpuLoad: checkFinite('options.cpuLoad', o.cpuLoad ?? d.cpuLoad),
    maxUtilisation: checkFinite('options.maxUtilisation', o.maxUtilisation ?? d.maxUtilisation),
    maxDepth: checkInteger('options.maxDepth', o.maxDepth ?? d.maxDepth, 1, 1000),
    maxCalls: checkInteger('options.maxCalls', o.maxCalls ?? d.maxCalls, 1, 1_000_000),
    fanOut: checkOneOf('options.fanOut', o.fanOut ?? d.fanOut, ['parallel', 'sequential'] as const),
  };
  if (!(settings.cpuLoad >= 0 && settings.cpuLoad <= 1)) throw new RangeError(`options.cpuLoad must be in [0, 1], got ${settings.cpuLoad}`);
  if (!(settings.maxUtilisation > 0 && settings.maxUtilisation < 1)) throw new RangeError(`options.maxUtilisation must be in (0, 1), got ${settings.maxUtilisation}`);
  const pr = compile(cluster, workload, { network: checkOptions('options.network', o.network) as Partial<NetworkModel> });

  const named = readAssignment(placement);
  const podIndex = new Map(pr.podNames.map((name, p) => [name, p]));
  const nodeIndex = new Map(pr.nodeNames.map((name, n) => [name, n]));
  const assignment = new Int32Array(pr.P).fill(-1);
  for (const [pod, node] of Object.entries(named)) {
    const at = `placement[${JSON.stringify(pod)}]`;
    const p = podIndex.get(pod);
    if (p === undefined) throw new RangeError(`${at}: no service of the workload has a pod named ${JSON.stringify(pod)}`);
    if (typeof node !== 'string') throw new TypeError(`${at} must be a node name (string), got ${node === null ? 'null' : typeof node}`);
    const n = nodeIndex.get(node);
    if (n === undefined) throw new RangeError(`${at} names node ${JSON.stringify(node)}, which is not in the cluster`);
    assignment[p] = n;
  }

  const use = resourceUse(pr, assignment);
  const utilisation: Record<string, number> = {};
  for (const [r, u] of Object.entries(use.byResource)) utilisation[r] = 1 - u.idle;
  let nodesUsed = 0;
  for (let n = 0; n < pr.N; n++) if (use.podsOn[n] > 0) nodesUsed++;
  const gpuName = pr.resourceNames.find((r) => /gpu/i.test(r));
  return {
    pods: pr.P,
    placedPods: assignment.reduce((a, n) => a + (n >= 0 ? 1 : 0), 0),
    nodes: pr.N,
    nodesUsed,
    utilisation,
    resources: use.byResource,
    fragmentation: {
      cpu: use.byResource.cpu.stranded,
      memory: use.byResource.memory.stranded,
      gpu: gpuName === undefined ? null : use.byResource[gpuName].stranded,
      gpuFgd: use.gpuFgd,
    },
    crossZoneTraffic: crossZoneTraffic(pr, workload, assignment),
    latency: simulateLatency(pr, workload, assignment, settings),
    blastRadius: { node: blastRadius(pr, assignment, 0), zone: blastRadius(pr, assignment, 2) },
  };
}
