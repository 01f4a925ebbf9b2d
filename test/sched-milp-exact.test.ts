// 'milp': on tiny instances (every assignment enumerable) the proven optimum equals the brute-force
// minimum of energy.ts's H over assignments without hard violations, and the MILP objective equals
// H of the placement it returns, with every kind of term present (R, L with replicas and
// self-loops, F, hard and soft anti-affinity, hard and soft spread, PDB, preferences). Oversized
// problems are refused with a RangeError; the placement passes the independent checker.

import { describe, expect, it } from 'vitest';
import { checkPlacement } from '../src/scheduling/checker.js';
import { compile, type CompiledProblem } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { decodeAssignment } from '../src/scheduling/explain.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { schedule } from '../src/scheduling/schedule.js';
import { milpSolver } from '../src/scheduling/solvers/milp.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';

function bruteForce(pr: CompiledProblem): number {
  const a = new Int32Array(pr.P);
  let best = Infinity;
  const visit = (p: number): void => {
    if (p === pr.P) {
      const e = evaluate(pr, a);
      if (e.Chard === 0 && e.H < best) best = e.H;
      return;
    }
    for (let n = 0; n < pr.N; n++) {
      if (pr.mask[p * pr.N + n] === 0) continue;
      a[p] = n;
      visit(p + 1);
    }
  };
  visit(0);
  return best;
}

const labels = (zone: string, rack: string, extra: Record<string, string> = {}) => ({ 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/rack': rack, ...extra });
const rich: { cluster: Cluster; workload: Workload } = {
  cluster: {
    nodes: [
      { name: 'n0', allocatable: { cpu: '2', memory: '4Gi' }, labels: labels('z1', 'r1', { disk: 'ssd' }), cost: 2 },
      { name: 'n1', allocatable: { cpu: '2', memory: '2Gi' }, labels: labels('z1', 'r2'), taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] },
      { name: 'n2', allocatable: { cpu: '3', memory: '4Gi' }, labels: labels('z2', 'r3', { disk: 'ssd' }) },
    ],
  },
  workload: {
    services: [
      { name: 'web', replicas: 3, requests: { cpu: '500m', memory: '512Mi' }, critical: true, disruptionBudget: { maxUnavailable: 1 }, podAntiAffinity: { preferred: [{ weight: 50, topologyKey: 'kubernetes.io/hostname' }] } },
      { name: 'db', replicas: 2, requests: { cpu: '1', memory: '1Gi' }, podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname' }] }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }] },
      { name: 'cache', replicas: 1, requests: { cpu: '250m', memory: '1Gi' }, nodeAffinity: { preferred: [{ weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] }, podAntiAffinity: { required: [{ topologyKey: 'topology.kubernetes.io/rack', services: ['db'] }] } },
      { name: 'job', replicas: 1, requests: { cpu: '750m', memory: '256Mi' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }], podAntiAffinity: { preferred: [{ weight: 30, topologyKey: 'topology.kubernetes.io/zone', services: ['web'] }] } },
    ],
    edges: [{ from: 'web', to: 'db', weight: 40 }, { from: 'web', to: 'cache', weight: 25 }, { from: 'db', to: 'db', weight: 5 }, { from: 'job', to: 'db', weight: 3 }, { from: 'cache', to: 'web', weight: 2 }],
  },
};

const run = (pr: CompiledProblem, params: Record<string, unknown> = {}) => milpSolver(pr, { seed: 1, timeLimitMs: 30_000, workers: 1, params });

describe("solver 'milp'", () => {
  const cases: [string, () => { cluster: Cluster; workload: Workload }, Record<string, unknown>][] = [
    ['hand-made instance with every term', () => rich, {}],
    ['the same with latency-heavy weights and zone exposure', () => rich, { weights: { latency: 5, resource: 0.5, fault: 2, exposure: 2, zoneExposure: 1.5 } }],
    ['generated 7 pods × 3 nodes (seed 1)', () => generateInstance({ pods: 7, nodes: 3, seed: 1 }), {}],
    ['generated 7 pods × 3 nodes (seed 4)', () => generateInstance({ pods: 7, nodes: 3, seed: 4 }), {}],
  ];
  it.each(cases)('proven optimum = brute force, objective = H: %s', async (_name, make, opts) => {
    const { cluster, workload } = make();
    const pr = compile(cluster, workload, opts);
    const res = await run(pr);
    const brute = bruteForce(pr);
    expect(res.stats.optimal).toBe(true);
    expect(res.stats.exact).toBe(true);
    const H = evaluate(pr, res.assignment).H;
    expect(Math.abs(H - brute)).toBeLessThanOrEqual(1e-7 * Math.max(1, brute));
    expect(Math.abs((res.stats.objective as number) - H)).toBeLessThanOrEqual(1e-6 * Math.max(1, H));
    expect(evaluate(pr, res.assignment).Chard).toBe(0);
    expect(checkPlacement(cluster, workload, decodeAssignment(pr, res.assignment).assignment).feasible).toBe(true);
  });

  it('without a warm start reaches the same optimum', async () => {
    const pr = compile(rich.cluster, rich.workload);
    const a = await run(pr);
    const b = await run(pr, { warmStart: 0 });
    expect(b.stats.optimal).toBe(true);
    expect(b.stats.H as number).toBeCloseTo(a.stats.H as number, 9);
  });

  it('is registered and goes through schedule() to a feasible, checked placement', async () => {
    const pl = await schedule(rich.cluster, rich.workload, { solver: 'milp', timeLimitMs: 30_000 });
    expect(pl.feasible).toBe(true);
    expect(pl.manifest.stats.optimal).toBe(true);
    expect(pl.energy.H).toBeCloseTo(pl.manifest.stats.objective as number, 6);
  });

  it('reports an infeasible problem instead of placing it', async () => {
    const workload: Workload = { services: [{ name: 'db', replicas: 3, requests: { cpu: '1' }, podAntiAffinity: { required: [{ topologyKey: 'topology.kubernetes.io/zone' }] } }] };
    const res = await run(compile(rich.cluster, workload));
    expect(res.stats.status).toBe('infeasible');
    expect(Array.from(res.assignment)).toEqual([-1, -1, -1]);
  });

  it('refuses oversized problems and bad parameters with typed errors', async () => {
    const { cluster, workload } = generateInstance({ pods: 200, nodes: 40, seed: 1 });
    await expect(run(compile(cluster, workload))).rejects.toThrow(RangeError);
    await expect(run(compile(cluster, workload))).rejects.toThrow(/problem has \d+ placement variables .*limited to options.params.maxVariables = 600/);
    const pr = compile(rich.cluster, rich.workload);
    await expect(run(pr, { maxVariables: 5 })).rejects.toThrow(/limited to options.params.maxVariables = 5/);
    await expect(run(pr, { gap: 1 })).rejects.toThrow(/options.params.gap is not a parameter of 'milp'/);
    await expect(run(pr, { relGap: 'small' })).rejects.toThrow(TypeError);
    await expect(run(pr, { relGap: 2 })).rejects.toThrow(/options.params.relGap must be in \[0, 1\), got 2/);
  });
});
