// The batch controller against an in-process fake of the API calls it makes (list/watch pods,
// list nodes, merge-patch a pod, create an event). The fake applies RFC 7386 merge patches and
// enforces what the API server allows on a gated pod: the gate may only be removed, and required
// node affinity may only gain requirements (existing terms kept, KEP-3838).

import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { BatchController, type ControllerApi, DEFAULT_GATE, pinnedTerms, type WatchEventType } from '../src/k8s/controller.js';
import { QschedMetrics } from '../src/k8s/metrics.js';
import type { KubeObject } from '../src/k8s/objects.js';

type Obj = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Obj = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Obj) } : {};
  for (const [k, v] of Object.entries(patch as Obj)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

class FakeApi implements ControllerApi {
  readonly pods = new Map<string, V1Pod>();
  readonly events: CoreV1Event[] = [];
  readonly patches: { namespace: string; name: string; patch: Obj }[] = [];
  failNext = new Set<string>();
  #watchers = new Set<(t: WatchEventType, p: V1Pod) => void>();
  #rv = 1;
  #log: { rv: number; type: WatchEventType; pod: V1Pod }[] = [];
  constructor(readonly nodes: V1Node[]) {}

  async listNodes() { return clone(this.nodes); }
  async listPods() { return { items: [...this.pods.values()].map(clone), resourceVersion: String(this.#rv) }; }
  /** Like the API server: a watch from resourceVersion rv first replays every later event. */
  watchPods(rv: string | undefined, onEvent: (t: WatchEventType, p: V1Pod) => void, signal: AbortSignal) {
    for (const e of this.#log) if (rv === undefined || e.rv > Number(rv)) onEvent(e.type, clone(e.pod));
    this.#watchers.add(onEvent);
    return new Promise<void>((resolve) => signal.addEventListener('abort', () => { this.#watchers.delete(onEvent); resolve(); }, { once: true }));
  }
  async patchPod(namespace: string, name: string, patch: Obj) {
    const key = `${namespace}/${name}`;
    if (this.failNext.delete(key)) throw new Error('409 Conflict (injected)');
    const old = this.pods.get(key);
    if (old === undefined) throw new Error(`404 pod ${key} not found`);
    const next = mergePatch(clone(old), patch) as V1Pod;
    const gatedBefore = (old.spec?.schedulingGates ?? []).length > 0;
    const before = old.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    const after = next.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      if (!gatedBefore) throw new Error('422 node affinity may only change while the pod is gated');
      if (before.length > 0) {
        if (after.length !== before.length) throw new Error('422 terms may not be added or removed');
        before.forEach((t, i) => {
          const a = after[i];
          for (const f of ['matchExpressions', 'matchFields'] as const) {
            const b = JSON.stringify(t[f] ?? []);
            if (JSON.stringify((a[f] ?? []).slice(0, (t[f] ?? []).length)) !== b) throw new Error(`422 existing ${f} must be kept`);
          }
        });
      }
    }
    const gates = (g: V1Pod) => (g.spec?.schedulingGates ?? []).map((x) => x.name);
    if (gates(next).some((g) => !gates(old).includes(g))) throw new Error('422 gates may only be removed');
    this.patches.push({ namespace, name, patch });
    this.#put(next, 'MODIFIED');
  }
  async createEvent(_namespace: string, event: CoreV1Event) { this.events.push(event); }

  add(pod: V1Pod) { this.#put(pod, 'ADDED'); }
  #put(pod: V1Pod, type: WatchEventType) {
    pod.metadata = { ...pod.metadata, resourceVersion: String(++this.#rv) };
    this.pods.set(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`, pod);
    this.#log.push({ rv: this.#rv, type, pod: clone(pod) });
    for (const w of this.#watchers) w(type, clone(pod));
  }
}

const node = (name: string, zone: string, cpu = '4'): V1Node => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } }, status: { allocatable: { cpu, memory: '8Gi', pods: '110' } } });
let uid = 0;
function pod(name: string, opts: { cpu?: string; gate?: string[] | null; owner?: string; node?: string; labels?: Record<string, string>; annotations?: Record<string, string>; affinity?: V1Pod['spec'] extends infer S ? S extends { affinity?: infer A } ? A : never : never } = {}): V1Pod {
  return {
    metadata: {
      name, namespace: 'default', uid: `uid-${++uid}`, labels: opts.labels ?? (opts.owner !== undefined ? { app: opts.owner, 'pod-template-hash': '7d9f' } : { app: name }),
      ...(opts.annotations !== undefined ? { annotations: opts.annotations } : {}),
      ...(opts.owner !== undefined ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${opts.owner}-7d9f`, uid: `rs-${opts.owner}`, controller: true }] } : {}),
    },
    spec: {
      containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: opts.cpu ?? '500m', memory: '256Mi' } } }],
      ...(opts.gate === null ? {} : { schedulingGates: (opts.gate ?? [DEFAULT_GATE]).map((n) => ({ name: n })) }),
      ...(opts.node !== undefined ? { nodeName: opts.node } : {}),
      ...(opts.affinity !== undefined ? { affinity: opts.affinity } : {}),
    },
    status: { phase: opts.node !== undefined ? 'Running' : 'Pending' },
  };
}
const FAST = { solver: 'sa', timeLimitMs: 2000, seed: 1, params: { sweeps: 200 } };
const nodeOf = (p: V1Pod | undefined) => p?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.at(-1)?.values?.[0];

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('BatchController', () => {
  it('a full batch is solved jointly: each pod pinned to its node, gate removed, running pods respected', async () => {
    const api = new FakeApi([node('n1', 'z1'), node('n2', 'z1'), node('n3', 'z2')]);
    api.add(pod('big-1', { cpu: '3500m', gate: null, node: 'n1' })); // n1 is nearly full
    const metrics = new QschedMetrics();
    const c = new BatchController(api, { maxBatch: 4, windowMs: 60_000, schedule: FAST, metrics });
    const ac = new AbortController();
    const running = c.run(ac.signal);
    for (let i = 0; i < 4; i++) api.add(pod(`web-7d9f-${i}`, { owner: 'web', cpu: '1', annotations: { 'qsched.io/critical': 'true' } }));
    await until(() => api.patches.length === 4);
    ac.abort();
    await running;
    const placed = [...api.pods.values()].filter((p) => p.metadata?.name?.startsWith('web-'));
    for (const p of placed) {
      expect(p.spec?.schedulingGates).toBeUndefined();
      expect(p.metadata?.annotations?.['qsched.io/decision']).toMatch(/^[0-9a-z]+-[0-9a-z]+$/);
      expect(['n2', 'n3']).toContain(nodeOf(p)); // n1 has 0.5 CPU left
    }
    // Critical replicas are spread over the two free nodes (2 + 2, never 3 + 1 or 4 + 0 with cpu 4 each).
    const counts = new Map<string, number>();
    for (const p of placed) counts.set(nodeOf(p) as string, (counts.get(nodeOf(p) as string) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([2, 2]);
    expect(c.waiting).toBe(0);
    expect(api.events).toEqual([]);
    expect(await metrics.registry.getSingleMetricAsString('qsched_moves_applied_total')).toMatch(/source="controller"\} 4/);
    expect(await metrics.registry.getSingleMetricAsString('qsched_solves_total')).toMatch(/source="controller",result="feasible"\} 1/);
    // The running pod and its node were never touched.
    expect(api.patches.every((x) => x.name.startsWith('web-'))).toBe(true);
  });

  it('pods pinned by an earlier batch but not bound yet still reserve their node', async () => {
    const api = new FakeApi([node('n1', 'z1', '2'), node('n2', 'z1', '2')]);
    const c = new BatchController(api, { maxBatch: 100, windowMs: 60_000, schedule: FAST });
    const perNode = new Map<string, number>();
    for (const batch of [['p1', 'p2'], ['p3', 'p4']]) {
      for (const name of batch) { const p = pod(name, { cpu: '1' }); api.add(p); c.observe('ADDED', p); }
      const out = await c.flush();
      expect(out?.placed).toHaveLength(2);
      for (const x of out?.placed ?? []) perNode.set(x.node, (perNode.get(x.node) ?? 0) + 1);
      // The fake has no kube-scheduler: patched pods stay unbound; the controller sees them by watch.
      for (const name of batch) c.observe('MODIFIED', api.pods.get(`default/${name}`) as V1Pod);
    }
    expect([...perNode.values()].sort()).toEqual([2, 2]);
  });

  it('a time window closes a partial batch', async () => {
    const api = new FakeApi([node('n1', 'z1'), node('n2', 'z2')]);
    const c = new BatchController(api, { maxBatch: 100, windowMs: 30, schedule: FAST });
    const ac = new AbortController();
    const running = c.run(ac.signal);
    api.add(pod('a'));
    api.add(pod('b'));
    await until(() => api.patches.length === 2);
    ac.abort();
    await running;
    for (const name of ['a', 'b']) expect(['n1', 'n2']).toContain(nodeOf(api.pods.get(`default/${name}`)));
  });

  it('an unplaceable pod is released with a Warning event; other gates and existing affinity are kept', async () => {
    const api = new FakeApi([node('n1', 'z1'), node('n2', 'z2')]);
    const c = new BatchController(api, { maxBatch: 100, windowMs: 60_000, schedule: FAST });
    for (const p of [
      pod('huge', { cpu: '64' }),
      pod('zoned', { gate: [DEFAULT_GATE, 'other.io/gate'], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z2'] }] }] } } } }),
      pod('plain', { gate: null }),
    ]) { api.add(p); c.observe('ADDED', p); }
    expect(c.waiting).toBe(2); // 'plain' has no gate
    const out = await c.flush();
    expect(out?.released.map((r) => r.pod)).toEqual(['default/huge']);
    expect(out?.released[0].reason).toMatch(/0\/2 nodes are available: 2 pod larger than the empty node/);
    expect(out?.placed).toEqual([{ pod: 'default/zoned', node: 'n2' }]);
    const huge = api.pods.get('default/huge') as V1Pod;
    expect(huge.spec?.schedulingGates).toBeUndefined();
    expect(huge.spec?.affinity).toBeUndefined();
    expect(api.events).toHaveLength(1);
    expect(api.events[0]).toMatchObject({ type: 'Warning', reason: 'QschedUnplaceable', involvedObject: { kind: 'Pod', name: 'huge', namespace: 'default' } });
    expect(api.events[0].message).toMatch(/released it to kube-scheduler/);
    const zoned = api.pods.get('default/zoned') as V1Pod;
    expect(zoned.spec?.schedulingGates).toEqual([{ name: 'other.io/gate' }]);
    expect(zoned.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z2'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] },
    ]);
    expect(api.patches.map((p) => p.name).sort()).toEqual(['huge', 'zoned']);
  });

  it('a failed patch leaves the pod gated for the next batch', async () => {
    const api = new FakeApi([node('n1', 'z1')]);
    const c = new BatchController(api, { maxBatch: 100, windowMs: 60_000, schedule: FAST });
    const p = pod('flaky');
    api.add(p);
    c.observe('ADDED', p);
    api.failNext.add('default/flaky');
    const first = await c.flush();
    expect(first?.failed).toEqual([{ pod: 'default/flaky', error: '409 Conflict (injected)' }]);
    expect(c.waiting).toBe(1);
    const second = await c.flush();
    expect(second?.placed).toEqual([{ pod: 'default/flaky', node: 'n1' }]);
    expect(c.waiting).toBe(0);
    expect(await c.flush()).toBeUndefined();
  });

  it('uses AppGroup objects: a heavy call edge pulls caller and callee onto one node', async () => {
    const api = new FakeApi([node('n1', 'z1'), node('n2', 'z2'), node('n3', 'z3')]);
    const appGroup: KubeObject = {
      apiVersion: 'appgroup.diktyo.x-k8s.io/v1alpha1', kind: 'AppGroup', metadata: { name: 'g', namespace: 'default' },
      spec: { numMembers: 2, workloads: [
        { workload: { kind: 'Deployment', name: 'front', selector: 'front' }, dependencies: [{ workload: { kind: 'Deployment', name: 'back', selector: 'back' }, minBandwidth: '100' }] },
        { workload: { kind: 'Deployment', name: 'back', selector: 'back' } },
      ] },
    };
    const c = new BatchController(api, { maxBatch: 100, windowMs: 60_000, schedule: { ...FAST, weights: { resource: 0.01, exposure: 0, zoneExposure: 0 } }, objects: [appGroup] }); // exposure terms off: they spread one-pod services, which this test is not about
    for (const p of [pod('front-7d9f-a', { owner: 'front', cpu: '1' }), pod('back-7d9f-a', { owner: 'back', cpu: '1' })]) { api.add(p); c.observe('ADDED', p); }
    const out = await c.flush();
    expect(out?.placed).toHaveLength(2);
    expect(out?.placed[0].node).toBe(out?.placed[1].node);
    // The call graph reached the solve (L is 0 without edges).
    expect(out?.placement?.energy.L).toBeGreaterThan(0);
  });

  it('rejects bad options; pinnedTerms adds to every existing term', () => {
    const api = new FakeApi([]);
    expect(() => new BatchController(api, { maxBatch: 0 })).toThrow(/maxBatch must be an integer >= 1/);
    expect(() => new BatchController(api, { windowMs: -1 })).toThrow(/windowMs must be a number >= 0/);
    expect(() => new BatchController(api, { objects: [{ kind: 'Deployment' }] })).toThrow(/options.objects may hold/);
    expect(() => new BatchController(api, { schedule: { solver: 'nope' } })).toThrow(/options.solver must be one of/);
    const p = pod('x', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n9'] }] }] } } } });
    expect(pinnedTerms(p, 'n1')).toEqual([
      { matchExpressions: [{ key: 'a', operator: 'Exists' }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n9'] }, { key: 'metadata.name', operator: 'In', values: ['n1'] }] },
    ]);
  });
});
