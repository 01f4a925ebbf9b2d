// 'qaoa': the one-hot QUBO on the statevector simulator for tiny instances — it reaches the
// MILP's proven optimum on a 3-pod instance (whose QUBO minimum equals H* exactly), gives the
// same placement on every backend for a seed, refuses instances over QAOA_MAX_QUBITS with a
// RangeError naming the size, and checks its params.

import { describe, expect, it } from 'vitest';
import { compile } from '../src/scheduling/compile.js';
import { schedule } from '../src/scheduling/node.js';
import { schedule as coreSchedule } from '../src/scheduling/schedule.js';
import { toQubo } from '../src/scheduling/solvers/qubo.js';
import type { Cluster, Workload } from '../src/scheduling/types.js';
import { kernelsFor } from './backends.js';

const tiny = (pods: number, nodes: number): { cluster: Cluster; workload: Workload } => ({
  cluster: { nodes: Array.from({ length: nodes }, (_, i) => ({ name: `n${i}`, allocatable: { cpu: '2', memory: '4Gi' }, labels: { 'topology.kubernetes.io/zone': `z${i % 2}` } })) },
  workload: {
    services: [{ name: 'web', replicas: pods - 1, requests: { cpu: '500m', memory: '1Gi' }, critical: true }, { name: 'db', replicas: 1, requests: { cpu: '1', memory: '1Gi' } }],
    edges: [{ from: 'web', to: 'db', weight: 10 }],
  },
});

describe('schedule with qaoa', () => {
  it('reaches the proven optimum of a 3-pod instance and passes the checker', async () => {
    const { cluster, workload } = tiny(3, 2);
    const q = await schedule(cluster, workload, { solver: 'qaoa', seed: 1 });
    const m = await schedule(cluster, workload, { solver: 'milp' });
    expect(m.manifest.stats.optimal).toBe(true);
    expect(q.feasible && q.check.feasible).toBe(true);
    expect(q.manifest.stats.qubits).toBe(toQubo(compile(cluster, workload)).model.n);
    expect(q.manifest.stats.quboMinimum as number).toBeCloseTo(m.energy.H, 9);
    expect(q.energy.H).toBeCloseTo(m.energy.H, 9);
  });

  it('gives the same placement on the reference and WASM statevector kernels', async () => {
    const { cluster, workload } = tiny(3, 2);
    const ref = await coreSchedule(cluster, workload, { solver: 'qaoa', seed: 4, params: { p: 1, shots: 256 } });
    const wasm = await coreSchedule(cluster, workload, { solver: 'qaoa', seed: 4, params: { p: 1, shots: 256 }, kernels: await kernelsFor('wasm') });
    expect(ref.manifest.stats.backend).toBe('reference');
    expect(wasm.manifest.stats.backend).toBe('wasm-simd');
    expect(wasm.assignment).toEqual(ref.assignment);
  });

  it('refuses instances needing more than 20 qubits, naming the size, and checks params', async () => {
    const { cluster, workload } = tiny(5, 4);
    const n = toQubo(compile(cluster, workload)).model.n;
    expect(n).toBeGreaterThan(20);
    await expect(schedule(cluster, workload, { solver: 'qaoa' })).rejects.toThrow(new RangeError(`'qaoa' needs ${n} qubits for 5 pods × 4 nodes (one-hot x_{pod,node}, y_node and slack bits), more than the 20 it simulates: use 'milp' or 'pimc', or a smaller instance`));
    const small = tiny(2, 2);
    await expect(schedule(small.cluster, small.workload, { solver: 'qaoa', params: { p: 0 } })).rejects.toThrow(/^options\.params\.p must be an integer in \[1, 20\]/);
    await expect(schedule(small.cluster, small.workload, { solver: 'qaoa', params: { layers: 2 } })).rejects.toThrow(/^options\.params\.layers is not a parameter of 'qaoa'/);
  });
});
