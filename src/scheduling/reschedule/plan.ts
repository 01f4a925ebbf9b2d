// The plan of one reschedule call, on the kept PlacementState in place: who the event forces and
// frees (its pods, optionally their call-graph neighbourhood), the eviction budgets, then
// search.ts's three steps (place the forced pods, steepest descent, order the moves so each is
// safe when it happens). The Rescheduler (rescheduler.ts) keeps the state between calls and
// turns this into a RescheduleResult.

import { type CompiledProblem, disruptionsAllowed } from '../compile.js';
import type { PlacementState } from '../state.js';
import type { Workload } from '../types.js';
import type { AppliedEvent } from './events.js';
import { allowedTargets, bestTarget, type Budget, commitMove, hardOk, makeRoom } from './search.js';

/** One step of the plan: place a pod that has no node, or move a running one. */
export interface Move {
  readonly pod: string;
  readonly kind: 'place' | 'move';
  /** Where the pod runs now (null for a lost or new pod). */
  readonly from: string | null;
  readonly to: string;
  /** True when the event forced it (lost, new, drained); false for a voluntary move. */
  readonly forced: boolean;
  /** Device indices the pod takes at `to`, per device-granular resource (ClusterNode.devices); absent when it takes none. */
  readonly devices?: Readonly<Record<string, readonly number[]>>;
}

/** What plan() needs: the kept problem and state, the applied event and the call's options. */
export interface PlanInput {
  readonly pr: CompiledProblem;
  readonly st: PlacementState;
  /** Index of the park node (pods without a node). */
  readonly park: number;
  /** 1 for nodes no pod may go to (failed, drained, the park). */
  readonly closed: Uint8Array;
  readonly podIndex: ReadonlyMap<string, number>;
  readonly workload: Workload;
  readonly event: AppliedEvent;
  readonly options: { readonly maxMoves: number; readonly neighbourhood: number; readonly others: 'fixed' | 'migrate'; readonly migrationCost: number; readonly passes: number };
}

/** What plan() did; the state holds the assignment after the ordered moves. */
export interface PlanOutput {
  readonly moves: Move[];
  readonly free: number;
  readonly voluntaryMoves: number;
  readonly cancelled: number;
  readonly blocked: string[];
}

