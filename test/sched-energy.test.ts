// The incremental PlacementState against the full evaluate(): after random move/swap sequences
// the running H equals a fresh evaluation, and every delta equals the difference of two full
// evaluations. Instances carry every term: capacity overflow, taints, affinity, hard and soft
// anti-affinity (incl. a custom topology key some nodes lack), spread, PDB, self-loops, cycles.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/kernels/reference/rng.js';
import { compile, type CompiledProblem } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { PlacementState } from '../src/scheduling/state.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';
import { richInstance } from './sched-fixtures.js';

function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

function randomAssignment(pr: CompiledProblem, rng: Rng): Int32Array {
  return Int32Array.from({ length: pr.P }, () => rng.below(pr.N));
}

describe('energy: incremental PlacementState = full evaluate', () => {
  it('starts equal and stays equal under random moves and swaps; deltas are differences of full evaluations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 60 }), (seed, moves) => {
        const { cluster, workload } = richInstance(seed);
        // odd seeds weigh the zone exposure term too (default 0)
        const pr = compile(cluster, workload, { weights: { latency: 1.7, fault: 0.6, ...(seed % 2 === 1 ? { exposure: 0.3, zoneExposure: 0.7 } : {}) } });
        const st = new PlacementState(pr, randomAssignment(pr, new Rng(seed, 3)));
        expect(close(st.H(), evaluate(pr, st.assignment).H)).toBe(true);
        for (const [swap, x, y] of moves) {
          const before = evaluate(pr, st.assignment);
          const trial = st.assignment.slice();
          let d: number;
          if (swap) {
            const p = x % pr.P;
            const q = y % pr.P;
            d = st.deltaSwap(p, q);
            const t = trial[p]; trial[p] = trial[q]; trial[q] = t;
          } else {
            const p = x % pr.P;
            const n = y % pr.N;
            d = st.deltaMove(p, n);
            trial[p] = n;
          }
          const after = evaluate(pr, trial);
          const comps = Array.from(st.delta);
          expect(close(d, after.H - before.H, 1e-9), `ΔH ${d} vs ${after.H - before.H}`).toBe(true);
          expect(close(comps[0], after.R - before.R)).toBe(true);
          expect(close(comps[1], after.L - before.L)).toBe(true);
          expect(close(comps[2], after.F - before.F)).toBe(true);
          expect(close(comps[3], after.Chard - before.Chard)).toBe(true);
          expect(close(comps[4], after.C - after.Chard - (before.C - before.Chard))).toBe(true);
          if (swap) st.applySwap(x % pr.P, y % pr.P); else st.applyMove(x % pr.P, y % pr.N);
          const now = evaluate(pr, st.assignment);
          expect(Array.from(st.assignment)).toEqual(Array.from(trial));
          expect(close(st.H(), now.H), `H ${st.H()} vs ${now.H}`).toBe(true);
          expect(st.nodesUsed).toBe(now.nodesUsed);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a long run of 5000 moves does not drift', () => {
    const { cluster, workload } = richInstance(42);
    const pr = compile(cluster, workload);
    const rng = new Rng(9);
    const st = new PlacementState(pr, randomAssignment(pr, rng));
    for (let i = 0; i < 5000; i++) {
      if (rng.below(4) === 0) st.applySwap(rng.below(pr.P), rng.below(pr.P));
      else st.applyMove(rng.below(pr.P), rng.below(pr.N));
    }
    const full = evaluate(pr, st.assignment);
    expect(close(st.H(), full.H, 1e-9)).toBe(true);
    expect(close(st.R, full.R) && close(st.L, full.L) && close(st.F, full.F) && close(st.Chard, full.Chard)).toBe(true);
  });

  it('hand-checked terms on a two-node instance', () => {
    const cluster: Cluster = {
      nodes: [
        { name: 'a', allocatable: { cpu: '2', memory: '4Gi' }, labels: { 'topology.kubernetes.io/zone': 'z1' } },
        { name: 'b', allocatable: { cpu: '2', memory: '4Gi' }, labels: { 'topology.kubernetes.io/zone': 'z2' } },
      ],
    };
    const workload: Workload = {
      services: [
        { name: 'web', replicas: 2, requests: { cpu: '1', memory: '1Gi' }, critical: true },
        { name: 'db', replicas: 1, requests: { cpu: '500m', memory: '2Gi' } },
      ],
      edges: [{ from: 'web', to: 'db', weight: 10 }],
    };
    const pr = compile(cluster, workload);
    // web-0, web-1 on a; db-0 on b.
    const e = evaluate(pr, Int32Array.of(0, 0, 1));
    // R: a: 1 + (1 - 2/2)² + (1 - 2/4)² = 1.25; b: 1 + (1 - 0.5/2)² + (1 - 2/4)² = 1.8125
    expect(e.R).toBeCloseTo(1.25 + 1.8125, 12);
    // L: one pair, W' = 1, mean over 2 pod pairs of cross-zone 2 ms = 2
    expect(e.L).toBeCloseTo(2, 12);
    // F: web has 2 pods together at node, rack and zone level: 3 · 2² = 12; exposure (φ_node =
    // 0.5, φ_zone = 0.75): web is whole on node a and zone z1, db on node b and zone z2: W = 1 on
    // each → 0.5 · 2 · 1² + 0.75 · 2 · 1²
    expect(e.F).toBe(14.5);
    // web split over a and b: critical 3 · (1 + 1) = 6 (each node its own rack and zone), and
    // only db is whole on a node and in a zone: 0.5 + 0.75
    expect(evaluate(pr, Int32Array.of(0, 1, 1)).F).toBe(7.25);
    // everything on a: critical 12, W(a) = W(z1) = 2 → 0.5 · 2² + 0.75 · 2²
    expect(evaluate(pr, Int32Array.of(0, 0, 0)).F).toBe(17);
    // zones only: W(z1) = 2 (web and db, one-pod services count too) → 12 + 2²; web split over
    // the zones: only db is whole in one → 6 + 1²; both φ = 0 leave the critical part
    expect(evaluate(compile(cluster, workload, { weights: { exposure: 0, zoneExposure: 1 } }), Int32Array.of(0, 0, 0)).F).toBe(16);
    expect(evaluate(compile(cluster, workload, { weights: { exposure: 0, zoneExposure: 1 } }), Int32Array.of(0, 1, 1)).F).toBe(7);
    expect(evaluate(compile(cluster, workload, { weights: { exposure: 0, zoneExposure: 0 } }), Int32Array.of(0, 0, 0)).F).toBe(12);
    expect(e.C).toBe(0);
    expect(e.nodesUsed).toBe(2);
    // Overfull: all three on a → cpu 2.5 > 2: 1 + 0.5/2 = 1.25 units
    expect(evaluate(pr, Int32Array.of(0, 0, 0)).Chard).toBeCloseTo(1.25, 12);
  });
});
