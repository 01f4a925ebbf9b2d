// Differential rescheduling: a Rescheduler holds a cluster, a workload, compile's per-(service,
// node) tables, the compiled problem and an incremental PlacementState between events. An event
// frees only the pods it touches (and, optionally, their call-graph neighbourhood); the others
// stay fixed or may move when the move pays its migration cost. Evictions respect
// PodDisruptionBudgets and a max-moves budget, and the moves come back in an order that never
// overfills a node or breaks a budget.
//
// Keeping the state (P pods, N nodes, S services, R resources; no event compiles from scratch
// unless noted):
//   node failure, drain   in place on the compiled problem: mask and filter reasons of one node
//                         (O(P) bytes), plus O(pods on it · degree) moves
//   edge weight, request  swap the affected arrays of the compiled problem (inplace.ts) and of
//                         the tables, then rebuild the aggregates from the warm assignment
//                         (O(P·R + call-graph pairs))
//   node added            the tables grow by one node column (S evaluations of taints, selectors,
//                         affinity; the topology is derived again from the kept labels, O(N·levels))
//   scale out / in        no evaluation at all: only the replica counts change
//   new service           the tables grow by one service row (N evaluations)
// After a shape change the tables are expanded into a new problem (compile.ts `expand`): pod rows
// of the mask and reasons are copied from the service rows, O(P·N) bytes — the one part that
// still grows with P·N: 0.16 ms at 1000 pods / 100 nodes — and the aggregates are rebuilt from
// the warm assignment, mapped by pod name. The whole model update then took 2.1–2.7 ms against
// 9.7–10.2 ms for compile + aggregates (medians, bench/reschedule.ts `events.update`, quiet
// 2-core machine, 2026-12-06). Events check only what they bring (events.ts), not the whole inputs again.
// A full compile (stats.rebuilt) happens only when an event names a resource the problem lacks
// (the resource axis is in every N×R and P×R array) or a node joins under a name the problem
// still holds (a failed node's, or the park's). Either way the solver only touches the pods
// named above.
//
// Pods without a node (lost on a failed node and not re-placed, or new and not fitting) sit on
// a hidden "park" node appended to the compiled problem (no capacity, tainted, cost = the mean,
// so it changes no other node's terms). The state stays a complete assignment, the next event
// picks parked pods up again, and energies are reported with parked pods as unplaced (-1).
// Failed nodes stay in the problem, closed, until the next full compile; nodes added after the
// park come after it.

import { checkFinite, checkInteger, checkOneOf, checkOptions } from '../../validate.js';
import { checkPlacement } from '../checker.js';
import { buildTables, type CompiledProblem, type CompileTables, expand, REASON_TAINT } from '../compile.js';
import { withNode, withReplicas, withRequests as withTableRequests, withService } from '../compile-tables.js';
import { evaluate, filterPenalty } from '../energy.js';
import { PlacementState } from '../state.js';
import type { CheckResult, Cluster, ClusterNode, EnergyBreakdown, Weights, Workload } from '../types.js';
import { validateCluster, validateWorkload } from '../validate.js';
import { applyEvent, type AppliedEvent, type RescheduleEvent } from './events.js';
import { plan, type Move } from './plan.js';
import { withCallGraph, withRequests } from './inplace.js';

/** Options of a reschedule call; defaults in DEFAULT_RESCHEDULE_OPTIONS. */
export interface RescheduleOptions {
  /** Voluntary moves allowed (moves of running pods the event did not force). Default 10. */
  readonly maxMoves?: number;
  /** Call-graph hops around the touched services whose pods are free too. Default 0. */
  readonly neighbourhood?: number;
  /** 'fixed': untouched pods never move; 'migrate' (default): they may, paying migrationCost. */
  readonly others?: 'fixed' | 'migrate';
  /** Energy a voluntary move of an untouched pod must save to happen (H units; one node ≈ 1). Default 0.5. */
  readonly migrationCost?: number;
  /** Steepest-descent passes over the free pods. Default 4. */
  readonly passes?: number;
  /** Run the independent checker on the result (costs a full pass over the inputs). Default true. */
  readonly check?: boolean;
  /** Compile from scratch for node added, scale and new service instead of updating the kept tables (for comparison and debugging). Default false. */
  readonly fullCompile?: boolean;
  /** Energy weights (λ1, λ2, λ3, μ); only read when the Rescheduler is created. */
  readonly weights?: Partial<Weights>;
}

