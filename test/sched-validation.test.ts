// Bad scheduling input gets a TypeError or RangeError naming the field with its path — from
// compile() (throws) and from schedule() (rejects, never throws). Messages are asserted.

import { describe, expect, it } from 'vitest';
import { AbortError } from '../src/errors.js';
import { compile } from '../src/scheduling/compile.js';
import { schedule } from '../src/scheduling/schedule.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';

const cluster = (): Cluster => ({
  nodes: [
    { name: 'n1', allocatable: { cpu: '4', memory: '8Gi' }, labels: { 'topology.kubernetes.io/zone': 'z1' } },
    { name: 'n2', allocatable: { cpu: '4', memory: '8Gi', 'nvidia.com/gpu': '1' }, taints: [{ key: 'gpu', effect: 'NoSchedule' }] },
  ],
});
const workload = (): Workload => ({
  services: [
    { name: 'a', replicas: 2, requests: { cpu: '500m', memory: '1Gi' } },
    { name: 'b', replicas: 1, requests: { cpu: '1', memory: '512Mi' } },
  ],
  edges: [{ from: 'a', to: 'b', weight: 10 }, { from: 'b', to: 'b', weight: 1 }, { from: 'b', to: 'a', weight: 2 }],
});

type Patch = (c: Cluster & Record<string, unknown>, w: Workload & Record<string, unknown>) => void;
const mut = (x: unknown) => x as Record<string, unknown> & { [k: string]: any };

