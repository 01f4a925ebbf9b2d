#!/usr/bin/env node
// The qsched command: dispatches to one of the subcommands in commands/. Global flags: --json,
// -h/--help (also per command), -v/--version. Exit codes: 0 ok, 1 runtime failure, 2 usage error.

import { parseArgs } from 'node:util';
import { VERSION } from '../version.js';
import { type Command, UsageError } from './command.js';
import { benchCommand } from './commands/bench.js';
import { controllerCommand } from './commands/controller.js';
import { demo } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { extenderCommand } from './commands/extender.js';
import { info } from './commands/info.js';
import { k8sCommand } from './commands/k8s.js';
import { paretoCommand } from './commands/pareto.js';
import { circuitCommand, qaoaCommand, vqeCommand } from './commands/quantum.js';
import { replayCommand } from './commands/replay.js';
import { rescheduleCommand } from './commands/reschedule.js';
import { sampleCommand } from './commands/sample.js';
import { scheduleCommand } from './commands/schedule.js';

const COMMANDS: readonly Command[] = [scheduleCommand, evaluateCommand, rescheduleCommand, paretoCommand, replayCommand, k8sCommand, extenderCommand, controllerCommand, sampleCommand, qaoaCommand, vqeCommand, circuitCommand, benchCommand, info, demo];
const DEFAULT_COMMAND = 'schedule';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return (
    `qsched ${VERSION} — quantum-inspired optimization engine (WASM SIMD kernels)\n\n` +
    `Usage: qsched <command> [options]      (no command: ${DEFAULT_COMMAND})\n\nCommands:\n` +
    COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n') +
    `\n\nGlobal options:\n  --json          print JSON instead of text\n  -h, --help      help (qsched <command> --help for a command's options)\n  -v, --version   print the version\n`
  );
}

async function main(argv: string[]): Promise<number> {
  const first = argv.find((a) => !a.startsWith('-'));
  const command = COMMANDS.find((c) => c.name === (first ?? DEFAULT_COMMAND));
  if (first !== undefined && command === undefined) throw new UsageError(`unknown command '${first}' (try --help)`);
  const args = first === undefined ? argv : argv.filter((a, k) => k !== argv.indexOf(first));
  // `--target -4072`: parseArgs would read -4072 as a flag; join negative numbers to their option
  const stringOptions = new Set(Object.entries(command!.options).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));
  const joined: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (stringOptions.has(args[k]) && /^-\d|^-\.\d/.test(args[k + 1] ?? '')) joined.push(`${args[k]}=${args[++k]}`);
    else joined.push(args[k]);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: joined,
      allowPositionals: true,
      options: {
        ...command!.options,
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(values.json ? JSON.stringify({ version: VERSION }) + '\n' : VERSION + '\n');
    return 0;
  }
  if (values.help) {
    process.stdout.write(first === undefined ? overview() : `Usage: ${command!.help}\n\n${command!.summary}\n`);
    return 0;
  }
  return command!.run({ values, positionals, json: values.json === true, tty: process.stdout.isTTY === true });
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
