// `qsched reschedule` end to end on files: a node failure, a chain of events, a bad event.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rescheduleCommand } from '../src/cli/commands/reschedule.js';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { compile } from '../src/scheduling/compile.js';
import { generateInstance } from '../src/scheduling/generators.js';

const dir = mkdtempSync(join(tmpdir(), 'qsched-resched-'));
async function run(positionals: string[], values: Record<string, string> = {}): Promise<{ code: number; out: Record<string, unknown> }> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const defaults = Object.fromEntries(Object.entries(rescheduleCommand.options).map(([k, o]) => [k, (o as { default?: string }).default]));
  const code = await rescheduleCommand.run({ values: { ...defaults, ...values }, positionals, json: true, tty: false });
  const text = String(spy.mock.calls.map((c) => c[0]).join(''));
  spy.mockRestore();
  return { code, out: JSON.parse(text) };
}
afterEach(() => vi.restoreAllMocks());

describe('qsched reschedule', () => {
  const { cluster, workload } = generateInstance({ pods: 40, nodes: 8, seed: 2 });
  const pr = compile(cluster, workload);
  const assignment: Record<string, string> = {};
  kubeGreedy(pr, 'MostAllocated', 1).assignment.forEach((n, p) => { assignment[pr.podNames[p]] = pr.nodeNames[n]; });
  const placement = join(dir, 'placement.json');
  writeFileSync(placement, JSON.stringify({ cluster, workload, placement: { assignment } }));

  it('a node failure: moves, ΔH, latency; --output chains', async () => {
    const ev = join(dir, 'fail.json');
    const node = assignment[pr.podNames[0]];
    writeFileSync(ev, JSON.stringify({ type: 'nodeFailure', node }));
    const out = join(dir, 'next.json');
    const r = await run([placement, ev], { output: out, others: 'fixed' });
    expect(r.code).toBe(0);
    const res = (r.out.results as { moves: { pod: string }[]; deltaH: number; latencyMs: number; feasible: boolean }[])[0];
    expect(res.moves.length).toBe(Object.values(assignment).filter((n) => n === node).length);
    expect(res.feasible).toBe(true);
    expect(typeof res.deltaH).toBe('number');
    const next = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.values(next.assignment)).not.toContain(node);
    const ev2 = join(dir, 'chain.json');
    writeFileSync(ev2, JSON.stringify([{ type: 'scale', service: workload.services[0].name, replicas: workload.services[0].replicas + 1 }, { type: 'nodeDrain', node: cluster.nodes[1].name }]));
    const r2 = await run([out, ev2]);
    expect((r2.out.results as unknown[]).length).toBe(2);
  });

  it('a bad event is a usage error naming the field', async () => {
    const ev = join(dir, 'bad.json');
    writeFileSync(ev, JSON.stringify({ type: 'scale', service: 'ghost', replicas: 1 }));
    await expect(run([placement, ev])).rejects.toThrow(/event\.service names an unknown service/);
    await expect(run([placement])).rejects.toThrow(/expected PLACEMENT\.json and EVENT\.json/);
  });

  it('devices: read from the placement, device indices in the moves, written back with --output', async () => {
    const G = 'example.com/gpu-milli';
    const gpu = (name: string, n: number) => ({ name, allocatable: { cpu: '32', memory: '64Gi', [G]: n * 1000 }, devices: { [G]: n } });
    const svc = (name: string, milli: number, replicas = 1) => ({ name, replicas, requests: { cpu: '1', memory: '1Gi', [G]: milli } });
    const file = join(dir, 'gpu.json');
    writeFileSync(file, JSON.stringify({
      cluster: { nodes: [gpu('a', 2), gpu('b', 1)] }, workload: { services: [svc('big', 600, 2), svc('small', 300)] },
      assignment: { 'big-0': 'a', 'big-1': 'a', 'small-0': 'b' }, devices: { 'big-0': { [G]: [1] }, 'big-1': { [G]: [0] }, 'small-0': { [G]: [0] } },
    }));
    const ev = join(dir, 'gpu-ev.json');
    writeFileSync(ev, JSON.stringify({ type: 'newService', service: svc('x', 800) }));
    const out = join(dir, 'gpu-next.json');
    const r = await run([file, ev], { 'max-moves': '1', output: out });
    const res = (r.out.results as { moves: { pod: string; to: string; devices?: Record<string, number[]> }[]; feasible: boolean }[])[0];
    expect(res.feasible).toBe(true);
    expect(res.moves.map((m) => [m.pod, m.to, m.devices?.[G]])).toEqual([['small-0', 'a', [0]], ['x-0', 'b', [0]]]);
    const next = JSON.parse(readFileSync(out, 'utf8'));
    expect(next.devices['big-0']).toEqual({ [G]: [1] });
    expect(next.devices['x-0']).toEqual({ [G]: [0] });
  });
});
