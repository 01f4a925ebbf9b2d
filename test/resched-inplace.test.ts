// The in-place problem updates (edge weight, request change) equal a fresh compile, and a
// Rescheduler fed a mixed event sequence matches a freshly built one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { compile } from '../src/scheduling/compile.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { callGraphArrays, withRequests } from '../src/scheduling/reschedule/inplace.js';
import { Rescheduler } from '../src/scheduling/reschedule/index.js';
import type { Workload } from '../src/scheduling/types.js';

describe('in-place updates equal compile', () => {
  it('call graph after an edge change (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0, 0.5, 3, 40), (seed, pick, factor) => {
      const { cluster, workload } = generateInstance({ pods: 40, nodes: 8, seed });
      const pr = compile(cluster, workload);
      const edges = workload.edges ?? [];
      const S = workload.services;
      const e = edges.length > 0 && pick % 2 === 0 ? edges[pick % edges.length] : { from: S[pick % S.length].name, to: S[(pick * 7) % S.length].name, weight: 1 };
      const next: Workload = { ...workload, edges: [...edges.filter((x) => !(x.from === e.from && x.to === e.to)), ...(factor > 0 ? [{ from: e.from, to: e.to, weight: e.weight * factor }] : [])] };
      const fresh = compile(cluster, next);
      const mine = callGraphArrays(pr, next);
      expect(Array.from(mine.graphPtr)).toEqual(Array.from(fresh.graphPtr));
      expect(Array.from(mine.graphCol)).toEqual(Array.from(fresh.graphCol));
      expect(Array.from(mine.graphCoef)).toEqual(Array.from(fresh.graphCoef));
    }), { numRuns: 40, seed: 5 });
  });

  it('requests, mask and filter reasons after a request change', () => {
    const { cluster, workload } = generateInstance({ pods: 60, nodes: 10, seed: 3, gpu: true });
    const pr = compile(cluster, workload);
    for (const [i, cpu] of [[1, '6000m'], [4, '50m'], [7, '3900m']] as const) {
      const { limits: _l, ...rest } = workload.services[i];
      const svc = { ...rest, requests: { ...rest.requests, cpu } };
      const next = { ...workload, services: workload.services.map((s, k) => (k === i ? svc : s)) };
      const fresh = compile(cluster, next);
      const mine = withRequests(pr, svc, i)!;
      expect(Array.from(mine.podReq)).toEqual(Array.from(fresh.podReq));
      expect(Array.from(mine.mask)).toEqual(Array.from(fresh.mask));
      expect(Array.from(mine.reasons)).toEqual(Array.from(fresh.reasons));
    }
    expect(withRequests(pr, { ...workload.services[0], requests: { 'example.com/new': '1' } }, 0)).toBeNull();
  });
});

describe('Rescheduler over a mixed sequence', () => {
  it('ends where a freshly built Rescheduler on the same inputs and assignment is', () => {
    const { cluster, workload } = generateInstance({ pods: 80, nodes: 12, seed: 21 });
    const pr = compile(cluster, workload);
    const a: Record<string, string> = {};
    kubeGreedy(pr, 'MostAllocated', 1).assignment.forEach((n, p) => { a[pr.podNames[p]] = pr.nodeNames[n]; });
    const r = new Rescheduler(cluster, workload, a);
    const e = workload.edges![1];
    const s = workload.services[2];
    const steps = [
      r.apply({ type: 'edgeWeight', from: e.from, to: e.to, weight: e.weight * 10 }),
      r.apply({ type: 'nodeFailure', node: cluster.nodes[5].name }),
      r.apply({ type: 'requestChange', service: s.name, requests: { cpu: '900m' } }),
      r.apply({ type: 'nodeDrain', node: cluster.nodes[6].name }),
      r.apply({ type: 'scale', service: s.name, replicas: s.replicas + 2 }),
    ];
    expect(steps.map((x) => x.stats.rebuilt)).toEqual([false, false, false, false, false]);
    for (const x of steps) expect(x.placement.check!.violations.filter((v) => v.soft !== true)).toEqual([]);
    const fresh = new Rescheduler(r.cluster, r.workload, r.assignment);
    const [e1, e2] = [r.energy(), fresh.energy()];
    expect(e1.L).toBeCloseTo(e2.L, 6);
    expect(e1.F).toBeCloseTo(e2.F, 9);
    expect(e1.C).toBeCloseTo(e2.C, 9);
    expect(e1.unplaced).toBe(e2.unplaced);
  });
});
