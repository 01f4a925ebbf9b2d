// `qsched sample FILE`: runs one sampler on a model file and prints the best energy (and, for
// Gset and OR-Library files, the cut or the maximum in the file's own sense), the timings, the
// stop reason and the reproducibility manifest. On a terminal a progress line goes to stderr.

import { SAMPLER_NAMES, type SamplerName } from '../../solve/types.js';
import { samplers } from '../../solve/node.js';
import { BACKEND_CHOICES } from '../../kernels/load.js';
import type { BackendChoice } from '../../kernels/contract.js';
import { choiceFlag, type Command, intFlag, numberFlag, UsageError } from '../command.js';
import { CLI_FORMATS, loadModel } from '../modelfile.js';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'run a sampler on a model file (Gset, OR-Library BQP, BiqMac, COO, JSON)',
  help: `qsched sample FILE --format ${CLI_FORMATS.join('|')} [--instance K] [--sampler ${SAMPLER_NAMES.join('|')}]
        [--reads N] [--sweeps N] [--time-limit MS] [--target E] [--seed S] [--workers N] [--backend B] [--json]

  --instance K    problem K (1-based) of a multi-problem OR-Library file (default 1)
  --sampler S     default sa
  --target E      stop when a read reaches energy E (the model's energy, not the cut)
  --time-limit MS wall-clock budget, checked inside reads`,
  options: {
    format: { type: 'string' },
    instance: { type: 'string', default: '1' },
    sampler: { type: 'string', default: 'sa' },
    reads: { type: 'string' },
    sweeps: { type: 'string' },
    'time-limit': { type: 'string' },
    target: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'auto' },
  },
  async run({ values, positionals, json, tty }) {
    if (positionals.length !== 1) throw new UsageError('expected one FILE');
    if (values.format === undefined) throw new UsageError(`--format is required (${CLI_FORMATS.join(', ')})`);
    const format = choiceFlag('format', values.format, CLI_FORMATS);
    const sampler = choiceFlag('sampler', values.sampler, SAMPLER_NAMES) as SamplerName;
    const loaded = await loadModel(positionals[0], format, intFlag('instance', values.instance, 1, 1e6));
    const options: Record<string, unknown> = {
      backend: choiceFlag('backend', values.backend, BACKEND_CHOICES) as BackendChoice,
      workers: intFlag('workers', values.workers, 1, 256),
    };
    if (values.reads !== undefined) options.reads = intFlag('reads', values.reads, 1, 1e7);
    if (values.sweeps !== undefined) options.sweeps = intFlag('sweeps', values.sweeps, 1, 1e9);
    if (values['time-limit'] !== undefined) options.timeLimitMs = numberFlag('time-limit', values['time-limit'], 0);
    if (values.target !== undefined) options.target = numberFlag('target', values.target);
    if (values.seed !== undefined) options.seed = intFlag('seed', values.seed, 0, 0xffffffff);
    if (tty && !json) {
      options.onProgress = (p: { bestEnergy: number; elapsedMs: number; sweep: number }) => {
        process.stderr.write(`\r  ${sampler}: best ${p.bestEnergy}  ${(p.elapsedMs / 1000).toFixed(1)} s  sweep ${p.sweep}   `);
      };
    }
    const ss = await samplers[sampler].sample(loaded.model, options as never);
    if (tty && !json) process.stderr.write('\r\x1b[K');
    const info = ss.info;
    if (info === null) throw new Error('the sampler returned no info');
    const best = ss.first.energy;
    const result = {
      file: loaded.name,
      sampler,
      n: loaded.model.n,
      bestEnergy: best,
      ...(loaded.objective ? { [loaded.objectiveName!]: loaded.objective(best) } : {}),
      stopReason: info.stopReason,
      timingMs: { total: info.timing.total / 1e6, sampling: info.timing.sampling / 1e6 },
      reads: ss.size,
      manifest: info.manifest,
    };
    if (json) process.stdout.write(JSON.stringify({ ...result, sample: ss.first.sample() }, null, 2) + '\n');
    else {
      process.stdout.write(
        `${loaded.name}: ${loaded.model.n} variables, sampler ${sampler} on ${info.manifest.backend}, seed ${info.manifest.seed}\n` +
          `  best energy   ${best}\n` +
          (loaded.objective ? `  ${loaded.objectiveName!.padEnd(13)} ${loaded.objective(best)}\n` : '') +
          `  stop reason   ${info.stopReason}\n` +
          `  time          ${result.timingMs.total.toFixed(1)} ms (sampling ${result.timingMs.sampling.toFixed(1)} ms)\n` +
          `  params        ${JSON.stringify(info.manifest.params)}\n`,
      );
    }
    return 0;
  },
};
