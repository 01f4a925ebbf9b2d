// `qsched bench FILE`: the same instance through every sampler × backend combination, `reps`
// repetitions each, with the statistics the field reports: success probability against a target
// (Wilson 95% interval), time-to-solution at 99% (bootstrap interval over repetitions) and
// residual energy (Student-t interval). Prints a table and writes JSON and CSV.

import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BackendChoice } from '../../kernels/contract.js';
import { BACKEND_CHOICES } from '../../kernels/load.js';
import { samplers } from '../../solve/node.js';
import { bootstrapTimeToSolution, residualEnergy, successProbability } from '../../solve/stats.js';
import { SAMPLER_NAMES, type SamplerName } from '../../solve/types.js';
import type { SampleSet } from '../../solve/sampleset.js';
import { choiceFlag, type Command, intFlag, numberFlag, UsageError } from '../command.js';
import { CLI_FORMATS, loadModel } from '../modelfile.js';

interface Cell {
  sampler: string;
  backend: string;
  reps: number;
  readsPerRep: number;
  target: number;
  p: number;
  pLow: number;
  pHigh: number;
  ttsMs: number;
  ttsLowMs: number;
  ttsHighMs: number;
  residual: number;
  residualLow: number;
  residualHigh: number;
  bestEnergy: number;
  meanRepMs: number;
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'compare samplers × backends on one instance: success probability, TTS99, residual energy',
  help: `qsched bench FILE --format ${CLI_FORMATS.join('|')} [--instance K] [--samplers sa,sqa,pt,tabu] [--backends wasm,wasm-scalar,reference]
        [--reps N] [--reads N] [--sweeps N] [--target E] [--out PREFIX] [--json]

  --target E   success means a read reaching energy ≤ E (default: the best energy any run found)
  --out PREFIX writes PREFIX.json and PREFIX.csv (default bench-<file>)`,
  options: {
    format: { type: 'string' },
    instance: { type: 'string', default: '1' },
    samplers: { type: 'string', default: 'sa,sqa,pt,tabu' },
    backends: { type: 'string', default: 'wasm,wasm-scalar,reference' },
    reps: { type: 'string', default: '5' },
    reads: { type: 'string', default: '10' },
    sweeps: { type: 'string' },
    target: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, positionals, json }) {
    if (positionals.length !== 1) throw new UsageError('expected one FILE');
    if (values.format === undefined) throw new UsageError(`--format is required (${CLI_FORMATS.join(', ')})`);
    const format = choiceFlag('format', values.format, CLI_FORMATS);
    const names = String(values.samplers).split(',').map((s) => choiceFlag('samplers', s, SAMPLER_NAMES) as SamplerName);
    const backends = String(values.backends).split(',').map((b) => choiceFlag('backends', b, BACKEND_CHOICES) as BackendChoice);
    const reps = intFlag('reps', values.reps, 1, 10_000);
    const reads = intFlag('reads', values.reads, 1, 1e6);
    const sweeps = values.sweeps === undefined ? undefined : intFlag('sweeps', values.sweeps, 1, 1e9);
    const loaded = await loadModel(positionals[0], format, intFlag('instance', values.instance, 1, 1e6));
    const runs: Array<{ sampler: SamplerName; backend: BackendChoice; sets: SampleSet[]; ms: number[] }> = [];
    for (const sampler of names) {
      for (const backend of backends) {
        const sets: SampleSet[] = [];
        const ms: number[] = [];
        for (let r = 0; r < reps; r++) {
          const options: Record<string, unknown> = { backend, seed: r + 1 };
          if (sampler !== 'greedy' && sampler !== 'exact') options.reads = reads;
          if (sweeps !== undefined && (sampler === 'sa' || sampler === 'sqa' || sampler === 'pt')) options.sweeps = sweeps;
          const t0 = performance.now();
          sets.push(await samplers[sampler].sample(loaded.model, options as never));
          ms.push(performance.now() - t0);
        }
        runs.push({ sampler, backend, sets, ms });
        if (!json) process.stderr.write('.');
      }
    }
    const target = values.target !== undefined ? numberFlag('target', values.target) : Math.min(...runs.flatMap((r) => r.sets.map((s) => s.first.energy)));
    const cells: Cell[] = runs.map(({ sampler, backend, sets, ms }) => {
      const energies = sets.flatMap((s) => [...s.energies].flatMap((e, k) => Array<number>(s.occurrences[k]).fill(e)));
      const p = successProbability(energies, target);
      const readsPerRep = energies.length / reps;
      const tts = bootstrapTimeToSolution(sets.map((s, k) => ({ tau: ms[k] / readsPerRep, trials: readsPerRep, successes: successProbability(s, target).successes })), { seed: 1 });
      const res = residualEnergy(energies, target);
      return { sampler, backend: sets[0].info?.manifest.backend ?? backend, reps, readsPerRep, target, p: p.value, pLow: p.low, pHigh: p.high, ttsMs: tts.value, ttsLowMs: tts.low, ttsHighMs: tts.high, residual: res.value, residualLow: res.low, residualHigh: res.high, bestEnergy: Math.min(...sets.map((s) => s.first.energy)), meanRepMs: ms.reduce((a, b) => a + b, 0) / reps };
    });
    const prefix = typeof values.out === 'string' ? values.out : `bench-${basename(positionals[0]).replace(/\.[^.]*$/, '')}`;
    const header = Object.keys(cells[0]);
    writeFileSync(`${prefix}.json`, JSON.stringify({ file: loaded.name, n: loaded.model.n, target, cells }, null, 2) + '\n');
    writeFileSync(`${prefix}.csv`, [header.join(','), ...cells.map((c) => header.map((h) => String(c[h as keyof Cell])).join(','))].join('\n') + '\n');
    if (json) {
      process.stdout.write(JSON.stringify({ file: loaded.name, target, cells }, null, 2) + '\n');
      return 0;
    }
    const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '∞');
    const lines = [`\n${loaded.name}: n = ${loaded.model.n}, target energy ${target}${loaded.objective ? ` (${loaded.objectiveName} ${loaded.objective(target)})` : ''}, ${reps} reps × ${cells[0].readsPerRep} reads`, ''];
    lines.push(['sampler', 'backend', 'p [95% CI]', 'TTS99 ms [95% CI]', 'residual [95% CI]', 'ms/rep'].map((h, k) => (k < 2 ? h.padEnd(12) : h.padStart(22))).join(''));
    for (const c of cells) {
      lines.push(c.sampler.padEnd(12) + c.backend.padEnd(12) + [`${f(c.p, 2)} [${f(c.pLow, 2)}, ${f(c.pHigh, 2)}]`, `${f(c.ttsMs)} [${f(c.ttsLowMs)}, ${f(c.ttsHighMs)}]`, `${f(c.residual, 2)} [${f(c.residualLow, 2)}, ${f(c.residualHigh, 2)}]`, f(c.meanRepMs)].map((x) => x.padStart(22)).join(''));
    }
    lines.push('', `wrote ${prefix}.json and ${prefix}.csv`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
