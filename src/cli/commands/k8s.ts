// `qsched k8s …`: Kubernetes manifests offline.
//   qsched k8s schedule FILE...   load manifests (YAML/JSON, multi-document, Lists), print what
//                                 was not mapped one to one, solve, print pod → node
//   qsched k8s check FILE...      load and report only
//   qsched k8s export             the built-in example as manifests (Nodes, PriorityClasses,
//                                 Deployments, PDBs, an AppGroup) on stdout
// FILE '-' reads stdin.

import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { toManifests } from '../../k8s/export.js';
import { mapObjects, type MappedCluster } from '../../k8s/mapping.js';
import { type KubeObject, parseObjects } from '../../k8s/objects.js';
import { builtinExample } from '../../scheduling/examples.js';
import { DEFAULT_SCHEDULE_OPTIONS } from '../../scheduling/options.js';
import { schedule } from '../../scheduling/schedule.js';
import { SOLVER_NAMES } from '../../scheduling/solvers/index.js';
import { choiceFlag, type Command, intFlag, UsageError } from '../command.js';

/** Reads and parses manifest files ('-' = stdin); a UsageError names the file. */
export function readManifestFiles(files: readonly string[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f === '-' ? 0 : f, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${f}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    try {
      out.push(...parseObjects(text, f));
    } catch (err) {
      throw new UsageError(`${f}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** Loads manifest files and maps them; mapping errors become UsageErrors. */
export function loadManifestFiles(files: readonly string[]): MappedCluster {
  const objects = readManifestFiles(files);
  try {
    return mapObjects(objects);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Multi-document YAML of objects. */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

export const k8sCommand: Command = {
  name: 'k8s',
  summary: 'Kubernetes manifests: schedule, check (report what is not mapped), export the built-in example',
  help: `qsched k8s schedule FILE... [--solver S] [--time-limit MS] [--seed S] [--json]
qsched k8s check FILE... [--json]
qsched k8s export [--namespace NS] [--gate NAME]

  FILE            Kubernetes objects as YAML or JSON (multi-document, List kinds); '-' = stdin
  --solver S      ${SOLVER_NAMES.join(' | ')}   (default ${DEFAULT_SCHEDULE_OPTIONS.solver})
  --time-limit MS solver budget in ms (default ${DEFAULT_SCHEDULE_OPTIONS.timeLimitMs})
  --seed S        seed (default ${DEFAULT_SCHEDULE_OPTIONS.seed})
  --namespace NS  export: namespace of the workloads (default default)
  --gate NAME     export: add this scheduling gate to every pod template (batch controller)`,
  options: {
    solver: { type: 'string', default: DEFAULT_SCHEDULE_OPTIONS.solver },
    'time-limit': { type: 'string', default: String(DEFAULT_SCHEDULE_OPTIONS.timeLimitMs) },
    seed: { type: 'string', default: String(DEFAULT_SCHEDULE_OPTIONS.seed) },
    namespace: { type: 'string', default: 'default' },
    gate: { type: 'string' },
  },
  async run({ values, positionals, json }) {
    const [sub, ...files] = positionals;
    if (sub === 'export') {
      if (files.length > 0) throw new UsageError('export takes no FILE');
      const { cluster, workload } = builtinExample();
      const gate = typeof values.gate === 'string' ? values.gate : undefined;
      process.stdout.write(toYaml(toManifests(cluster, workload, { namespace: String(values.namespace), schedulingGate: gate })));
      return 0;
    }
    if (sub !== 'schedule' && sub !== 'check') throw new UsageError(`expected a subcommand schedule, check or export, got ${sub === undefined ? 'none' : `'${sub}'`}`);
    if (files.length === 0) throw new UsageError(`k8s ${sub} needs at least one FILE`);
    const mapped = loadManifestFiles(files);
    const summary = mapped.report.summary();
    const head = { nodes: mapped.cluster.nodes.length, services: mapped.workload.services.length, pods: mapped.workload.services.reduce((a, s) => a + s.replicas, 0), fixedPods: mapped.fixed.length, boundPods: mapped.bound.length, report: summary };
    if (sub === 'check') {
      if (json) process.stdout.write(JSON.stringify({ ...head, entries: mapped.report.entries }, null, 2) + '\n');
      else process.stdout.write(`${head.nodes} nodes, ${head.services} workloads, ${head.pods} pods; report: ${JSON.stringify(summary)}\n${mapped.report.format()}\n`);
      return 0;
    }
    const solver = choiceFlag('solver', values.solver, SOLVER_NAMES);
    const timeLimitMs = intFlag('time-limit', values['time-limit'], 1, 3_600_000);
    const seed = intFlag('seed', values.seed, 0, 0xffffffff);
    const placement = await schedule(mapped.cluster, mapped.workload, { solver, timeLimitMs, seed, ...(mapped.network !== undefined ? { network: mapped.network } : {}) });
    if (json) {
      process.stdout.write(JSON.stringify({ ...head, entries: mapped.report.entries, placement }, null, 2) + '\n');
    } else {
      const e = placement.energy;
      let text = `qsched k8s schedule: ${head.nodes} nodes, ${head.services} workloads, ${head.pods} pods (${head.fixedPods} fixed pods reserve capacity)\n` +
        `report: ${summary.unknown} unknown fields, ${summary.unsupported} unsupported, ${summary.approximated} approximated, ${summary.ignored} ignored\n` +
        (mapped.report.entries.length > 0 ? mapped.report.format().split('\n').map((l) => `  ${l}`).join('\n') + '\n' : '') +
        `${solver}: feasible ${placement.feasible ? 'yes' : 'NO'}, H ${e.H.toFixed(2)} (R ${e.R.toFixed(2)}, L ${e.L.toFixed(2)}, F ${e.F.toFixed(2)}, C ${e.C.toFixed(3)}), ${e.nodesUsed} nodes used, ${placement.latencyMs.toFixed(0)} ms\n\n`;
      const width = Math.max(3, ...Object.keys(placement.assignment).map((p) => p.length));
      text += Object.entries(placement.assignment).map(([pod, node]) => `${pod.padEnd(width)}  ${node}`).join('\n') + '\n';
      for (const p of placement.unplaced) text += `${p.padEnd(width)}  (unplaced)\n`;
      process.stdout.write(text);
    }
    return placement.feasible ? 0 : 1;
  },
};
