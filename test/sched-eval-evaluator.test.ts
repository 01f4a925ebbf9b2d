// evaluatePlacement: hand-checked cross-zone share, blast radius and fragmentation on two-node
// clusters; the latency simulation is deterministic for a seed, exact on a one-call chain and
// monotone in the network latencies; bad input is rejected naming the field.

import { describe, expect, it } from 'vitest';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { compile } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { evaluatePlacement } from '../src/scheduling/evaluate/index.js';
import { decodeAssignment } from '../src/scheduling/explain.js';
import { generateInstance } from '../src/scheduling/generators.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';
import { DEFAULT_NETWORK } from '../src/scheduling/types.js';

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const cluster: Cluster = {
  nodes: [
    { name: 'a', allocatable: { cpu: '2', memory: '4Gi' }, labels: zone('z1') },
    { name: 'b', allocatable: { cpu: '2', memory: '4Gi' }, labels: zone('z2') },
  ],
};
const workload: Workload = {
  services: [
    { name: 'web', replicas: 2, requests: { cpu: '1', memory: '1Gi' }, critical: true },
    { name: 'db', replicas: 1, requests: { cpu: '500m', memory: '2Gi' } },
    { name: 'api', replicas: 1, requests: { cpu: '500m', memory: '1Gi' } },
  ],
  edges: [{ from: 'web', to: 'db', weight: 10 }, { from: 'api', to: 'db', weight: 30 }],
};
const placement = { 'web-0': 'a', 'web-1': 'b', 'db-0': 'a', 'api-0': 'b' };

describe('evaluatePlacement: hand-checked two-node cluster', () => {
  const ev = evaluatePlacement(cluster, workload, placement, { requests: 2000 });

  it('cross-zone traffic: web→db half its pod pairs cross (10·½), api→db all (30·1): 35/40', () => {
    expect(ev.crossZoneTraffic).toBeCloseTo(35 / 40, 12);
  });

  it('blast radius: each node (= zone) takes one single-replica service and 2 pods; critical web survives', () => {
    for (const b of [ev.blastRadius.node, ev.blastRadius.zone]) {
      expect(b.domains).toBe(2);
      expect(b.maxServicesLost).toBeCloseTo(1 / 3, 12);
      expect(b.meanServicesLost).toBeCloseTo(1 / 3, 12);
      expect(b.maxPods).toBe(2);
      expect(b.meanPods).toBe(2);
      expect(b.maxCriticalLost).toBe(0);
    }
    const together = evaluatePlacement(cluster, workload, { ...placement, 'web-1': 'a' }, { requests: 10 });
    expect(together.blastRadius.node.maxServicesLost).toBeCloseTo(2 / 3, 12); // a takes web and db
    expect(together.blastRadius.node.worst).toBe('a');
    expect(together.blastRadius.node.maxCriticalLost).toBe(1);
    expect(together.blastRadius.node.maxPods).toBe(3);
  });

  it('nodes used, utilisation and idle shares; nothing stranded when a small pod still fits', () => {
    expect(ev.nodesUsed).toBe(2);
    expect(ev.placedPods).toBe(4);
    expect(ev.utilisation.cpu).toBeCloseTo(3 / 4, 12);
    expect(ev.resources.memory.idle).toBeCloseTo(3 / 8, 12);
    expect(ev.fragmentation.cpu).toBe(0);
    expect(ev.fragmentation.memory).toBe(0);
    expect(ev.fragmentation.gpu).toBeNull();
  });

  it('free cpu next to exhausted memory is stranded', () => {
    const c: Cluster = { nodes: [{ name: 'n', allocatable: { cpu: '4', memory: '2Gi' } }] };
    const w: Workload = { services: [{ name: 'cache', replicas: 1, requests: { cpu: '500m', memory: '2Gi' } }] };
    const e = evaluatePlacement(c, w, { 'cache-0': 'n' }, { requests: 10 });
    expect(e.fragmentation.cpu).toBe(1);
    expect(e.resources.cpu.idle).toBeCloseTo(3.5 / 4, 12);
    expect(e.fragmentation.memory).toBe(0);
  });

  it('GPU fragmentation: half a GPU left where whole-GPU pods are the only GPU task', () => {
    const c: Cluster = { nodes: [{ name: 'g', allocatable: { cpu: '8', memory: '8Gi', 'nvidia.com/gpu': '2' } }] };
    const w: Workload = { services: [{ name: 'train', replicas: 1, requests: { cpu: '1', 'nvidia.com/gpu': '1' } }, { name: 'infer', replicas: 1, requests: { cpu: '1', 'nvidia.com/gpu': '500m' } }] };
    const e = evaluatePlacement(c, w, { 'train-0': 'g', 'infer-0': 'g' }, { requests: 10 });
    // free 0.5 GPU: infer (popularity ½) could use it, train (½) could not → 0.25 / 0.5
    expect(e.fragmentation.gpuFgd).toBeCloseTo(0.5, 12);
    expect(e.fragmentation.gpu).toBe(0);
  });
});

