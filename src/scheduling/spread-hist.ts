// Topology-spread bookkeeping for the incremental state: per spread constraint k, a histogram
// hist[spreadHistOffset[k] + c] of eligible domains holding c pods of the service, plus the
// current max and min count. A move changes one domain by −1 and another by +1, and because
// counts move by one, max/min update in O(1): the max drops to c − 1 only when the last domain
// at c = max loses a pod; the min rises to c + 1 only when the last domain at c = min gains one.
// Plain functions over typed arrays, for a line-by-line AssemblyScript port.

import type { CompiledProblem } from './compile.js';

/** Fills hist, max and min from the per-(service, domain) counts. */
export function initSpreadHist(pr: CompiledProblem, cnt: Int32Array, hist: Int32Array, max: Int32Array, min: Int32Array): void {
  for (let k = 0; k < pr.spreadService.length; k++) {
    const l = pr.spreadLevel[k];
    const base = pr.countOffset[l] + pr.spreadService[k] * pr.domainCount[l];
    let mx = 0;
    let mn = pr.spreadDomains[k] === 0 ? 0 : 0x7fffffff;
    for (let d = 0; d < pr.domainCount[l]; d++) {
      if (pr.spreadElig[pr.spreadEligOffset[k] + d] === 0) continue;
      const c = cnt[base + d];
      hist[pr.spreadHistOffset[k] + c]++;
      if (c > mx) mx = c;
      if (c < mn) mn = c;
    }
    max[k] = mx;
    min[k] = mn;
  }
}

/** Excess max(0, max − min − maxSkew) of constraint k after −1 at count ca (if rem) and +1 at cb (if add); no change made. */
export function spreadExcessAfter(pr: CompiledProblem, hist: Int32Array, max: Int32Array, min: Int32Array, k: number, rem: boolean, ca: number, add: boolean, cb: number): number {
  const h0 = pr.spreadHistOffset[k];
  let mx = max[k];
  let mn = min[k];
  if (rem) {
    if (ca === mx && hist[h0 + ca] - 1 === 0) mx = ca - 1;
    if (ca - 1 < mn) mn = ca - 1;
  }
  if (add) {
    let h = hist[h0 + cb];
    if (rem && cb === ca) h--;
    if (rem && cb === ca - 1) h++;
    if (cb + 1 > mx) mx = cb + 1;
    if (cb === mn && h - 1 === 0) mn = cb + 1;
  }
  return Math.max(0, mx - mn - pr.spreadMaxSkew[k]);
}

/** A domain of constraint k at count c loses one pod. */
export function spreadRemove(pr: CompiledProblem, hist: Int32Array, max: Int32Array, min: Int32Array, k: number, c: number): void {
  const h0 = pr.spreadHistOffset[k];
  hist[h0 + c]--;
  hist[h0 + c - 1]++;
  if (c === max[k] && hist[h0 + c] === 0) max[k] = c - 1;
  if (c - 1 < min[k]) min[k] = c - 1;
}

/** A domain of constraint k at count c gains one pod. */
export function spreadAdd(pr: CompiledProblem, hist: Int32Array, max: Int32Array, min: Int32Array, k: number, c: number): void {
  const h0 = pr.spreadHistOffset[k];
  hist[h0 + c]--;
  hist[h0 + c + 1]++;
  if (c + 1 > max[k]) max[k] = c + 1;
  if (c === min[k] && hist[h0 + c] === 0) min[k] = c + 1;
}
