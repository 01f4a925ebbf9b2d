// generateInstance: never throws for valid small sizes, always gives input that validates and
// compiles with the requested pod count and no constraint that blocks placement before solving
// (fast-check over sizes, zones, GPUs, utilisation and seeds); regression: 7 pods on 3 nodes
// with seed 3 drew only memory-heavy services and crashed building the call graph.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/scheduling/compile.js';
import { blockingConstraints } from '../src/scheduling/explain.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { validateCluster, validateWorkload } from '../src/scheduling/validate.js';

describe('generateInstance', () => {
  it('7 pods on 3 nodes, seed 3 (only memory-heavy services): a valid instance', () => {
    const { cluster, workload } = generateInstance({ pods: 7, nodes: 3, seed: 3 });
    expect(workload.services.every((s) => s.replicas >= 1)).toBe(true);
    expect(workload.services.reduce((a, s) => a + s.replicas, 0)).toBe(7);
    expect(cluster.nodes).toHaveLength(3);
    expect(blockingConstraints(compile(cluster, workload))).toEqual([]);
  });

  it('never throws for valid small sizes and always validates, compiles and has no blocking constraint', () => {
    fc.assert(
      fc.property(
        fc.record({
          pods: fc.integer({ min: 1, max: 60 }),
          nodes: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
          zones: fc.integer({ min: 1, max: 4 }),
          gpu: fc.boolean(),
          utilisation: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
          seed: fc.integer({ min: 0, max: 0xffffffff }),
        }),
        (o) => {
          const { cluster, workload } = generateInstance(o);
          validateCluster(cluster);
          validateWorkload(workload);
          const pr = compile(cluster, workload);
          expect(pr.P).toBe(o.pods);
          expect(pr.N).toBe(o.nodes ?? Math.ceil(o.pods / 5));
          expect(blockingConstraints(pr)).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