function failure(patch: Patch): Error {
  const c = structuredClone(cluster()) as Cluster & Record<string, unknown>;
  const w = structuredClone(workload()) as Workload & Record<string, unknown>;
  patch(c, w);
  try {
    compile(c, w);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected compile to throw');
}

describe('scheduling input validation', () => {
  it('accepts good input, cycles and self-loops included', () => {
    const pr = compile(cluster(), workload());
    expect(pr.P).toBe(3);
    expect(pr.resourceNames).toEqual(['cpu', 'memory', 'nvidia.com/gpu']);
  });

  it('names the broken field', () => {
    const cases: [Patch, string, ErrorConstructor][] = [
      [(c) => { mut(c.nodes[0]).allocatable.cpu = '2GG'; }, 'cluster.nodes[0].allocatable.cpu must be a quantity like "500m", "2Gi" or "1.5" (unknown suffix "GG"), got the string "2GG"', RangeError],
      [(_c, w) => { mut(w.services[1]).requests.memory = '-1Gi'; }, 'workload.services[1].requests.memory must be a non-negative quantity, got the string "-1Gi"', RangeError],
      [(_c, w) => { mut(w.services[0]).requests['nvidia.com/gpu'] = 'lots'; }, 'workload.services[0].requests["nvidia.com/gpu"] must be a quantity like "500m", "2Gi" or "1.5" (not a number with an optional suffix), got the string "lots"', RangeError],
      [(_c, w) => { mut(w.edges![0]).to = 'nope'; }, 'workload.edges[0].to names an unknown service "nope"', RangeError],
      [(_c, w) => { mut(w.edges![2]).from = 'ghost'; }, 'workload.edges[2].from names an unknown service "ghost"', RangeError],
      [(_c, w) => { mut(w.services[1]).name = 'a'; }, 'workload.services[1].name duplicates workload.services[0].name ("a")', RangeError],
      [(c) => { mut(c.nodes[1]).name = 'n1'; }, 'cluster.nodes[1].name duplicates cluster.nodes[0].name ("n1")', RangeError],
      [(_c, w) => { mut(w.edges![0]).weight = NaN; }, 'workload.edges[0].weight must be a finite number, got NaN', RangeError],
      [(_c, w) => { mut(w.edges![0]).weight = -3; }, 'workload.edges[0].weight must be >= 0, got -3', RangeError],
      [(_c, w) => { mut(w.edges![0]).weight = '10'; }, 'workload.edges[0].weight must be a number, got the string "10"', TypeError],
      [(_c, w) => { mut(w.services[0]).replicas = -1; }, 'workload.services[0].replicas must be an integer >= 0, got -1', RangeError],
      [(_c, w) => { mut(w.services[0]).replicas = 1.5; }, 'workload.services[0].replicas must be an integer, got 1.5', RangeError],
      [(_c, w) => { mut(w.services[0]).limits = { cpu: '100m' }; }, 'workload.services[0].limits.cpu must be >= workload.services[0].requests.cpu', RangeError],
      [(_c, w) => { mut(w.services[0]).tolerations = [{ operator: 'Maybe' }]; }, "workload.services[0].tolerations[0].operator must be one of 'Equal', 'Exists', got the string \"Maybe\"", RangeError],
      [(_c, w) => { mut(w.services[0]).nodeAffinity = { required: [{ matchExpressions: [{ key: 'k', operator: 'In' }] }] }; }, 'workload.services[0].nodeAffinity.required[0].matchExpressions[0].values must not be empty for operator In', RangeError],
      [(_c, w) => { mut(w.services[0]).nodeAffinity = { required: [{ matchExpressions: [{ key: 'k', operator: 'Gt', values: ['x'] }] }] }; }, 'workload.services[0].nodeAffinity.required[0].matchExpressions[0].values must hold exactly one integer for operator Gt', RangeError],
      [(_c, w) => { mut(w.services[0]).nodeAffinity = { preferred: [{ weight: 0, preference: { matchExpressions: [] } }] }; }, 'workload.services[0].nodeAffinity.preferred[0].weight must be an integer in [1, 100], got 0', RangeError],
      [(_c, w) => { mut(w.services[0]).podAntiAffinity = { required: [{ topologyKey: 'kubernetes.io/hostname', services: ['zzz'] }] }; }, 'workload.services[0].podAntiAffinity.required[0].services[0] names an unknown service "zzz"', RangeError],
      [(_c, w) => { mut(w.services[0]).topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'x', whenUnsatisfiable: 'DoNotSchedule' }]; }, 'workload.services[0].topologySpreadConstraints[0].maxSkew must be an integer >= 1, got 0', RangeError],
      [(_c, w) => { mut(w.services[0]).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'x', whenUnsatisfiable: 'Never' }]; }, "workload.services[0].topologySpreadConstraints[0].whenUnsatisfiable must be one of 'DoNotSchedule', 'ScheduleAnyway', got the string \"Never\"", RangeError],
      [(_c, w) => { mut(w.services[0]).disruptionBudget = { minAvailable: 1, maxUnavailable: 1 }; }, 'workload.services[0].disruptionBudget must set exactly one of minAvailable, maxUnavailable', RangeError],
      [(_c, w) => { mut(w.services[0]).disruptionBudget = { minAvailable: '150%' }; }, 'workload.services[0].disruptionBudget.minAvailable must be an integer >= 0 or a percentage "0%".."100%", got the string "150%"', RangeError],
      [(c) => { mut(c.nodes[1]).taints = [{ key: 'gpu', effect: 'Sometimes' }]; }, "cluster.nodes[1].taints[0].effect must be one of 'NoSchedule', 'PreferNoSchedule', 'NoExecute', got the string \"Sometimes\"", RangeError],
      [(c) => { mut(c.nodes[0]).labels = { zone: 3 }; }, 'cluster.nodes[0].labels.zone must be a string, got 3', TypeError],
      [(c) => { mut(c.nodes[0]).cost = 0; }, 'cluster.nodes[0].cost must be > 0, got 0', RangeError],
      [(c) => { mut(c).nodes = []; }, 'cluster.nodes must not be empty', RangeError],
      [(c) => { mut(c).nodes = 'n1'; }, 'cluster.nodes must be an array, got the string "n1"', TypeError],
      [(_c, w) => { mut(w).services = [null]; }, 'workload.services[0] must be an object, got null', TypeError],
      [(_c, w) => { mut(w.services[0]).name = ''; }, 'workload.services[0].name must be a non-empty string', RangeError],
    ];
    for (const [patch, message, type] of cases) {
      const e = failure(patch);
      expect(e, message).toBeInstanceOf(type);
      expect(e.message).toBe(message);
    }
  });

  it('checks weights, penalties and network overrides', () => {
    expect(() => compile(cluster(), workload(), { weights: { latency: NaN } })).toThrow(new RangeError('options.weights.latency must be a finite number, got NaN'));
    expect(() => compile(cluster(), workload(), { weights: { resource: -1 } })).toThrow(new RangeError('options.weights.resource must be >= 0, got -1'));
    expect(() => compile(cluster(), workload(), { network: { sameZone: '1' as never } })).toThrow(new TypeError('options.network.sameZone must be a number, got the string "1"'));
    expect(() => compile(cluster(), workload(), { weights: { lambda1: 1 } as never })).toThrow(/options.weights.lambda1 is not a known field \(expected one of resource, latency, fault, constraint, exposure, zoneExposure\)/);
  });

  it('schedule rejects, never throws, on bad input and options', async () => {
    const bad = { nodes: [{ name: 'n', allocatable: { cpu: '2GG' } }] } as Cluster;
    const p = schedule(bad, workload());
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toThrow(/cluster.nodes\[0\].allocatable.cpu must be a quantity/);
    await expect(schedule(cluster(), workload(), { solver: 'magic' })).rejects.toThrow(new RangeError("options.solver must be one of 'greedy', 'greedy-most', 'ffd', 'bfd', 'spread', 'sa', 'milp', 'qubo', 'pimc', 'qaoa', got the string \"magic\""));
    await expect(schedule(cluster(), workload(), { seed: -1 })).rejects.toThrow(new RangeError('options.seed must be an integer in [0, 4294967295], got -1'));
    await expect(schedule(cluster(), workload(), { timeLimitMs: 0 })).rejects.toThrow(new RangeError('options.timeLimitMs must be > 0, got 0'));
    await expect(schedule(cluster(), workload(), { workers: 0 })).rejects.toThrow(new RangeError('options.workers must be an integer in [1, 256], got 0'));
    await expect(schedule(cluster(), workload(), { signal: {} as never })).rejects.toThrow(new TypeError('options.signal must be an AbortSignal'));
    await expect(schedule(cluster(), workload(), { timeout: 5 } as never)).rejects.toThrow(/options.timeout is not a known option/);
    await expect(schedule(cluster(), workload(), { solver: 'sa', params: { sweeps: -1 } })).rejects.toThrow(new RangeError('options.params.sweeps must be an integer >= 0, got -1'));
    await expect(schedule(cluster(), workload(), { solver: 'sa', params: { temperature: 1 } })).rejects.toThrow(/options.params.temperature is not a parameter of 'sa'/);
    await expect(schedule(cluster(), workload(), { solver: 'greedy', params: { strategy: 'Random' } })).rejects.toThrow(/options.params.strategy must be one of 'LeastAllocated', 'MostAllocated'/);
    const aborted = AbortSignal.abort(new Error('user gave up'));
    const e = await schedule(cluster(), workload(), { signal: aborted }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).cause).toBe(aborted.reason);
  });
});