/** Defaults of reschedule. */
export const DEFAULT_RESCHEDULE_OPTIONS = Object.freeze({ maxMoves: 10, neighbourhood: 0, others: 'migrate' as const, migrationCost: 0.5, passes: 4, check: true, fullCompile: false });

export type { Move } from './plan.js';

/** A placement as the rescheduler keeps it. */
export interface CurrentPlacement {
  readonly cluster: Cluster;
  readonly workload: Workload;
  /** Pod name → node name, for every pod that has a node. */
  readonly assignment: Readonly<Record<string, string>>;
  /** Pods without a node. */
  readonly unplaced: readonly string[];
  /** Device indices each pod holds per device-granular resource (ClusterNode.devices); present when some node declares devices. */
  readonly devices?: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
  readonly energy: EnergyBreakdown;
  /** The checker's verdict (unplaced pods are hard violations there); absent with options.check false. */
  readonly check?: CheckResult;
}

/** What one event did. */
export interface RescheduleResult {
  readonly placement: CurrentPlacement;
  /** In order: applying them one by one never overfills a node or exceeds a disruption budget. */
  readonly moves: readonly Move[];
  /** H after the moves minus H of the old assignment under the new inputs (unplaced pods as -1). */
  readonly deltaH: number;
  /** Wall time of the call, ms. */
  readonly latency: number;
  readonly stats: {
    /**
     * True when the event compiled the problem from scratch: a resource name new to the problem,
     * a node joining under a name the problem still holds, or options.fullCompile. False for
     * events applied in place or through the kept tables (every other case).
     */
    readonly rebuilt: boolean;
    readonly free: number;
    readonly voluntaryMoves: number;
    readonly cancelled: number;
    /** Pods the event forced to move that could not (e.g. a drain held back by a PDB). */
    readonly blocked: readonly string[];
  };
}

interface Filled {
  maxMoves: number; neighbourhood: number; others: 'fixed' | 'migrate'; migrationCost: number; passes: number; check: boolean; fullCompile: boolean;
}

function fill(options: unknown): Filled {
  const o = checkOptions('options', options);
  const known = ['maxMoves', 'neighbourhood', 'others', 'migrationCost', 'passes', 'check', 'fullCompile', 'weights'];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new RangeError(`options.${k} is not an option of reschedule (expected one of ${known.join(', ')})`);
  const d = DEFAULT_RESCHEDULE_OPTIONS;
  const maxMoves = o.maxMoves === Infinity ? Infinity : checkInteger('options.maxMoves', o.maxMoves ?? d.maxMoves, 0);
  const migrationCost = checkFinite('options.migrationCost', o.migrationCost ?? d.migrationCost);
  if (migrationCost < 0) throw new RangeError(`options.migrationCost must be >= 0, got ${migrationCost}`);
  if (o.check !== undefined && typeof o.check !== 'boolean') throw new TypeError('options.check must be a boolean');
  if (o.fullCompile !== undefined && typeof o.fullCompile !== 'boolean') throw new TypeError('options.fullCompile must be a boolean');
  return {
    maxMoves, migrationCost,
    neighbourhood: checkInteger('options.neighbourhood', o.neighbourhood ?? d.neighbourhood, 0, 10),
    others: checkOneOf('options.others', o.others ?? d.others, ['fixed', 'migrate'] as const),
    passes: checkInteger('options.passes', o.passes ?? d.passes, 0, 1000),
    check: (o.check as boolean | undefined) ?? d.check,
    fullCompile: (o.fullCompile as boolean | undefined) ?? d.fullCompile,
  };
}

