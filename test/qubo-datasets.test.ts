// The readers against the published benchmark files in ../shared/datasets (beside the repo).
// Sizes are checked against the headers and tables, and the conventions against published
// optima: gka1b's minimum −133 by exhaustive search, and bqp50's proven maxima and be100.1's
// optimum −19412 reached exactly (never beaten) by a small seeded tabu search. Skipped, with a
// visible warning, when the datasets folder is absent.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { readModelFile } from '../src/qubo/formats/node.js';
import { parseBiqMac, parseGset, parseOrlibBqp, type Model } from '../src/qubo/index.js';

const root = new URL('../../shared/datasets/', import.meta.url);
const present = existsSync(fileURLToPath(root));
if (!present) console.warn(`qubo-datasets: the datasets folder was not found at ${fileURLToPath(root)}, so the data-backed tests were skipped`);

const text = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Column `column` of a CSV table, keyed by its first column. */
function csvColumn(path: string, column: string): Map<string, string> {
  const [head, ...rows] = text(path).trim().split('\n').map((r) => r.split(','));
  const c = head.indexOf(column);
  return new Map(rows.map((r) => [r[0], r[c]]));
}

/** Lowest energy over all 2^n states, by Gray code with incremental local fields. */
function exhaustiveMin(model: Model): number {
  const { n, rowPtr, cols, vals, linear, offset } = model.csr;
  const x = new Int8Array(n);
  const field = Float64Array.from(linear);
  let e = offset;
  let best = e;
  for (let step = 1; step < 2 ** n; step++) {
    const i = 31 - Math.clz32(step & -step);
    const s = 1 - 2 * x[i];
    e += s * field[i];
    x[i] ^= 1;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) field[cols[k]] += s * vals[k];
    if (e < best) best = e;
  }
  return best;
}

/** A seeded one-flip tabu search over a BINARY or SPIN model; returns the best state found. */
function tabu(model: Model, iterations: number, seed: number): Int8Array {
  const { n, rowPtr, cols, vals, linear } = model.csr;
  const spin = model.vartype === 'SPIN';
  const rng = new Rng(seed);
  const x = Int8Array.from({ length: n }, () => (rng.below(2) === 1 ? 1 : spin ? -1 : 0));
  const field = Float64Array.from(linear);
  for (let i = 0; i < n; i++) for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) field[i] += vals[k] * x[cols[k]];
  let e = model.energy(x);
  let best = e;
  const bestX = x.slice();
  const until = new Int32Array(n);
  const tenure = Math.max(1, Math.floor(n / 10));
  for (let it = 1; it <= iterations; it++) {
    let move = -1;
    let delta = Infinity;
    for (let i = 0; i < n; i++) {
      const d = (spin ? -2 * x[i] : 1 - 2 * x[i]) * field[i];
      if ((until[i] <= it || e + d < best) && d < delta) {
        move = i;
        delta = d;
      }
    }
    const change = spin ? -2 * x[move] : 1 - 2 * x[move];
    x[move] += change;
    e += delta;
    for (let k = rowPtr[move]; k < rowPtr[move + 1]; k++) field[cols[k]] += change * vals[k];
    until[move] = it + tenure + rng.below(tenure);
    if (e < best) {
      best = e;
      bestX.set(x);
    }
  }
  return bestX;
}

describe.skipIf(!present)('published datasets', () => {
  it('G1: 800 vertices, 19176 unit edges; cut = (W − E)/2 and tabu stays within the best known 11624', () => {
    const g = parseGset(text('gset/G1.txt'), { file: 'G1.txt' });
    expect([g.model.n, g.edges.length, g.model.numInteractions, g.totalWeight]).toEqual([800, 19176, 19176, 19176]);
    expect(g.model.labels[799]).toBe(800);
    const bestKnown = Number(csvColumn('gset/best_known.csv', 'recommended_best_known').get('G1'));
    expect(bestKnown).toBe(11624);
    const s = tabu(g.model, 1500, 1);
    const cut = g.cutOf(s);
    expect(cut).toBe((g.totalWeight - g.model.energy(s)) / 2);
    expect(cut).toBeLessThanOrEqual(bestKnown);
    expect(cut).toBeGreaterThan(0.97 * bestKnown);
  });

  it('bqp250: 10 instances of 250 variables, entry counts as in the table', () => {
    const instances = parseOrlibBqp(text('bqp/orlib/bqp250.txt'), { file: 'bqp250.txt' });
    const listed = csvColumn('bqp/best_known.csv', 'nonzeros_listed');
    expect(instances.map((b) => b.name)).toEqual(Array.from({ length: 10 }, (_, k) => `bqp250.${k + 1}`));
    for (const b of instances) {
      expect(b.model.n).toBe(250);
      const diagonal = b.model.csr.linear.filter((v) => v !== 0).length;
      expect(b.model.numInteractions + diagonal).toBe(Number(listed.get(b.name)));
    }
  });

  it('bqp50: tabu reaches every proven maximum exactly and never more (off-diagonals count twice)', () => {
    const best = csvColumn('bqp/best_known.csv', 'recommended_best_known_max');
    for (const b of parseOrlibBqp(text('bqp/orlib/bqp50.txt'), { file: 'bqp50.txt' })) {
      const found = Math.max(...[1, 2, 3].map((seed) => b.objectiveOf(tabu(b.model, 3000, seed))));
      expect([b.name, found]).toEqual([b.name, Number(best.get(b.name))]);
    }
  });

  it('gka1b: the exhaustive minimum is the published −133', () => {
    const m = parseBiqMac(text('bqp/gka/gka1b.sparse'), { file: 'gka1b.sparse' });
    expect([m.n, m.numInteractions]).toEqual([20, 187]);
    expect(exhaustiveMin(m)).toBe(-133);
    expect(text('bqp/gka/optimal_energy.txt')).toMatch(/gka1b\s+-133\b/);
  });

  it('be100.1: 100 variables; tabu reaches the published optimum −19412 and never below', () => {
    const m = parseBiqMac(text('bqp/be/be100.1.sparse'), { file: 'be100.1.sparse' });
    expect(m.n).toBe(100);
    expect(m.numInteractions + m.csr.linear.filter((v) => v !== 0).length).toBe(5003);
    expect(m.energy(tabu(m, 5000, 1))).toBe(-19412);
    expect(text('bqp/be/optimal_energy.txt')).toMatch(/be100\.1\s+-19412\b/);
  });

  it('readModelFile reads plain and gzipped files and names the file in errors', async () => {
    const gka = await readModelFile(new URL('bqp/gka/gka1b.sparse', root), 'biqmac');
    expect(gka.toJSON()).toEqual(parseBiqMac(text('bqp/gka/gka1b.sparse')).toJSON());
    const bqp500 = await readModelFile(fileURLToPath(new URL('bqp/orlib/bqp500.gz', root)), 'orlib');
    expect(bqp500.map((b) => [b.name, b.model.n])).toEqual(Array.from({ length: 10 }, (_, k) => [`bqp500.${k + 1}`, 500]));
    await expect(readModelFile(new URL('bqp/orlib/bqp50.txt', root), 'gset')).rejects.toThrow(/^bqp50\.txt:1: expected header "n m" with non-negative integers, got "10"$/);
    await expect(readModelFile(new URL('gset/G1.txt', root), 'xml' as never)).rejects.toThrow(RangeError);
  });
});
