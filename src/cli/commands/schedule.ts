// `qsched schedule [FILE]`: places a workload on a cluster and prints the chosen solver beside
// a baseline (the kube-scheduler-like greedy by default). Without FILE it runs the built-in
// example (≈200 pods, 40 nodes, 3 zones, generated from a fixed seed) — what `npm start` shows.
// FILE is JSON or YAML holding { cluster, workload }.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinExample } from '../../scheduling/examples.js';
import { schedule } from '../../scheduling/node.js';
import { SOLVER_NAMES } from '../../scheduling/solvers/index.js';
import { DEFAULT_SCHEDULE_OPTIONS } from '../../scheduling/options.js';
import type { Cluster, Placement, Workload } from '../../scheduling/types.js';
import { choiceFlag, type Command, intFlag, UsageError } from '../command.js';
import { readStructured } from '../input.js';

interface Row {
  solver: string;
  feasible: boolean;
  H: number;
  R: number;
  L: number;
  F: number;
  C: number;
  nodesUsed: number;
  unplaced: number;
  latencyMs: number;
}

function row(solver: string, p: Placement): Row {
  const e = p.energy;
  return { solver, feasible: p.feasible, H: e.H, R: e.R, L: e.L, F: e.F, C: e.C, nodesUsed: e.nodesUsed, unplaced: p.unplaced.length, latencyMs: p.latencyMs };
}

function table(rows: Row[]): string {
  const head = ['solver', 'feasible', 'H', 'R (frag)', 'L (latency)', 'F (fault)', 'C (viol.)', 'nodes', 'unplaced', 'ms'];
  const cells = rows.map((r) => [r.solver, r.feasible ? 'yes' : 'NO', r.H.toFixed(1), r.R.toFixed(1), r.L.toFixed(1), r.F.toFixed(1), r.C.toFixed(2), String(r.nodesUsed), String(r.unplaced), r.latencyMs.toFixed(0)]);
  const widths = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k].length)));
  const line = (c: string[]) => c.map((x, k) => (k === 0 ? x.padEnd(widths[k]) : x.padStart(widths[k]))).join('  ');
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}

function loadInstance(file: string | undefined): { cluster: Cluster; workload: Workload; name: string } {
  if (file === undefined) return { ...builtinExample(), name: 'built-in example' };
  const doc = readStructured(file) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object' || !('cluster' in doc) || !('workload' in doc)) {
    throw new UsageError(`${file}: expected an object with 'cluster' and 'workload'`);
  }
  return { cluster: doc.cluster as Cluster, workload: doc.workload as Workload, name: file };
}

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'place a workload on a cluster (default: the built-in example), beside a baseline',
  help: `qsched schedule [FILE.json|yaml] [--solver S] [--compare S1,S2|none] [--time-limit MS] [--seed S] [--workers N] [--output PLACEMENT.json] [--json]

  FILE            { cluster, workload } as JSON or YAML; omitted: the built-in example
  --solver S      ${SOLVER_NAMES.join(' | ')}   (default ${DEFAULT_SCHEDULE_OPTIONS.solver})
  --compare LIST  baselines printed beside it (default greedy; 'none' for none)
  --time-limit MS solver budget in ms (default ${DEFAULT_SCHEDULE_OPTIONS.timeLimitMs})
  --seed S        seed (default ${DEFAULT_SCHEDULE_OPTIONS.seed})
  --workers N     worker threads for independent chains (default 1; same placement for any N)
  --output FILE   write the chosen solver's full placement as JSON (input of qsched evaluate)`,
  options: {
    solver: { type: 'string', default: DEFAULT_SCHEDULE_OPTIONS.solver },
    compare: { type: 'string', default: 'greedy' },
    'time-limit': { type: 'string', default: String(DEFAULT_SCHEDULE_OPTIONS.timeLimitMs) },
    seed: { type: 'string', default: String(DEFAULT_SCHEDULE_OPTIONS.seed) },
    workers: { type: 'string', default: String(DEFAULT_SCHEDULE_OPTIONS.workers) },
    output: { type: 'string' },
  },
  async run({ values, positionals, json }) {
    if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
    const solver = choiceFlag('solver', values.solver, SOLVER_NAMES);
    const compare = values.compare === 'none' ? [] : String(values.compare).split(',').map((s) => choiceFlag('compare', s, SOLVER_NAMES));
    const timeLimitMs = intFlag('time-limit', values['time-limit'], 1, 3_600_000);
    const seed = intFlag('seed', values.seed, 0, 0xffffffff);
    const workers = intFlag('workers', values.workers, 1, 256);
    const { cluster, workload, name } = loadInstance(positionals[0]);
    const main = await schedule(cluster, workload, { solver, timeLimitMs, seed, workers });
    const rows = [row(solver, main)];
    for (const other of compare.filter((s) => s !== solver)) rows.push(row(other, await schedule(cluster, workload, { solver: other, timeLimitMs, seed })));
    if (typeof values.output === 'string') writeFileSync(values.output, JSON.stringify({ cluster, workload, placement: main }, null, 2) + '\n');
    if (json) {
      // `input` (absolute path, null for the built-in example) lets `qsched evaluate` find the instance again
      const input = positionals[0] === undefined ? null : resolve(positionals[0]);
      process.stdout.write(JSON.stringify({ instance: name, input, results: rows, placement: main }, null, 2) + '\n');
    } else {
      const pods = Object.keys(main.assignment).length + main.unplaced.length;
      let text = `qsched schedule: ${name} — ${pods} pods, ${cluster.nodes.length} nodes, seed ${seed}\n` +
        `H = λ1·R + λ2·L + λ3·F + μ·C (lower is better)\n\n` + table(rows);
      if (!main.feasible) {
        text += `\n${solver} could not place everything; blocking constraints:\n` +
          main.blocking.slice(0, 20).map((v) => `  - ${v.constraint}${v.pod ? ` ${v.pod}` : ''}${v.node ? ` on ${v.node}` : ''}: ${v.detail}`).join('\n') + '\n';
      }
      process.stdout.write(text);
    }
    return main.feasible ? 0 : 1;
  },
};