const PARK_NAME = 'qsched.internal/park';

/** Closes node n to every pod of pr in place: mask 0 and the taint reason bit. */
function closeColumn(pr: CompiledProblem, n: number): void {
  for (let p = 0; p < pr.P; p++) {
    (pr.mask as Uint8Array)[p * pr.N + n] = 0;
    (pr.reasons as Uint8Array)[p * pr.N + n] |= REASON_TAINT;
  }
}

/** Device holdings: pod name → resource name → indices of the devices it holds on its node. */
export type DeviceHoldings = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

/** Checks the shape of user-given holdings (pods must be in the assignment); the devices themselves are checked against the nodes later. */
function checkHoldings(devices: unknown, assignment: Readonly<Record<string, string>>): DeviceHoldings | undefined {
  if (devices === undefined) return undefined;
  const d = checkOptions('options.devices', devices) as Record<string, unknown>;
  for (const [pod, per] of Object.entries(d)) {
    const at = `options.devices[${JSON.stringify(pod)}]`;
    if (assignment[pod] === undefined) throw new RangeError(`${at} names a pod the assignment does not place`);
    for (const [r, list] of Object.entries(checkOptions(at, per ?? null) as Record<string, unknown>)) {
      if (!Array.isArray(list) || list.some((k) => !Number.isInteger(k) || (k as number) < 0 || (k as number) > 31) || new Set(list).size !== list.length) {
        throw new RangeError(`${at}[${JSON.stringify(r)}] must be an array of distinct device indices in [0, 31]`);
      }
    }
  }
  return d as DeviceHoldings;
}

/** Holdings by name as P×R masks of pr (undefined without holdings or devices); names pr lacks are ignored. */
function deviceMasks(pr: CompiledProblem, devices: DeviceHoldings | undefined): Uint32Array | undefined {
  if (devices === undefined) return undefined;
  const out = new Uint32Array(pr.P * pr.R);
  const podIdx = new Map(pr.podNames.map((n, i) => [n, i]));
  for (const [pod, per] of Object.entries(devices)) {
    const p = podIdx.get(pod);
    if (p === undefined) continue;
    for (const [res, list] of Object.entries(per)) {
      const r = pr.resourceNames.indexOf(res);
      if (r < 0) continue;
      let m = 0;
      for (const k of list) m |= 1 << k;
      out[p * pr.R + r] = m >>> 0;
    }
  }
  return out;
}

/** Holds a placement and reschedules it event by event, keeping the aggregates between calls. */
export class Rescheduler {
  #cluster: Cluster;
  #workload: Workload;
  /** compile's per-(service, node) tables of the compiled inputs (the park included). */
  #tables!: CompileTables;
  #pr!: CompiledProblem;
  #st!: PlacementState;
  #park = 0;
  /** 1 for compiled nodes no pod may go to (failed or drained). */
  #closed!: Uint8Array;
  /** Nodes closed in place since the last full compile (failed or drained); re-closed after each expand. */
  #shut: number[] = [];
  #nodeIndex = new Map<string, number>();
  #podIndex = new Map<string, number>();
  #weights: RescheduleOptions['weights'];

  /**
   * Starts from `assignment` (pod name → node name; pods missing from it have no node) and, for
   * device-granular resources (ClusterNode.devices), from `options.devices` (pod → resource →
   * device indices it holds now; pods not listed get devices allocated in pod order). Throws
   * TypeError/RangeError naming the field.
   */
  constructor(cluster: Cluster, workload: Workload, assignment: Readonly<Record<string, string>>, options: { weights?: RescheduleOptions['weights']; devices?: DeviceHoldings } = {}) {
    validateCluster(cluster);
    validateWorkload(workload);
    const a = checkOptions('assignment', assignment ?? null) as Record<string, unknown>;
    const nodes = new Set(cluster.nodes.map((n) => n.name));
    const pods = new Set(workload.services.flatMap((s) => Array.from({ length: s.replicas }, (_, k) => `${s.name}-${k}`)));
    for (const [pod, node] of Object.entries(a)) {
      if (!pods.has(pod)) throw new RangeError(`assignment[${JSON.stringify(pod)}] names an unknown pod`);
      if (typeof node !== 'string' || !nodes.has(node)) throw new RangeError(`assignment[${JSON.stringify(pod)}] names an unknown node ${JSON.stringify(node)}`);
    }
    this.#cluster = cluster;
    this.#workload = workload;
    this.#weights = options.weights;
    const devices = checkHoldings(options.devices, a as Record<string, string>);
    try {
      this.#rebuild(cluster, workload, a as Record<string, string>, devices, true);
    } catch (err) {
      // DeviceState names the pod; say which option it came from.
      if (err instanceof RangeError && err.message.startsWith('devices[')) throw new RangeError(`options.${err.message}`);
      throw err;
    }
  }

