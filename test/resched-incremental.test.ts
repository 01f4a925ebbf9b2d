// Incremental compile: the kept per-(service, node) tables updated for a shape-changing event and
// expanded equal a fresh compile of the new inputs (node added, scale out/in, new service, request
// and edge changes), alone and chained; the Rescheduler applies these events without a full
// compile and leaves its kept state untouched when one of them throws.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { buildTables, compile, type CompileTables, expand } from '../src/scheduling/compile.js';
import { withNode, withReplicas, withRequests, withService } from '../src/scheduling/compile-tables.js';
import { Rescheduler, type RescheduleEvent } from '../src/scheduling/reschedule/index.js';
import { HOSTNAME_LABEL, RACK_LABEL, REGION_LABEL, ZONE_LABEL, type Cluster, type ClusterNode, type Service, type Workload } from '../src/scheduling/types.js';
import { richInstance } from './sched-fixtures.js';

/** richInstance plus spread on the hierarchy keys and on a raw key, an empty service with a spread on its own key, and a node without zone/rack labels. */
function instance(seed: number): { cluster: Cluster; workload: Workload } {
  const { cluster, workload } = richInstance(seed);
  const services: Service[] = workload.services.map((s, i) => {
    if (i === 1) return { ...s, replicas: 0, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'only-empty', whenUnsatisfiable: 'DoNotSchedule' }] };
    if (i === 2) return { ...s, topologySpreadConstraints: [...(s.topologySpreadConstraints ?? []), { maxSkew: 1, topologyKey: 'later-key', whenUnsatisfiable: 'ScheduleAnyway' }] };
    if (i % 6 === 5) return { ...s, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 2, topologyKey: RACK_LABEL, whenUnsatisfiable: 'ScheduleAnyway' }] };
    if (i % 6 === 3) return { ...s, podAntiAffinity: { preferred: [{ weight: 40, topologyKey: RACK_LABEL }] }, disruptionBudget: { minAvailable: '50%' } };
    return s;
  });
  const nodes = cluster.nodes.map((n, i): ClusterNode => (i === 1 ? { ...n, labels: { [HOSTNAME_LABEL]: n.name, team: 't0' } } : { ...n, labels: { ...n.labels, 'later-key': `v${i % 3}` } }));
  return { cluster: { nodes }, workload: { ...workload, services } };
}

/** A node of `base`'s shape with labels chosen by `kind`: same domains, a new zone, rack or region, a zone name reused across regions, no labels. */
function newNode(base: ClusterNode, kind: number, name: string): ClusterNode {
  const l = base.labels ?? {};
  const labels: Record<string, string>[] = [
    { ...l },
    { ...l, [ZONE_LABEL]: 'zone-new', [RACK_LABEL]: 'rack-new' },
    { ...l, [RACK_LABEL]: 'rack-new', team: 't9' },
    { ...l, [REGION_LABEL]: 'region-2' }, // same zone label in a new region: the raw zone partition splits from the hierarchy's
    { 'only-empty': 'x' },
    { ...l, [REGION_LABEL]: 'region-3', [ZONE_LABEL]: 'region-3a', [RACK_LABEL]: 'r' },
  ];
  const { [HOSTNAME_LABEL]: _h, ...rest } = labels[kind % labels.length];
  return {
    ...base, name, labels: rest, cost: 0.1 + kind * 0.07,
    taints: kind % 2 === 0 ? [{ key: 'spot', effect: 'PreferNoSchedule' }] : [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    ...(kind === 4 ? { unschedulable: true } : {}),
  };
}

type Step = { cluster: Cluster; workload: Workload; tables: CompileTables | null };

/** One random shape-changing event applied to the inputs and to the tables. */
function step(cluster: Cluster, workload: Workload, t: CompileTables, rng: Rng, i: number): Step {
  const S = workload.services.length;
  switch (rng.below(5)) {
    case 0: {
      const node = newNode(cluster.nodes[rng.below(cluster.nodes.length)], rng.below(6), `added-${i}`);
      return { cluster: { ...cluster, nodes: [...cluster.nodes, node] }, workload, tables: withNode(t, node) };
    }
    case 1:
    case 2: {
      const s = rng.below(S);
      const old = workload.services[s].replicas;
      const replicas = rng.below(2) === 0 ? old + 1 + rng.below(3) : rng.below(old + 1);
      const next = { ...workload, services: workload.services.map((x, k) => (k === s ? { ...x, replicas } : x)) };
      return { cluster, workload: next, tables: withReplicas(t, next) };
    }
    case 3: {
      const name = `new-${i}`;
      const other = workload.services[rng.below(S)].name;
      const svc: Service = {
        name, replicas: rng.below(4), requests: { cpu: `${100 + rng.below(900)}m`, memory: '256Mi' },
        tolerations: rng.below(2) === 0 ? [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] : undefined,
        nodeAffinity: { preferred: [{ weight: 25, preference: { matchExpressions: [{ key: 'team', operator: 'In', values: ['t1'] }] } }] },
        podAntiAffinity: { required: [{ topologyKey: rng.below(2) === 0 ? HOSTNAME_LABEL : `key-${i}` }], preferred: [{ weight: 50, topologyKey: ZONE_LABEL, services: [other] }] },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: rng.below(2) === 0 ? ZONE_LABEL : 'team', whenUnsatisfiable: 'DoNotSchedule' }],
        disruptionBudget: { maxUnavailable: 1 }, critical: rng.below(2) === 0,
      };
      const edges = [{ from: name, to: other, weight: 1 + rng.below(40) }, { from: other, to: name, weight: 2 }, { from: name, to: name, weight: 5 }];
      const next = { ...workload, services: [...workload.services, svc], edges: [...(workload.edges ?? []), ...edges] };
      return { cluster, workload: next, tables: withService(t, next) };
    }
    default: {
      const s = rng.below(S);
      const svc = { ...workload.services[s], requests: { ...workload.services[s].requests, cpu: `${50 + rng.below(8000)}m` }, limits: undefined };
      const next = { ...workload, services: workload.services.map((x, k) => (k === s ? svc : x)), edges: (workload.edges ?? []).slice(1) };
      return { cluster, workload: next, tables: withRequests(withReplicas(t, { ...workload, edges: next.edges }), next, s) };
    }
  }
}

