// Device-granular resources (ClusterNode.devices): a node's allocatable of such a resource is
// split into `count` equal devices of size D, and a pod's request q takes part of ONE device when
// q ≤ D (GPU sharing) or ceil(q / D) whole free devices when q > D. The aggregate `used` of
// state.ts cannot tell whether 0.5 + 0.5 of a GPU sit on one device or on two, so reschedule
// keeps this allocation beside it and treats "fits on a device" as a hard rule (search.ts).
//
// Layout: slots of (node, resource) pairs with devices, CSR by node·R + r (slotPtr), each slot
// holding the amount left on one device; per (pod, resource) the bit mask of the devices the pod
// holds (≤ MAX_DEVICES = 32 bits). A shared pod takes the tightest device that fits (best fit,
// lowest index on ties), a whole-device pod the lowest-index free devices. A pod whose node has
// no room for it on its devices (a starting assignment that was already overpacked, or a move
// made by a solver that does not know devices) holds nothing and is counted in `unfit`.
//
// packs() is the checker's independent test: whether a multiset of requests fits the devices
// of one node, exactly (first-fit decreasing, then a bounded depth-first search).

import type { CompiledProblem } from './compile.js';
import { formatUnits } from './quantity.js';

/** The allocation of device-granular resources over a placement; absent when no node has devices. */
export class DeviceState {
  readonly pr: CompiledProblem;
  /** Start of the device slots of (node n, resource r) at slotPtr[n·R + r]; N·R + 1 entries. */
  readonly slotPtr: Int32Array;
  /** Amount left on each device. */
  readonly left: Float64Array;
  /** Device size of (node, resource), N×R (0 where no devices). */
  readonly size: Float64Array;
  /** Devices held per (pod, resource), P×R bit masks. */
  readonly held: Uint32Array;
  /** 1 when the pod's node has no device room for it (it holds nothing); `unfit` counts them. */
  readonly misfit: Uint8Array;
  unfit = 0;

  /**
   * Allocates every pod of `assignment` (pods at -1 have no node and hold nothing): first the holdings `given` (P×R masks, 0 = none given),
   * which must be valid devices of the pod's node with room (`strict`: RangeError otherwise; else
   * an invalid holding is dropped and the pod allocated afresh), then every other pod in pod order.
   */
  constructor(pr: CompiledProblem, assignment: Int32Array, given?: Uint32Array, strict = true) {
    this.pr = pr;
    const { N, R, P } = pr;
    this.slotPtr = new Int32Array(N * R + 1);
    this.size = new Float64Array(N * R);
    for (let i = 0; i < N * R; i++) {
      const c = pr.nodeDevices[i];
      this.slotPtr[i + 1] = this.slotPtr[i] + c;
      if (c > 0) this.size[i] = pr.nodeCap[i] / c;
    }
    this.left = new Float64Array(this.slotPtr[N * R]);
    for (let i = 0; i < N * R; i++) for (let k = this.slotPtr[i]; k < this.slotPtr[i + 1]; k++) this.left[k] = this.size[i];
    this.held = new Uint32Array(P * R);
    this.misfit = new Uint8Array(P);
    const done = new Uint8Array(P);
    if (given !== undefined) {
      for (let p = 0; p < P; p++) {
        let any = false;
        for (let r = 0; r < R; r++) if (given[p * R + r] !== 0) any = true;
        if (!any) continue;
        const why = this.#invalid(p, assignment[p], given);
        if (why !== null) {
          if (strict) throw new RangeError(why);
          continue; // allocated afresh below
        }
        this.#take(p, assignment[p], given);
        done[p] = 1;
      }
    }
    for (let p = 0; p < P; p++) if (done[p] === 0 && assignment[p] >= 0) this.alloc(p, assignment[p]);
  }

