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

describe('qsched extender (built command, child process)', () => {
  const built = fileURLToPath(new URL('../dist/src/cli/commands/extender.js', import.meta.url));
  it('serves a snapshot offline: ready, filter in both modes, metrics; exits 0 on SIGTERM', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(built), `${built} missing: run npm run build`).toBe(true);
    const { spawn } = await import('node:child_process');
    const script = `import(${JSON.stringify(built)}).then((m) => m.extenderCommand.run({ values: { port: '0', host: '127.0.0.1', 'url-prefix': '/scheduler', snapshot: [${JSON.stringify(EXAMPLE)}], bind: false, 'budget-ms': '1000', solver: 'sa', 'time-limit': '500', seed: '1', 'replan-s': '600', 'body-limit': '1048576', 'log-level': 'info' }, positionals: [], json: false, tty: false })).then((code) => process.exit(code))`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += String(b); });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 'extender listening' line: ${out}`)), 30_000);
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`extender exited with ${code} before listening: ${err}${out}`)); });
      child.stdout.on('data', (b: Buffer) => {
        out += String(b);
        const m = /"address":\{[^}]*"port":(\d+)/.exec(out);
        if (m !== null) { clearTimeout(timer); resolve(Number(m[1])); }
      });
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const example = parseObjects(readFileSync(EXAMPLE, 'utf8'));
    const nodes = example.filter((o) => o.kind === 'Node');
    const web = { metadata: { name: 'ms-0003-x', namespace: 'default', uid: 'u-x', labels: { app: 'ms-0003' } }, spec: { containers: [{ name: 'app', resources: { requests: { cpu: '100m' } } }] } };
    const names = await (await fetch(`${base}/scheduler/prioritize`, { method: 'POST', body: JSON.stringify({ Pod: web, NodeNames: nodes.map((n) => n.metadata?.name) }) })).json();
    expect(names).toHaveLength(40);
    const list = await (await fetch(`${base}/scheduler/filter`, { method: 'POST', body: JSON.stringify({ Pod: web, Nodes: { items: nodes } }) })).json();
    expect(list.Nodes.items.length + Object.keys(list.FailedNodes).length).toBe(40);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/qsched_plan_energy\{term="H"\} \d/);
    expect(metrics).toMatch(/qsched_pool_utilisation\{resource="cpu"\} 0\.\d+/);
    expect(metrics).toMatch(/process_resident_memory_bytes/);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(out).toMatch(/"msg":"snapshot loaded"/);
  }, 60_000);
});
