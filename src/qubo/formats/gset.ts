// Gset / rudy Max-Cut graphs: a header `n m`, then m lines `i j w` with 1-based vertices.
// The graph becomes a SPIN model E(s) = Σ w_ij s_i s_j over labels 1..n, so that
//   cut(s) = Σ w_ij (1 − s_i s_j)/2 = (W − E(s))/2,   W = Σ w_ij,
// and the largest cut is the lowest energy. A self-loop, a vertex out of range, an edge listed
// twice (in either orientation) or an edge count other than the header's is a ParseError: these
// are published benchmark instances, and summing a duplicate would silently change one.

import type { Sample } from '../labels.js';
import { Model } from '../model.js';
import { edgeLine, header, Lines, PairSeen, quoted } from './text.js';

/** A Max-Cut instance: the Ising model, the edges (1-based) and the cut of a ±1 sample. */
export interface MaxCutInstance {
  /** SPIN, E(s) = Σ w_ij s_i s_j, labels 1..n. */
  readonly model: Model;
  /** The edges as [i, j, w], 1-based, in file order. */
  readonly edges: readonly (readonly [number, number, number])[];
  /** W = Σ w_ij; cut(s) = (W − model.energy(s))/2. */
  readonly totalWeight: number;
  /** cut(s) = Σ w_ij (1 − s_i s_j)/2 for a ±1 sample (array in index order, or keyed by 1..n). */
  cutOf(sample: Sample): number;
}

/** Parses a Gset/rudy Max-Cut file; `options.file` names it in ParseError messages. */
export function parseGset(text: string, options?: { readonly file?: string }): MaxCutInstance {
  const lines = new Lines(text, options?.file ?? 'input');
  const [n, m] = header(lines, 2, 'header "n m"');
  const builder = Model.builder('SPIN');
  for (let v = 1; v <= n; v++) builder.addVariable(v);
  const edges: [number, number, number][] = [];
  const seen = new PairSeen();
  let totalWeight = 0;
  for (let e = 0; e < m; e++) {
    const line = lines.require(`${m} edges as the header says`, ` after ${e}`);
    const edge = edgeLine(line, n, 1) ?? lines.fail(line, `"i j w" with 1 ≤ i, j ≤ ${n}`);
    const [i, j, w] = edge;
    if (i === j) lines.fail(line, 'an edge between two different vertices');
    const first = seen.firstLine(i, j, line.number);
    if (first !== undefined) lines.fail(line, 'each edge once', `${quoted(line.text)} (edge {${Math.min(i, j)}, ${Math.max(i, j)}} is on line ${first} too)`);
    builder.add(i, j, w);
    edges.push(edge);
    totalWeight += w;
  }
  lines.end(`end of file after ${m} edges (header "${n} ${m}")`);
  const model = builder.build();
  return {
    model,
    edges,
    totalWeight,
    cutOf(sample: Sample): number {
      const s = model.toState(sample);
      let cut = 0;
      for (const [i, j, w] of edges) cut += (w * (1 - s[i - 1] * s[j - 1])) / 2;
      return cut;
    },
  };
}