describe('incremental compile tables', () => {
  it('compile is expand(buildTables)', () => {
    const { cluster, workload } = instance(3);
    expect(expand(buildTables(cluster, workload))).toStrictEqual(compile(cluster, workload));
  });

  it('each update then expand equals a fresh compile of the new inputs, chained, and never changes its input (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
      let { cluster, workload } = instance(1 + (seed % 50));
      let t = buildTables(cluster, workload, { weights: { latency: 2 } });
      const rng = new Rng(seed, 3);
      for (let i = 0; i < 4; i++) {
        const before = expand(t);
        const next = step(cluster, workload, t, rng, i);
        expect(expand(t)).toStrictEqual(before);
        expect(next.tables).not.toBeNull();
        cluster = next.cluster;
        workload = next.workload;
        t = next.tables!;
        expect(expand(t)).toStrictEqual(compile(cluster, workload, { weights: { latency: 2 } }));
      }
    }), { numRuns: 40, seed: 17 });
  });

  it('a node added at a new zone and rack lands in new domains and reuses nothing', () => {
    const { cluster, workload } = instance(8);
    const node = newNode(cluster.nodes[0], 1, 'far');
    const pr = expand(withNode(buildTables(cluster, workload), node)!);
    expect(pr).toStrictEqual(compile({ nodes: [...cluster.nodes, node] }, workload));
    const before = compile(cluster, workload);
    expect(pr.domainCount[2]).toBe(before.domainCount[2] + 1);
    expect(pr.domainCount[1]).toBe(before.domainCount[1] + 1);
  });

  it('a zone label reused in a new region moves the zone key to its own level, as compile does', () => {
    const { cluster, workload } = instance(9);
    const node = newNode(cluster.nodes[0], 3, 'split');
    const pr = expand(withNode(buildTables(cluster, workload), node)!);
    expect(pr.levelKeys.filter((k) => k === ZONE_LABEL)).toHaveLength(2);
    expect(pr).toStrictEqual(compile({ nodes: [...cluster.nodes, node] }, workload));
  });

  it('a request that stops fitting any node and then fits again, and a scale from zero, equal compile', () => {
    const { cluster, workload } = instance(5);
    let t = buildTables(cluster, workload);
    let w = workload;
    for (const cpu of ['64000m', '100m']) {
      const svc = { ...w.services[2], requests: { ...w.services[2].requests, cpu }, limits: undefined };
      w = { ...w, services: w.services.map((x, k) => (k === 2 ? svc : x)) };
      t = withRequests(t, w, 2)!;
      expect(expand(t)).toStrictEqual(compile(cluster, w));
    }
    // Service 1 has no pods and the only spread on 'only-empty': with pods its key is numbered earlier.
    w = { ...w, services: w.services.map((x, k) => (k === 1 ? { ...x, replicas: 2 } : x)) };
    const before = expand(t).levelKeys;
    t = withReplicas(t, w);
    expect(expand(t).levelKeys).not.toEqual(before);
    expect(expand(t)).toStrictEqual(compile(cluster, w));
  });

  it('a resource new to the tables returns null (the caller compiles in full)', () => {
    const { cluster, workload } = instance(4);
    const t = buildTables(cluster, workload);
    expect(withNode(t, { name: 'x', allocatable: { cpu: '1', 'example.com/fpga': '2' } })).toBeNull();
    const svc = { name: 'y', replicas: 1, requests: { 'example.com/fpga': '1' } };
    expect(withService(t, { ...workload, services: [...workload.services, svc] })).toBeNull();
  });
});

