// The extender: every request a real kube-scheduler v1.28.7 sent (../shared/datasets/
// k8s-extender, both nodeCacheCapable modes) gets a 200 with exactly the Go structs' shape; the
// recorded probe answers (which the scheduler accepted) pass the same shape checks; the
// decisions (critical anti-affinity, spread, GPU share, prioritize 0–10 with the planned node
// at 10); the HTTP layer (routes, 404/405/413/503, /healthz, /readyz, /metrics).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../src/k8s/decide.js';
import { ExtenderCore, type Verb } from '../src/k8s/extender.js';
import { loadManifests, mapObjects } from '../src/k8s/mapping.js';
import { QschedMetrics } from '../src/k8s/metrics.js';
import { parseObjects } from '../src/k8s/objects.js';
import { createExtenderServer } from '../src/k8s/server.js';
import { SHAPES } from './k8s-wire-shapes.js';

const DATA = fileURLToPath(new URL('../../shared/datasets/k8s-extender/', import.meta.url));
const HAVE = existsSync(DATA);
if (!HAVE) console.warn(`k8s-extender: ${DATA} is absent; the replay tests are skipped`);

function recorded(dir: string): { file: string; verb: Verb; request: string; response: unknown }[] {
  return readdirSync(`${DATA}${dir}`).filter((f) => f.endsWith('-request.json')).sort().map((f) => ({
    file: `${dir}/${f}`,
    verb: f.split('-')[1] as Verb,
    request: readFileSync(`${DATA}${dir}/${f}`, 'utf8'),
    response: JSON.parse(readFileSync(`${DATA}${dir}/${f.replace('-request', '-response')}`, 'utf8')),
  }));
}

/** The cluster the recordings came from: the three Nodes of the first NodeList request. */
function datasetDecider(): Decider {
  const first = JSON.parse(readFileSync(`${DATA}fx-nodelist/001-filter-request.json`, 'utf8'));
  return new Decider(mapObjects(parseObjects(JSON.stringify({ kind: 'NodeList', items: first.Nodes.items }))), { seed: 1 });
}

describe.skipIf(!HAVE)('replaying recorded kube-scheduler requests', () => {
  for (const mode of ['fx-nodelist', 'fx-nodecache'] as const) {
    it(`${mode}: every request gets a 200 of the exact accepted shape`, async () => {
      const calls = recorded(mode);
      expect(calls.length).toBe(15);
      const decider = datasetDecider();
      const core = new ExtenderCore({ decider: () => decider });
      const cacheMode = mode === 'fx-nodecache';
      const verbs = new Set<string>();
      for (const c of calls) {
        verbs.add(c.verb);
        // The recorded answer was accepted by the scheduler: the checker must accept it too.
        expect(SHAPES[c.verb](c.response, c.verb === 'filter' ? cacheMode : undefined), `${c.file} recorded response`).toEqual([]);
        const r = await core.respond(c.verb, c.request);
        expect(r.status, `${c.file}: ${JSON.stringify(r.body)}`).toBe(200);
        expect(SHAPES[c.verb](r.body, c.verb === 'filter' ? cacheMode : undefined), c.file).toEqual([]);
        const req = JSON.parse(c.request);
        if (c.verb === 'filter' || c.verb === 'prioritize') {
          const candidates: string[] = cacheMode ? req.NodeNames : req.Nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name);
          if (c.verb === 'filter') {
            const body = r.body as { Nodes?: { items: { metadata: { name: string } }[] }; NodeNames?: string[]; FailedNodes: Record<string, string>; FailedAndUnresolvableNodes: Record<string, string> };
            const passed = cacheMode ? body.NodeNames ?? [] : (body.Nodes?.items ?? []).map((n) => n.metadata.name);
            expect([...passed, ...Object.keys(body.FailedNodes), ...Object.keys(body.FailedAndUnresolvableNodes)].sort()).toEqual([...candidates].sort());
            // Nodes are echoed whole, not rebuilt.
            if (!cacheMode) for (const n of body.Nodes?.items ?? []) expect(n).toEqual(req.Nodes.items.find((x: { metadata: { name: string } }) => x.metadata.name === n.metadata.name));
          } else {
            expect((r.body as { Host: string }[]).map((h) => h.Host)).toEqual(candidates);
          }
        }
        if (c.verb === 'preempt') {
          const victims = cacheMode ? req.NodeNameToMetaVictims : req.NodeNameToVictims;
          const out = (r.body as { NodeNameToMetaVictims: Record<string, { Pods: { UID: string }[] }> }).NodeNameToMetaVictims;
          for (const [node, v] of Object.entries(out)) {
            const uids = (victims[node].Pods as { UID?: string; metadata?: { uid: string } }[]).map((p) => p.UID ?? p.metadata?.uid);
            expect(v.Pods.map((p) => p.UID)).toEqual(uids);
          }
        }
      }
      expect([...verbs].sort()).toEqual(['bind', 'filter', 'preempt', 'prioritize']);
    });
  }
});

