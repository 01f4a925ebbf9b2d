// The built-in example until the scheduling API lands: a seeded random sparse QUBO (degree 10,
// integer weights) and 8 random starting states, improved by batched steepest descent — each
// round one flipDeltas call over all 8 states, then every state flips its most negative delta —
// until no state improves. It runs on every backend and checks they agree exactly.

import type { BackendChoice } from '../../kernels/contract.js';
import { loadKernels } from '../../kernels/node.js';
import { randomSparseModel, randomStates } from '../../qubo/generators.js';
import { BACKEND_CHOICES } from '../../kernels/load.js';
import { choiceFlag, type Command, intFlag } from '../command.js';

export interface DemoResult {
  n: number;
  seed: number;
  reads: number;
  backend: string;
  startEnergies: number[];
  finalEnergies: number[];
  best: number;
  rounds: number;
  ms: Record<string, number>;
  agree: boolean;
  text: string;
}

const READS = 8;

/** Runs the demo on `backend` and, for comparison, on every other backend. */
export async function runDemo(opts: { backend: BackendChoice; seed: number; n: number }): Promise<DemoResult> {
  const model = randomSparseModel({ n: opts.n, degree: 10, seed: opts.seed });
  const main = await loadKernels({ backend: opts.backend });
  const others = await Promise.all((['reference', 'wasm-scalar', 'wasm'] as const).map((b) => loadKernels({ backend: b })));
  const runs = [main, ...others.filter((k) => k.backend !== main.backend)].map((kernels) => {
    const prepared = kernels.prepare(model);
    const states = randomStates(model.n, READS, 'BINARY', opts.seed);
    const start = new Float64Array(READS);
    kernels.energies(prepared, states, READS, start);
    const deltas = new Float64Array(READS * model.n);
    const t0 = performance.now();
    let rounds = 0;
    for (let improved = true; improved; rounds++) {
      improved = false;
      kernels.flipDeltas(prepared, states, READS, deltas);
      for (let s = 0; s < READS; s++) {
        let best = -1;
        let bestDelta = 0;
        for (let i = 0; i < model.n; i++) {
          if (deltas[s * model.n + i] < bestDelta) {
            bestDelta = deltas[s * model.n + i];
            best = i;
          }
        }
        if (best >= 0) {
          states[s * model.n + best] ^= 1;
          improved = true;
        }
      }
    }
    const ms = performance.now() - t0;
    const final = new Float64Array(READS);
    kernels.energies(prepared, states, READS, final);
    prepared.dispose();
    return { backend: kernels.backend, start: [...start], final: [...final], rounds, ms };
  });
  const first = runs[0];
  const agree = runs.every((r) => r.rounds === first.rounds && r.final.every((e, k) => e === first.final[k]));
  const best = Math.min(...first.final);
  const ms = Object.fromEntries(runs.map((r) => [r.backend, Math.round(r.ms * 100) / 100]));
  const text =
    `qsched demo: random sparse QUBO, n = ${model.n}, ${model.cols.length / 2} couplings, seed ${opts.seed}\n` +
    `batched steepest descent, ${READS} reads, ${first.rounds} rounds of the flip-delta kernel on ${first.backend}\n` +
    `  start energies  ${first.start.join(' ')}\n` +
    `  final energies  ${first.final.join(' ')}\n` +
    `  best            ${best}\n` +
    `  time (ms)       ${Object.entries(ms).map(([b, t]) => `${b} ${t}`).join(', ')}\n` +
    `  backends agree  ${agree ? 'yes, bit for bit' : 'NO'}\n`;
  return { n: model.n, seed: opts.seed, reads: READS, backend: first.backend, startEnergies: first.start, finalEnergies: first.final, best, rounds: first.rounds, ms, agree, text };
}

export const demo: Command = {
  name: 'demo',
  summary: 'built-in kernel example: seeded sparse QUBO, batched steepest descent, every backend checked',
  help: `qsched demo [--n N] [--seed S] [--backend B] [--json]`,
  options: {
    backend: { type: 'string', default: 'auto' },
    seed: { type: 'string', default: '1' },
    n: { type: 'string', default: '2000' },
  },
  async run({ values, json }) {
    const backend = choiceFlag('backend', values.backend, BACKEND_CHOICES) as BackendChoice;
    const seed = intFlag('seed', values.seed, 0, 0xffffffff);
    const n = intFlag('n', values.n, 2, 1 << 20);
    const result = await runDemo({ backend, seed, n });
    process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : result.text);
    return result.agree ? 0 : 1;
  },
};