  /** Why the given holdings of pod p on node n are not valid now (null when they are). */
  #invalid(p: number, n: number, given: Uint32Array): string | null {
    const pr = this.pr;
    const R = pr.R;
    for (let r = 0; r < R; r++) {
      const q = pr.podReq[p * R + r];
      const i = n * R + r;
      const count = pr.nodeDevices[i];
      const m = given[p * R + r] >>> 0;
      const what = `devices of pod ${pr.podNames[p]} (${pr.resourceNames[r]} on ${pr.nodeNames[n]})`;
      const fmt = (v: number) => formatUnits(v, pr.resourceNames[r]);
      if (q <= 0 || count === 0) {
        if (m !== 0) return `${what}: the pod takes no devices of this resource there`;
        continue;
      }
      const D = this.size[i];
      let bits = 0;
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) { bits++; if (k >= count) return `${what}: device ${k} does not exist (the node has ${count})`; }
      const need = q <= D ? 1 : Math.ceil(q / D);
      if (bits !== need) return `${what}: a request of ${fmt(q)} takes ${need} device${need > 1 ? 's' : ''} of ${fmt(D)}, got ${bits}`;
      const a = this.#amount(p, r, D);
      for (let k = 0; k < count; k++) if ((m >>> k) & 1 && this.left[this.slotPtr[i] + k] < a) return `${what}: device ${k} has ${fmt(this.left[this.slotPtr[i] + k])} left, the pod needs ${fmt(a)}`;
    }
    return null;
  }

  /** Takes the (valid) given holdings of pod p on node n. */
  #take(p: number, n: number, given: Uint32Array): void {
    const R = this.pr.R;
    for (let r = 0; r < R; r++) {
      const m = given[p * R + r] >>> 0;
      if (m === 0) continue;
      const i = n * R + r;
      const a = this.#amount(p, r, this.size[i]);
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) this.left[this.slotPtr[i] + k] -= a;
      this.held[p * R + r] = m;
    }
  }

  /** True when some node of pr declares devices. */
  static needed(pr: CompiledProblem): boolean {
    for (let i = 0; i < pr.nodeDevices.length; i++) if (pr.nodeDevices[i] > 0) return true;
    return false;
  }

  /** Whether pod x's device requests fit on node n as it is now (x's own holdings elsewhere are not counted). */
  fits(x: number, n: number): boolean {
    const R = this.pr.R;
    for (let r = 0; r < R; r++) {
      const q = this.pr.podReq[x * R + r];
      if (q > 0 && this.pr.nodeDevices[n * R + r] > 0 && this.#pick(n, r, q, -1) === 0) return false;
    }
    return true;
  }

  /**
   * The devices x would take of (n, r) as a bit mask (0 = does not fit), as if pod `without`
   * (-1: none) released what it holds there.
   */
  #pick(n: number, r: number, q: number, without: number): number {
    const i = n * this.pr.R + r;
    const from = this.slotPtr[i];
    const count = this.slotPtr[i + 1] - from;
    const D = this.size[i];
    const give = without >= 0 && this.pr.podReq[without * this.pr.R + r] > 0 ? this.held[without * this.pr.R + r] : 0;
    const back = give !== 0 ? this.#amount(without, r, D) : 0;
    if (q <= D) {
      let best = -1;
      let bestLeft = Infinity;
      for (let k = 0; k < count; k++) {
        const l = this.left[from + k] + ((give >>> k) & 1 ? back : 0);
        if (l >= q && l < bestLeft) { bestLeft = l; best = k; }
      }
      return best < 0 ? 0 : (1 << best) >>> 0;
    }
    const need = Math.ceil(q / D);
    let mask = 0;
    let got = 0;
    for (let k = 0; k < count && got < need; k++) {
      const l = this.left[from + k] + ((give >>> k) & 1 ? back : 0);
      if (l >= D) { mask |= 1 << k; got++; }
    }
    return got === need ? mask >>> 0 : 0;
  }

  /** Amount pod x takes from each device it holds of resource r (device size D). */
  #amount(x: number, r: number, D: number): number {
    const q = this.pr.podReq[x * this.pr.R + r];
    return q <= D ? q : D;
  }

  /** Takes devices for pod x on node n (x must hold nothing); returns false (and marks x unfit) when they do not fit. */
  alloc(x: number, n: number): boolean {
    const R = this.pr.R;
    let ok = true;
    for (let r = 0; r < R && ok; r++) {
      const q = this.pr.podReq[x * R + r];
      if (q > 0 && this.pr.nodeDevices[n * R + r] > 0 && this.#pick(n, r, q, -1) === 0) ok = false;
    }
    if (!ok) {
      this.misfit[x] = 1;
      this.unfit++;
      return false;
    }
    for (let r = 0; r < R; r++) {
      const q = this.pr.podReq[x * R + r];
      const i = n * R + r;
      if (q <= 0 || this.pr.nodeDevices[i] === 0) continue;
      const m = this.#pick(n, r, q, -1);
      const a = this.#amount(x, r, this.size[i]);
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) this.left[this.slotPtr[i] + k] -= a;
      this.held[x * R + r] = m;
    }
    return true;
  }

  /** Gives back what pod x holds on node n. */
  release(x: number, n: number): void {
    const R = this.pr.R;
    if (this.misfit[x] === 1) {
      this.misfit[x] = 0;
      this.unfit--;
      return;
    }
    for (let r = 0; r < R; r++) {
      const m = this.held[x * R + r];
      if (m === 0) continue;
      const i = n * R + r;
      const a = this.#amount(x, r, this.size[i]);
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) this.left[this.slotPtr[i] + k] += a;
      this.held[x * R + r] = 0;
    }
  }

  /** A copy of the allocation (what every device has left, who holds what), for `restore`. */
  snapshot(): { left: Float64Array; held: Uint32Array; misfit: Uint8Array; unfit: number } {
    return { left: this.left.slice(), held: this.held.slice(), misfit: this.misfit.slice(), unfit: this.unfit };
  }

  /** Puts back a snapshot taken when the assignment was what it is now. */
  restore(s: { left: Float64Array; held: Uint32Array; misfit: Uint8Array; unfit: number }): void {
    this.left.set(s.left);
    this.held.set(s.held);
    this.misfit.set(s.misfit);
    this.unfit = s.unfit;
  }

  /** Device indices pod x holds of resource r (ascending). */
  devicesOf(x: number, r: number): number[] {
    const m = this.held[x * this.pr.R + r];
    const out: number[] = [];
    for (let k = 0; k < 32; k++) if ((m >>> k) & 1) out.push(k);
    return out;
  }

  /**
   * How far x is from fitting the devices of node n (0 = fits), in device units summed over
   * resources, as if pod `without` (-1: none) were gone: for a shared request the amount missing
   * on the best device, for whole devices the load still on the least used devices that would
   * have to be emptied.
   */
  shortfall(x: number, n: number, without = -1): number {
    const pr = this.pr;
    const R = pr.R;
    let s = 0;
    for (let r = 0; r < R; r++) {
      const q = pr.podReq[x * R + r];
      const i = n * R + r;
      if (q <= 0 || pr.nodeDevices[i] === 0) continue;
      const from = this.slotPtr[i];
      const count = this.slotPtr[i + 1] - from;
      const D = this.size[i];
      const give = without >= 0 ? this.held[without * R + r] : 0;
      const back = give !== 0 ? this.#amount(without, r, D) : 0;
      if (q <= D) {
        let most = 0;
        for (let k = 0; k < count; k++) most = Math.max(most, this.left[from + k] + ((give >>> k) & 1 ? back : 0));
        s += Math.max(0, q - most) / D;
      } else {
        const loads: number[] = [];
        for (let k = 0; k < count; k++) {
          const l = this.left[from + k] + ((give >>> k) & 1 ? back : 0);
          if (l < D) loads.push(D - l);
        }
        const short = Math.ceil(q / D) - (count - loads.length);
        if (short > 0) {
          loads.sort((a, b) => a - b);
          for (let k = 0; k < short; k++) s += loads[k] / D;
        }
      }
    }
    return s;
  }
}

