// The independent checker catches each violation kind on handcrafted placements, and agrees
// with the energy's hard part (Chard = 0 iff no hard violation) on random placements — two
// implementations of the rules written apart, each the other's oracle.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { bestFitDecreasing } from '../src/scheduling/baselines/binpack.js';
import { checkPlacement } from '../src/scheduling/checker.js';
import { compile } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { decodeAssignment } from '../src/scheduling/explain.js';
import type { Cluster, Service, Workload } from '../src/scheduling/types.js';
import { richInstance } from './sched-fixtures.js';

const Z = 'topology.kubernetes.io/zone';
const cluster: Cluster = {
  nodes: [
    { name: 'a1', allocatable: { cpu: '2', memory: '4Gi' }, labels: { [Z]: 'za', tier: '3', disk: 'ssd' } },
    { name: 'a2', allocatable: { cpu: '2', memory: '4Gi' }, labels: { [Z]: 'za', tier: '1' } },
    { name: 'b1', allocatable: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' }, labels: { [Z]: 'zb' }, taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }] },
    { name: 'c1', allocatable: { cpu: '2', memory: '4Gi' }, labels: {}, unschedulable: true },
  ],
};
const svc = (name: string, replicas: number, extra: Partial<Service> = {}): Service => ({ name, replicas, requests: { cpu: '500m', memory: '1Gi' }, ...extra });

function kinds(workload: Workload, assignment: Record<string, string>): string[] {
  const r = checkPlacement(cluster, workload, assignment);
  return r.violations.map((v) => `${v.soft === true ? '~' : ''}${v.constraint}`).sort();
}

describe('feasibility checker', () => {
  it('accepts a clean placement', () => {
    const w: Workload = { services: [svc('web', 2), svc('db', 1)] };
    expect(checkPlacement(cluster, w, { 'web-0': 'a1', 'web-1': 'a2', 'db-0': 'a1' })).toEqual({ feasible: true, violations: [] });
  });

  it('capacity per resource', () => {
    const w: Workload = { services: [svc('big', 3, { requests: { cpu: '1', memory: '1Gi' } }), svc('gpu', 2, { requests: { 'nvidia.com/gpu': '500m' }, tolerations: [{ key: 'gpu', operator: 'Exists' }] })] };
    const r = checkPlacement(cluster, w, { 'big-0': 'a1', 'big-1': 'a1', 'big-2': 'a1', 'gpu-0': 'b1', 'gpu-1': 'b1' });
    expect(r.feasible).toBe(false);
    expect(r.violations).toEqual([{ constraint: 'capacity', node: 'a1', detail: 'cpu: requests 3 exceed allocatable 2' }]);
    // Two half GPUs fit one GPU; three do not; a GPU request on a node without GPUs never fits.
    expect(kinds({ services: [svc('g', 3, { requests: { 'nvidia.com/gpu': '0.5' }, tolerations: [{ operator: 'Exists' }] })] }, { 'g-0': 'b1', 'g-1': 'b1', 'g-2': 'a1' })).toEqual(['capacity']);
  });

  it('taints and tolerations, including cordoned nodes', () => {
    expect(kinds({ services: [svc('x', 1)] }, { 'x-0': 'b1' })).toEqual(['taint']);
    expect(kinds({ services: [svc('x', 1, { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }] })] }, { 'x-0': 'b1' })).toEqual([]);
    expect(kinds({ services: [svc('x', 1, { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'no' }] })] }, { 'x-0': 'b1' })).toEqual(['taint']);
    expect(kinds({ services: [svc('x', 1, { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }] })] }, { 'x-0': 'b1' })).toEqual(['taint']);
    expect(kinds({ services: [svc('x', 1)] }, { 'x-0': 'c1' })).toEqual(['taint']);
    expect(kinds({ services: [svc('x', 1, { tolerations: [{ operator: 'Exists' }] })] }, { 'x-0': 'c1' })).toEqual([]);
  });

  it('nodeSelector and required node affinity with every operator', () => {
    expect(kinds({ services: [svc('x', 1, { nodeSelector: { disk: 'ssd' } })] }, { 'x-0': 'a2' })).toEqual(['nodeSelector']);
    const aff = (operator: string, values?: string[]) => svc('x', 1, { nodeAffinity: { required: [{ matchExpressions: [{ key: 'tier', operator: operator as 'In', ...(values ? { values } : {}) }] }] } });
    const on = (s: Service, node: string) => kinds({ services: [s] }, { 'x-0': node });
    expect(on(aff('In', ['3']), 'a1')).toEqual([]);
    expect(on(aff('In', ['3']), 'a2')).toEqual(['nodeAffinity']);
    expect(on(aff('NotIn', ['3']), 'a2')).toEqual([]);
    expect(on(aff('NotIn', ['3']), 'c1')).toEqual(['taint']); // NotIn matches a node without the key
    expect(on(aff('Exists'), 'b1')).toEqual(['nodeAffinity', 'taint']);
    expect(on(aff('DoesNotExist'), 'a1')).toEqual(['nodeAffinity']);
    expect(on(aff('Gt', ['2']), 'a1')).toEqual([]);
    expect(on(aff('Gt', ['2']), 'a2')).toEqual(['nodeAffinity']);
    expect(on(aff('Lt', ['2']), 'a2')).toEqual([]);
  });

  it('pod anti-affinity: required is hard, preferred soft, symmetric, per label value', () => {
    const self = svc('web', 2, { podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname' }] } });
    expect(kinds({ services: [self] }, { 'web-0': 'a1', 'web-1': 'a1' })).toEqual(['antiAffinity']);
    expect(kinds({ services: [self] }, { 'web-0': 'a1', 'web-1': 'a2' })).toEqual([]);
    const zone = svc('web', 2, { podAntiAffinity: { required: [{ topologyKey: Z }] } });
    expect(kinds({ services: [zone] }, { 'web-0': 'a1', 'web-1': 'a2' })).toEqual(['antiAffinity']);
    const cross = { services: [svc('web', 1, { podAntiAffinity: { preferred: [{ weight: 50, topologyKey: Z, services: ['db'] }] } }), svc('db', 1)] };
    const r = checkPlacement(cluster, cross, { 'web-0': 'a1', 'db-0': 'a2' });
    expect(r.feasible).toBe(true);
    expect(r.violations.map((v) => [v.constraint, v.soft, v.detail])).toEqual([['antiAffinity', true, 'shares topology.kubernetes.io/zone=za with db-0']]);
    // c1 has no zone label: it is in no domain, so no conflict there.
    expect(kinds({ services: [zone] }, { 'web-0': 'c1', 'web-1': 'a1' })).toEqual(['taint']);
  });

  it('topology spread: DoNotSchedule hard (skew and missing key), ScheduleAnyway soft', () => {
    const hard = svc('web', 3, { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: Z, whenUnsatisfiable: 'DoNotSchedule' }], tolerations: [{ operator: 'Exists' }] });
    expect(kinds({ services: [hard] }, { 'web-0': 'a1', 'web-1': 'a2', 'web-2': 'b1' })).toEqual([]);
    expect(kinds({ services: [hard] }, { 'web-0': 'a1', 'web-1': 'a2', 'web-2': 'a1' })).toEqual(['spread']);
    expect(kinds({ services: [hard] }, { 'web-0': 'a1', 'web-1': 'b1', 'web-2': 'c1' })).toEqual(['spread']);
    const soft = svc('web', 3, { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: Z, whenUnsatisfiable: 'ScheduleAnyway' }] });
    const r = checkPlacement(cluster, { services: [soft] }, { 'web-0': 'a1', 'web-1': 'a2', 'web-2': 'a1' });
    expect(r.feasible).toBe(true);
    expect(r.violations).toEqual([{ constraint: 'spread', service: 'web', soft: true, detail: 'skew 3 over topology.kubernetes.io/zone exceeds maxSkew 1' }]);
    // Domains the service may not select do not count: with a selector for zone za only, za is the only domain.
    const pinned = svc('web', 2, { nodeSelector: { [Z]: 'za' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: Z, whenUnsatisfiable: 'DoNotSchedule' }] });
    expect(kinds({ services: [pinned] }, { 'web-0': 'a1', 'web-1': 'a2' })).toEqual([]);
  });

  it('every pod placed, on a known node; no unknown pods; PDB drain safety is soft', () => {
    const w: Workload = { services: [svc('web', 3, { disruptionBudget: { minAvailable: 2 } })] };
    expect(kinds(w, { 'web-0': 'a1', 'web-1': 'zz' })).toEqual(['unknownNode', 'unplaced']);
    expect(kinds(w, { 'web-0': 'a1', 'web-1': 'a2', 'web-2': 'a2', 'web-3': 'a1' })).toEqual(['unknownPod', '~pdb']);
  });

  it('agrees with the energy: hard violations iff Chard > 0 or pods unplaced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 3 }), (seed, perturb) => {
        const { cluster: c, workload: w } = seed % 2 === 0 ? richInstance(seed) : generateInstance({ pods: 30 + (seed % 40), seed });
        const pr = compile(c, w);
        const rng = new Rng(seed, 11);
        const base = bestFitDecreasing(pr).assignment.slice();
        for (let i = 0; i < perturb; i++) base[rng.below(pr.P)] = rng.below(pr.N + 1) - 1;
        const e = evaluate(pr, base);
        const r = checkPlacement(c, w, decodeAssignment(pr, base).assignment);
        expect(r.feasible, JSON.stringify(r.violations.slice(0, 3))).toBe(e.Chard === 0 && e.unplaced === 0);
      }),
      { numRuns: 150 },
    );
  });
});
