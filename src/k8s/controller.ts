// The batch controller: joint placement for pods that wait behind a scheduling gate.
//
// Pods created with the gate (default `qsched.io/batch`) are not scheduled by kube-scheduler.
// The controller watches pods, collects gated ones into a batch (up to `maxBatch` pods, or
// whatever arrived within `windowMs` of the first), maps the batch plus every running pod and
// node to the scheduling types (mapping.ts; running pods reserve capacity) and solves it with
// schedule(). Then, per pod, one JSON merge patch: the pod's required node affinity gains
// `matchFields metadata.name In [node]` in each of its terms (the only change Kubernetes allows
// on a gated pod: adding requirements) and the gate is removed, so kube-scheduler binds it where
// qsched chose — kube-scheduler stays the one that binds; no other pod is touched. A pod qsched
// cannot place has only its gate removed, plus a Warning Event saying why, so kube-scheduler
// tries it on its own.
//
// The API calls go through the small ControllerApi interface (kube.ts implements it with
// @kubernetes/client-node; tests use an in-process fake). No Node API in this file.

import type { CoreV1Event, V1Node, V1NodeSelectorTerm, V1Pod } from '@kubernetes/client-node';
import { fillScheduleOptions } from '../scheduling/options.js';
import { schedule } from '../scheduling/schedule.js';
import type { Placement } from '../scheduling/types.js';
import type { DeciderOptions } from './decide.js';
import { decisionId } from './ids.js';
import type { Logger } from './log.js';
import { mapObjects } from './mapping.js';
import type { QschedMetrics } from './metrics.js';
import type { KubeObject } from './objects.js';

/** The default scheduling gate. */
export const DEFAULT_GATE = 'qsched.io/batch';
/** The annotation a placed pod gets: the decision id of its batch. */
export const DECISION_ANNOTATION = 'qsched.io/decision';

/** A watch event type, as the API server sends it. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** The API calls the controller makes. */
export interface ControllerApi {
  listNodes(): Promise<readonly V1Node[]>;
  /** All pods, with the list's resourceVersion to watch from. */
  listPods(): Promise<{ readonly items: readonly V1Pod[]; readonly resourceVersion?: string }>;
  /** Streams pod events until the watch ends (resolve) or fails (reject); stops on abort. */
  watchPods(resourceVersion: string | undefined, onEvent: (type: WatchEventType, pod: V1Pod) => void, signal: AbortSignal): Promise<void>;
  /** Applies a JSON merge patch (application/merge-patch+json) to a pod. */
  patchPod(namespace: string, name: string, patch: Record<string, unknown>): Promise<void>;
  createEvent(namespace: string, event: CoreV1Event): Promise<void>;
}

/** Options of the controller. */
export interface ControllerOptions {
  readonly gate?: string;
  /** Pods per batch at most (default 50); a full batch is solved at once. */
  readonly maxBatch?: number;
  /** Time window from the first gated pod of a batch to its solve, ms (default 2000). */
  readonly windowMs?: number;
  /** Options of schedule() (default solver 'sa', timeLimitMs 1000). */
  readonly schedule?: DeciderOptions;
  /** Extra objects for every batch: AppGroup, NetworkTopology, PriorityClass, PodDisruptionBudget. */
  readonly objects?: readonly KubeObject[];
  readonly metrics?: QschedMetrics;
  readonly logger?: Logger;
}

/** What one batch did. */
export interface BatchOutcome {
  readonly decision: string;
  readonly feasible: boolean;
  readonly placed: readonly { readonly pod: string; readonly node: string }[];
  readonly released: readonly { readonly pod: string; readonly reason: string }[];
  /** Pods whose patch failed; they stay gated and join a later batch. */
  readonly failed: readonly { readonly pod: string; readonly error: string }[];
  readonly placement?: Placement;
}

const EXTRA_KINDS = new Set(['AppGroup', 'NetworkTopology', 'PriorityClass', 'PodDisruptionBudget']);

