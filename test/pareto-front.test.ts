// Pareto: archive measures against hand-computed values, and the built-in example's front
// (≥ 8 non-dominated points, the dedicated single-objective optima within 1%, a hypervolume).

import { describe, expect, it } from 'vitest';
import { builtinExample } from '../src/scheduling/examples.js';
import { schedule } from '../src/scheduling/node.js';
import { dominates, hypervolume, kneeIndex, nonDominated, pareto, paretoSvg, simplexGrid, type Objectives } from '../src/scheduling/pareto/index.js';

describe('archive', () => {
  it('dominance, non-dominated filter, duplicates', () => {
    expect(dominates([1, 1, 1], [1, 2, 1])).toBe(true);
    expect(dominates([1, 1, 1], [1, 1, 1])).toBe(false);
    expect(dominates([0, 3, 1], [1, 2, 1])).toBe(false);
    const pts: Objectives[] = [[1, 5, 1], [2, 2, 2], [3, 3, 3], [1, 5, 1], [5, 1, 0]];
    expect(nonDominated(pts, (p) => p)).toEqual([[1, 5, 1], [2, 2, 2], [5, 1, 0]]);
  });

  it('hypervolume matches inclusion–exclusion on small sets', () => {
    expect(hypervolume([[1, 1, 1]], [2, 3, 4])).toBeCloseTo(1 * 2 * 3, 12);
    // Two boxes [1,4]x[3,4]x[0,4] and [2,4]x[1,4]x[0,4] in 2-D slices: area 7 times height 4.
    expect(hypervolume([[1, 3, 0], [2, 1, 0]], [4, 4, 4])).toBeCloseTo(28, 12);
    // a = [0,2]^3 box to ref 2 → 8; b = (1,1,1) adds nothing it does not share... inclusion–exclusion:
    const a: Objectives = [0, 1, 1];
    const b: Objectives = [1, 0, 1];
    const c: Objectives = [1, 1, 0];
    const ref: Objectives = [2, 2, 2];
    // each box 2·1·1 = 2; pairwise intersections 1·1·1 = 1; triple 1 → 3·2 − 3·1 + 1 = 4
    expect(hypervolume([a, b, c], ref)).toBeCloseTo(4, 12);
    expect(hypervolume([[3, 0, 0]], ref)).toBe(0);
  });

  it('knee is the point nearest the scaled ideal', () => {
    expect(kneeIndex([[0, 10, 0], [4, 4, 0], [10, 0, 0]])).toBe(1);
    expect(kneeIndex([])).toBe(-1);
  });

  it('simplex grid excludes the vertices', () => {
    expect(simplexGrid(2)).toHaveLength(3);
    expect(simplexGrid(4)).toHaveLength(12);
    for (const w of simplexGrid(5)) expect(w[0] + w[1] + w[2]).toBeCloseTo(1, 12);
  });

  it('rejects bad options naming the field', async () => {
    const { cluster, workload } = builtinExample();
    await expect(pareto(cluster, workload, { points: 0 })).rejects.toThrow(/options\.points/);
    await expect(pareto(cluster, workload, { bogus: 1 } as never)).rejects.toThrow(/options\.bogus/);
    await expect(pareto(cluster, workload, { reference: [1, 2] as never })).rejects.toThrow(TypeError);
  });
});

describe('pareto on the built-in example', () => {
  it('≥ 8 non-dominated points holding the dedicated single-objective optima within 1%', async () => {
    const { cluster, workload } = builtinExample();
    const params = { sweeps: 200 };
    // Step budgets, not time: deterministic on a loaded machine.
    const r = await pareto(cluster, workload, { points: 12, params, timeLimitMs: 120_000, epsilonSweeps: 200, schedule });
    expect(r.front.length).toBeGreaterThanOrEqual(8);
    const objs = r.front.map((p) => [p.R, p.L, p.F] as Objectives);
    expect(nonDominated(objs, (o) => o)).toHaveLength(objs.length);
    expect(r.hypervolume).toBeGreaterThan(0);
    expect(r.hypervolumeNormalised).toBeGreaterThan(0);
    expect(r.hypervolumeNormalised).toBeLessThanOrEqual(1);
    expect(r.knee).not.toBeNull();
    const weights = [{ resource: 1, latency: 0, fault: 0 }, { resource: 0, latency: 1, fault: 0 }, { resource: 0, latency: 0, fault: 1 }];
    for (let i = 0; i < 3; i++) {
      const key = (['R', 'L', 'F'] as const)[i];
      // A dedicated run with another seed than any the sweep used.
      const d = await schedule(cluster, workload, { solver: 'sa', weights: weights[i], seed: 77, timeLimitMs: 120_000, params });
      const best = Math.min(...r.front.map((p) => p[key]));
      expect(best, key).toBeLessThanOrEqual(d.energy[key] * 1.01);
    }
    const svg = paretoSvg(r);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)!.length).toBeGreaterThanOrEqual(3 * r.front.length);
  }, 120_000);
});

describe('pareto on a pool', () => {
  it('weighted-sum runs on a 2-worker pool give the same front as in this thread (step budgets)', async () => {
    const { nodePool, closeNodePools } = await import('../src/scheduling/node.js');
    const { generateInstance } = await import('../src/scheduling/generators.js');
    const { cluster, workload } = generateInstance({ pods: 30, nodes: 8, seed: 6 });
    const opts = { points: 4, params: { sweeps: 40 }, timeLimitMs: 120_000, epsilonSweeps: 40 };
    const here = await pareto(cluster, workload, { ...opts, schedule });
    const pool = await nodePool(2);
    try {
      const there = await pareto(cluster, workload, { ...opts, pool });
      expect(there.front.map((p) => [p.R, p.L, p.F])).toEqual(here.front.map((p) => [p.R, p.L, p.F]));
    } finally {
      await closeNodePools();
    }
  }, 120_000);
});
