// Decomposition: parts are disjoint and closed under anti-affinity, communities follow the call
// graph, and the stitched + polished result is feasible and no worse than the greedy baseline.

import { describe, expect, it } from 'vitest';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { checkPlacement } from '../src/scheduling/checker.js';
import { evaluate } from '../src/scheduling/energy.js';
import { decomposeSolve, partitionProblem, serviceGroups } from '../src/scheduling/decompose/index.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { schedule } from '../src/scheduling/node.js';
import type { Workload } from '../src/scheduling/types.js';

describe('partition', () => {
  const { cluster, workload } = generateInstance({ pods: 1200, nodes: 120, seed: 5, gpu: true });

  it('parts hold every service and node exactly once, within the size cap', () => {
    const parts = partitionProblem(cluster, workload, { maxPartPods: 300 });
    expect(parts.length).toBeGreaterThanOrEqual(4);
    const services = parts.flatMap((p) => p.workload.services.map((s) => s.name)).sort();
    expect(services).toEqual(workload.services.map((s) => s.name).sort());
    const nodes = parts.flatMap((p) => p.cluster.nodes.map((n) => n.name)).sort();
    expect(nodes).toEqual(cluster.nodes.map((n) => n.name).sort());
    for (const p of parts) {
      expect(p.pods).toBeLessThanOrEqual(300);
      // Every part with GPU pods got GPU nodes.
      const wantsGpu = p.workload.services.some((s) => s.requests?.['nvidia.com/gpu'] !== undefined);
      if (wantsGpu) expect(p.cluster.nodes.some((n) => n.allocatable['nvidia.com/gpu'] !== undefined)).toBe(true);
    }
  });

  it('anti-affinity references stay inside a group; heavy call edges mostly inside', () => {
    const w: Workload = {
      services: [
        { name: 'a', replicas: 2 }, { name: 'b', replicas: 2 }, { name: 'c', replicas: 2, podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname', services: ['z'] }] } },
        { name: 'x', replicas: 2 }, { name: 'y', replicas: 2 }, { name: 'z', replicas: 2 },
      ],
      edges: [{ from: 'a', to: 'b', weight: 100 }, { from: 'b', to: 'c', weight: 50 }, { from: 'x', to: 'y', weight: 100 }, { from: 'c', to: 'x', weight: 1 }],
    };
    const groups = serviceGroups(w, 8).map((g) => g.map((i) => w.services[i].name).sort());
    const groupOf = (n: string) => groups.findIndex((g) => g.includes(n));
    expect(groupOf('c')).toBe(groupOf('z'));
    expect(groupOf('a')).toBe(groupOf('b'));
    expect(groupOf('x')).toBe(groupOf('y'));
    for (const g of groups) expect(g.length).toBeGreaterThan(0);
  });
});

describe('decomposeSolve', () => {
  it('a 1500-pod instance: feasible, every pod placed, not worse than greedy', async () => {
    const { cluster, workload } = generateInstance({ pods: 1500, nodes: 150, seed: 9 });
    const r = await decomposeSolve(cluster, workload, { timeLimitMs: 2500, maxPartPods: 400, schedule, params: { sweeps: 100 } });
    expect(r.stats.parts).toBeGreaterThanOrEqual(4);
    expect(r.assignment.every((n) => n >= 0)).toBe(true);
    const names: Record<string, string> = {};
    r.assignment.forEach((n, p) => { names[r.problem.podNames[p]] = r.problem.nodeNames[n]; });
    expect(checkPlacement(cluster, workload, names).violations.filter((v) => v.soft !== true)).toEqual([]);
    const g = kubeGreedy(r.problem, 'LeastAllocated', 1);
    expect(evaluate(r.problem, r.assignment).H).toBeLessThanOrEqual(evaluate(r.problem, g.assignment).H);
  }, 60_000);
});
