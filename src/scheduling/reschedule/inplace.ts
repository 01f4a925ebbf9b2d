// In-place updates of a compiled problem for events that change coefficients but not its shape,
// so the Rescheduler need not recompile (compile is O(P·N) for the mask; measured 6 ms at 200
// pods / 20 nodes and 18 ms at 1000 / 100 on a loaded 2-core machine, against ~1 ms for a
// node failure). Each returns a NEW problem object sharing every array it does not change;
// the caller rebuilds PlacementState's aggregates on it (O(P·R + call-graph pairs)).
//
//   call graph  the symmetrised, normalised CSR of compile.ts (callGraph there): pairs of
//               services summed over both directions, zero weights and empty services
//               dropped, each pair's coefficient W'/(|s|·|t|) with W' the weight over the mean
//               pair weight. Duplicated here on purpose (compile keeps it private); a test holds
//               the two equal on random workloads.
//   requests    one service's rows of podReq, and the resource filter bit of its pods.

import { field } from '../validate.js';
import { quantityUnits } from '../quantity.js';
import { type CompiledProblem, REASON_RESOURCES } from '../compile.js';
import type { Service, Workload } from '../types.js';

/** The call-graph CSR of `workload` over the problem's services (same order). */
export function callGraphArrays(pr: CompiledProblem, workload: Workload): { graphPtr: Int32Array; graphCol: Int32Array; graphCoef: Float64Array } {
  const S = pr.S;
  const index = new Map(pr.serviceNames.map((s, i) => [s, i]));
  const size = (s: number) => pr.serviceStart[s + 1] - pr.serviceStart[s];
  const pairs = new Map<number, number>();
  for (const e of workload.edges ?? []) {
    const a = index.get(e.from) as number;
    const b = index.get(e.to) as number;
    if (e.weight === 0 || size(a) === 0 || size(b) === 0) continue;
    const key = Math.min(a, b) * S + Math.max(a, b);
    pairs.set(key, (pairs.get(key) ?? 0) + e.weight);
  }
  let total = 0;
  for (const w of pairs.values()) total += w;
  const mean = pairs.size > 0 ? total / pairs.size : 1;
  const rows: { t: number; c: number }[][] = Array.from({ length: S }, () => []);
  for (const [key, w] of [...pairs].sort((x, y) => x[0] - y[0])) {
    const a = Math.floor(key / S);
    const b = key % S;
    const coef = w / mean / (size(a) * size(b));
    rows[a].push({ t: b, c: coef });
    if (a !== b) rows[b].push({ t: a, c: coef });
  }
  const graphPtr = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) graphPtr[s + 1] = graphPtr[s] + rows[s].length;
  const graphCol = new Int32Array(graphPtr[S]);
  const graphCoef = new Float64Array(graphPtr[S]);
  for (let s = 0; s < S; s++) {
    rows[s].sort((x, y) => x.t - y.t).forEach((e, k) => { graphCol[graphPtr[s] + k] = e.t; graphCoef[graphPtr[s] + k] = e.c; });
  }
  return { graphPtr, graphCol, graphCoef };
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