const SNAPSHOT = `
apiVersion: v1
kind: List
items:
- kind: Node
  metadata: {name: a, labels: {topology.kubernetes.io/zone: z1}}
  status: {allocatable: {cpu: "4", memory: 8Gi, nvidia.com/gpu: "1"}}
- kind: Node
  metadata: {name: b, labels: {topology.kubernetes.io/zone: z1}}
  status: {allocatable: {cpu: "4", memory: 8Gi, nvidia.com/gpu: "1"}}
- kind: Node
  metadata: {name: c, labels: {topology.kubernetes.io/zone: z2}}
  status: {allocatable: {cpu: "4", memory: 8Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}, annotations: {qsched.io/critical: "true"}}
    spec:
      containers: [{name: c, resources: {requests: {cpu: 500m, memory: 1Gi}}}]
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: db}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: infer}
spec:
  replicas: 2
  selector: {matchLabels: {app: infer}}
  template:
    metadata: {labels: {app: infer}, annotations: {qsched.io/gpu-share: 600m}}
    spec:
      containers: [{name: c, resources: {requests: {cpu: 100m}}}]
---
kind: Pod
apiVersion: v1
metadata: {name: db-1, uid: u-db-1, labels: {app: db}}
spec: {nodeName: a, containers: [{name: c, resources: {requests: {cpu: 500m, memory: 1Gi}}}]}
status: {phase: Running}
---
kind: Pod
apiVersion: v1
metadata: {name: infer-1, uid: u-infer-1, labels: {app: infer}}
spec: {nodeName: b, containers: [{name: c}]}
status: {phase: Running}
`;

const pod = (name: string, labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ metadata: { name, namespace: 'default', uid: `u-${name}`, labels }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] }, ...extra });

describe('decisions', () => {
  const mapped = loadManifests(SNAPSHOT);
  it('filter: critical replicas apart, spread, GPU shares; a reason per rejected node', () => {
    expect(mapped.bound.map((b) => `${b.name}@${b.node}`)).toEqual(['db-1@a', 'infer-1@b']);
    const d = new Decider(mapped);
    const db = d.filter(pod('db-2', { app: 'db' }), ['a', 'b', 'c']);
    expect(db.failed.a).toMatch(/critical service db already has 1 replica/);
    // db-1 runs in z1 and z2 has none: another pod in z1 makes skew 2 > maxSkew 1.
    expect(db.failed.b).toMatch(/topology spread on topology.kubernetes.io\/zone would reach skew 2 > maxSkew 1/);
    expect(db.passed).toEqual(['c']);
    // GPU: infer-1 holds 0.6 of b's GPU; 0.6 more does not fit; c has no GPU.
    const inf = d.filter(pod('infer-2', { app: 'infer' }), ['a', 'b', 'c']);
    expect(inf.passed).toEqual(['a']);
    expect(inf.failed.b).toMatch(/nvidia.com\/gpu share needs 600m, 400m free of 1/);
    // c has no GPU at all: evicting pods cannot help, so it is unresolvable.
    expect(inf.failed.c).toBeUndefined();
    expect(inf.unresolvable.c).toMatch(/^qsched: nvidia.com\/gpu share needs 600m, 0 free of 0/);
    // Unknown nodes pass (no opinion).
    expect(d.filter(pod('db-2', { app: 'db' }), ['zz']).passed).toEqual(['zz']);
    // db-2 binds to c (z2): now z1 and z2 hold one each, so b (z1, no replica) is fine.
    expect(d.recordBinding('default', 'db-2', 'u-db-2', 'c', pod('db-2', { app: 'db' }))).toBe(true);
    const third = d.filter(pod('db-3', { app: 'db' }), ['a', 'b', 'c']);
    expect(third.passed).toEqual(['b']);
    expect(third.failed.a).toMatch(/critical/);
    expect(third.failed.c).toMatch(/critical/);
    // Critical anti-affinity alone never rejects every candidate: with only a offered, a passes.
    expect(d.filter(pod('db-3', { app: 'db' }), ['a']).passed).toEqual(['a']);
  });

  it('prioritize: scores 0..10, the planned node scores 10, ΔH order otherwise', async () => {
    const d = new Decider(mapped, { solver: 'sa', timeLimitMs: 2000, seed: 3 });
    await d.replan();
    expect(d.planSource).toBe('sa');
    const scores = d.prioritize(pod('db-2', { app: 'db' }), ['a', 'b', 'c']);
    expect(scores.map((s) => s.Host)).toEqual(['a', 'b', 'c']);
    for (const s of scores) expect(Number.isInteger(s.Score) && s.Score >= 0 && s.Score <= 10).toBe(true);
    expect(scores.filter((s) => s.Score === 10).length).toBe(1);
    // The node sharing a replica with the critical service is worst.
    expect(scores.find((s) => s.Host === 'a')?.Score).toBe(0);
    // Pods in flight hold different replicas: db has two unbound replicas, so db-2 and db-3 are
    // steered to their two planned nodes (asking again keeps the same one).
    const plan = d.plannedNodes();
    const ten = (name: string) => d.prioritize(pod(name, { app: 'db' }), ['a', 'b', 'c']).filter((s) => s.Score === 10).map((s) => s.Host);
    const first = ten('db-2');
    const second = ten('db-3');
    expect(ten('db-2')).toEqual(first);
    const unbound = ['db-0', 'db-1', 'db-2'].map((n) => plan.get(n) as string);
    unbound.splice(unbound.indexOf('a'), 1); // the replica paired with the pod running on a
    expect(first.length + second.length).toBe(2);
    expect([...first, ...second].sort()).toEqual(unbound.sort());
    // A pod of no workload is scored through an ad-hoc one-pod service.
    const lone = d.prioritize(pod('lone', { app: 'none' }), ['a', 'b', 'c']);
    expect(lone.length).toBe(3);
    expect(Math.max(...lone.map((s) => s.Score))).toBe(10);
  });
});

