// Baselines: on generated (feasible) instances every baseline places every pod and the
// independent checker accepts the result; the kube-like scorer behaves like its plugins; a pod
// that fits nowhere is reported with the constraints that blocked it.

import { describe, expect, it } from 'vitest';
import { bestFitDecreasing, firstFitDecreasing } from '../src/scheduling/baselines/binpack.js';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { roundRobinSpread } from '../src/scheduling/baselines/spread.js';
import { checkPlacement } from '../src/scheduling/checker.js';
import { compile, type CompiledProblem } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { decodeAssignment } from '../src/scheduling/explain.js';
import { generateInstance } from '../src/scheduling/generators.js';
import type { SolverResult } from '../src/scheduling/solvers/types.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';

const BASELINES: [string, (pr: CompiledProblem) => SolverResult][] = [
  ['greedy', (pr) => kubeGreedy(pr, 'LeastAllocated', 1)],
  ['greedy-most', (pr) => kubeGreedy(pr, 'MostAllocated', 1)],
  ['ffd', firstFitDecreasing],
  ['bfd', bestFitDecreasing],
  ['spread', roundRobinSpread],
];

const INSTANCES = [
  { pods: 60, seed: 1 }, { pods: 120, seed: 2, gpu: true }, { pods: 200, seed: 3 }, { pods: 300, seed: 4, gpu: true }, { pods: 150, seed: 5, zones: 2 }, { pods: 400, seed: 6 },
];

describe.each(BASELINES)('baseline %s', (_name, run) => {
  it('places every pod of generated instances, and the checker accepts it', () => {
    for (const opts of INSTANCES) {
      const { cluster, workload } = generateInstance(opts);
      const pr = compile(cluster, workload);
      const res = run(pr);
      expect(res.blocked ?? [], JSON.stringify(opts)).toEqual([]);
      const check = checkPlacement(cluster, workload, decodeAssignment(pr, res.assignment).assignment);
      expect(check.feasible, JSON.stringify(check.violations.filter((v) => !v.soft).slice(0, 3))).toBe(true);
      expect(evaluate(pr, res.assignment).Chard).toBe(0);
    }
  });
});

const node = (name: string, cpu: string, extra: Partial<Cluster['nodes'][number]> = {}) => ({ name, allocatable: { cpu, memory: '8Gi' }, ...extra });

describe('kube-like greedy', () => {
  it('LeastAllocated spreads, MostAllocated packs', () => {
    const cluster: Cluster = { nodes: [node('n0', '4'), node('n1', '4')] };
    const workload: Workload = { services: [{ name: 'a', replicas: 1, requests: { cpu: '1' } }, { name: 'b', replicas: 1, requests: { cpu: '1' } }] };
    const pr = compile(cluster, workload);
    const least = kubeGreedy(pr, 'LeastAllocated', 1).assignment;
    const most = kubeGreedy(pr, 'MostAllocated', 1).assignment;
    expect(least[0]).not.toBe(least[1]);
    expect(most[0]).toBe(most[1]);
  });

  it('prefers nodes without PreferNoSchedule taints and with matching preferred affinity', () => {
    const cluster: Cluster = {
      nodes: [node('spot', '4', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }), node('plain', '4'), node('fast', '4', { labels: { disk: 'nvme' } })],
    };
    const pref = { preferred: [{ weight: 100, preference: { matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['nvme'] }] } }] };
    const workload: Workload = { services: [{ name: 'x', replicas: 1, requests: { cpu: '1' }, nodeAffinity: pref }] };
    for (const seed of [1, 2, 3]) expect(kubeGreedy(compile(cluster, workload), 'LeastAllocated', seed).assignment[0]).toBe(2);
    const plain: Workload = { services: [{ name: 'x', replicas: 1, requests: { cpu: '1' } }] };
    for (const seed of [1, 2, 3, 4, 5]) expect(kubeGreedy(compile(cluster, plain), 'LeastAllocated', seed).assignment[0]).not.toBe(0);
  });

  it('is deterministic for a seed', () => {
    const { cluster, workload } = generateInstance({ pods: 150, seed: 9 });
    const pr = compile(cluster, workload);
    expect(Array.from(kubeGreedy(pr, 'LeastAllocated', 5).assignment)).toEqual(Array.from(kubeGreedy(pr, 'LeastAllocated', 5).assignment));
  });

  it('uses more nodes with LeastAllocated than with MostAllocated or bin packing', () => {
    const { cluster, workload } = generateInstance({ pods: 200, seed: 3 });
    const pr = compile(cluster, workload);
    const used = (r: SolverResult) => evaluate(pr, r.assignment).nodesUsed;
    const least = used(kubeGreedy(pr, 'LeastAllocated', 1));
    expect(least).toBeGreaterThan(used(kubeGreedy(pr, 'MostAllocated', 1)));
    expect(least).toBeGreaterThan(used(firstFitDecreasing(pr)));
    expect(least).toBeGreaterThan(used(bestFitDecreasing(pr)));
  });
});

describe('blocked pods', () => {
  it('every baseline says which constraints blocked a pod it could not place', () => {
    const cluster: Cluster = { nodes: [node('n0', '1'), node('n1', '1'), node('gpu', '8', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })] };
    const workload: Workload = {
      services: [{ name: 'web', replicas: 3, requests: { cpu: '600m' }, podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname' }] } }],
    };
    const pr = compile(cluster, workload);
    for (const [name, run] of BASELINES) {
      const res = run(pr);
      expect(res.blocked, name).toHaveLength(1);
      const { pod, reasons } = res.blocked![0];
      expect(res.assignment[pod], name).toBe(-1);
      expect(reasons, name).toEqual({ 'untolerated taint': 1, 'insufficient cpu': 0 + (reasons['insufficient cpu'] ?? 0), 'pod anti-affinity': reasons['pod anti-affinity'] });
      expect((reasons['insufficient cpu'] ?? 0) + (reasons['pod anti-affinity'] ?? 0), name).toBeGreaterThanOrEqual(2);
    }
  });
});
