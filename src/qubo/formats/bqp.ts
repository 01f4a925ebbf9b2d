// Unconstrained binary quadratic programs in the two published layouts. Both list the upper
// triangle of a symmetric matrix including the diagonal, so each off-diagonal entry counts
// twice in xᵀQx: the model gets linear_i = ±q_ii and coupling ±2·q_ij.
// - OR-Library (Beasley) bqp files: a problem count, then per problem `n nnz` and nnz lines
//   `i j q`, 1-based; the problem is to MAXIMISE Σ_i Σ_j q_ij x_i x_j. Each instance becomes a
//   minimisation model with energy = −objective (labels 1..n).
// - BiqMac `.sparse` (gka, be collections): a header `n m`, then `i j w` with w = −q; the
//   problem is to MINIMISE Σ_i Σ_j w_ij x_i x_j, which is the model energy as it stands
//   (checked: gka1b's brute-force minimum is −133, its published optimum).
// Entries may be listed in either orientation; the same entry twice is a ParseError (see gset.ts).

import type { Sample } from '../labels.js';
import { Model } from '../model.js';
import { edgeLine, header, Lines, PairSeen, quoted, type Line } from './text.js';

/** One OR-Library instance: the minimisation model (energy = −objective) and the objective itself. */
export interface BqpInstance {
  /** `<file stem>.<k>`, e.g. `bqp50.1`, matching the best-known tables. */
  readonly name: string;
  /** BINARY, labels 1..n, energy(x) = −Σ_i Σ_j q_ij x_i x_j. */
  readonly model: Model;
  /** The OR-Library objective Σ_i Σ_j q_ij x_i x_j, to be maximised. */
  objectiveOf(sample: Sample): number;
}

/** Reads `count` entries `i j v` (1 ≤ i, j ≤ n) into a BINARY model with linear ±v_ii and coupling ±2·v_ij. */
function readEntries(lines: Lines, n: number, count: number, sign: 1 | -1, what: string): Model {
  const builder = Model.builder('BINARY');
  for (let v = 1; v <= n; v++) builder.addVariable(v);
  const seen = new PairSeen();
  for (let e = 0; e < count; e++) {
    const line: Line = lines.require(`${count} entries as ${what} says`, ` after ${e}`);
    const [i, j, v] = edgeLine(line, n, 1) ?? lines.fail(line, `"i j q" with 1 ≤ i, j ≤ ${n}`);
    const first = seen.firstLine(i, j, line.number);
    if (first !== undefined) lines.fail(line, 'each entry once', `${quoted(line.text)} (entry {${Math.min(i, j)}, ${Math.max(i, j)}} is on line ${first} too)`);
    if (i === j) builder.addLinear(i, sign * v);
    else builder.add(i, j, sign * 2 * v);
  }
  return builder.build();
}

/** The file name without directories and without .gz/.txt/.sparse endings. */
function stem(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/(\.gz)$/, '').replace(/\.(txt|sparse|dat)$/, '');
}

/** Parses an OR-Library BQP file (several problems); `options.file` names it in messages and instance names. */
export function parseOrlibBqp(text: string, options?: { readonly file?: string }): BqpInstance[] {
  const file = options?.file ?? 'input';
  const lines = new Lines(text, file);
  const [count] = header(lines, 1, 'the number of problems');
  const out: BqpInstance[] = [];
  for (let p = 1; p <= count; p++) {
    const [n, nnz] = header(lines, 2, `problem ${p} of ${count}: header "n nnz"`);
    const model = readEntries(lines, n, nnz, -1, `problem ${p}'s header`);
    out.push({ name: `${stem(file)}.${p}`, model, objectiveOf: (sample) => 0 - model.energy(sample) });
  }
  lines.end(`end of file after ${count} problems`);
  return out;
}

/** Parses a BiqMac `.sparse` file into the model whose energy is the minimised xᵀWx. */
export function parseBiqMac(text: string, options?: { readonly file?: string }): Model {
  const lines = new Lines(text, options?.file ?? 'input');
  const [n, m] = header(lines, 2, 'header "n m"');
  const model = readEntries(lines, n, m, 1, 'the header');
  lines.end(`end of file after ${m} entries (header "${n} ${m}")`);
  return model;
}