describe('ExtenderCore errors', () => {
  const d = new Decider(loadManifests(SNAPSHOT));
  const core = new ExtenderCore({ decider: () => d });
  it.each([
    ['filter', '{', /not valid JSON/],
    ['filter', '[]', /request body must be an object/],
    ['filter', '{"Pod":{"metadata":{"name":"x"}}}', /exactly one of Nodes .* and NodeNames .* must be set, got neither/],
    ['filter', '{"Pod":{"metadata":{"name":"x"}},"NodeNames":["a"],"Nodes":{"items":[]}}', /got both/],
    ['prioritize', '{"Pod":{"metadata":{"name":"x"}},"NodeNames":[1]}', /NodeNames\[0\] must be a string/],
    ['prioritize', '{"Pod":{"metadata":{"name":"x"},"spec":{"containers":[{"resources":{"requests":{"cpu":"lots"}}}]}},"NodeNames":["a"]}', /cpu/],
    ['bind', '{"PodName":"x","PodNamespace":"default","PodUID":"u"}', /Node must be a string/],
    ['preempt', '{"Pod":{"metadata":{"name":"x"}},"NodeNameToMetaVictims":{"a":{"Pods":[{"UID":7}]}}}', /UID must be a string/],
  ] as const)('%s %s → 400', async (verb, body, message) => {
    const r = await core.respond(verb, body);
    expect(r.status).toBe(400);
    expect((r.body as { Error: string }).Error).toMatch(message);
  });

  it('503 until a snapshot is loaded; rejects a bad budget', async () => {
    const empty = new ExtenderCore({ decider: () => undefined });
    expect((await empty.respond('filter', '{}')).status).toBe(503);
    expect(() => new ExtenderCore({ decider: () => undefined, budgetMs: 0 })).toThrow(/budgetMs must be a number > 0/);
  });

  it('bind goes through the binder, within the budget', async () => {
    const calls: string[] = [];
    const ok = new ExtenderCore({ decider: () => d, binder: async (b) => { calls.push(`${b.podNamespace}/${b.podName}@${b.node}`); } });
    expect((await ok.respond('bind', '{"PodName":"x","PodNamespace":"default","PodUID":"u","Node":"a"}')).body).toEqual({ Error: '' });
    expect(calls).toEqual(['default/x@a']);
    const slow = new ExtenderCore({ decider: () => d, budgetMs: 50, binder: () => new Promise(() => undefined) });
    const r = await slow.respond('bind', '{"PodName":"x","PodNamespace":"default","PodUID":"u","Node":"a"}');
    expect(r.status).toBe(200);
    expect((r.body as { Error: string }).Error).toMatch(/did not finish within 50 ms/);
  });
});

