// src/k8s/kube.ts (the only file that talks to an API server, through @kubernetes/client-node)
// against a small in-process fake kube-apiserver over HTTP: discovery, lists, watch streams
// (newline-delimited JSON events), merge patches, events and bindings. This checks the wiring
// (paths, verbs, content types, watch handling) that the logic tests replace by fakes; it is
// not a substitute for a real cluster.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchController } from '../src/k8s/controller.js';
import { kubeBinder, kubeControllerApi, watchCluster } from '../src/k8s/kube.js';
import { mapObjects } from '../src/k8s/mapping.js';
import type { KubeObject } from '../src/k8s/objects.js';

type Obj = Record<string, unknown>;
const RESOURCES: Record<string, { name: string; kind: string; namespaced: boolean }[]> = {
  '/api/v1': [{ name: 'nodes', kind: 'Node', namespaced: false }, { name: 'pods', kind: 'Pod', namespaced: true }, { name: 'events', kind: 'Event', namespaced: true }, { name: 'bindings', kind: 'Binding', namespaced: true }],
  '/apis/apps/v1': [{ name: 'deployments', kind: 'Deployment', namespaced: true }, { name: 'statefulsets', kind: 'StatefulSet', namespaced: true }, { name: 'replicasets', kind: 'ReplicaSet', namespaced: true }, { name: 'daemonsets', kind: 'DaemonSet', namespaced: true }],
  '/apis/policy/v1': [{ name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true }],
  '/apis/scheduling.k8s.io/v1': [{ name: 'priorityclasses', kind: 'PriorityClass', namespaced: false }],
};

class FakeApiServer {
  readonly server: Server;
  readonly store = new Map<string, Obj[]>(); // list path → items
  readonly requests: { method: string; path: string; contentType?: string; body?: unknown }[] = [];
  readonly watchers = new Map<string, ServerResponse[]>();
  rv = 10;

  constructor() {
    this.server = createServer((req, res) => this.#handle(req, res));
  }

  emit(path: string, type: string, object: Obj): void {
    const items = this.store.get(path) ?? [];
    const name = (object.metadata as Obj).name;
    const rest = items.filter((o) => (o.metadata as Obj).name !== name);
    this.store.set(path, type === 'DELETED' ? rest : [...rest, object]);
    for (const w of this.watchers.get(path) ?? []) w.write(JSON.stringify({ type, object: { ...object, metadata: { ...(object.metadata as Obj), resourceVersion: String(++this.rv) } } }) + '\n');
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    let body = '';
    req.on('data', (c) => { body += String(c); });
    req.on('end', () => {
      this.requests.push({ method: req.method ?? '', path: url.pathname + (url.searchParams.get('watch') === 'true' ? '?watch' : ''), contentType: req.headers['content-type'], body: body === '' ? undefined : JSON.parse(body) });
      const json = (status: number, v: unknown) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(v)); };
      if (req.method === 'GET' && RESOURCES[url.pathname] !== undefined) return json(200, { kind: 'APIResourceList', groupVersion: url.pathname.replace(/^\/apis?\//, ''), resources: RESOURCES[url.pathname].map((r) => ({ ...r, singularName: '', verbs: ['get', 'list', 'watch', 'create', 'patch'] })) });
      if (req.method === 'GET' && url.searchParams.get('watch') === 'true') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        res.write('');
        const list = this.watchers.get(url.pathname) ?? [];
        list.push(res);
        this.watchers.set(url.pathname, list);
        res.on('close', () => list.splice(list.indexOf(res), 1));
        return;
      }
      if (req.method === 'GET' && (this.store.has(url.pathname) || /^\/apis?\/[^?]*s$/.test(url.pathname)) && !url.pathname.includes('diktyo')) {
        return json(200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) }, items: this.store.get(url.pathname) ?? [] });
      }
      const patch = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && patch !== null) {
        const pods = this.store.get('/api/v1/pods') ?? [];
        const pod = pods.find((p) => (p.metadata as Obj).name === patch[2]);
        if (pod === undefined) return json(404, { kind: 'Status', code: 404 });
        const p = JSON.parse(body) as { spec: Obj; metadata: Obj };
        const next = { ...pod, metadata: { ...(pod.metadata as Obj), annotations: p.metadata.annotations }, spec: { ...(pod.spec as Obj), ...p.spec } };
        if (p.spec.schedulingGates === null) delete (next.spec as Obj).schedulingGates;
        this.emit('/api/v1/pods', 'MODIFIED', next);
        return json(200, next);
      }
      if (req.method === 'POST' && /\/events$|\/bindings$/.test(url.pathname)) return json(201, JSON.parse(body));
      json(404, { kind: 'Status', code: 404, message: `no route ${req.method} ${url.pathname}` });
    });
  }
}

