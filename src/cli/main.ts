#!/usr/bin/env node
// The qsched command. Subcommands: info (version, backend, SIMD, workers, WASM build hash) and
// demo (the built-in example: a seeded sparse QUBO solved by batched steepest descent on the
// flip-delta kernel, checked against every backend). `--json` prints machine-readable output.
// Exit codes: 0 ok, 1 runtime failure, 2 usage error.

import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { BACKEND_CHOICES } from '../kernels/load.js';
import { VERSION } from '../version.js';
import { runDemo } from './demo.js';
import { collectInfo } from './info.js';

const HELP = `qsched ${VERSION} — quantum-inspired optimization engine (WASM SIMD kernels)

Usage: qsched <command> [options]

Commands:
  info             version, kernel backend in use, SIMD, worker count, WASM build hash
  demo             built-in example: seeded sparse QUBO, batched steepest descent on
                   the flip-delta kernel, checked against every backend (default)

Options:
  --backend B      auto | wasm | wasm-scalar | reference   (default auto)
  --workers N      worker threads for parallel work        (default: cores = ${availableParallelism()})
  --seed S         seed of the demo instance               (default 1)
  --n N            variables in the demo instance          (default 2000)
  --json           print JSON instead of text
  -h, --help       show this help
  -v, --version    print the version
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        backend: { type: 'string', default: 'auto' },
        workers: { type: 'string' },
        seed: { type: 'string', default: '1' },
        n: { type: 'string', default: '2000' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(values.json ? JSON.stringify({ version: VERSION }) + '\n' : VERSION + '\n');
    return 0;
  }
  const backend = values.backend as string;
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${backend}'`);
  }
  const workers = values.workers === undefined ? availableParallelism() : intOption('--workers', values.workers, 1, 256);
  const command = positionals[0] ?? 'demo';
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  switch (command) {
    case 'info': {
      const info = await collectInfo(backend as never, workers);
      process.stdout.write(values.json ? JSON.stringify(info, null, 2) + '\n' : formatRecord(info));
      return 0;
    }
    case 'demo': {
      const seed = intOption('--seed', values.seed as string, 0, 0xffffffff);
      const n = intOption('--n', values.n as string, 2, 1 << 20);
      const result = await runDemo({ backend: backend as never, seed, n });
      process.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : result.text);
      return result.agree ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown command '${command}' (try --help)`);
  }
}

function intOption(name: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  }
  return v;
}

function formatRecord(record: object): string {
  const rows = Object.entries(record);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\n') + '\n';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError;
    process.stderr.write(`qsched: ${usage ? '' : 'error: '}${(err as Error)?.message ?? err}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
