// Device-granular resources (ClusterNode.devices): a node's allocatable C of such a resource is
// split into `count` equal devices of size D = C / count, and a pod's request q takes part of ONE
// device when q ≤ D (GPU sharing) or ceil(q / D) whole free devices when q > D (decided in exact
// arithmetic on q·count against C, so 15 units over 7 devices is 7 devices, not 8). The aggregate
// `used` of state.ts cannot tell whether 0.5 + 0.5 of a GPU sit on one device or on two, so
// reschedule keeps this allocation beside it and treats "fits on a device" as a hard rule
// (search.ts).
//
// Layout: slots of (node, resource) pairs with devices, CSR by node·R + r (slotPtr), each slot
// holding the amount left on one device; per (pod, resource) the bit mask of the devices the pod
// holds (≤ MAX_DEVICES = 32 bits). On a move a shared pod takes the tightest device that fits
// (best fit, lowest index on ties), a whole-device pod the lowest-index free devices. At
// construction each node is packed as a whole: pods with given holdings keep them, the others go
// largest first, and when that leaves a pod out an exact search (packAssign) re-packs the node.
// A pod whose node still has no room for it holds nothing and is a misfit (counted in `unfit`):
// reschedule's plan forces misfits to move or re-takes devices for them in place.
//
// packs() is the checker's independent test of one node, and packAssign() the search behind it:
// whole devices first, then first-fit decreasing, then a depth-first search over devices with
// equal loads tried once and a bound on the space wasted (iterative, budgeted: null = undecided).

import type { CompiledProblem } from './compile.js';
import { formatUnits } from './quantity.js';

/** Relative slack of device comparisons (device sizes are quotients of integer units). */
const REL = 1e-12;

/** Devices a request q takes of a resource split into `count` devices of total `cap`: 1 for a share, else whole devices. */
export function devicesNeeded(q: number, count: number, cap: number): { whole: boolean; need: number } {
  if (q * count <= cap) return { whole: false, need: 1 };
  let need = Math.ceil((q * count) / cap);
  while (need > 1 && (need - 1) * cap >= q * count) need--;
  while (need * cap < q * count) need++;
  return { whole: true, need };
}

