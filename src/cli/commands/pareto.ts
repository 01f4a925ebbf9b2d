// `qsched pareto [FILE]`: the Pareto front of (R, L, F) for a problem (default: the built-in
// example): anchors, a weighted-sum sweep and ε-constraint runs; prints the front, its
// hypervolume against the stated reference point and the knee; --svg writes a plot.

import { writeFileSync } from 'node:fs';
import { builtinExample } from '../../scheduling/examples.js';
import { schedule } from '../../scheduling/node.js';
import { pareto, paretoSvg } from '../../scheduling/pareto/index.js';
import type { Cluster, Workload } from '../../scheduling/types.js';
import { type Command, intFlag, UsageError } from '../command.js';
import { readStructured } from '../input.js';

export const paretoCommand: Command = {
  name: 'pareto',
  summary: 'Pareto front of resource use R, latency L and fault exposure F (hypervolume, knee, SVG plot)',
  help: `qsched pareto [FILE.json|yaml] [--points N] [--time-limit MS] [--sweeps S] [--seed S] [--svg FILE] [--json]

  FILE            { cluster, workload }; omitted: the built-in example
  --points N      weighted-sum points (default 12); ε-constraint runs: N/2
  --time-limit MS budget per run (default 1000)
  --sweeps S      sa sweeps per pod in each run (default 300; the step count makes runs reproducible)
  --svg FILE      write the front as an SVG plot (three projections, knee ringed)`,
  options: {
    points: { type: 'string', default: '12' },
    'time-limit': { type: 'string', default: '1000' },
    sweeps: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    svg: { type: 'string' },
  },
  async run({ values, positionals, json }) {
    if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
    let cluster: Cluster;
    let workload: Workload;
    if (positionals[0] === undefined) ({ cluster, workload } = builtinExample());
    else {
      const doc = readStructured(positionals[0]) as Record<string, unknown> | null;
      if (doc === null || typeof doc !== 'object' || !('cluster' in doc) || !('workload' in doc)) throw new UsageError(`${positionals[0]}: expected an object with 'cluster' and 'workload'`);
      cluster = doc.cluster as Cluster;
      workload = doc.workload as Workload;
    }
    const sweeps = intFlag('sweeps', values.sweeps, 1, 1_000_000);
    const r = await pareto(cluster, workload, {
      points: intFlag('points', values.points, 1, 1000), timeLimitMs: intFlag('time-limit', values['time-limit'], 1, 3_600_000),
      seed: intFlag('seed', values.seed, 0, 0xffffffff), params: { sweeps }, epsilonSweeps: sweeps, schedule,
    });
    if (typeof values.svg === 'string') writeFileSync(values.svg, paretoSvg(r, positionals[0] ?? 'built-in example'));
    if (json) {
      process.stdout.write(JSON.stringify({ ...r, front: r.front.map(({ assignment: _a, ...p }) => p), knee: r.knee && { R: r.knee.R, L: r.knee.L, F: r.knee.F, source: r.knee.source, assignment: r.knee.assignment } }, null, 2) + '\n');
    } else {
      let text = `qsched pareto: ${r.front.length} non-dominated placements from ${r.runs} runs in ${(r.elapsedMs / 1000).toFixed(1)} s\n` +
        `hypervolume ${r.hypervolume.toPrecision(6)} (normalised ${r.hypervolumeNormalised.toFixed(4)}) against reference [${r.reference.map((v) => v.toPrecision(5)).join(', ')}]\n` +
        `single-objective optima (anchors): R ${r.optima.R.toFixed(3)}, L ${r.optima.L.toFixed(3)}, F ${r.optima.F.toFixed(3)}\n\n` +
        `${'R'.padStart(10)}${'L'.padStart(10)}${'F'.padStart(10)}  source\n`;
      for (const p of r.front) text += `${p.R.toFixed(3).padStart(10)}${p.L.toFixed(3).padStart(10)}${p.F.toFixed(1).padStart(10)}  ${p.source}${p === r.knee ? '   ← knee' : ''}\n`;
      process.stdout.write(text);
    }
    return 0;
  },
};
