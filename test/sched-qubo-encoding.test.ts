// toQubo: on integer fixtures the QUBO energy of every feasible assignment (encoded with y = nodes
// used and the best slacks) equals energy.ts's H exactly (no spread/PDB terms, which it omits);
// one-hot violations pay a positive penalty; decodeState repairs them and says so; the 'qubo'
// solver samples, decodes and places every pod on an allowed node.

import { describe, expect, it } from 'vitest';
import { compile, type CompiledProblem } from '../src/scheduling/compile.js';
import { domainCounts, evaluate, wholeCounts } from '../src/scheduling/energy.js';
import { schedule } from '../src/scheduling/schedule.js';
import { decodeState, encodeAssignment, quboSolve, toQubo } from '../src/scheduling/solvers/qubo.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';

const labels = (zone: string, rack: string) => ({ 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/rack': rack });
const cluster: Cluster = {
  nodes: [
    { name: 'n0', allocatable: { cpu: '2', memory: '4Gi' }, labels: labels('z1', 'r1'), cost: 3 },
    { name: 'n1', allocatable: { cpu: '2', memory: '2Gi' }, labels: labels('z1', 'r2'), taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] },
    { name: 'n2', allocatable: { cpu: '3', memory: '4Gi' }, labels: labels('z2', 'r3') },
  ],
};
const workload: Workload = {
  services: [
    { name: 'web', replicas: 3, requests: { cpu: '500m', memory: '512Mi' }, critical: true, podAntiAffinity: { preferred: [{ weight: 50, topologyKey: 'kubernetes.io/hostname' }] } },
    { name: 'db', replicas: 2, requests: { cpu: '1', memory: '1Gi' }, podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname' }] } },
    { name: 'cache', replicas: 1, requests: { cpu: '500m', memory: '1Gi' }, podAntiAffinity: { required: [{ topologyKey: 'topology.kubernetes.io/rack', services: ['db'] }] } },
  ],
  edges: [{ from: 'web', to: 'db', weight: 40 }, { from: 'web', to: 'cache', weight: 20 }, { from: 'db', to: 'db', weight: 4 }, { from: 'cache', to: 'web', weight: 2 }],
};

function* assignments(pr: CompiledProblem): Generator<Int32Array> {
  const a = new Int32Array(pr.P);
  function* visit(p: number): Generator<Int32Array> {
    if (p === pr.P) { yield a; return; }
    for (let n = 0; n < pr.N; n++) if (pr.mask[p * pr.N + n] === 1) { a[p] = n; yield* visit(p + 1); }
  }
  yield* visit(0);
}

/** λ3·φ·(Σ W² − Σ W²) between all services and one-pod services only: the exposure the QUBO omits. */
function omittedExposure(pr: CompiledProblem, a: Int32Array): number {
  const cnt = domainCounts(pr, a);
  const all = wholeCounts(pr, cnt);
  const ones = new Int32Array(all.length);
  for (let s = 0; s < pr.S; s++) {
    if (pr.serviceStart[s + 1] - pr.serviceStart[s] !== 1) continue;
    const n = a[pr.serviceStart[s]];
    ones[n]++;
    ones[pr.domainCount[0] + pr.domainOf[2 * pr.N + n]]++;
  }
  let gap = 0;
  for (let d = 0; d < all.length; d++) gap += pr.weights[d < pr.domainCount[0] ? 4 : 5] * (all[d] ** 2 - ones[d] ** 2);
  return pr.weights[2] * gap;
}

describe('toQubo', () => {
  const pr = compile(cluster, workload, { weights: { latency: 2, fault: 0.5, exposure: 1, zoneExposure: 0.5 } });
  const q = toQubo(pr);

  it('encodes H exactly on every feasible assignment of an integer fixture', () => {
    expect(q.exactCapacity).toBe(true);
    let feasible = 0;
    let infeasibleHard = 0;
    for (const a of assignments(pr)) {
      const e = evaluate(pr, a);
      const state = encodeAssignment(q, pr, a);
      const energy = q.model.energies(state, 1)[0];
      if (e.Chard === 0) {
        feasible++;
        expect(Math.abs(energy - (e.H - omittedExposure(pr, a))), `assignment ${Array.from(a)}`).toBeLessThanOrEqual(1e-9 * Math.max(1, e.H));
      } else {
        infeasibleHard++;
        expect(energy).toBeGreaterThan(evaluate(pr, a).H - 1e-9 - pr.weights[3] * (e.Chard - 0)); // never cheaper than H without its hard part
      }
    }
    expect(feasible).toBeGreaterThan(10);
    expect(infeasibleHard).toBeGreaterThan(10);
  });

  it('reports its penalty weights, all positive, and what it leaves out', () => {
    expect(q.penalties.length).toBeGreaterThan(pr.P);
    for (const p of q.penalties) expect(p.weight).toBeGreaterThan(0);
    expect(q.penalties.filter((p) => p.kind === 'oneHot')).toHaveLength(pr.P);
    expect(q.omitted.join(' ')).toMatch(/softSpread.*pdb.*exposure of multi-pod services/);
    expect(q.model.vartype).toBe('BINARY');
  });

  it('charges a positive penalty for a pod on no node or on two nodes, and decodes such states with repair', () => {
    const a = Int32Array.of(0, 0, 2, 0, 2, 1);
    expect(evaluate(pr, a).Chard).toBe(0);
    const ok = encodeAssignment(q, pr, a);
    const base = q.model.energies(ok, 1)[0];
    const p = 1; // web-1 on n0
    const none = ok.slice();
    none[q.x[p * pr.N + 0]] = 0;
    const two = ok.slice();
    two[q.x[p * pr.N + 2]] = 1;
    for (const state of [none, two]) {
      const objective = q.constrained.objectiveOf(state.subarray(0, q.constrained.objective.n));
      const penalty = q.model.energies(state, 1)[0] - objective;
      expect(penalty).toBeGreaterThan(0);
      expect(q.constrained.violations(state.subarray(0, q.constrained.objective.n)).map((v) => v.name)).toContain('onehot/web-1');
    }
    expect(q.model.energies(none, 1)[0]).toBeGreaterThan(base);
    const d0 = decodeState(q, pr, none);
    expect([d0.zeroHot, d0.multiHot]).toEqual([1, 0]);
    const d2 = decodeState(q, pr, two);
    expect([d2.zeroHot, d2.multiHot]).toEqual([0, 1]);
    expect([0, 2]).toContain(d2.assignment[p]);
    expect(Array.from(decodeState(q, pr, ok).assignment)).toEqual(Array.from(a));
  });

  it('rounds capacity up to a coarse quantum when requests are fine-grained, never admitting an overfull node', () => {
    const fine: Workload = { services: [{ name: 'w', replicas: 4, requests: { cpu: '333m', memory: '100Mi' } }] };
    const pf = compile(cluster, fine);
    const qf = toQubo(pf, { capacityLevels: 8 });
    expect(qf.exactCapacity).toBe(false);
    for (const a of assignments(pf)) {
      const state = encodeAssignment(qf, pf, a);
      const sample = state.subarray(0, qf.constrained.objective.n);
      const capacityOk = !qf.constrained.violations(sample).some((v) => v.name.startsWith('capacity'));
      if (capacityOk) expect(evaluate(pf, a).Chard).toBe(0);
    }
    expect(() => toQubo(pf, { capacityLevels: 0 })).toThrow(/options.capacityLevels must be an integer >= 1, got 0/);
  });
});

describe("solver 'qubo'", () => {
  it('samples, decodes every pod onto an allowed node, and reports the repair', async () => {
    const pr = compile(cluster, workload);
    const res = await quboSolve(pr, { seed: 3, timeLimitMs: 20_000, workers: 1, params: { sweeps: 300, reads: 4 } });
    for (let p = 0; p < pr.P; p++) expect(pr.mask[p * pr.N + res.assignment[p]]).toBe(1);
    expect(res.stats.variables).toBeGreaterThan(pr.P);
    expect(typeof res.stats.zeroHotPods).toBe('number');
    const again = await quboSolve(pr, { seed: 3, timeLimitMs: 20_000, workers: 1, params: { sweeps: 300, reads: 4 } });
    expect(Array.from(again.assignment)).toEqual(Array.from(res.assignment));
  });

  it('goes through schedule() and rejects unknown parameters', async () => {
    const pl = await schedule(cluster, workload, { solver: 'qubo', params: { sampler: 'sqa', sweeps: 200, reads: 2 } });
    expect(pl.unplaced).toEqual([]);
    await expect(schedule(cluster, workload, { solver: 'qubo', params: { temperature: 3 } })).rejects.toThrow(/options.params.temperature is not a parameter of 'qubo'/);
    await expect(schedule(cluster, workload, { solver: 'qubo', params: { sampler: 'tabu' } })).rejects.toThrow(/options.params.sampler must be 'sa' or 'sqa'/);
  });
});
