// The non-dominated archive over (R, L, F) (all minimised), its exact hypervolume against a
// reference point, and the knee point. Pure functions over small arrays (fronts of tens of
// points), written for clarity.
//
// Hypervolume: slicing along F (Hypervolume by Slicing Objectives, While et al. 2006): sort the
// points by F, and for each slab between consecutive F values take the 2-D area dominated in
// (R, L) by the points at or below it, times the slab height. O(n² log n), exact.
// Knee: the point closest (Euclidean) to the ideal point after scaling each objective to [0, 1]
// between the front's ideal and nadir; with a flat objective (range 0) that axis is ignored.

/** One objective vector. */
export type Objectives = readonly [number, number, number];

/** True when a is no worse than b everywhere and better somewhere. */
export function dominates(a: Objectives, b: Objectives): boolean {
  let better = false;
  for (let i = 0; i < 3; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/** Keeps the non-dominated items (first of exact duplicates), in input order. */
export function nonDominated<T>(items: readonly T[], objectives: (t: T) => Objectives): T[] {
  const out: T[] = [];
  items.forEach((it, i) => {
    const o = objectives(it);
    for (let j = 0; j < items.length; j++) {
      if (j === i) continue;
      const q = objectives(items[j]);
      if (dominates(q, o)) return;
      if (j < i && q[0] === o[0] && q[1] === o[1] && q[2] === o[2]) return;
    }
    out.push(it);
  });
  return out;
}

function area2d(points: [number, number][], ref: readonly [number, number]): number {
  const pts = points.filter((p) => p[0] < ref[0] && p[1] < ref[1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let bestY = ref[1];
  for (let i = 0; i < pts.length; i++) {
    if (pts[i][1] >= bestY) continue;
    const nextX = ref[0];
    // Area of the strip from this x to the next x where y improves is accumulated by the sweep below.
    area += (nextX - pts[i][0]) * (bestY - pts[i][1]);
    bestY = pts[i][1];
  }
  return area;
}

/** Exact hypervolume of `points` dominated up to `ref` (points not strictly below ref in every objective add nothing). */
export function hypervolume(points: readonly Objectives[], ref: Objectives): number {
  const pts = points.filter((p) => p[0] < ref[0] && p[1] < ref[1] && p[2] < ref[2]).slice().sort((a, b) => a[2] - b[2]);
  let volume = 0;
  for (let i = 0; i < pts.length; i++) {
    const top = i + 1 < pts.length ? pts[i + 1][2] : ref[2];
    if (top <= pts[i][2]) continue;
    const slab = pts.slice(0, i + 1).map((p) => [p[0], p[1]] as [number, number]);
    volume += area2d(slab, [ref[0], ref[1]]) * (top - pts[i][2]);
  }
  return volume;
}

/** Index of the knee (closest to the ideal point in objectives scaled to [0, 1] over the front), or -1 for an empty front. */
export function kneeIndex(points: readonly Objectives[]): number {
  if (points.length === 0) return -1;
  const lo = [0, 1, 2].map((i) => Math.min(...points.map((p) => p[i])));
  const hi = [0, 1, 2].map((i) => Math.max(...points.map((p) => p[i])));
  let best = 0;
  let bestD = Infinity;
  points.forEach((p, k) => {
    let d = 0;
    for (let i = 0; i < 3; i++) if (hi[i] > lo[i]) d += ((p[i] - lo[i]) / (hi[i] - lo[i])) ** 2;
    if (d < bestD - 1e-15) { bestD = d; best = k; }
  });
  return best;
}
