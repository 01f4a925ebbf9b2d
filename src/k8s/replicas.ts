// Which replica of a mapped workload each real pod stands for. Replicas of one service are
// identical, so the pairing is free; it is chosen to agree with the plan:
//   bound      a running pod takes a replica the plan put on its node when there is one;
//   assumed    a pod in flight (filtered or scored, not bound yet) takes the first replica
//              neither bound nor held by another pod in flight, for ASSUME_TTL_MS since it was
//              last seen — consecutive pods of one workload then follow different replicas of
//              the plan, as kube-scheduler's assume cache keeps it from double-booking before
//              a binding shows up in the informer.
// No Node API here.

/** How long a pod in flight keeps its replica without being seen again (kube-scheduler's assume TTL is 30 s). */
export const ASSUME_TTL_MS = 30_000;

/** Replica bookkeeping over a problem's service ranges (pods of service s: [start[s], start[s+1])). */
export class ReplicaBook {
  /** Real node of each replica, -1 while no running pod stands for it. */
  readonly boundNode: Int32Array;
  readonly #start: Int32Array;
  readonly #bound = new Map<string, number>();
  readonly #assumed = new Map<string, number>();
  readonly #holder = new Map<number, { key: string; at: number }>();

  constructor(serviceStart: Int32Array) {
    this.#start = serviceStart;
    this.boundNode = new Int32Array(serviceStart[serviceStart.length - 1]).fill(-1);
  }

  /** The replica pod `key` runs as, or holds while in flight (refreshing its time). */
  replicaOf(key: string, now = Date.now()): number | undefined {
    const b = this.#bound.get(key);
    if (b !== undefined) return b;
    const x = this.#assumed.get(key);
    if (x === undefined) return undefined;
    const h = this.#holder.get(x);
    if (h === undefined || h.key !== key || this.boundNode[x] >= 0) {
      this.#assumed.delete(key);
      return undefined;
    }
    h.at = now;
    return x;
  }

  /** Gives pod `key` (in flight) a free replica of service s; -1 when every replica is bound or held. */
  assume(key: string, s: number, now = Date.now()): number {
    for (let x = this.#start[s]; x < this.#start[s + 1]; x++) {
      if (this.boundNode[x] >= 0) continue;
      const h = this.#holder.get(x);
      if (h !== undefined && now - h.at < ASSUME_TTL_MS) continue;
      if (h !== undefined) this.#assumed.delete(h.key);
      this.#assumed.set(key, x);
      this.#holder.set(x, { key, at: now });
      return x;
    }
    return -1;
  }

  /** Pod `key` of service s runs on `node`: its replica (the one it held, else one planned there, else the first free); -1 if none is left. */
  bind(key: string, s: number, node: number, plan: Int32Array, now = Date.now()): number {
    const known = this.#bound.get(key);
    if (known !== undefined) return known;
    const held = this.#assumed.get(key);
    let pick = held !== undefined && held >= this.#start[s] && held < this.#start[s + 1] && this.boundNode[held] < 0 ? held : -1;
    for (let x = this.#start[s]; x < this.#start[s + 1] && pick < 0; x++) {
      if (this.boundNode[x] >= 0) continue;
      const h = this.#holder.get(x);
      if (h !== undefined && h.key !== key && now - h.at < ASSUME_TTL_MS) continue;
      if (plan[x] === node) pick = x;
    }
    for (let x = this.#start[s]; x < this.#start[s + 1] && pick < 0; x++) {
      const h = this.#holder.get(x);
      if (this.boundNode[x] < 0 && !(h !== undefined && h.key !== key && now - h.at < ASSUME_TTL_MS)) pick = x;
    }
    if (held !== undefined) {
      this.#assumed.delete(key);
      if (this.#holder.get(held)?.key === key) this.#holder.delete(held);
    }
    if (pick < 0) return -1;
    this.boundNode[pick] = node;
    this.#bound.set(key, pick);
    return pick;
  }

  /** Re-pairs running pods with the replicas a new plan put on their nodes; pods in flight lose their replica. */
  remap(plan: Int32Array): void {
    const keyOf = new Map<number, string>();
    for (const [key, x] of this.#bound) keyOf.set(x, key);
    this.#bound.clear();
    this.#assumed.clear();
    this.#holder.clear();
    for (let s = 0; s + 1 < this.#start.length; s++) {
      const a = this.#start[s], b = this.#start[s + 1];
      const running: { key: string; node: number }[] = [];
      for (let x = a; x < b; x++) if (this.boundNode[x] >= 0) running.push({ key: keyOf.get(x) as string, node: this.boundNode[x] });
      if (running.length === 0) continue;
      this.boundNode.fill(-1, a, b);
      const rest: { key: string; node: number }[] = [];
      for (const p of running) {
        let x = a;
        while (x < b && !(this.boundNode[x] < 0 && plan[x] === p.node)) x++;
        if (x < b) { this.boundNode[x] = p.node; this.#bound.set(p.key, x); } else rest.push(p);
      }
      for (const p of rest) {
        let x = a;
        while (this.boundNode[x] >= 0) x++;
        this.boundNode[x] = p.node;
        this.#bound.set(p.key, x);
      }
    }
  }
}
