// Round-robin spread: the opposite of packing. Nodes are interleaved by zone (first node of
// each zone, then the second of each, …) and pods, in queue order, go to the next node in that
// ring that passes the hard filters (packer.ts), so consecutive replicas land in different zones.

import type { CompiledProblem } from '../compile.js';
import type { SolverOptions, SolverResult } from '../solvers/types.js';
import { Packer, priorityOrder } from './packer.js';

/** Nodes interleaved across zones. */
export function zoneRing(pr: CompiledProblem): Int32Array {
  const byZone: number[][] = Array.from({ length: pr.domainCount[2] }, () => []);
  for (let n = 0; n < pr.N; n++) byZone[pr.domainOf[2 * pr.N + n]].push(n);
  const ring: number[] = [];
  for (let i = 0; ring.length < pr.N; i++) for (const zone of byZone) if (i < zone.length) ring.push(zone[i]);
  return Int32Array.from(ring);
}

/** Round-robin spread over the zone ring. */
export function roundRobinSpread(pr: CompiledProblem): SolverResult {
  const pk = new Packer(pr);
  const ring = zoneRing(pr);
  let cursor = 0;
  for (const p of priorityOrder(pr)) {
    let chosen = -1;
    for (let i = 0; i < pr.N; i++) {
      const at = (cursor + i) % pr.N;
      if (pk.blockers(p, ring[at]) === 0) { chosen = at; break; }
    }
    if (chosen < 0) { pk.recordBlocked(p); continue; }
    pk.place(p, ring[chosen]);
    cursor = (chosen + 1) % pr.N;
  }
  return pk.result({});
}

/** Solver 'spread'. */
export async function spreadSolver(pr: CompiledProblem, _options: SolverOptions): Promise<SolverResult> {
  return roundRobinSpread(pr);
}
