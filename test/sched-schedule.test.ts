// schedule(): sa matches or beats the kube-like greedy's H and never fails the checker;
// infeasible problems list their blocking constraints and are never silently placed; a seed
// gives the same placement; explanations add up to the breakdown; abort and time limits work.

import { describe, expect, it } from 'vitest';
import { AbortError } from '../src/errors.js';
import { builtinExample } from '../src/scheduling/examples.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { schedule } from '../src/scheduling/node.js';
import type { Cluster, Placement, Workload } from '../src/scheduling/types.js';
import { DEFAULT_WEIGHTS } from '../src/scheduling/types.js';
import { VERSION } from '../src/version.js';

const node = (name: string, cpu: string, extra: Partial<Cluster['nodes'][number]> = {}) => ({ name, allocatable: { cpu, memory: '4Gi' }, ...extra });

describe('schedule with sa', () => {
  it('matches or beats greedy on H and always passes the checker', async () => {
    const cases = [{ pods: 100, seed: 1 }, { pods: 200, seed: 2 }, { pods: 250, seed: 3, gpu: true }];
    for (const opts of cases) {
      const { cluster, workload } = generateInstance(opts);
      const sa = await schedule(cluster, workload, { solver: 'sa', seed: 1, timeLimitMs: 60_000 });
      const greedy = await schedule(cluster, workload, { solver: 'greedy' });
      const most = await schedule(cluster, workload, { solver: 'greedy-most' });
      expect(sa.feasible && sa.check.feasible, JSON.stringify(sa.blocking.slice(0, 3))).toBe(true);
      expect(sa.unplaced).toEqual([]);
      expect(sa.energy.H).toBeLessThanOrEqual(greedy.energy.H);
      expect(sa.energy.H).toBeLessThanOrEqual(most.energy.H);
      expect(sa.energy.nodesUsed).toBeLessThan(greedy.energy.nodesUsed);
    }
  });

  it('the built-in example: 200 pods in 3 zones with GPU nodes, placed feasibly by default', async () => {
    const { cluster, workload } = builtinExample();
    expect(workload.services.reduce((a, s) => a + s.replicas, 0)).toBe(200);
    expect(new Set(cluster.nodes.map((n) => n.labels?.['topology.kubernetes.io/zone'])).size).toBe(3);
    expect(cluster.nodes.some((n) => n.allocatable['nvidia.com/gpu'] !== undefined)).toBe(true);
    expect(JSON.stringify(builtinExample())).toBe(JSON.stringify({ cluster, workload }));
    const pl = await schedule(cluster, workload);
    expect(pl.feasible).toBe(true);
    expect(Object.keys(pl.assignment)).toHaveLength(200);
    expect(pl.manifest.solver).toBe('pimc');
    expect(pl.manifest.engineVersion).toBe(VERSION);
    expect(pl.manifest.options.weights).toEqual(DEFAULT_WEIGHTS);
    expect(pl.latencyMs).toBeGreaterThan(0);
    // A non-GPU pod explains that the tainted GPU nodes exclude it.
    const web = pl.pods.find((p) => !workload.services.find((s) => s.name === p.service)?.requests?.['nvidia.com/gpu']);
    expect(web?.excluded.taint?.length).toBeGreaterThan(0);
  });

  it('per-pod explanations add up to the energy breakdown', async () => {
    const { cluster, workload } = generateInstance({ pods: 120, seed: 8 });
    for (const solver of ['sa', 'greedy', 'spread']) {
      const pl = await schedule(cluster, workload, { solver });
      const sum = (k: 'R' | 'L' | 'F') => pl.pods.reduce((a, p) => a + p.terms[k], 0);
      expect(sum('R')).toBeCloseTo(pl.energy.R, 9);
      expect(sum('L')).toBeCloseTo(pl.energy.L, 9);
      expect(sum('F')).toBeCloseTo(pl.energy.F, 9);
    }
  });

  it('is deterministic for a seed', async () => {
    const { cluster, workload } = generateInstance({ pods: 150, seed: 4 });
    const a = await schedule(cluster, workload, { seed: 7, timeLimitMs: 60_000 });
    const b = await schedule(cluster, workload, { seed: 7, timeLimitMs: 60_000 });
    const c = await schedule(cluster, workload, { seed: 8, timeLimitMs: 60_000 });
    expect(a.manifest.stats.stoppedBy).toBe('sweeps');
    expect(b.assignment).toEqual(a.assignment);
    expect(b.energy).toEqual(a.energy);
    expect(c.assignment).not.toEqual(a.assignment);
  });
});

