// `qsched k8s` (src/cli/commands/k8s.ts) end to end on the example manifests: export writes
// what the example file holds, check reports, schedule places every pod; usage errors name the
// problem. The extender and controller commands are long-running servers; their logic is tested
// in k8s-extender/k8s-controller.test.ts.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { k8sCommand } from '../src/cli/commands/k8s.js';
import { parseObjects } from '../src/k8s/objects.js';

const EXAMPLE = fileURLToPath(new URL('../examples/k8s/builtin.yaml', import.meta.url));
const defaults = Object.fromEntries(Object.entries(k8sCommand.options).map(([k, o]) => [k, (o as { default?: string }).default]));

async function run(positionals: string[], values: Record<string, string> = {}, json = true): Promise<{ code: number; out: string }> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const code = await k8sCommand.run({ values: { ...defaults, ...values }, positionals, json, tty: false });
  const out = spy.mock.calls.map((c) => String(c[0])).join('');
  spy.mockRestore();
  return { code, out };
}
afterEach(() => vi.restoreAllMocks());

describe('qsched k8s', () => {
  it('export → the example file; check → counts and the report', async () => {
    const exported = await run(['export'], {}, false);
    expect(parseObjects(exported.out)).toEqual(parseObjects(readFileSync(EXAMPLE, 'utf8')));
    const check = JSON.parse((await run(['check', EXAMPLE])).out);
    expect(check).toMatchObject({ nodes: 40, services: 87, fixedPods: 0, report: { unknown: 0, unsupported: 0, approximated: 1, ignored: 0 } });
  });

  it('schedule places every pod of the example', async () => {
    const r = await run(['schedule', EXAMPLE], { 'time-limit': '800', seed: '2' });
    const out = JSON.parse(r.out);
    expect(r.code).toBe(0);
    expect(out.placement.feasible).toBe(true);
    expect(Object.keys(out.placement.assignment).length).toBe(out.pods);
    const text = await run(['schedule', EXAMPLE], { 'time-limit': '300', solver: 'greedy' }, false);
    expect(text.out).toMatch(/qsched k8s schedule: 40 nodes, 87 workloads, \d+ pods/);
    expect(text.out).toMatch(/^ms-0000-0 +node-\d{3}$/m);
  }, 60_000);

  it('usage errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsched-k8s-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: Deployment\nmetadata: {name: x}\nspec: {replicas: -2}\n');
    await expect(run(['schedule'])).rejects.toThrow(/needs at least one FILE/);
    await expect(run(['frobnicate'])).rejects.toThrow(/expected a subcommand schedule, check or export/);
    await expect(run(['check', join(dir, 'missing.yaml')])).rejects.toThrow(/cannot read .*missing.yaml: ENOENT/);
    await expect(run(['check', bad])).rejects.toThrow(/Deployment default\/x spec.replicas must be an integer >= 0, got -2/);
  });
});