/**
 * Whether requests fit `count` devices of size D under the device rule (each q ≤ D inside one
 * device, each q > D on ceil(q / D) whole devices). Exact: whole devices first, then the shared
 * requests by first-fit decreasing, and when that fails a depth-first search over bins (equal
 * loads tried once). Returns null when the search passes `budget` steps undecided.
 */
export function packs(requests: readonly number[], count: number, D: number, budget = 1_000_000): boolean | null {
  let bins = count;
  const shared: number[] = [];
  for (const q of requests) {
    if (q <= 0) continue;
    if (q > D) bins -= Math.ceil(q / D);
    else shared.push(q);
  }
  if (bins < 0) return false;
  if (shared.length === 0) return true;
  shared.sort((a, b) => b - a);
  let total = 0;
  for (const q of shared) total += q;
  if (total > bins * D) return false;
  const load = new Float64Array(bins);
  let ffd = true;
  for (const q of shared) {
    let k = 0;
    while (k < bins && load[k] + q > D) k++;
    if (k === bins) { ffd = false; break; }
    load[k] += q;
  }
  if (ffd) return true;
  load.fill(0);
  let steps = 0;
  const place = (i: number): boolean | null => {
    if (i === shared.length) return true;
    if (++steps > budget) return null;
    const tried = new Set<number>();
    for (let k = 0; k < bins; k++) {
      if (load[k] + shared[i] > D || tried.has(load[k])) continue;
      tried.add(load[k]);
      load[k] += shared[i];
      const r = place(i + 1);
      load[k] -= shared[i];
      if (r !== false) return r;
    }
    return false;
  };
  return place(0);
}
