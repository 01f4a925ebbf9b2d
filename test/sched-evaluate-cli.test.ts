// `qsched evaluate` (src/cli/commands/evaluate.ts) on the outputs of `qsched schedule`: the
// --json output of the built-in example, an --output file that embeds its instance, a plain
// { pod: node } map with --input; its figures equal evaluatePlacement's; bad files name the problem.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Command } from '../src/cli/command.js';
import { evaluateCommand } from '../src/cli/commands/evaluate.js';
import { scheduleCommand } from '../src/cli/commands/schedule.js';
import { evaluatePlacement } from '../src/scheduling/evaluate/index.js';
import { builtinExample } from '../src/scheduling/examples.js';
import { generateInstance } from '../src/scheduling/generators.js';

const dir = mkdtempSync(join(tmpdir(), 'qsched-evaluate-'));
async function run(cmd: Command, positionals: string[], values: Record<string, string>, json = true): Promise<{ code: number; out: string }> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const defaults = Object.fromEntries(Object.entries(cmd.options).map(([k, o]) => [k, (o as { default?: string }).default]));
  try {
    const code = await cmd.run({ values: { ...defaults, ...values }, positionals, json, tty: false });
    return { code, out: spy.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    spy.mockRestore();
  }
}
afterEach(() => vi.restoreAllMocks());

describe('qsched evaluate', () => {
  it('evaluates the --json output of qsched schedule on the built-in example', async () => {
    const s = await run(scheduleCommand, [], { 'time-limit': '500', compare: 'none' });
    expect(s.code).toBe(0);
    const out = JSON.parse(s.out);
    expect(out.input).toBeNull();
    const f = join(dir, 'builtin.json');
    writeFileSync(f, s.out);
    const e = JSON.parse((await run(evaluateCommand, [f], {})).out);
    const { cluster, workload } = builtinExample();
    expect(e.input).toBe('built-in example');
    expect(e.evaluation).toEqual(JSON.parse(JSON.stringify(evaluatePlacement(cluster, workload, out.placement))));
    expect(e.evaluation.nodesUsed).toBe(out.placement.energy.nodesUsed);
    const text = (await run(evaluateCommand, [f], {}, false)).out;
    expect(text).toMatch(/^qsched evaluate: 200\/200 pods placed on \d+\/\d+ nodes \(built-in example\)/);
    expect(text).toMatch(/modelled latency\s+p50 [\d.]+ ms, p99 [\d.]+ ms/);
  });

  it('finds the instance in an --output file, through the recorded input path, or from --input', async () => {
    const inst = generateInstance({ pods: 60, seed: 4 });
    const input = join(dir, 'inst.json');
    writeFileSync(input, JSON.stringify(inst));
    const output = join(dir, 'out.json');
    const s = await run(scheduleCommand, [input], { 'time-limit': '300', compare: 'none', output });
    const scheduled = JSON.parse(s.out);
    expect(scheduled.input).toBe(input);
    const want = JSON.parse(JSON.stringify(evaluatePlacement(inst.cluster, inst.workload, scheduled.placement, { seed: 3 })));
    const viaOutput = JSON.parse((await run(evaluateCommand, [output], { seed: '3' })).out);
    expect(viaOutput.evaluation).toEqual(want);
    const json = join(dir, 'json.json');
    writeFileSync(json, s.out);
    expect(JSON.parse((await run(evaluateCommand, [json], { seed: '3' })).out).evaluation).toEqual(want);
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify(scheduled.placement.assignment));
    const viaInput = JSON.parse((await run(evaluateCommand, [plain], { seed: '3', input })).out);
    expect(viaInput.input).toBe(input);
    expect(viaInput.evaluation).toEqual(want);
    expect(JSON.parse(readFileSync(output, 'utf8')).placement.assignment).toEqual(scheduled.placement.assignment);
  });

  it('bad placements and flags are errors that name the problem', async () => {
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ 'nope-0': 'node-0' }));
    await expect(run(evaluateCommand, [f], {})).rejects.toThrow(/placement\["nope-0"\]: no service of the workload has a pod named "nope-0"/);
    const g = join(dir, 'array.json');
    writeFileSync(g, '[1, 2]');
    await expect(run(evaluateCommand, [g], {})).rejects.toThrow(/expected a JSON\/YAML object/);
    await expect(run(evaluateCommand, [], {})).rejects.toThrow(/expected one PLACEMENT file, got 0/);
    await expect(run(evaluateCommand, [f], { 'cpu-load': '2' })).rejects.toThrow(/--cpu-load must be in \[0, 1\]/);
    await expect(run(evaluateCommand, [join(dir, 'missing.json')], {})).rejects.toThrow(/cannot read/);
  });
});