function start(seed: number, rich = false) {
  const { cluster, workload } = rich ? instance(seed) : generateInstance({ pods: 80, nodes: 12, seed });
  const pr = compile(cluster, workload);
  const assignment: Record<string, string> = {};
  kubeGreedy(pr, 'MostAllocated', seed).assignment.forEach((n, p) => { if (n >= 0) assignment[pr.podNames[p]] = pr.nodeNames[n]; });
  return { cluster, workload, assignment };
}

describe('Rescheduler: shape-changing events without a full compile', () => {
  it('node added, scale out and in, new service: rebuilt stays false and the state matches a fresh Rescheduler', () => {
    const b = start(12);
    const r = new Rescheduler(b.cluster, b.workload, b.assignment);
    const svc = b.workload.services[4];
    const events: RescheduleEvent[] = [
      { type: 'nodeFailure', node: b.cluster.nodes[2].name },
      { type: 'nodeAdded', node: newNode(b.cluster.nodes[0], 2, 'extra-a') }, // a new rack (a new zone would break zone spread by itself)
      { type: 'scale', service: svc.name, replicas: svc.replicas + 2 },
      { type: 'nodeDrain', node: b.cluster.nodes[3].name },
      { type: 'newService', service: { name: 'late', replicas: 3, requests: { cpu: '200m', memory: '128Mi' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'ScheduleAnyway' }] }, edges: [{ from: 'late', to: svc.name, weight: 9 }] },
      { type: 'scale', service: svc.name, replicas: 1 },
      { type: 'nodeAdded', node: newNode(b.cluster.nodes[0], 0, 'extra-b') },
      { type: 'newService', service: { name: 'idle', replicas: 0, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'idle-key', whenUnsatisfiable: 'ScheduleAnyway' }] } },
      { type: 'newService', service: { name: 'tail', replicas: 2, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'tail-key', whenUnsatisfiable: 'ScheduleAnyway' }] } },
      { type: 'scale', service: 'idle', replicas: 2 }, // from zero: 'idle-key' is now numbered before 'tail-key'
    ];
    for (const ev of events) {
      const out = r.apply(ev);
      expect(out.stats.rebuilt, ev.type).toBe(false);
      const hard = out.placement.check!.violations.filter((v) => v.soft !== true && v.constraint !== 'unplaced');
      expect(hard, ev.type).toEqual([]);
      const fresh = new Rescheduler(r.cluster, r.workload, r.assignment);
      const [e1, e2] = [r.energy(), fresh.energy()];
      // A failure is applied in place and keeps the failed node in the cost normalisation until the next expand.
      if (ev.type !== 'nodeFailure') expect(e1.R, ev.type).toBeCloseTo(e2.R, 9);
      expect(e1.L, ev.type).toBeCloseTo(e2.L, 9);
      expect(e1.F, ev.type).toBeCloseTo(e2.F, 9);
      expect(e1.C, ev.type).toBeCloseTo(e2.C, 9);
      expect(e1.unplaced).toBe(e2.unplaced);
    }
    expect(Object.keys(r.assignment).filter((p) => p.startsWith('late-'))).toHaveLength(3);
  });

  it('scale and new service give the same moves and energy as with options.fullCompile', () => {
    const b = start(15);
    const svc = b.workload.services[6];
    const events: RescheduleEvent[] = [
      { type: 'scale', service: svc.name, replicas: svc.replicas + 3 },
      { type: 'scale', service: svc.name, replicas: 1 },
      { type: 'newService', service: { name: 'n', replicas: 4, requests: { cpu: '300m', memory: '256Mi' }, podAntiAffinity: { preferred: [{ weight: 60, topologyKey: HOSTNAME_LABEL }] } }, edges: [{ from: 'n', to: svc.name, weight: 7 }] },
    ];
    for (const ev of events) {
      const inc = new Rescheduler(b.cluster, b.workload, b.assignment).apply(ev, { check: false });
      const full = new Rescheduler(b.cluster, b.workload, b.assignment).apply(ev, { check: false, fullCompile: true });
      expect([inc.stats.rebuilt, full.stats.rebuilt]).toEqual([false, true]);
      expect(inc.moves).toEqual(full.moves);
      expect(inc.placement.energy.H).toBeCloseTo(full.placement.energy.H, 9);
    }
  });

  it('a new resource name, or a node added under a failed node\'s name, falls back to a full compile', () => {
    const b = start(13, true);
    const r = new Rescheduler(b.cluster, b.workload, b.assignment);
    const gone = b.cluster.nodes[0];
    expect(r.apply({ type: 'nodeFailure', node: gone.name }).stats.rebuilt).toBe(false);
    expect(r.apply({ type: 'nodeAdded', node: gone }).stats.rebuilt).toBe(true);
    const out = r.apply({ type: 'newService', service: { name: 'fpga', replicas: 1, requests: { cpu: '100m', 'example.com/fpga': '1' } } });
    expect(out.stats.rebuilt).toBe(true);
    expect(out.placement.unplaced).toEqual(['fpga-0']);
  });

  it('a bad nodeAdded, scale or newService leaves the kept state unchanged, and the next event works', () => {
    const b = start(14, true);
    const r = new Rescheduler(b.cluster, b.workload, b.assignment);
    r.apply({ type: 'nodeAdded', node: newNode(b.cluster.nodes[0], 2, 'ok-node') });
    const before = JSON.stringify(r.assignment);
    const H = r.energy().H;
    const S0 = b.workload.services[0].name;
    const bad: [unknown, RegExp][] = [
      [{ type: 'nodeAdded', node: { name: 'ok-node', allocatable: { cpu: '1' } } }, /already in the cluster/],
      [{ type: 'nodeAdded', node: { name: 'n2', allocatable: { cpu: '1' }, taints: [{ key: 'k', effect: 'Sometimes' }] } }, /event\.node\.taints/],
      [{ type: 'scale', service: S0, replicas: 1.5 }, /event\.replicas/],
      [{ type: 'newService', service: { name: 'z', replicas: 1 }, edges: [{ from: 'z', to: 'ghost', weight: 1 }] }, /event\.edges\[0\]/],
      [{ type: 'newService', service: { name: 'z', replicas: 1, podAntiAffinity: { required: [{ topologyKey: ZONE_LABEL, services: [S0, 'ghost'] }] } } }, /event\.service\.podAntiAffinity\.required\[0\]\.services\[1\] names an unknown service "ghost"/],
      [{ type: 'newService', service: { name: 'z', replicas: 1 }, edges: [{ from: 'z', to: S0, weight: 1 }, { from: S0, to: 'z', weight: -1 }] }, /event\.edges\[1\]\.weight/],
      [{ type: 'newService', service: { name: 'z', replicas: 1, topologySpreadConstraints: [{ maxSkew: 0, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'DoNotSchedule' }] } }, /event\.service\.topologySpreadConstraints/],
    ];
    for (const [ev, msg] of bad) {
      expect(() => r.apply(ev as RescheduleEvent), JSON.stringify(ev)).toThrow(msg);
      expect(JSON.stringify(r.assignment)).toBe(before);
      expect(r.energy().H).toBe(H);
    }
    expect(() => r.apply({ type: 'scale', service: S0, replicas: 3 }, { fullCompile: 'yes' } as never)).toThrow(/options\.fullCompile must be a boolean/);
    expect(JSON.stringify(r.assignment)).toBe(before);
    const ok = r.apply({ type: 'scale', service: S0, replicas: b.workload.services[0].replicas + 1 });
    expect(ok.stats.rebuilt).toBe(false);
    expect(ok.placement.check!.violations.filter((v) => v.soft !== true && v.constraint !== 'unplaced')).toEqual([]);
  });
});