const fake = new FakeApiServer();
let kc: KubeConfig;
beforeAll(async () => {
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }], contexts: [{ name: 'c', cluster: 'fake', user: 'u' }], currentContext: 'c',
  });
  fake.store.set('/api/v1/nodes', [
    { metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } }, status: { allocatable: { cpu: '4', memory: '8Gi' } } },
    { metadata: { name: 'n2', labels: { 'topology.kubernetes.io/zone': 'z2' } }, status: { allocatable: { cpu: '4', memory: '8Gi' } } },
  ]);
  fake.store.set('/api/v1/pods', []);
});
afterAll(() => new Promise<void>((r) => { fake.server.closeAllConnections(); fake.server.close(() => r()); }));

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kube.ts against a fake API server', () => {
  it('watchCluster lists every kind, skips absent CRDs and follows watch events', async () => {
    const snapshots: KubeObject[][] = [];
    const ac = new AbortController();
    await watchCluster(kc, (objects) => snapshots.push(objects), ac.signal, { debounceMs: 20 });
    await until(() => snapshots.length > 0);
    expect(snapshots.at(-1)?.filter((o) => o.kind === 'Node').map((o) => o.metadata?.name).sort()).toEqual(['n1', 'n2']);
    fake.emit('/apis/apps/v1/deployments', 'ADDED', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] } } } });
    await until(() => (snapshots.at(-1) ?? []).some((o) => o.kind === 'Deployment'));
    const mapped = mapObjects(snapshots.at(-1) as KubeObject[]);
    expect(mapped.workload.services).toEqual([{ name: 'web', replicas: 2, requests: { cpu: '1' } }]);
    expect(mapped.report.of('unknown')).toEqual([]);
    ac.abort();
    // Every kind was listed, then watched.
    for (const path of ['/api/v1/nodes', '/api/v1/pods', '/apis/apps/v1/deployments', '/apis/policy/v1/poddisruptionbudgets', '/apis/scheduling.k8s.io/v1/priorityclasses']) {
      expect(fake.requests.some((r) => r.method === 'GET' && r.path === `${path}?watch`), path).toBe(true);
    }
  }, 30_000);

  it('the controller places a gated pod through the real client: merge patch, gate removed, event for the unplaceable', async () => {
    const api = kubeControllerApi(kc);
    const c = new BatchController(api, { maxBatch: 2, windowMs: 60_000, schedule: { solver: 'greedy', timeLimitMs: 500 } });
    const ac = new AbortController();
    const running = c.run(ac.signal);
    const before = fake.requests.filter((r) => r.path === '/api/v1/pods?watch').length;
    await until(() => fake.requests.filter((r) => r.path === '/api/v1/pods?watch').length > before);
    const gated = (name: string, cpu: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { containers: [{ name: 'c', resources: { requests: { cpu } } }], schedulingGates: [{ name: 'qsched.io/batch' }] }, status: { phase: 'Pending' } });
    fake.emit('/api/v1/pods', 'ADDED', gated('ok', '1'));
    fake.emit('/api/v1/pods', 'ADDED', gated('huge', '64'));
    await until(() => fake.requests.filter((r) => r.method === 'PATCH').length === 2 && fake.requests.some((r) => r.path.endsWith('/events')));
    ac.abort();
    await running;
    const patches = fake.requests.filter((r) => r.method === 'PATCH');
    expect(patches.every((p) => p.contentType === 'application/merge-patch+json')).toBe(true);
    const ok = patches.find((p) => p.path.endsWith('/pods/ok'))?.body as { spec: Obj };
    expect(ok.spec.schedulingGates).toBeNull();
    expect(JSON.stringify(ok.spec.affinity)).toMatch(/"matchFields":\[\{"key":"metadata.name","operator":"In","values":\["n[12]"\]\}\]/);
    const huge = patches.find((p) => p.path.endsWith('/pods/huge'))?.body as { spec: Obj };
    expect(huge.spec).toEqual({ schedulingGates: null });
    const event = fake.requests.find((r) => r.path === '/api/v1/namespaces/default/events')?.body as Obj;
    expect(event).toMatchObject({ reason: 'QschedUnplaceable', type: 'Warning', involvedObject: { kind: 'Pod', name: 'huge' } });
  }, 30_000);

  it('the binder creates a v1 Binding', async () => {
    await kubeBinder(kc)({ podName: 'ok', podNamespace: 'default', podUID: 'uid-ok', node: 'n1' }, new AbortController().signal);
    const b = fake.requests.find((r) => r.path === '/api/v1/namespaces/default/bindings');
    expect(b?.body).toMatchObject({ kind: 'Binding', metadata: { name: 'ok', namespace: 'default', uid: 'uid-ok' }, target: { kind: 'Node', name: 'n1' } });
  });
});
