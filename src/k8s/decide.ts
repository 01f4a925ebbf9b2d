// The extender's decisions over one mapped snapshot, synchronous and bounded so every verb
// answers well inside kube-scheduler's timeout.
//
// Plan: at construction the kube-like greedy baseline gives an instant plan; `replan()` runs
// schedule() (the joint solve) in the background and adopts its placement — the best found so
// far is what requests see. State: a PlacementState over the plan with every bound pod moved to
// its real node; which replica a real pod stands for (running or in flight) is replicas.ts.
//
// filter      rejects, with a reason per node, what qsched models beyond kube-scheduler's
//             built-in filters, counting only pods that really run (bound), never planned ones:
//             a critical service's replicas sharing a node (only while some candidate node is
//             free of them, so this never makes a pod unschedulable on its own), hard topology
//             spread over the service's own pods, and capacity of resources other than cpu and
//             memory in qsched's units — fractional GPU shares (qsched.io/gpu-share) that
//             kube-scheduler cannot see.
// prioritize  0–10 per node from ΔH of putting the pod there (PlacementState.deltaMove from
//             its planned node); the planned node scores 10, every other node at most 9.
// A pod of no mapped workload (or beyond a workload's replicas) is added as a one-pod service
// to a recompiled problem (cached per pod), and scored the same way without a planned node.
// No Node API here.

import { kubeGreedy } from '../scheduling/baselines/greedy.js';
import { compile, type CompiledProblem } from '../scheduling/compile.js';
import type { ScheduleOptions } from '../scheduling/options.js';
import { formatUnits } from '../scheduling/quantity.js';
import { schedule } from '../scheduling/schedule.js';
import { PlacementState } from '../scheduling/state.js';
import type { EnergyBreakdown, Placement, Service } from '../scheduling/types.js';
import { selectorMatches } from './labels.js';
import type { MappedCluster } from './mapping.js';
import { labelsOf, serviceFromTemplate } from './podspec.js';
import { ReplicaBook } from './replicas.js';
import { LoadReport } from './report.js';

/** Options of the decider: what replan() passes to schedule() (signal excepted). */
export type DeciderOptions = Omit<ScheduleOptions, 'signal'>;

/** A filter verdict. */
export interface FilterVerdict {
  readonly passed: string[];
  /** Rejected nodes where evicting pods could help (preemption may nominate them). */
  readonly failed: Record<string, string>;
  /** Rejected nodes no preemption can fix (missing topology label, no such resource at all). */
  readonly unresolvable: Record<string, string>;
}

const NONE: ReadonlySet<number> = new Set();

/** Marks a reason as one preemption cannot fix. */
const UNRESOLVABLE = '\u0000';

/** One prioritize entry (wire names). */
export interface HostScore {
  readonly Host: string;
  readonly Score: number;
}

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

interface Target {
  readonly pr: CompiledProblem;
  readonly st: PlacementState;
  /** Pod index in pr. */
  readonly x: number;
  /** Planned node of x, -1 for none. */
  readonly planned: number;
  readonly service: string;
}

/** Identity of a pod: its UID, else namespace/name. */
export function podKey(namespace: string, name: string, uid: string | undefined): string {
  return uid !== undefined && uid !== '' ? uid : `${namespace}/${name}`;
}

/** Filter and prioritize decisions over a mapped snapshot. */
export class Decider {
  readonly mapped: MappedCluster;
  readonly problem: CompiledProblem;
  readonly options: DeciderOptions;
  #plan: Int32Array;
  #planBy = 'greedy';
  #state!: PlacementState;
  /** Which replica each real pod stands for (replicas.ts). */
  readonly #replicas: ReplicaBook;
  /** Replicas treated as gone during one preempt check. */
  #evicted: ReadonlySet<number> = NONE;
  readonly #nodeIndex: Map<string, number>;
  readonly #resIndex: Map<string, number>;
  /** Requests of bound pods per node × resource (fixed pods are already out of capacity). */
  readonly #realUsed: Float64Array;
  #adhoc = new Map<string, { version: number; target: Target }>();
  /** The last pods decided on, by key (bind only carries names). */
  readonly #seen = new Map<string, Obj>();
  #version = 0;