describe('HTTP server', () => {
  const metrics = new QschedMetrics();
  let ready = false;
  const d = new Decider(loadManifests(SNAPSHOT));
  const server = createExtenderServer({ decider: () => (ready ? d : undefined), metrics, urlPrefix: 'http://127.0.0.1:8888/scheduler/', bodyLimit: 64 * 1024 });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  const post = (path: string, body: string) => fetch(`${base}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

  it('routes, health, readiness, limits, metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await post('/scheduler/filter', '{}')).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const ok = await post('/scheduler/filter', JSON.stringify({ Pod: pod('db-2', { app: 'db' }), NodeNames: ['a', 'b', 'c'] }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toMatchObject({ NodeNames: ['c'], FailedNodes: { a: expect.stringMatching(/critical/), b: expect.stringMatching(/spread/) }, Error: '' });
    expect((await post('/scheduler/nope', '{}')).status).toBe(404);
    expect((await post('/filter', '{}')).status).toBe(404);
    expect((await fetch(`${base}/scheduler/filter`)).status).toBe(405);
    const big = await post('/scheduler/filter', `{"Pod":"${'x'.repeat(70 * 1024)}"}`);
    expect(big.status).toBe(413);
    expect((await big.json()).Error).toMatch(/exceeds the limit/);
    const bad = await post('/scheduler/prioritize', '{"Pod":');
    expect(bad.status).toBe(400);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/qsched_extender_decision_seconds_bucket\{le="0.001",verb="filter"\}/);
    expect(text).toMatch(/qsched_extender_requests_total\{verb="prioritize",code="400"\} 1/);
    // Still serving after all of that.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('observability and layering', () => {
  it('spans through @opentelemetry/api when a provider is installed; JSON logs carry the decision id and the pod', async () => {
    const { trace } = await import('@opentelemetry/api');
    const { Writable } = await import('node:stream');
    const { createLogger } = await import('../src/k8s/log.js');
    const spans: { name: string; attrs: Record<string, unknown>; ended: boolean }[] = [];
    const span = (name: string) => {
      const s = { name, attrs: {} as Record<string, unknown>, ended: false };
      spans.push(s);
      const api = { setAttribute: (k: string, v: unknown) => { s.attrs[k] = v; return api; }, setStatus: () => api, end: () => { s.ended = true; }, isRecording: () => true, spanContext: () => ({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 1 }) };
      return api;
    };
    const tracer = { startSpan: (name: string) => span(name), startActiveSpan: (name: string, fn: (s: unknown) => unknown) => fn(span(name)) };
    trace.setGlobalTracerProvider({ getTracer: () => tracer } as never);
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }) });
    try {
      const d = new Decider(loadManifests(SNAPSHOT));
      const core = new ExtenderCore({ decider: () => d, logger });
      expect((await core.respond('filter', JSON.stringify({ Pod: pod('db-9', { app: 'db' }), NodeNames: ['a', 'b', 'c'] }))).status).toBe(200);
    } finally {
      trace.disable();
    }
    expect(spans.map((s) => [s.name, s.attrs['qsched.pod'], s.ended])).toEqual([['extender.filter', 'default/db-9', true]]);
    const log = JSON.parse(lines.find((l) => l.includes('"msg":"filter"')) as string);
    expect(log).toMatchObject({ name: 'qsched', verb: 'filter', pod: 'default/db-9', candidates: 3, rejected: 2, mode: 'NodeNames' });
    expect(log.decision).toMatch(/^[0-9a-z]+-[0-9a-z]+$/);
  });

  it('the mapping, decision, wire and controller modules import no Node API, logger or metrics at run time', () => {
    const src = fileURLToPath(new URL('../src/k8s/', import.meta.url));
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(`${src}${file}`, 'utf8');
      for (const m of text.matchAll(/^(?:import|export) (?!type )[^;]*? from '([^']+)'/gm)) {
        const spec = m[1];
        if (spec.startsWith('node:') || ['pino', 'prom-client'].includes(spec) || spec === '@kubernetes/client-node') bad.push(`${file} → ${spec}`);
        else if (spec.startsWith('./')) visit(spec.slice(2).replace(/\.js$/, '.ts'));
      }
    };
    for (const f of ['objects.ts', 'labels.ts', 'mapping.ts', 'export.ts', 'decide.ts', 'wire.ts', 'extender.ts', 'controller.ts']) visit(f);
    expect(bad).toEqual([]);
    expect(seen.has('log.ts') || seen.has('metrics.ts') || seen.has('kube.ts') || seen.has('server.ts')).toBe(false);
  });
});

describe('PlanKeeper', () => {
  it('serves each snapshot at once, inherits the plan, coalesces solves, keeps the last good snapshot', async () => {
    const { PlanKeeper } = await import('../src/k8s/plans.js');
    const plans: string[] = [];
    const keeper = new PlanKeeper({ decider: { solver: 'sa', timeLimitMs: 1000, seed: 2, params: { sweeps: 300 } }, onPlan: (d) => plans.push(d.planSource) });
    expect(keeper.current).toBeUndefined();
    const objects = parseObjects(SNAPSHOT);
    keeper.update(objects);
    const first = keeper.current;
    expect(first?.planSource).toBe('greedy');
    await keeper.idle();
    expect(keeper.solves).toBe(1);
    expect(plans).toEqual(['sa']);
    const solved = first?.plannedNodes();
    // Three snapshots in a row while idle: each is served at once with the solved plan carried
    // over; only one more solve per burst runs after the one in flight.
    keeper.update(objects);
    expect(keeper.current).not.toBe(first);
    expect(keeper.current?.planSource).toBe('sa (carried over)');
    expect(keeper.current?.plannedNodes()).toEqual(solved);
    keeper.update(objects);
    keeper.update(objects);
    await keeper.idle();
    expect(keeper.solves).toBe(3);
    expect(plans.at(-1)).toBe('sa');
    // A snapshot that does not map keeps the previous decider.
    const last = keeper.current;
    keeper.update(parseObjects('kind: Deployment\nmetadata: {name: x}\nspec: {replicas: -1}\n'));
    expect(keeper.current).toBe(last);
    keeper.stop();
  }, 30_000);
});

describe('ReplicaBook', () => {
  it('assume, TTL, bind preferring the held or planned replica, remap to a new plan', async () => {
    const { ReplicaBook, ASSUME_TTL_MS } = await import('../src/k8s/replicas.js');
    const book = new ReplicaBook(Int32Array.of(0, 3, 4)); // service 0: replicas 0..2, service 1: replica 3
    const plan = Int32Array.of(5, 6, 7, 8);
    expect(book.assume('p', 0, 0)).toBe(0);
    expect(book.assume('q', 0, 0)).toBe(1);
    expect(book.replicaOf('p', 10)).toBe(0);
    // r takes replica 2; after the TTL an idle holder's replica goes to the next pod in flight.
    expect(book.assume('r', 0, 10)).toBe(2);
    expect(book.assume('s', 0, 20)).toBe(-1);
    expect(book.assume('s', 0, 1 + ASSUME_TTL_MS)).toBe(1); // q (last seen at 0) expired; p was refreshed at 10
    expect(book.replicaOf('q', 2 + ASSUME_TTL_MS)).toBeUndefined();
    // p binds where replica 2's plan points: it keeps its own replica 0 (held), on node 7.
    expect(book.bind('p', 0, 7, plan, 100)).toBe(0);
    expect(Array.from(book.boundNode)).toEqual([7, -1, -1, -1]);
    // A pod never seen before binds on node 8 of service 1: the planned replica.
    expect(book.bind('t', 1, 8, plan)).toBe(3);
    expect(book.bind('u', 1, 8, plan)).toBe(-1);
    // A new plan puts replica 2 on node 7: p moves to replica 2, pods in flight lose theirs.
    book.remap(Int32Array.of(1, 2, 7, 8));
    expect(Array.from(book.boundNode)).toEqual([-1, -1, 7, 8]);
    expect(book.replicaOf('p')).toBe(2);
    expect(book.replicaOf('r')).toBeUndefined();
  });
});

describe('preempt', () => {
  it('keeps a node once its victims free the GPU share; drops nodes no eviction fixes', async () => {
    const d = new Decider(loadManifests(SNAPSHOT));
    const core = new ExtenderCore({ decider: () => d });
    // infer-1 (uid u-infer-1) holds 0.6 of b's GPU. Evicting it makes room on b; c has no GPU.
    const body = { Pod: pod('infer-2', { app: 'infer' }), NodeNameToMetaVictims: { b: { Pods: [{ UID: 'u-infer-1' }], NumPDBViolations: 1 }, c: { Pods: [{ UID: 'u-db-1' }], NumPDBViolations: 0 } } };
    const r = await core.respond('preempt', JSON.stringify(body));
    expect(r.body).toEqual({ NodeNameToMetaVictims: { b: { Pods: [{ UID: 'u-infer-1' }], NumPDBViolations: 1 } } });
    // Without evicting infer-1, b stays rejected.
    const noVictims = await core.respond('preempt', JSON.stringify({ ...body, NodeNameToMetaVictims: { b: { Pods: [], NumPDBViolations: 0 } } }));
    expect(noVictims.body).toEqual({ NodeNameToMetaVictims: {} });
    // The filter itself is unchanged afterwards.
    expect(d.filter(pod('infer-2', { app: 'infer' }), ['b']).passed).toEqual([]);
  });
});