const keyOf = (p: V1Pod) => p.metadata?.uid ?? `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;
const nameOfPod = (p: V1Pod) => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;

function gated(p: V1Pod, gate: string): boolean {
  return (p.spec?.nodeName === undefined || p.spec.nodeName === '') && (p.spec?.schedulingGates ?? []).some((g) => g.name === gate);
}

/** The node-affinity terms of `pod` tightened to `node` (existing requirements kept). */
export function pinnedTerms(pod: V1Pod, node: string): V1NodeSelectorTerm[] {
  const req = { key: 'metadata.name', operator: 'In', values: [node] };
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return [{ matchFields: [req] }];
  return terms.map((t) => ({ ...t, matchFields: [...(t.matchFields ?? []), req] }));
}

/** The node an earlier batch pinned a pod to (the last `metadata.name In [node]` it added), if any. */
function pinnedNode(pod: V1Pod): string | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const f = terms[0]?.matchFields?.at(-1);
  return f?.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1 ? f.values[0] : undefined;
}

/** Watches gated pods and places them in batches. */
export class BatchController {
  readonly #api: ControllerApi;
  readonly gate: string;
  readonly maxBatch: number;
  readonly windowMs: number;
  readonly #opts: ControllerOptions;
  readonly #pods = new Map<string, V1Pod>();
  readonly #gated = new Map<string, V1Pod>();
  /** Pods patched by us whose update the watch has not shown yet. */
  readonly #released = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(api: ControllerApi, options: ControllerOptions = {}) {
    this.#api = api;
    this.#opts = options;
    this.gate = options.gate ?? DEFAULT_GATE;
    if (typeof this.gate !== 'string' || this.gate === '') throw new TypeError('options.gate must be a non-empty string');
    this.maxBatch = options.maxBatch ?? 50;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`options.maxBatch must be an integer >= 1, got ${String(this.maxBatch)}`);
    this.windowMs = options.windowMs ?? 2000;
    if (typeof this.windowMs !== 'number' || !(this.windowMs >= 0)) throw new RangeError(`options.windowMs must be a number >= 0, got ${String(this.windowMs)}`);
    for (const o of options.objects ?? []) if (!EXTRA_KINDS.has(o.kind)) throw new RangeError(`options.objects may hold ${[...EXTRA_KINDS].join(', ')}; got ${o.kind}`);
    fillScheduleOptions(options.schedule ?? {}); // names a bad option now, not at the first batch
  }

  /** Gated pods waiting for a batch. */
  get waiting(): number {
    return this.#gated.size;
  }

  /** Feeds one pod event (from a list or a watch). */
  observe(type: WatchEventType, pod: V1Pod): void {
    const key = keyOf(pod);
    if (type === 'DELETED') {
      this.#pods.delete(key);
      this.#gated.delete(key);
      this.#released.delete(key);
      return;
    }
    this.#pods.set(key, pod);
    if (gated(pod, this.gate)) {
      if (this.#released.has(key)) return; // our patch is in flight; this event predates it
      const isNew = !this.#gated.has(key);
      this.#gated.set(key, pod);
      if (isNew) this.#arm();
    } else {
      this.#gated.delete(key);
      this.#released.delete(key);
    }
  }

  #arm(): void {
    if (this.#gated.size >= this.maxBatch) {
      this.#disarm();
      void this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => { this.#timer = undefined; void this.flush(); }, this.windowMs);
    }
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Solves the waiting pods now (one batch, serialised with other flushes); undefined when none wait. */
  flush(): Promise<BatchOutcome | undefined> {
    const next = this.#chain.then(() => this.#flushNow(), () => this.#flushNow());
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #flushNow(): Promise<BatchOutcome | undefined> {
    this.#disarm();
    if (this.#gated.size === 0) return undefined;
    const started = performance.now();
    const decision = decisionId();
    const log = this.#opts.logger?.child({ decision });
    const batch = [...this.#gated.values()].slice(0, this.maxBatch);
    const inBatch = new Set(batch.map(keyOf));
    const nodes = await this.#api.listNodes();
    // Running pods reserve capacity; so do pods an earlier batch pinned that kube-scheduler has
    // not bound yet (they will land on their pinned node).
    const running: V1Pod[] = [];
    for (const p of this.#pods.values()) {
      if (p.spec?.nodeName !== undefined && p.spec.nodeName !== '') running.push(p);
      else if (!gated(p, this.gate) && p.metadata?.annotations?.[DECISION_ANNOTATION] !== undefined) {
        const node = pinnedNode(p);
        if (node !== undefined) running.push({ ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], nodeName: node } });
      }
    }
    const objects: KubeObject[] = [
      ...nodes.map((n) => ({ ...n, kind: 'Node' }) as KubeObject),
      ...running.map((p) => ({ ...p, kind: 'Pod' }) as KubeObject),
      ...batch.map((p) => ({ ...p, kind: 'Pod' }) as KubeObject),
      ...(this.#opts.objects ?? []),
    ];
    const placed: { pod: string; node: string }[] = [];
    const released: { pod: string; reason: string }[] = [];
    const failed: { pod: string; error: string }[] = [];
    let placement: Placement | undefined;
    let feasible = false;
    const nodeFor = new Map<string, string>();
    const reasonFor = new Map<string, string>();
    try {
      // Up to three rounds: a service that cannot be placed at all (found before solving) is
      // released and the rest solved again, so one impossible pod does not sink its batch.
      for (let round = 0; round < 3; round++) {
        const keys = new Set([...inBatch].filter((k) => !reasonFor.has(k)));
        if (keys.size === 0) break;
        const mapped = mapObjects(objects, { pendingFilter: (p) => keys.has(keyOf(p as V1Pod)) });
        placement = await schedule(mapped.cluster, mapped.workload, { timeLimitMs: 1000, ...this.#opts.schedule, network: { ...mapped.network, ...this.#opts.schedule?.network } });
        feasible = placement.feasible;
        this.#opts.metrics?.solves.inc({ source: 'controller', result: feasible ? 'feasible' : 'infeasible' });
        const pendingKey = (p: { uid?: string; namespace: string; name: string }) => p.uid ?? `${p.namespace}/${p.name}`;
        const byService = new Map<string, string>();
        for (const v of placement.blocking) if (v.pod === undefined && v.service !== undefined) byService.set(v.service, `${v.constraint}: ${v.detail}`);
        if (!feasible && byService.size > 0 && round < 2) {
          for (const p of mapped.pending) {
            const why = byService.get(mapped.workload.services[p.service].name);
            if (why !== undefined) reasonFor.set(pendingKey(p), why);
          }
          continue;
        }
        const bad = new Map<string, string>();
        const badNodes = new Map<string, string>();
        let general: string | undefined;
        for (const v of placement.blocking) {
          if (v.pod !== undefined) bad.set(v.pod, `${v.constraint}: ${v.detail}`);
          else if (v.node !== undefined) badNodes.set(v.node, `${v.constraint}: ${v.detail}`);
          else if (v.service === undefined) general = `${v.constraint}: ${v.detail}`;
        }
        for (const p of mapped.pending) {
          const svc = mapped.workload.services[p.service].name;
          const podName = `${svc}-${p.replica}`;
          const node = placement.assignment[podName];
          const why = node === undefined ? (bad.get(podName) ?? byService.get(svc) ?? general ?? 'no feasible node in the joint placement') : bad.get(podName) ?? badNodes.get(node);
          if (why !== undefined) reasonFor.set(pendingKey(p), why);
          else nodeFor.set(pendingKey(p), node);
        }
        this.#opts.metrics?.setPlan(placement.energy, {});
        break;
      }
    } catch (err) {
      log?.error({ err }, 'batch could not be solved; releasing its pods to kube-scheduler');
      for (const p of batch) reasonFor.set(keyOf(p), `qsched could not solve the batch: ${(err as Error).message}`);
      this.#opts.metrics?.solves.inc({ source: 'controller', result: 'error' });
    }
    for (const pod of batch) {
      const key = keyOf(pod);
      const ns = pod.metadata?.namespace ?? 'default';
      const name = pod.metadata?.name ?? '';
      const node = nodeFor.get(key);
      const gates = (pod.spec?.schedulingGates ?? []).filter((g) => g.name !== this.gate);
      const spec: Record<string, unknown> = { schedulingGates: gates.length > 0 ? gates : null };
      if (node !== undefined) spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: pinnedTerms(pod, node) } } };
      try {
        await this.#api.patchPod(ns, name, { metadata: { annotations: { [DECISION_ANNOTATION]: decision } }, spec });
        this.#released.add(key);
        this.#gated.delete(key);
        if (node !== undefined) {
          placed.push({ pod: nameOfPod(pod), node });
          this.#opts.metrics?.moves.inc({ source: 'controller' });
          log?.info({ pod: nameOfPod(pod), node }, 'pinned and released');
        } else {
          const reason = reasonFor.get(key) ?? 'not placed';
          released.push({ pod: nameOfPod(pod), reason });
          this.#opts.metrics?.infeasible.inc({ source: 'controller' });
          log?.warn({ pod: nameOfPod(pod), reason }, 'released without a node');
          await this.#event(pod, reason, decision).catch((err: Error) => log?.warn({ pod: nameOfPod(pod), error: err.message }, 'event not created'));
        }
      } catch (err) {
        failed.push({ pod: nameOfPod(pod), error: (err as Error).message });
        log?.warn({ pod: nameOfPod(pod), error: (err as Error).message }, 'patch failed; pod stays gated for a later batch');
      }
    }
    this.#opts.metrics?.batchSeconds.observe((performance.now() - started) / 1000);
    this.#opts.metrics?.batchPods.observe(batch.length);
    log?.info({ pods: batch.length, placed: placed.length, released: released.length, failed: failed.length, feasible, ms: performance.now() - started }, 'batch');
    if (this.#gated.size > 0) this.#arm();
    return { decision, feasible, placed, released, failed, placement };
  }

  #event(pod: V1Pod, reason: string, decision: string): Promise<void> {
    const ns = pod.metadata?.namespace ?? 'default';
    const now = new Date();
    return this.#api.createEvent(ns, {
      metadata: { generateName: `${pod.metadata?.name ?? 'pod'}.qsched-`, namespace: ns },
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata?.name, namespace: ns, uid: pod.metadata?.uid },
      reason: 'QschedUnplaceable',
      message: `qsched (decision ${decision}) found no node for this pod in its batch and released it to kube-scheduler: ${reason}`.slice(0, 1024),
      type: 'Warning',
      source: { component: 'qsched-controller' },
      reportingComponent: 'qsched-controller',
      reportingInstance: 'qsched-controller',
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  }

  /** Lists, then watches pods until `signal` aborts; re-lists whenever a watch ends or fails. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 500;
    while (!signal.aborted) {
      try {
        const { items, resourceVersion } = await this.#api.listPods();
        const seen = new Set<string>();
        for (const p of items) { seen.add(keyOf(p)); this.observe('ADDED', p); }
        for (const [key, p] of [...this.#pods]) if (!seen.has(key)) this.observe('DELETED', p);
        await this.#api.watchPods(resourceVersion, (type, pod) => this.observe(type, pod), signal);
        backoff = 500;
      } catch (err) {
        if (signal.aborted) break;
        this.#opts.logger?.warn({ error: (err as Error).message, retryMs: backoff }, 'pod list/watch failed');
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(30_000, backoff * 2);
      }
    }
    this.#disarm();
  }
}