/** Frees, places, improves and orders; mutates input.st. */
export function plan(input: PlanInput): PlanOutput {
  const { pr, st, park, closed, podIndex, workload, event: ev, options: opts } = input;
  const { P, N } = pr;
  // Pods holding no devices on their node (an overpacked start, a request that grew) take them in
  // place when they fit now; the others are forced to move below.
  const misfits: number[] = [];
  if (st.dev !== null) for (let p = 0; p < P; p++) if (st.dev.misfit[p] === 1 && !st.dev.retry(p, st.assignment[p])) misfits.push(p);
  const start = st.assignment.slice();
  // The device holdings as the event found them (after those retries): step 3 replays the moves from exactly these.
  const devStart = st.dev?.snapshot();

  // Who is forced, who is free, and the eviction budgets.
  const forced = new Uint8Array(P);
  const running = new Uint8Array(P);
  const free = new Uint8Array(P);
  for (let p = 0; p < P; p++) {
    const n = start[p];
    running[p] = n === park ? 0 : 1;
    if (n === park || closed[n] === 1) forced[p] = 1;
  }
  const seeds = new Set<number>();
  for (const name of [...ev.lost, ...ev.evict]) { const p = podIndex.get(name); if (p !== undefined) { free[p] = 1; seeds.add(pr.podService[p]); } }
  for (const name of ev.touchedServices) {
    const s = pr.serviceNames.indexOf(name);
    if (s < 0) continue;
    seeds.add(s);
    for (let p = pr.serviceStart[s]; p < pr.serviceStart[s + 1]; p++) free[p] = 1;
  }
  for (const p of misfits) forced[p] = 1;
  for (let p = 0; p < P; p++) if (forced[p] === 1) free[p] = 1;
  let frontier = [...seeds];
  const seen = new Set(seeds);
  for (let hop = 0; hop < opts.neighbourhood; hop++) {
    const next: number[] = [];
    for (const s of frontier) for (let e = pr.graphPtr[s]; e < pr.graphPtr[s + 1]; e++) { const t = pr.graphCol[e]; if (!seen.has(t)) { seen.add(t); next.push(t); } }
    for (const t of next) for (let p = pr.serviceStart[t]; p < pr.serviceStart[t + 1]; p++) free[p] = 1;
    frontier = next;
  }
  const pdbLeft = new Float64Array(pr.S).fill(Infinity);
  const allowedDisr = new Float64Array(pr.S).fill(Infinity);
  workload.services.forEach((svc, s) => {
    if (svc.disruptionBudget !== undefined) { allowedDisr[s] = disruptionsAllowed(svc.replicas, svc.disruptionBudget); pdbLeft[s] = allowedDisr[s]; }
  });
  const bg: Budget = { origin: start, running, forced, pdbLeft, movesLeft: opts.maxMoves, migrationCost: opts.migrationCost, free, park };
  const allowed = allowedTargets(pr, closed);
  const out = new Float64Array(1);

  // 1. Place the forced pods: priority first, then the largest.
  const forcedList: number[] = [];
  const isMisfit = new Uint8Array(P);
  for (const p of misfits) isMisfit[p] = 1;
  for (let p = 0; p < P; p++) if (forced[p] === 1 && isMisfit[p] === 0) forcedList.push(p);
  const size = (p: number) => { let v = 0; for (let r = 0; r < pr.R; r++) v += pr.podReq[p * pr.R + r] * pr.invCap[r]; return v; };
  forcedList.sort((x, y) => pr.priority[pr.podService[y]] - pr.priority[pr.podService[x]] || size(y) - size(x) || x - y);
  const podsOnNode = (n: number) => { const l: number[] = []; for (let p = 0; p < P; p++) if (st.assignment[p] === n) l.push(p); return l; };
  // Lost pods of a service count as unavailable while they wait: evictions of it wait too.
  const lostOf = new Float64Array(pr.S);
  for (const p of forcedList) if (running[p] === 0) lostOf[pr.podService[p]]++;
  for (let s = 0; s < pr.S; s++) pdbLeft[s] = allowedDisr[s] - lostOf[s];
  // Touched pods on an overfull node (a request grew) move off it until it fits; forced.
  for (let n = 0; n < N; n++) {
    if (st.nodeOver[n] <= 0 || n === park) continue;
    const on = podsOnNode(n).filter((p) => free[p] === 1 && forced[p] === 0).sort((x, y) => size(y) - size(x));
    for (const p of on) {
      if (st.nodeOver[n] <= 0) break;
      forced[p] = 1;
      const s = pr.podService[p];
      const t = bestTarget(st, bg, p, allowed.list, allowed.ptr[s], allowed.ptr[s + 1], out);
      if (t >= 0) commitMove(st, bg, p, t);
    }
  }
  // Misfits first: they hold nothing, so every other pod could take what they need.
  for (const p of misfits) {
    if (st.dev?.retry(p, st.assignment[p]) === true) continue;
    const s = pr.podService[p];
    const t = bestTarget(st, bg, p, allowed.list, allowed.ptr[s], allowed.ptr[s + 1], out);
    if (t >= 0) commitMove(st, bg, p, t);
    else if (opts.others === 'migrate') makeRoom(st, bg, p, allowed, podsOnNode);
  }
  for (const p of forcedList) {
    const s = pr.podService[p];
    const t = bestTarget(st, bg, p, allowed.list, allowed.ptr[s], allowed.ptr[s + 1], out);
    if (t >= 0) commitMove(st, bg, p, t);
    else if (opts.others === 'migrate') makeRoom(st, bg, p, allowed, podsOnNode);
    if (running[p] === 0 && st.assignment[p] !== park) pdbLeft[s]++;
  }

  // 2. Steepest descent over the free pods, then (migrate) over the pods on changed nodes.
  const cands: number[] = [];
  for (let p = 0; p < P; p++) if (free[p] === 1 && st.assignment[p] !== park) cands.push(p);
  if (opts.others === 'migrate') {
    const changed = new Uint8Array(N);
    for (let p = 0; p < P; p++) if (st.assignment[p] !== start[p]) { changed[st.assignment[p]] = 1; if (start[p] !== park) changed[start[p]] = 1; }
    // A node joined (the one event touching no pod): every pod may use it if that pays.
    if (ev.type === 'nodeAdded') changed.fill(1);
    for (let p = 0; p < P; p++) if (free[p] === 0 && changed[st.assignment[p]] === 1) cands.push(p);
  }
  for (let pass = 0; pass < opts.passes; pass++) {
    let improved = false;
    for (const x of cands) {
      const s = pr.podService[x];
      const t = bestTarget(st, bg, x, allowed.list, allowed.ptr[s], allowed.ptr[s + 1], out);
      if (t >= 0 && out[0] < -1e-9) { commitMove(st, bg, x, t); improved = true; }
    }
    if (!improved) break;
  }

  // 3. Order: replay from the start, each step only when it is safe then.
  const target = st.assignment.slice();
  for (let p = 0; p < P; p++) if (st.assignment[p] !== start[p]) st.applyMove(p, start[p]);
  if (devStart !== undefined) st.dev?.restore(devStart);
  const pending: number[] = [];
  for (let p = 0; p < P; p++) if (target[p] !== start[p]) pending.push(p);
  pending.sort((x, y) => running[x] - running[y] || x - y);
  const parkedOf = new Float64Array(pr.S);
  for (let p = 0; p < P; p++) if (st.assignment[p] === park && running[p] === 0) parkedOf[pr.podService[p]]++;
  const moves: Move[] = [];
  let voluntary = 0;
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const x = pending[i];
      const s = pr.podService[x];
      const b = target[x];
      const eviction = running[x] === 1 && st.assignment[x] === start[x];
      if (b === park) continue; // never moves a running pod to the park (kept as a no-op)
      if (!hardOk(st, x, b, park)) continue;
      if (eviction && parkedOf[s] + 1 > allowedDisr[s]) continue;
      const from = st.assignment[x];
      st.applyMove(x, b);
      if (running[x] === 0) parkedOf[s]--;
      const devices = st.dev?.holdings(x);
      moves.push({ pod: pr.podNames[x], kind: from === park ? 'place' : 'move', from: from === park ? null : pr.nodeNames[from], to: pr.nodeNames[b], forced: forced[x] === 1, ...(devices ? { devices } : {}) });
      if (forced[x] === 0) voluntary++;
      pending.splice(i, 1);
      i--;
      progress = true;
    }
  }
  // Misfits whose move did not happen may fit in place now that others have moved.
  if (st.dev !== null) for (const p of misfits) st.dev.retry(p, st.assignment[p]);
  const blocked: string[] = [];
  for (let p = 0; p < P; p++) if (forced[p] === 1 && running[p] === 1 && st.assignment[p] === start[p] && (isMisfit[p] === 0 || st.dev?.misfit[p] === 1)) blocked.push(pr.podNames[p]);
  return { moves, free: free.reduce((x, y) => x + y, 0), voluntaryMoves: voluntary, cancelled: pending.length, blocked };
}