/** The allocation of device-granular resources over a placement. */
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
   * Allocates every pod of `assignment` (pods at -1 have no node and hold nothing): first the
   * holdings `given` (P×R masks, 0 = none given), which must be valid devices of the pod's node
   * with room (`strict`: RangeError otherwise; else an invalid holding is dropped and the pod
   * allocated afresh), then the other pods node by node (largest first, exact re-pack if needed).
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
        if (!any || assignment[p] < 0) continue;
        const why = this.#invalid(p, assignment[p], given);
        if (why !== null) {
          if (strict) throw new RangeError(why);
          continue; // allocated afresh below
        }
        this.#take(p, assignment[p], given);
        done[p] = 1;
      }
    }
    const byNode: number[][] = Array.from({ length: N }, () => []);
    for (let p = 0; p < P; p++) if (done[p] === 0 && assignment[p] >= 0 && this.#needsDevices(p, assignment[p])) byNode[assignment[p]].push(p);
    for (let n = 0; n < N; n++) if (byNode[n].length > 0) this.#packNode(n, byNode[n]);
  }

  /** True when some node of pr declares devices. */
  static needed(pr: CompiledProblem): boolean {
    for (let i = 0; i < pr.nodeDevices.length; i++) if (pr.nodeDevices[i] > 0) return true;
    return false;
  }

  #needsDevices(p: number, n: number): boolean {
    const R = this.pr.R;
    for (let r = 0; r < R; r++) if (this.pr.podReq[p * R + r] > 0 && this.pr.nodeDevices[n * R + r] > 0) return true;
    return false;
  }

  #shape(x: number, r: number, i: number): { whole: boolean; need: number } {
    return devicesNeeded(this.pr.podReq[x * this.pr.R + r], this.pr.nodeDevices[i], this.pr.nodeCap[i]);
  }

  /** Packs `pods` (no holdings yet) onto node n: largest first; when a pod is left out, an exact re-pack of them all. */
  #packNode(n: number, pods: number[]): void {
    const R = this.pr.R;
    const weight = (p: number) => { let s = 0; for (let r = 0; r < R; r++) { const i = n * R + r; if (this.pr.nodeDevices[i] > 0) s += this.pr.podReq[p * R + r] / this.pr.nodeCap[i]; } return s; };
    const order = pods.slice().sort((a, b) => weight(b) - weight(a) || a - b);
    const failed: number[] = [];
    for (const p of order) if (!this.alloc(p, n)) failed.push(p);
    if (failed.length === 0) return;
    // Exact re-pack, one device resource at a time (the usual case is one: GPUs).
    for (const p of order) this.release(p, n);
    const ok = new Uint8Array(order.length).fill(1);
    const masks: Uint32Array[] = order.map(() => new Uint32Array(R));
    for (let r = 0; r < R; r++) {
      const i = n * R + r;
      const count = this.pr.nodeDevices[i];
      if (count === 0) continue;
      const D = this.size[i];
      const from = this.slotPtr[i];
      const loads = Array.from({ length: count }, (_, k) => D - this.left[from + k]);
      const free = loads.map((l) => l <= D * REL);
      const shared: number[] = [];
      const sharedIdx: number[] = [];
      order.forEach((p, j) => {
        const q = this.pr.podReq[p * R + r];
        if (q <= 0) return;
        const s = this.#shape(p, r, i);
        if (!s.whole) { shared.push(q); sharedIdx.push(j); return; }
        let mask = 0;
        let got = 0;
        for (let k = 0; k < count && got < s.need; k++) if (free[k]) { mask |= 1 << k; got++; }
        if (got < s.need) { ok[j] = 0; return; }
        for (let k = 0; k < count; k++) if ((mask >>> k) & 1) { free[k] = false; loads[k] = D; }
        masks[j][r] = mask >>> 0;
      });
      const where = packAssign(shared, loads, D);
      if (where === null || where === undefined) { for (const j of sharedIdx) ok[j] = 0; continue; }
      sharedIdx.forEach((j, t) => { if (where[t] < 0) ok[j] = 0; else masks[j][r] = (1 << where[t]) >>> 0; });
    }
    // Take what the exact pass found; pods it could not place fall back to one more best-fit try.
    order.forEach((p, j) => {
      if (ok[j] === 1) {
        for (let r = 0; r < R; r++) {
          const m = masks[j][r];
          if (m === 0) continue;
          const i = n * R + r;
          const a = this.#amount(p, r, i);
          for (let k = 0; k < 32; k++) if ((m >>> k) & 1) this.left[this.slotPtr[i] + k] -= a;
          this.held[p * R + r] = m;
        }
      }
    });
    order.forEach((p, j) => { if (ok[j] === 0) this.alloc(p, n); });
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
      const what = `devices[${JSON.stringify(pr.podNames[p])}][${JSON.stringify(pr.resourceNames[r])}] (on node ${pr.nodeNames[n]})`;
      const fmt = (v: number) => formatUnits(v, pr.resourceNames[r]);
      if (q <= 0 || count === 0) {
        if (m !== 0) return `${what}: the pod takes no devices of this resource there`;
        continue;
      }
      const D = this.size[i];
      let bits = 0;
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) { bits++; if (k >= count) return `${what}: device ${k} does not exist (the node has ${count})`; }
      const { need } = this.#shape(p, r, i);
      if (bits !== need) return `${what}: a request of ${fmt(q)} takes ${need} device${need > 1 ? 's' : ''} of ${fmt(D)}, got ${bits}`;
      const a = this.#amount(p, r, i);
      for (let k = 0; k < count; k++) if ((m >>> k) & 1 && this.left[this.slotPtr[i] + k] < a - D * REL) return `${what}: device ${k} has ${fmt(this.left[this.slotPtr[i] + k])} left, the pod needs ${fmt(a)}`;
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
      const a = this.#amount(p, r, i);
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) this.left[this.slotPtr[i] + k] -= a;
      this.held[p * R + r] = m;
    }
  }

  /** Whether pod x's device requests fit on node n as it is now (x's own holdings elsewhere are not counted). */
  fits(x: number, n: number): boolean {
    const R = this.pr.R;
    for (let r = 0; r < R; r++) {
      const q = this.pr.podReq[x * R + r];
      if (q > 0 && this.pr.nodeDevices[n * R + r] > 0 && this.#pick(x, n, r, -1) === 0) return false;
    }
    return true;
  }

  /**
   * The devices x would take of (n, r) as a bit mask (0 = does not fit), as if pod `without`
   * (-1: none; it must be on n) released what it holds there.
   */
  #pick(x: number, n: number, r: number, without: number): number {
    const R = this.pr.R;
    const i = n * R + r;
    const from = this.slotPtr[i];
    const count = this.slotPtr[i + 1] - from;
    const D = this.size[i];
    const tol = D * REL;
    const q = this.pr.podReq[x * R + r];
    const give = without >= 0 ? this.held[without * R + r] : 0;
    const back = give !== 0 ? this.#amount(without, r, i) : 0;
    const s = this.#shape(x, r, i);
    if (!s.whole) {
      let best = -1;
      let bestLeft = Infinity;
      for (let k = 0; k < count; k++) {
        const l = this.left[from + k] + ((give >>> k) & 1 ? back : 0);
        if (l >= q - tol && l < bestLeft - tol) { bestLeft = l; best = k; }
      }
      return best < 0 ? 0 : (1 << best) >>> 0;
    }
    let mask = 0;
    let got = 0;
    for (let k = 0; k < count && got < s.need; k++) {
      const l = this.left[from + k] + ((give >>> k) & 1 ? back : 0);
      if (l >= D - tol) { mask |= 1 << k; got++; }
    }
    return got === s.need ? mask >>> 0 : 0;
  }

  /** Amount pod x takes from each device it holds of (node, resource) slot i. */
  #amount(x: number, r: number, i: number): number {
    return this.#shape(x, r, i).whole ? this.size[i] : this.pr.podReq[x * this.pr.R + r];
  }

  /** Takes devices for pod x on node n (x must hold nothing); returns false (and marks x a misfit) when they do not fit. */
  alloc(x: number, n: number): boolean {
    const R = this.pr.R;
    if (n < 0) return true;
    if (!this.fits(x, n)) {
      this.misfit[x] = 1;
      this.unfit++;
      return false;
    }
    for (let r = 0; r < R; r++) {
      const q = this.pr.podReq[x * R + r];
      const i = n * R + r;
      if (q <= 0 || this.pr.nodeDevices[i] === 0) continue;
      const m = this.#pick(x, n, r, -1);
      const a = this.#amount(x, r, i);
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) this.left[this.slotPtr[i] + k] -= a;
      this.held[x * R + r] = m;
    }
    return true;
  }

  /** Gives back what pod x holds on node n (a misfit holds nothing and stops being one). */
  release(x: number, n: number): void {
    const R = this.pr.R;
    if (this.misfit[x] === 1) {
      this.misfit[x] = 0;
      this.unfit--;
      return;
    }
    if (n < 0) return;
    for (let r = 0; r < R; r++) {
      const m = this.held[x * R + r];
      if (m === 0) continue;
      const i = n * R + r;
      const a = this.#amount(x, r, i);
      for (let k = 0; k < 32; k++) if ((m >>> k) & 1) this.left[this.slotPtr[i] + k] += a;
      this.held[x * R + r] = 0;
    }
  }

  /** A misfit on node n takes devices when they fit now; returns whether x holds what it needs. */
  retry(x: number, n: number): boolean {
    if (this.misfit[x] === 0) return true;
    if (!this.fits(x, n)) return false;
    this.misfit[x] = 0;
    this.unfit--;
    return this.alloc(x, n);
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

  /** The devices pod x holds, by resource name (undefined when none): the shape of Move.devices and placements. */
  holdings(x: number): Record<string, number[]> | undefined {
    let out: Record<string, number[]> | undefined;
    for (let r = 0; r < this.pr.R; r++) {
      const d = this.devicesOf(x, r);
      if (d.length > 0) (out ??= {})[this.pr.resourceNames[r]] = d;
    }
    return out;
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
   * resources, as if pod `without` (-1: none; it must be on n) were gone: for a shared request the
   * amount missing on the best device, for whole devices the load still on the least used devices
   * that would have to be emptied.
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
      const back = give !== 0 ? this.#amount(without, r, i) : 0;
      const shape = this.#shape(x, r, i);
      if (!shape.whole) {
        let most = 0;
        for (let k = 0; k < count; k++) most = Math.max(most, this.left[from + k] + ((give >>> k) & 1 ? back : 0));
        s += Math.max(0, q - most) / D;
      } else {
        const loads: number[] = [];
        for (let k = 0; k < count; k++) {
          const l = this.left[from + k] + ((give >>> k) & 1 ? back : 0);
          if (l < D - D * REL) loads.push(D - l);
        }
        const short = Math.min(loads.length, shape.need - (count - loads.length));
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
 * Assigns shared requests (each ≤ D) to devices with the given current loads, or says it cannot:
 * an array of device indices (one per request, in input order), null when no assignment exists,
 * undefined when the search passed `budget` steps undecided. First-fit decreasing, then an
 * iterative depth-first search (largest request first; devices with equal load tried once; cut
 * when the space wasted on devices no remaining request fits exceeds the total slack).
 */
export function packAssign(requests: readonly number[], loads: readonly number[], D: number, budget = 1_000_000): Int32Array | null | undefined {
  const m = requests.length;
  const bins = loads.length;
  const out = new Int32Array(m).fill(-1);
  if (m === 0) return out;
  const tol = D * REL;
  const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => requests[b] - requests[a] || a - b);
  const q = order.map((k) => requests[k]);
  let total = 0;
  for (const v of q) total += v;
  let room = 0;
  for (const l of loads) room += Math.max(0, D - l);
  if (total > room + tol * bins) return null;
  if (q[0] > D + tol) return null;
  // First-fit decreasing.
  const load = Float64Array.from(loads);
  let ffd = true;
  for (let t = 0; t < m; t++) {
    let k = 0;
    while (k < bins && load[k] + q[t] > D + tol) k++;
    if (k === bins) { ffd = false; break; }
    load[k] += q[t];
    out[order[t]] = k;
  }
  if (ffd) return out;
  // Exact search. choice[t] = device of request t (-1 before the first try).
  load.set(loads);
  const smallest = q[m - 1];
  const slack = room - total;
  const choice = new Int32Array(m).fill(-1);
  let t = 0;
  let steps = 0;
  const wasteOf = (l: number) => (D - l < smallest - tol ? D - l : 0);
  let waste = 0;
  for (let k = 0; k < bins; k++) waste += Math.max(0, wasteOf(load[k]));
  while (t >= 0) {
    if (t === m) {
      for (let s = 0; s < m; s++) out[order[s]] = choice[s];
      return out;
    }
    if (++steps > budget) return undefined;
    // Undo the previous try of request t, if any, then look for the next device.
    let k = choice[t];
    if (k >= 0) {
      waste -= wasteOf(load[k]);
      load[k] -= q[t];
      waste += wasteOf(load[k]);
    }
    let next = -1;
    // Dominance: when request t fills some device exactly, an assignment putting it there exists
    // if any does, so that device is its only try.
    let exact = -1;
    for (let c = 0; c < bins && exact < 0; c++) if (Math.abs(load[c] + q[t] - D) <= tol) exact = c;
    if (exact >= 0) {
      if (k < exact && waste + wasteOf(load[exact] + q[t]) - wasteOf(load[exact]) <= slack + tol * bins) next = exact;
    } else for (let c = k + 1; c < bins; c++) {
      if (load[c] + q[t] > D + tol) continue;
      let seen = false;
      for (let e = 0; e < c; e++) if (Math.abs(load[e] - load[c]) <= tol && load[e] + q[t] <= D + tol) { seen = true; break; }
      if (seen) continue;
      const after = wasteOf(load[c] + q[t]) - wasteOf(load[c]);
      if (waste + after > slack + tol * bins) continue;
      next = c;
      break;
    }
    if (next < 0) { choice[t] = -1; t--; continue; }
    waste -= wasteOf(load[next]);
    load[next] += q[t];
    waste += wasteOf(load[next]);
    choice[t] = next;
    t++;
  }
  return null;
}

/**
 * Whether requests fit `count` devices sharing a total of `cap` (device size cap / count) under
 * the device rule: a request up to one device's size inside one device, a larger one on whole
 * devices (devicesNeeded, exact). Returns null when the search passes `budget` steps undecided.
 */
export function packs(requests: readonly number[], count: number, cap: number, budget = 1_000_000): boolean | null {
  const D = cap / count;
  let bins = count;
  const shared: number[] = [];
  for (const q of requests) {
    if (q <= 0) continue;
    const s = devicesNeeded(q, count, cap);
    if (s.whole) bins -= s.need;
    else shared.push(q);
  }
  if (bins < 0) return false;
  if (shared.length === 0) return true;
  if (shared.length <= 200) {
    // First-fit decreasing decides most nodes; bin completion the rest.
    const ffd = packAssign(shared, new Array<number>(bins).fill(0), D, 0);
    if (ffd !== undefined) return ffd !== null;
    const r = binCompletion(shared, bins, D, budget);
    return r === undefined ? null : r;
  }
  const r = packAssign(shared, new Array<number>(bins).fill(0), D, budget);
  return r === undefined ? null : r !== null;
}

/**
 * Exact bin packing of requests into `bins` empty devices of size D by bin completion (Korf,
 * 2002): devices are filled one at a time, each with the largest request left plus a maximal set
 * of others (no request left fits what remains on it), largest sets first, equal sizes tried
 * once; a branch ends when the space left on closed devices exceeds the total slack. Recursion
 * depth is at most the number of requests plus devices (callers keep it ≤ 200 + 32).
 */
function binCompletion(requests: readonly number[], bins: number, D: number, budget: number): boolean | undefined {
  const q = requests.slice().sort((a, b) => b - a);
  const m = q.length;
  const tol = D * REL;
  let total = 0;
  for (const v of q) total += v;
  const slack = bins * D - total;
  if (slack < -tol * bins) return false;
  const used = new Uint8Array(m);
  let steps = 0;
  const fill = (binsLeft: number, waste: number): boolean | undefined => {
    let first = -1;
    for (let i = 0; i < m; i++) if (used[i] === 0) { first = i; break; }
    if (first < 0) return true;
    if (binsLeft === 0) return false;
    used[first] = 1;
    const r = extend(first + 1, D - q[first], binsLeft, waste);
    used[first] = 0;
    return r;
  };
  const extend = (from: number, residual: number, binsLeft: number, waste: number): boolean | undefined => {
    if (++steps > budget) return undefined;
    let last = -1;
    for (let i = from; i < m; i++) {
      if (used[i] === 1 || q[i] > residual + tol) continue;
      if (last >= 0 && Math.abs(q[i] - q[last]) <= tol) continue;
      last = i;
      used[i] = 1;
      const r = extend(i + 1, residual - q[i], binsLeft, waste);
      used[i] = 0;
      if (r !== false) return r;
    }
    // Close the device only when no request left fits on it (a larger set was tried above).
    for (let i = 0; i < m; i++) if (used[i] === 0 && q[i] <= residual + tol) return false;
    if (waste + residual > slack + tol * bins) return false;
    return fill(binsLeft - 1, waste + residual);
  };
  return fill(bins, 0);
}
