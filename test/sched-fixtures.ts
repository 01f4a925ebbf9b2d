// Shared fixtures of the scheduling tests (not a test file itself).

import { Rng } from '../src/kernels/reference/rng.js';
import { generateInstance } from '../src/scheduling/generators.js';
import type { Cluster, Service, Workload } from '../src/scheduling/types.js';

/** A small generated instance with extra constraints of every kind sprinkled in. */
export function richInstance(seed: number): { cluster: Cluster; workload: Workload } {
  const rng = new Rng(seed, 7);
  const { cluster, workload } = generateInstance({ pods: 24 + rng.below(20), nodes: 6 + rng.below(6), seed, gpu: rng.below(2) === 1 });
  const nodes = cluster.nodes.map((n, i) => ({
    ...n,
    labels: { ...n.labels, ...(i % 3 === 0 ? {} : { team: `t${i % 2}` }) },
    taints: [...(n.taints ?? []), ...(i % 4 === 1 ? [{ key: 'spot', effect: 'PreferNoSchedule' as const }] : [])],
  }));
  const names = workload.services.map((s) => s.name);
  const services: Service[] = workload.services.map((s, i) => {
    const extra: Partial<Service> = {};
    if (i % 4 === 0) Object.assign(extra, { podAntiAffinity: { preferred: [{ weight: 1 + rng.below(100), topologyKey: 'team', services: [names[rng.below(names.length)]] }] } });
    if (i % 5 === 1) Object.assign(extra, { podAntiAffinity: { required: [{ topologyKey: 'topology.kubernetes.io/zone' }, { topologyKey: 'team', services: [names[(i + 1) % names.length]] }] } });
    if (i % 6 === 2) Object.assign(extra, { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'team', whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }] });
    if (i % 7 === 3) Object.assign(extra, { disruptionBudget: { maxUnavailable: 1 }, critical: true });
    if (i % 8 === 4) Object.assign(extra, { nodeAffinity: { required: [{ matchExpressions: [{ key: 'team', operator: 'In', values: ['t1'] }] }], preferred: [{ weight: 30, preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['region-1a'] }] } }] } });
    return { ...s, ...extra };
  });
  const edges = [...(workload.edges ?? []), { from: names[0], to: names[0], weight: 50 }, { from: names[1 % names.length], to: names[0], weight: 3 }];
  return { cluster: { nodes }, workload: { services, edges } };
}