  /** The current inputs and assignment. */
  get cluster(): Cluster { return this.#cluster; }
  get workload(): Workload { return this.#workload; }
  /** Pod name → node name for every placed pod. */
  get assignment(): Record<string, string> {
    const out: Record<string, string> = {};
    const { podNames, nodeNames } = this.#pr;
    for (let p = 0; p < this.#pr.P; p++) if (this.#st.assignment[p] !== this.#park) out[podNames[p]] = nodeNames[this.#st.assignment[p]];
    return out;
  }

  /** Pod name → resource → device indices for every pod holding devices; undefined when no node declares devices. */
  get devices(): Record<string, Record<string, number[]>> | undefined {
    if (this.#st.dev === null) return undefined;
    const out: Record<string, Record<string, number[]>> = {};
    for (let p = 0; p < this.#pr.P; p++) {
      const d = this.#st.dev.holdings(p);
      if (d !== undefined && this.#st.assignment[p] !== this.#park) out[this.#pr.podNames[p]] = d;
    }
    return out;
  }

  /** The kept state's current energy (parked pods counted as unplaced). */
  energy(): EnergyBreakdown {
    return evaluate(this.#pr, this.#external());
  }

  #external(): Int32Array {
    const a = this.#st.assignment.slice();
    for (let p = 0; p < a.length; p++) if (a[p] === this.#park) a[p] = -1;
    return a;
  }

  /** A full compile of the inputs plus the park node (construction, and the fallback of `#grow`). */
  #rebuild(cluster: Cluster, workload: Workload, assignment: Readonly<Record<string, string>>, devices: DeviceHoldings | undefined, strict: boolean): void {
    const costs = cluster.nodes.map((n) => n.cost ?? 1);
    let parkName = PARK_NAME;
    while (cluster.nodes.some((n) => n.name === parkName)) parkName += '_';
    const park: ClusterNode = {
      name: parkName, allocatable: {}, cost: costs.reduce((x, y) => x + y, 0) / costs.length,
      taints: [{ key: 'qsched.internal/park', effect: 'NoSchedule' }],
    };
    const tables = buildTables({ ...cluster, nodes: [...cluster.nodes, park] }, workload, this.#weights === undefined ? {} : { weights: this.#weights });
    const parkIdx = tables.cluster.nodes.length - 1;
    const closed = new Uint8Array(parkIdx + 1);
    closed[parkIdx] = 1;
    cluster.nodes.forEach((n, i) => { if (n.unschedulable === true) closed[i] = 1; });
    const index = new Map(tables.cluster.nodes.map((n, i) => [n.name, i]));
    this.#install(tables, cluster, parkIdx, closed, [], (name) => index.get(assignment[name]) ?? parkIdx, devices, strict);
  }

  /**
   * Expands `tables` into the problem, adjusts it (the overlay below), rebuilds the aggregates
   * from `nodeOf` (pod name → node index, parkIdx for none) and commits. Everything before the
   * commit may throw and leaves the kept state alone.
   *
   * Overlay: node costs are normalised by the mean over `cluster`'s nodes (the park costs the
   * mean, and failed nodes the problem still holds count for nothing), as a fresh Rescheduler
   * would; nodes in `shut` (failed or drained since the last full compile) stay closed to every
   * pod, as #close left them.
   */
  #install(tables: CompileTables, cluster: Cluster, parkIdx: number, closed: Uint8Array, shut: readonly number[], nodeOf: (pod: string) => number, devices: DeviceHoldings | undefined, strict: boolean): void {
    const base = expand(tables);
    const { P } = base;
    let sum = 0;
    for (const n of cluster.nodes) sum += n.cost ?? 1;
    const mean = sum / cluster.nodes.length;
    const nodeCost = Float64Array.from(tables.cluster.nodes, (n, i) => (i === parkIdx ? 1 : (n.cost ?? 1) / mean));
    const pr: CompiledProblem = { ...base, nodeCost };
    for (const n of shut) closeColumn(pr, n);
    const a = new Int32Array(P);
    for (let p = 0; p < P; p++) {
      const n = nodeOf(pr.podNames[p]);
      a[p] = n >= 0 ? n : parkIdx;
    }
    const st = new PlacementState(pr, a, deviceMasks(pr, devices) ?? true, strict);
    // Commit only now: everything above may throw and must leave the kept state alone.
    this.#tables = tables;
    this.#pr = pr;
    this.#st = st;
    this.#park = parkIdx;
    this.#closed = closed;
    this.#shut = shut.slice();
    this.#nodeIndex = new Map(pr.nodeNames.map((n, i) => [n, i]));
    this.#podIndex = new Map(pr.podNames.map((n, i) => [n, i]));
  }

  /**
   * Node added, scale, new service: updates the kept tables (compile-tables.ts) and expands them,
   * keeping the warm assignment. Returns false (nothing changed) when only a full compile will do:
   * a resource the problem lacks, or a node joining under a name the problem still holds (a
   * failed node's, or the park's).
   */
  #grow(ev: AppliedEvent, event: RescheduleEvent): boolean {
    const t = this.#tables;
    let next: CompileTables | null = null;
    let closed = this.#closed;
    if (event.type === 'nodeAdded') {
      const node = ev.cluster.nodes[ev.cluster.nodes.length - 1];
      if (this.#nodeIndex.has(node.name)) return false;
      next = withNode(t, node);
      closed = new Uint8Array(closed.length + 1);
      closed.set(this.#closed);
      closed[closed.length - 1] = node.unschedulable === true ? 1 : 0;
    } else if (event.type === 'scale') {
      next = withReplicas(t, ev.workload);
    } else if (event.type === 'newService') {
      next = withService(t, ev.workload);
    }
    if (next === null) return false;
    const old = this.#st.assignment;
    const index = this.#podIndex;
    const held = this.devices;
    this.#install(next, ev.cluster, this.#park, closed, this.#shut, (name) => {
      const p = index.get(name);
      return p === undefined ? -1 : old[p];
    }, held, false);
    return true;
  }

  /** Swaps in a problem of the same shape and rebuilds the aggregates from the current assignment. */
  #reaggregate(pr: CompiledProblem): void {
    const st = new PlacementState(pr, this.#st.assignment, this.#st.dev?.held ?? true, false);
    this.#pr = pr;
    this.#st = st;
  }

  /** Closes node n in place: no pod may go there from now on (mask and taint bit). */
  #close(n: number): void {
    const pr = this.#pr;
    const st = this.#st;
    const on: number[] = [];
    let before = 0;
    for (let p = 0; p < pr.P; p++) if (st.assignment[p] === n) { on.push(p); before += filterPenalty(pr, p, n); }
    closeColumn(pr, n);
    for (const p of on) st.Chard += filterPenalty(pr, p, n);
    st.Chard -= before;
    this.#closed[n] = 1;
    if (!this.#shut.includes(n)) this.#shut.push(n);
  }

  /** Applies one event and reschedules. Throws TypeError/RangeError on a bad event; the kept state is then unchanged. */
  apply(event: RescheduleEvent, options?: RescheduleOptions): RescheduleResult {
    const started = performance.now();
    const opts = fill(options);
    const ev = applyEvent(this.#cluster, this.#workload, this.assignment, event);
    let rebuilt = false;
    if (event.type === 'nodeFailure' || event.type === 'nodeDrain') {
      const n = this.#nodeIndex.get(ev.closedNode as string) as number;
      if (event.type === 'nodeFailure') {
        for (let p = 0; p < this.#pr.P; p++) if (this.#st.assignment[p] === n) this.#st.applyMove(p, this.#park);
      }
      this.#close(n);
    } else if (event.type === 'reconcile') {
      // Nothing to update: the plan places the parked pods.
    } else if (event.type === 'edgeWeight') {
      const tables = withReplicas(this.#tables, ev.workload);
      this.#reaggregate(withCallGraph(this.#pr, ev.workload));
      this.#tables = tables;
    } else {
      const at = event.type === 'requestChange' ? ev.workload.services.findIndex((x) => x.name === event.service) : -1;
      const tables = at >= 0 ? withTableRequests(this.#tables, ev.workload, at) : null;
      const pr = tables !== null ? withRequests(this.#pr, ev.workload.services[at], at) : null;
      if (tables !== null && pr !== null) {
        this.#reaggregate(pr);
        this.#tables = tables;
      } else if (at >= 0 || opts.fullCompile || !this.#grow(ev, event as RescheduleEvent)) {
        const next = { ...this.assignment };
        for (const p of ev.removed) delete next[p];
        this.#rebuild(ev.cluster, ev.workload, next, this.devices, false);
        rebuilt = true;
      }
    }
    this.#cluster = ev.cluster;
    this.#workload = ev.workload;
    return this.#solve(ev, opts, started, rebuilt);
  }

  #solve(ev: AppliedEvent, opts: Filled, started: number, rebuilt: boolean): RescheduleResult {
    const H0 = evaluate(this.#pr, this.#external()).H;
    const r = plan({ pr: this.#pr, st: this.#st, park: this.#park, closed: this.#closed, podIndex: this.#podIndex, workload: this.#workload, event: ev, options: opts });
    const pr = this.#pr;
    const ext = this.#external();
    const energy = evaluate(pr, ext);
    const assignment = this.assignment;
    const unplaced: string[] = [];
    for (let p = 0; p < pr.P; p++) if (ext[p] < 0) unplaced.push(pr.podNames[p]);
    const devices = this.devices;
    const check = opts.check ? checkPlacement(this.#cluster, this.#workload, assignment, devices) : undefined;
    return {
      placement: { cluster: this.#cluster, workload: this.#workload, assignment, unplaced, energy, ...(devices ? { devices } : {}), ...(check ? { check } : {}) },
      moves: r.moves,
      deltaH: energy.H - H0,
      latency: performance.now() - started,
      stats: { rebuilt, free: r.free, voluntaryMoves: r.voluntaryMoves, cancelled: r.cancelled, blocked: r.blocked },
    };
  }
}

/** One event on a placement: a fresh Rescheduler, one apply. Throws TypeError/RangeError naming the field. */
export function reschedule(placement: { readonly cluster: Cluster; readonly workload: Workload; readonly assignment: Readonly<Record<string, string>>; readonly devices?: DeviceHoldings }, event: RescheduleEvent, options?: RescheduleOptions): RescheduleResult {
  const p = checkOptions('placement', placement ?? null) as { cluster: Cluster; workload: Workload; assignment: Record<string, string>; devices?: DeviceHoldings };
  let r: Rescheduler;
  try {
    r = new Rescheduler(p.cluster, p.workload, p.assignment, { weights: options?.weights, ...(p.devices !== undefined ? { devices: p.devices } : {}) });
  } catch (err) {
    // The holdings came in as placement.devices here.
    if (err instanceof Error && /options\.devices/.test(err.message)) {
      const msg = err.message.replace(/options\.devices/g, 'placement.devices');
      throw err instanceof TypeError ? new TypeError(msg) : new RangeError(msg);
    }
    throw err;
  }
  return r.apply(event, options);
}