describe('evaluatePlacement: latency simulation', () => {
  it('one call across zones with a negligible service time takes 2 × the cross-zone latency', () => {
    const w: Workload = { services: [{ name: 'api', replicas: 1, requests: { cpu: '100m' } }, { name: 'db', replicas: 1, requests: { cpu: '100m' } }], edges: [{ from: 'api', to: 'db', weight: 5 }] };
    const e = evaluatePlacement(cluster, w, { 'api-0': 'a', 'db-0': 'b' }, { requests: 100, serviceTimeMs: 1e-9 });
    expect(e.latency.p50).toBeCloseTo(2 * DEFAULT_NETWORK.crossZone, 6);
    expect(e.latency.p99).toBeCloseTo(2 * DEFAULT_NETWORK.crossZone, 6);
    expect(e.latency.calls).toBe(200);
  });

  it('is deterministic for a seed and monotone in every network latency', () => {
    const { cluster: c, workload: w } = generateInstance({ pods: 120, seed: 3 });
    const pr = compile(c, w);
    const named = decodeAssignment(pr, kubeGreedy(pr, 'LeastAllocated', 1).assignment).assignment;
    const a = evaluatePlacement(c, w, named, { seed: 7, requests: 5000 });
    expect(evaluatePlacement(c, w, named, { seed: 7, requests: 5000 })).toEqual(a);
    expect(evaluatePlacement(c, w, named, { seed: 8, requests: 5000 }).latency.p50).not.toBe(a.latency.p50);
    let last = a.latency;
    for (const k of [2, 4, 8]) {
      const net = { sameNode: 0.05 * k, sameRack: 0.2 * k, sameZone: 0.5 * k, crossZone: 2 * k, crossRegion: 30 * k };
      const now = evaluatePlacement(c, w, named, { seed: 7, requests: 5000, network: net }).latency;
      expect(now.p50).toBeGreaterThanOrEqual(last.p50);
      expect(now.p99).toBeGreaterThan(last.p99);
      expect(now.mean).toBeGreaterThan(last.mean);
      expect(now.calls).toBe(a.latency.calls);
      last = now;
    }
    const worse = evaluatePlacement(c, w, named, { seed: 7, requests: 5000, network: { crossZone: 10 } }).latency;
    expect(worse.mean).toBeGreaterThan(a.latency.mean);
    for (const fanOut of ['parallel', 'sequential'] as const) {
      const busy = evaluatePlacement(c, w, named, { seed: 7, requests: 5000, cpuLoad: 1, fanOut }).latency;
      const idle = evaluatePlacement(c, w, named, { seed: 7, requests: 5000, cpuLoad: 0, fanOut }).latency;
      expect(busy.mean).toBeGreaterThan(idle.mean);
    }
  });

  it('agrees with the energy on nodes used and accepts a Placement-like object', () => {
    const { cluster: c, workload: w } = generateInstance({ pods: 60, seed: 4 });
    const pr = compile(c, w);
    const assignment = kubeGreedy(pr, 'MostAllocated', 1).assignment;
    const e = evaluatePlacement(c, w, { assignment: decodeAssignment(pr, assignment).assignment }, { requests: 500 });
    expect(e.nodesUsed).toBe(evaluate(pr, assignment).nodesUsed);
    expect(e.crossZoneTraffic).toBeGreaterThanOrEqual(0);
    expect(e.crossZoneTraffic).toBeLessThanOrEqual(1);
  });
});

describe('evaluatePlacement: bad input', () => {
  const bad: [unknown, unknown, RegExp, ErrorConstructor][] = [
    [{ ...placement, 'web-7': 'a' }, {}, /placement\["web-7"\]: no service of the workload has a pod named "web-7"/, RangeError],
    [{ ...placement, 'web-0': 'zz' }, {}, /placement\["web-0"\] names node "zz", which is not in the cluster/, RangeError],
    [{ ...placement, 'web-0': 3 }, {}, /placement\["web-0"\] must be a node name \(string\), got number/, TypeError],
    [placement, { requests: 0 }, /options.requests must be an integer in \[1, 10000000\], got 0/, RangeError],
    [placement, { cpuLoad: 2 }, /options.cpuLoad must be in \[0, 1\], got 2/, RangeError],
    [placement, { serviceTimeMs: Number.NaN }, /options.serviceTimeMs must be a finite number, got NaN/, RangeError],
    [placement, { fanOut: 'both' }, /options.fanOut must be one of 'parallel', 'sequential'/, RangeError],
    [placement, { reqests: 5 }, /options.reqests is not an option of evaluatePlacement/, RangeError],
    [placement, { network: { crossZone: 'far' } }, /options.network.crossZone must be a number/, TypeError],
    [null, {}, /placement must be an object, got null/, TypeError],
  ];
  it.each(bad.map((b, i) => [i, ...b]))('case %i', (_i, p, o, message, kind) => {
    expect(() => evaluatePlacement(cluster, workload, p as never, o as never)).toThrow(kind as ErrorConstructor);
    expect(() => evaluatePlacement(cluster, workload, p as never, o as never)).toThrow(message as RegExp);
  });
});
