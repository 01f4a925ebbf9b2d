// The only file that talks to an API server (@kubernetes/client-node): the controller's
// ControllerApi, the extender's binder, and a list+watch cache of the objects mapping.ts reads
// (informers per kind; the AppGroup and NetworkTopology CRDs are optional). Untested against a
// live cluster in this repository's CI (there is none); the logic above it is tested against
// in-process fakes.

import {
  CoreV1Api, KubeConfig, KubernetesObjectApi, makeInformer, PatchStrategy, setHeaderOptions, Watch,
  type CoreV1Event, type Informer, type KubernetesObject, type V1Pod,
} from '@kubernetes/client-node';
import type { ControllerApi, WatchEventType } from './controller.js';
import type { Binder } from './extender.js';
import type { Logger } from './log.js';
import type { KubeObject } from './objects.js';

/** In-cluster config when running in a pod, else $KUBECONFIG / ~/.kube/config. */
export function loadKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

/** ControllerApi over a real API server. */
export function kubeControllerApi(kc: KubeConfig): ControllerApi {
  const core = kc.makeApiClient(CoreV1Api);
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return {
    async listNodes() {
      return (await core.listNode()).items;
    },
    async listPods() {
      const list = await core.listPodForAllNamespaces();
      return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
    },
    watchPods(resourceVersion, onEvent, signal) {
      return new Promise<void>((resolve, reject) => {
        let ctl: AbortController | undefined;
        const stop = () => ctl?.abort();
        signal.addEventListener('abort', stop, { once: true });
        new Watch(kc).watch('/api/v1/pods', { resourceVersion, allowWatchBookmarks: true }, (phase, obj: V1Pod) => {
          if (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') onEvent(phase as WatchEventType, obj);
        }, (err) => {
          signal.removeEventListener('abort', stop);
          if (err === null || err === undefined || signal.aborted) resolve();
          else reject(err instanceof Error ? err : new Error(String(err)));
        }).then((c) => { ctl = c; if (signal.aborted) c.abort(); }, reject);
      });
    },
    async patchPod(namespace, name, patch) {
      await core.patchNamespacedPod({ name, namespace, body: patch }, mergePatch);
    },
    async createEvent(namespace, event: CoreV1Event) {
      await core.createNamespacedEvent({ namespace, body: event });
    },
  };
}

/** Binder creating a v1 Binding (what kube-scheduler's DefaultBinder does). */
export function kubeBinder(kc: KubeConfig): Binder {
  const core = kc.makeApiClient(CoreV1Api);
  return async (b) => {
    await core.createNamespacedBinding({
      namespace: b.podNamespace,
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: b.podName, namespace: b.podNamespace, ...(b.podUID !== '' ? { uid: b.podUID } : {}) }, target: { apiVersion: 'v1', kind: 'Node', name: b.node } },
    });
  };
}

const WATCHED: readonly { kind: string; apiVersion: string; path: string; optional?: boolean }[] = [
  { kind: 'Node', apiVersion: 'v1', path: '/api/v1/nodes' },
  { kind: 'Pod', apiVersion: 'v1', path: '/api/v1/pods' },
  { kind: 'Deployment', apiVersion: 'apps/v1', path: '/apis/apps/v1/deployments' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', path: '/apis/apps/v1/statefulsets' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', path: '/apis/apps/v1/replicasets' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', path: '/apis/apps/v1/daemonsets' },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', path: '/apis/policy/v1/poddisruptionbudgets' },
  { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', path: '/apis/scheduling.k8s.io/v1/priorityclasses' },
  { kind: 'AppGroup', apiVersion: 'appgroup.diktyo.x-k8s.io/v1alpha1', path: '/apis/appgroup.diktyo.x-k8s.io/v1alpha1/appgroups', optional: true },
  { kind: 'NetworkTopology', apiVersion: 'networktopology.diktyo.x-k8s.io/v1alpha1', path: '/apis/networktopology.diktyo.x-k8s.io/v1alpha1/networktopologies', optional: true },
];

/**
 * Keeps every kind mapping.ts reads in memory through informers and calls `onChange` with all
 * objects, debounced by `debounceMs`, after the initial lists and after every change.
 * Resolves once all informers started; stops them when `signal` aborts.
 */
export async function watchCluster(kc: KubeConfig, onChange: (objects: KubeObject[]) => void, signal: AbortSignal, options: { debounceMs?: number; logger?: Logger } = {}): Promise<void> {
  const objApi = KubernetesObjectApi.makeApiClient(kc);
  const stores = new Map<string, Map<string, KubeObject>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => { timer = undefined; onChange([...stores.values()].flatMap((m) => [...m.values()])); }, options.debounceMs ?? 1000);
  };
  const informers: Informer<KubernetesObject>[] = [];
  for (const w of WATCHED) {
    const store = new Map<string, KubeObject>();
    stores.set(w.kind, store);
    const key = (o: KubernetesObject) => o.metadata?.uid ?? `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    const informer = makeInformer<KubernetesObject>(kc, w.path, () => objApi.list(w.apiVersion, w.kind));
    const put = (o: KubernetesObject) => { store.set(key(o), { ...o, kind: w.kind } as KubeObject); changed(); };
    informer.on('add', put);
    informer.on('update', put);
    informer.on('delete', (o) => { store.delete(key(o)); changed(); });
    informer.on('error', (err: unknown) => {
      options.logger?.warn({ kind: w.kind, error: String((err as Error)?.message ?? err) }, 'informer error; restarting in 5 s');
      setTimeout(() => { if (!signal.aborted) informer.start().catch(() => undefined); }, 5000);
    });
    try {
      await informer.start();
      informers.push(informer);
    } catch (err) {
      if (w.optional === true) options.logger?.info({ kind: w.kind }, 'optional kind not served by this cluster; skipped');
      else throw err;
    }
  }
  signal.addEventListener('abort', () => { if (timer !== undefined) clearTimeout(timer); for (const i of informers) void i.stop(); }, { once: true });
  changed();
}