  /**
   * Compiles the snapshot; the plan starts as `previous`'s (pod by pod, where the pod and its
   * node still exist and the node is allowed) and as the greedy baseline elsewhere.
   */
  constructor(mapped: MappedCluster, options: DeciderOptions = {}, previous?: Decider) {
    this.mapped = mapped;
    this.options = options;
    this.problem = compile(mapped.cluster, mapped.workload, { weights: options.weights, penalties: options.penalties, network: { ...mapped.network, ...options.network } });
    const pr = this.problem;
    this.#nodeIndex = new Map(pr.nodeNames.map((n, i) => [n, i]));
    this.#resIndex = new Map(pr.resourceNames.map((r, i) => [r, i]));
    this.#replicas = new ReplicaBook(pr.serviceStart);
    this.#realUsed = new Float64Array(pr.N * pr.R);
    this.#plan = kubeGreedy(pr, 'LeastAllocated', options.seed ?? 1).assignment;
    if (previous !== undefined) {
      const old = previous.plannedNodes();
      for (let x = 0; x < pr.P; x++) {
        const n = this.#nodeIndex.get(old.get(pr.podNames[x]) ?? '');
        if (n !== undefined && pr.mask[x * pr.N + n] === 1) this.#plan[x] = n;
      }
      this.#planBy = `${previous.planSource} (carried over)`;
    }
    for (const b of mapped.bound) this.#bind(b.service, podKey(b.namespace, b.name, b.uid), this.#nodeIndex.get(b.node) as number, false);
    this.#rebuild();
  }

