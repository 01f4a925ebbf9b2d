// In-place updates of a compiled problem for events that change coefficients but not its shape,
// so the Rescheduler need not even expand its kept tables (compile-tables.ts updates those
// alongside). Each returns a NEW problem object sharing every array it does not change; the
// caller rebuilds PlacementState's aggregates on it (O(P·R + call-graph pairs)).
//
//   call graph  compile.ts's callGraph (the symmetrised, normalised CSR) over the problem's
//               services; a test holds the result equal to a fresh compile on random workloads.
//   requests    one service's rows of podReq, and the resource filter bit of its pods.

import { field } from '../validate.js';
import { quantityUnits } from '../quantity.js';
import { callGraph, type CompiledProblem, REASON_RESOURCES } from '../compile.js';
import type { Service, Workload } from '../types.js';

/** The call-graph CSR of `workload` over the problem's services (same order). */
export function callGraphArrays(pr: CompiledProblem, workload: Workload): { graphPtr: Int32Array; graphCol: Int32Array; graphCoef: Float64Array } {
  const g = callGraph(pr.serviceNames, workload.edges, pr.serviceStart);
  return { graphPtr: g.ptr, graphCol: g.col, graphCoef: g.coef };
}

/** The problem with the call graph of `workload`. */
export function withCallGraph(pr: CompiledProblem, workload: Workload): CompiledProblem {
  return { ...pr, ...callGraphArrays(pr, workload) };
}

/**
 * The problem with service `name`'s requests replaced, or null when a requested resource is not
 * one of the problem's resources (then the caller recompiles).
 */
export function withRequests(pr: CompiledProblem, service: Service, at: number): CompiledProblem | null {
  const R = pr.R;
  const req = new Float64Array(R);
  for (const [r, q] of Object.entries(service.requests ?? {})) {
    const j = pr.resourceNames.indexOf(r);
    if (j < 0) return null;
    req[j] = quantityUnits(field(`workload.services[${at}].requests`, r), q, r);
  }
  const s = pr.serviceNames.indexOf(service.name);
  const podReq = pr.podReq.slice();
  const mask = pr.mask.slice();
  const reasons = pr.reasons.slice();
  for (let p = pr.serviceStart[s]; p < pr.serviceStart[s + 1]; p++) {
    podReq.set(req, p * R);
    for (let n = 0; n < pr.N; n++) {
      let tooBig = false;
      for (let r = 0; r < R; r++) if (req[r] > pr.nodeCap[n * R + r]) { tooBig = true; break; }
      const i = p * pr.N + n;
      reasons[i] = tooBig ? reasons[i] | REASON_RESOURCES : reasons[i] & ~REASON_RESOURCES;
      mask[i] = reasons[i] === 0 ? 1 : 0;
    }
  }
  return { ...pr, podReq, mask, reasons };
}