function expectBlocked(pl: Placement, constraint: string, detail: RegExp): void {
  expect(pl.feasible).toBe(false);
  expect(pl.blocking.some((b) => b.constraint === constraint && detail.test(b.detail)), JSON.stringify(pl.blocking)).toBe(true);
}

describe('infeasible problems are reported, never silently placed', () => {
  it('a pod no node admits', async () => {
    const cluster: Cluster = { nodes: [node('n0', '4'), node('n1', '4', { taints: [{ key: 'db', effect: 'NoSchedule' }] })] };
    const workload: Workload = { services: [{ name: 'train', replicas: 2, requests: { cpu: '1', 'nvidia.com/gpu': '1' } }, { name: 'web', replicas: 1 }] };
    const pl = await schedule(cluster, workload);
    expectBlocked(pl, 'filter', /^0\/2 nodes are available: 1 untolerated taint, 2 pod larger than the empty node$/);
    expect(pl.assignment).toEqual({});
    expect(pl.unplaced).toEqual(['train-0', 'train-1', 'web-0']);
    expect(pl.manifest.stats.skipped).toMatch(/blocking constraints/);
  });

  it('a resource the whole cluster lacks', async () => {
    const cluster: Cluster = { nodes: [node('n0', '4'), node('n1', '4')] };
    const workload: Workload = { services: [{ name: 'x', replicas: 5, requests: { cpu: '2' } }] };
    expectBlocked(await schedule(cluster, workload), 'capacity', /^cpu: pods request 10 in total, the cluster has 8 allocatable$/);
  });

  it('more replicas than domains under required anti-affinity', async () => {
    const cluster: Cluster = { nodes: [node('n0', '4'), node('n1', '4')] };
    const workload: Workload = { services: [{ name: 'x', replicas: 3, requests: { cpu: '1' }, podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname' }] } }] };
    expectBlocked(await schedule(cluster, workload), 'antiAffinity', /3 replicas must not share kubernetes.io\/hostname, but only 2/);
  });

  it('fragmentation only a solver discovers: greedy leaves a pod unplaced, sa reports the overflow', async () => {
    const cluster: Cluster = { nodes: [node('n0', '1'), node('n1', '1')] };
    const workload: Workload = { services: [{ name: 'x', replicas: 3, requests: { cpu: '600m' } }] };
    const greedy = await schedule(cluster, workload, { solver: 'greedy' });
    expectBlocked(greedy, 'unplaced', /^0\/2 nodes are available: 2 insufficient cpu$/);
    expect(Object.keys(greedy.assignment)).toHaveLength(2);
    const sa = await schedule(cluster, workload, { solver: 'sa' });
    expectBlocked(sa, 'capacity', /^cpu: requests 1200m exceed allocatable 1$/);
    expect(sa.check.feasible).toBe(false);
  });

  it('an empty workload is trivially feasible', async () => {
    const pl = await schedule({ nodes: [node('n0', '1')] }, { services: [{ name: 'x', replicas: 0 }] });
    expect(pl.feasible).toBe(true);
    expect(pl.assignment).toEqual({});
  });
});

describe('budgets and cancellation', () => {
  it('stops at the time limit and returns the best placement so far', async () => {
    const { cluster, workload } = generateInstance({ pods: 200, seed: 5 });
    const t = performance.now();
    const pl = await schedule(cluster, workload, { timeLimitMs: 60, params: { sweeps: 1_000_000 } });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(pl.manifest.stats.stoppedBy).toBe('time');
    expect(pl.feasible).toBe(true);
  });

  it('rejects with AbortError carrying the reason when aborted mid-run', async () => {
    const { cluster, workload } = generateInstance({ pods: 200, seed: 5 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('preempted')), 40);
    const e = await schedule(cluster, workload, { signal: ac.signal, timeLimitMs: 30_000, params: { sweeps: 1_000_000 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).message).toBe('The operation was aborted: preempted');
    expect((e as AbortError).cause).toBe(ac.signal.reason);
  });
});
