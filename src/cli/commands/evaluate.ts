// `qsched evaluate PLACEMENT.json`: measures a placement with the evaluator
// (src/scheduling/evaluate) — nodes used, utilisation and fragmentation, cross-zone traffic,
// modelled p50/p99 latency, blast radius of node and zone failures — so a user can test the
// research note's claims on their own placements. PLACEMENT is the `--json` output of
// `qsched schedule`, its `--output` file, a Placement, or a plain { pod: node } map. The cluster
// and workload come from --input FILE, else from the placement file itself (`--output` embeds
// them; `--json` records the input path), else the built-in example. The network model the
// placement was scheduled with (its manifest) is used unless the input says otherwise.

import { existsSync } from 'node:fs';
import { evaluatePlacement, type EvaluateOptions, type PlacementEvaluation } from '../../scheduling/evaluate/index.js';
import { builtinExample } from '../../scheduling/examples.js';
import type { Cluster, NetworkModel, Workload } from '../../scheduling/types.js';
import { type Command, intFlag, numberFlag, UsageError } from '../command.js';
import { readStructured } from '../input.js';

type Doc = Record<string, unknown>;
const isObject = (x: unknown): x is Doc => x !== null && typeof x === 'object' && !Array.isArray(x);

/** The assignment, where it came from, and the cluster/workload the file carries or points to. */
function readPlacementDoc(file: string): { assignment: Doc; embedded?: { cluster: Cluster; workload: Workload }; inputPath?: string; network?: Partial<NetworkModel> } {
  const doc = readStructured(file);
  if (!isObject(doc)) throw new UsageError(`${file}: expected a JSON/YAML object (qsched schedule --json output, a placement, or { pod: node })`);
  const placement = isObject(doc.placement) ? doc.placement : doc;
  const assignment = isObject(placement.assignment) ? placement.assignment : placement;
  if (assignment === doc && ('placement' in doc || 'results' in doc)) throw new UsageError(`${file}: has no placement.assignment`);
  const manifest = isObject(placement.manifest) ? placement.manifest : undefined;
  const options = manifest !== undefined && isObject(manifest.options) ? manifest.options : undefined;
  const network = options !== undefined && isObject(options.network) ? (options.network as Partial<NetworkModel>) : undefined;
  return {
    assignment,
    embedded: isObject(doc.cluster) && isObject(doc.workload) ? { cluster: doc.cluster as unknown as Cluster, workload: doc.workload as unknown as Workload } : undefined,
    inputPath: typeof doc.input === 'string' ? doc.input : undefined,
    network,
  };
}

function readInput(file: string): { cluster: Cluster; workload: Workload } {
  const doc = readStructured(file);
  if (!isObject(doc) || !isObject(doc.cluster) || !isObject(doc.workload)) throw new UsageError(`${file}: expected an object with 'cluster' and 'workload'`);
  return { cluster: doc.cluster as unknown as Cluster, workload: doc.workload as unknown as Workload };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function text(e: PlacementEvaluation, source: string): string {
  const b = (name: string, r: PlacementEvaluation['blastRadius']['node']) =>
    `${name.padEnd(26)}max ${pct(r.maxServicesLost)} of services lost (critical ${pct(r.maxCriticalLost)}), mean ${pct(r.meanServicesLost)}; ` +
    `max ${r.maxPods} pods to reschedule${r.worst === null ? '' : ` (worst: ${r.worst})`}`;
  return [
    `qsched evaluate: ${e.placedPods}/${e.pods} pods placed on ${e.nodesUsed}/${e.nodes} nodes (${source})`,
    '',
    `${'utilisation'.padEnd(26)}${Object.entries(e.utilisation).map(([r, u]) => `${r} ${pct(u)}`).join(', ')}`,
    `${'stranded (fragmentation)'.padEnd(26)}cpu ${pct(e.fragmentation.cpu)}, memory ${pct(e.fragmentation.memory)}${e.fragmentation.gpu === null ? '' : `, gpu ${pct(e.fragmentation.gpu)} (FGD ${e.fragmentation.gpuFgd?.toFixed(3)})`}`,
    `${'cross-zone traffic'.padEnd(26)}${pct(e.crossZoneTraffic)} of call-graph traffic`,
    `${'modelled latency'.padEnd(26)}p50 ${e.latency.p50.toFixed(2)} ms, p99 ${e.latency.p99.toFixed(2)} ms over ${e.latency.requests} requests`,
    b('blast radius, one node', e.blastRadius.node),
    b('blast radius, one zone', e.blastRadius.zone),
  ].join('\n') + '\n';
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'measure a placement: nodes, fragmentation, cross-zone traffic, modelled p50/p99, blast radius',
  help: `qsched evaluate PLACEMENT.json [--input FILE] [--seed S] [--requests N] [--cpu-load X] [--json]

  PLACEMENT       qsched schedule --json output or --output file, a placement, or { pod: node }
  --input FILE    { cluster, workload } (default: embedded in PLACEMENT, the input it records, or the built-in example)
  --seed S        seed of the latency simulation (default 1)
  --requests N    simulated requests (default 20000)
  --cpu-load X    share of its cpu request a pod keeps busy, in [0, 1] (default 0.5)`,
  options: {
    input: { type: 'string' },
    seed: { type: 'string', default: '1' },
    requests: { type: 'string', default: '20000' },
    'cpu-load': { type: 'string', default: '0.5' },
  },
  async run({ values, positionals, json }) {
    if (positionals.length !== 1) throw new UsageError(`expected one PLACEMENT file, got ${positionals.length}`);
    const file = positionals[0];
    const cpuLoad = numberFlag('cpu-load', values['cpu-load'], 0);
    if (cpuLoad > 1) throw new UsageError(`--cpu-load must be in [0, 1], got '${values['cpu-load']}'`);
    const options: EvaluateOptions = {
      seed: intFlag('seed', values.seed, 0, 0xffffffff),
      requests: intFlag('requests', values.requests, 1, 10_000_000),
      cpuLoad,
    };
    const doc = readPlacementDoc(file);
    let source: string;
    let instance: { cluster: Cluster; workload: Workload };
    if (typeof values.input === 'string') {
      instance = readInput(values.input);
      source = values.input;
    } else if (doc.embedded !== undefined) {
      instance = doc.embedded;
      source = `cluster and workload from ${file}`;
    } else if (doc.inputPath !== undefined) {
      if (!existsSync(doc.inputPath)) throw new UsageError(`${file} was scheduled from ${doc.inputPath}, which is missing: pass --input FILE`);
      instance = readInput(doc.inputPath);
      source = doc.inputPath;
    } else {
      instance = builtinExample();
      source = 'built-in example';
    }
    const evaluation = evaluatePlacement(instance.cluster, instance.workload, doc.assignment as Record<string, string>, { ...options, ...(doc.network === undefined ? {} : { network: doc.network }) });
    process.stdout.write(json ? JSON.stringify({ input: source, evaluation }, null, 2) + '\n' : text(evaluation, source));
    return 0;
  },
};