  /** Pod name → planned node name, for the pods the plan places. */
  plannedNodes(): Map<string, string> {
    const out = new Map<string, string>();
    for (let x = 0; x < this.problem.P; x++) if (this.#plan[x] >= 0) out.set(this.problem.podNames[x], this.problem.nodeNames[this.#plan[x]]);
    return out;
  }

  /** Who made the current plan ('greedy' until a replan finished). */
  get planSource(): string {
    return this.#planBy;
  }

  /** The current plan's energy with bound pods where they really are. */
  energy(): EnergyBreakdown {
    const st = this.#state;
    return { H: st.H(), R: st.R, L: st.L, F: st.F, C: st.Chard + st.Csoft, Chard: st.Chard, nodesUsed: st.nodesUsed, unplaced: 0 };
  }

  /** Share of allocatable requested per resource under the current plan. */
  utilisation(): Record<string, number> {
    const pr = this.problem;
    const out: Record<string, number> = {};
    for (let r = 0; r < pr.R; r++) {
      let used = 0, cap = 0;
      for (let n = 0; n < pr.N; n++) { used += this.#state.used[n * pr.R + r]; cap += pr.nodeCap[n * pr.R + r]; }
      out[pr.resourceNames[r]] = cap > 0 ? used / cap : 0;
    }
    return out;
  }

  /** Runs the joint solve and adopts its placement; resolves to it. Rejects on bad options or abort. */
  async replan(signal?: AbortSignal): Promise<Placement> {
    const placement = await schedule(this.mapped.cluster, this.mapped.workload, { ...this.options, network: { ...this.mapped.network, ...this.options.network }, signal });
    const index = new Map(this.problem.podNames.map((n, i) => [n, i]));
    const plan = new Int32Array(this.problem.P).fill(-1);
    for (const [pod, node] of Object.entries(placement.assignment)) plan[index.get(pod) as number] = this.#nodeIndex.get(node) as number;
    this.#plan = plan;
    this.#planBy = placement.manifest.solver;
    this.#replicas.remap(plan);
    this.#rebuild();
    return placement;
  }

  #bind(service: number, key: string, node: number, rebuild: boolean): boolean {
    const pr = this.problem;
    const known = this.#replicas.replicaOf(key);
    if (known !== undefined && this.#replicas.boundNode[known] >= 0) return true;
    const pick = this.#replicas.bind(key, service, node, this.#plan);
    if (pick < 0) return false;
    for (let r = 0; r < pr.R; r++) this.#realUsed[node * pr.R + r] += pr.podReq[pick * pr.R + r];
    if (rebuild) {
      this.#plan[pick] = node;
      this.#state.applyMove(pick, node);
      this.#version++;
    }
    return true;
  }

  #rebuild(): void {
    const pr = this.problem;
    // Bound pods keep their replica unless another replica's plan matches their node better.
    const assignment = new Int32Array(pr.P);
    for (let x = 0; x < pr.P; x++) {
      let n = this.#replicas.boundNode[x] >= 0 ? this.#replicas.boundNode[x] : this.#plan[x];
      if (n < 0) {
        n = 0;
        for (let k = 0; k < pr.N; k++) if (pr.mask[x * pr.N + k] === 1) { n = k; break; }
      }
      assignment[x] = n;
    }
    this.#state = new PlacementState(pr, assignment);
    this.#version++;
  }

  /** The service index of a pod from the wire, or -1 (selector of its workload, else owner group). */
  serviceOf(pod: Obj): number {
    const meta = o(pod.metadata);
    const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
    const labels = labelsOf('Pod.metadata.labels', meta.labels);
    const hit = this.mapped.services.find((s) => s.namespace === ns && s.selector !== undefined && selectorMatches(s.selector, labels));
    if (hit !== undefined) return hit.index;
    const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.map(o) : [];
    const owner = refs.find((r) => r.controller === true) ?? refs[0];
    if (owner === undefined) return -1;
    const hash = labels['pod-template-hash'];
    const name = typeof owner.name === 'string' && owner.kind === 'ReplicaSet' && hash !== undefined && owner.name.endsWith(`-${hash}`) ? owner.name.slice(0, -hash.length - 1) : owner.name;
    return this.mapped.services.find((s) => s.selector === undefined && s.namespace === ns && s.objectName === name)?.index ?? -1;
  }

  #target(pod: Obj): Target {
    const meta = o(pod.metadata);
    const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
    const name = typeof meta.name === 'string' ? meta.name : '';
    const key = podKey(ns, name, typeof meta.uid === 'string' ? meta.uid : undefined);
    const pr = this.problem;
    if (!this.#seen.has(key) && this.#seen.size >= 1024) this.#seen.delete(this.#seen.keys().next().value as string);
    this.#seen.set(key, pod);
    const s = this.serviceOf(pod);
    if (s >= 0) {
      const x = this.#replicas.replicaOf(key) ?? this.#replicas.assume(key, s);
      if (x >= 0) return { pr, st: this.#state, x, planned: this.#plan[x], service: pr.serviceNames[s] };
    }
    return this.#adhocTarget(key, ns, name, pod);
  }

  #adhocTarget(key: string, ns: string, name: string, pod: Obj): Target {
    const cached = this.#adhoc.get(key);
    if (cached !== undefined && cached.version === this.#version) return cached.target;
    const meta = o(pod.metadata);
    const labels = labelsOf('Pod.metadata.labels', meta.labels);
    const annotations = labelsOf('Pod.metadata.annotations', meta.annotations);
    const sname = `pod:${ns}/${name}`;
    const services = this.mapped.services;
    const report = new LoadReport();
    const svc: Service = serviceFromTemplate(sname, 1, { labels, annotations }, pod.spec, {
      report, ref: `Pod ${ns}/${name}`, path: 'Pod.spec', namespace: ns, self: sname,
      servicesMatching: (sel, nss) => [...services.filter((x) => nss.includes(x.namespace) && selectorMatches(sel, x.templateLabels)).map((x) => x.name), ...(nss.includes(ns) && selectorMatches(sel, labels) ? [sname] : [])],
      priorityOf: () => undefined,
    });
    const workload = { ...this.mapped.workload, services: [...this.mapped.workload.services, svc] };
    const pr = compile(this.mapped.cluster, workload, { weights: this.options.weights, penalties: this.options.penalties, network: { ...this.mapped.network, ...this.options.network } });
    const x = pr.P - 1;
    const assignment = new Int32Array(pr.P);
    assignment.set(this.#state.assignment);
    let start = 0;
    for (let n = 0; n < pr.N; n++) if (pr.mask[x * pr.N + n] === 1) { start = n; break; }
    assignment[x] = start;
    const target: Target = { pr, st: new PlacementState(pr, assignment), x, planned: -1, service: sname };
    if (this.#adhoc.size >= 64) this.#adhoc.delete(this.#adhoc.keys().next().value as string);
    this.#adhoc.set(key, { version: this.#version, target });
    return target;
  }

  /** Why node n is rejected for target t, or undefined. Counts bound pods only. */
  #reject(t: Target, n: number, criticalFree: boolean): string | undefined {
    const pr = t.pr;
    const N = pr.N;
    const s = pr.podService[t.x];
    const here = (svc: number, node: number) => {
      let c = 0;
      for (let y = pr.serviceStart[svc]; y < pr.serviceStart[svc + 1]; y++) if (y !== t.x && this.#realNode(t, y) === node) c++;
      return c;
    };
    if (pr.critical[s] === 1 && criticalFree) {
      const c = here(s, n);
      if (c > 0) return `qsched: critical service ${t.service} already has ${c} replica(s) on this node and another candidate node has none`;
    }
    for (let i = pr.spreadPtr[s]; i < pr.spreadPtr[s + 1]; i++) {
      const k = pr.spreadIdx[i];
      if (pr.spreadHard[k] !== 1) continue;
      const l = pr.spreadLevel[k];
      const d = pr.domainOf[l * N + n];
      if (d < 0) return `${UNRESOLVABLE}qsched: node lacks topology key ${pr.levelKeys[l]} required by a DoNotSchedule spread constraint`;
      const counts = new Int32Array(pr.domainCount[l]);
      for (let y = pr.serviceStart[s]; y < pr.serviceStart[s + 1]; y++) {
        const m = y === t.x ? -1 : this.#realNode(t, y);
        if (m >= 0 && pr.domainOf[l * N + m] >= 0) counts[pr.domainOf[l * N + m]]++;
      }
      let min = Infinity;
      for (let e = 0; e < counts.length; e++) if (pr.spreadElig[pr.spreadEligOffset[k] + e] === 1) min = Math.min(min, counts[e]);
      if (min === Infinity) min = 0;
      const skew = counts[d] + 1 - min;
      if (skew > pr.spreadMaxSkew[k]) return `qsched: topology spread on ${pr.levelKeys[l]} would reach skew ${skew} > maxSkew ${pr.spreadMaxSkew[k]}`;
    }
    for (let r = 2; r < pr.R; r++) {
      const need = pr.podReq[t.x * pr.R + r];
      if (need === 0) continue;
      const cap = pr.nodeCap[n * pr.R + r];
      // Bound pods' use of this resource (an ad-hoc problem may order resources differently).
      const mr = this.#resIndex.get(pr.resourceNames[r]);
      const own = t.pr === this.problem && this.#replicas.boundNode[t.x] === n ? need : 0;
      let used = mr === undefined ? 0 : this.#realUsed[n * this.problem.R + mr] - own;
      for (const y of this.#evicted) if (mr !== undefined && this.#replicas.boundNode[y] === n) used -= this.problem.podReq[y * this.problem.R + mr];
      if (used + need > cap) {
        const res = pr.resourceNames[r];
        return `${cap === 0 ? UNRESOLVABLE : ''}qsched: ${res} share needs ${formatUnits(need, res)}, ${formatUnits(Math.max(0, cap - used), res)} free of ${formatUnits(cap, res)}`;
      }
    }
    return undefined;
  }

  /** Real node of pod y of target t's problem (bound replicas only; -1 otherwise). */
  #realNode(t: Target, y: number): number {
    return y < this.problem.P && !this.#evicted.has(y) ? this.#replicas.boundNode[y] : -1;
  }

  /**
   * The filter verb: nodes qsched rejects, with a reason each. Unknown nodes pass (no opinion).
   * `evicting` (pod UIDs) judges the nodes as if those running pods were gone (preempt).
   */
  filter(pod: Obj, nodeNames: readonly string[], evicting: readonly string[] = []): FilterVerdict {
    const t = this.#target(pod);
    this.#evicted = new Set(evicting.map((uid) => this.#replicas.replicaOf(uid)).filter((x): x is number => x !== undefined && this.#replicas.boundNode[x] >= 0));
    try {
      return this.#filter(t, nodeNames);
    } finally {
      this.#evicted = NONE;
    }
  }

  #filter(t: Target, nodeNames: readonly string[]): FilterVerdict {
    const idx = nodeNames.map((n) => this.#nodeIndex.get(n) ?? -1);
    let criticalFree = false;
    if (t.pr.critical[t.pr.podService[t.x]] === 1) {
      criticalFree = idx.some((n) => n >= 0 && this.#reject(t, n, false) === undefined && !this.#hasSibling(t, n));
    }
    const passed: string[] = [];
    const failed: Record<string, string> = {};
    const unresolvable: Record<string, string> = {};
    nodeNames.forEach((name, i) => {
      const why = idx[i] < 0 ? undefined : this.#reject(t, idx[i], criticalFree);
      if (why === undefined) passed.push(name);
      else if (why.startsWith(UNRESOLVABLE)) unresolvable[name] = why.slice(1);
      else failed[name] = why;
    });
    return { passed, failed, unresolvable };
  }

  #hasSibling(t: Target, n: number): boolean {
    const pr = t.pr;
    const s = pr.podService[t.x];
    for (let y = pr.serviceStart[s]; y < pr.serviceStart[s + 1]; y++) if (y !== t.x && this.#realNode(t, y) === n) return true;
    return false;
  }

  /** The prioritize verb: 0–10 per node; unknown nodes score 0. */
  prioritize(pod: Obj, nodeNames: readonly string[]): HostScore[] {
    const t = this.#target(pod);
    const deltas = nodeNames.map((name) => {
      const n = this.#nodeIndex.get(name);
      return n === undefined ? NaN : t.st.deltaMove(t.x, n);
    });
    let lo = Infinity, hi = -Infinity;
    for (const d of deltas) if (Number.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
    const plannedName = t.planned >= 0 ? t.pr.nodeNames[t.planned] : undefined;
    const planHere = plannedName !== undefined && nodeNames.includes(plannedName);
    return nodeNames.map((name, i) => {
      const d = deltas[i];
      if (!Number.isFinite(d)) return { Host: name, Score: 0 };
      if (name === plannedName) return { Host: name, Score: 10 };
      const score = hi === lo ? 10 : Math.round((10 * (hi - d)) / (hi - lo));
      return { Host: name, Score: planHere ? Math.min(9, score) : score };
    });
  }

  /** Records a binding (bind verb, or a pod seen running); false if the node is unknown. */
  recordBinding(namespace: string, name: string, uid: string | undefined, node: string, pod?: Obj): boolean {
    const n = this.#nodeIndex.get(node);
    if (n === undefined) return false;
    const key = podKey(namespace, name, uid);
    const seen = pod ?? this.#seen.get(key);
    const s = seen !== undefined ? this.serviceOf(seen) : -1;
    this.#seen.delete(key);
    if (s >= 0 && this.#bind(s, key, n, true)) return true;
    // A pod of no mapped workload: only its requests matter to later filters (known from the
    // last decision about it, if any).
    const cached = this.#adhoc.get(key);
    if (cached !== undefined) {
      const pr = cached.target.pr;
      for (let r = 0; r < pr.R; r++) {
        const mr = this.#resIndex.get(pr.resourceNames[r]);
        if (mr !== undefined) this.#realUsed[n * this.problem.R + mr] += pr.podReq[cached.target.x * pr.R + r];
      }
      this.#adhoc.delete(key);
    }
    return true;
  }
}
