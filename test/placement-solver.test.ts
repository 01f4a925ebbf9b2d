// The 'pimc' solver: feasible placements that beat the kube-like greedy and never lose to their
// start; the same placement for a seed on every backend; result energies equal evaluate();
// chains on their own streams; the stopping rules (sweeps, time, ε-window, abort) and reheats;
// the Trotter coupling does what its sign says; bad params are typed errors naming the field.

import { describe, expect, it } from 'vitest';
import { AbortError, KernelLoadError } from '../src/errors.js';
import { createExecutor } from '../src/parallel/pool.js';
import { schedule as coreSchedule } from '../src/scheduling/schedule.js';
import { placementKernelsOf, TOTALS } from '../src/kernels/placement/index.js';
import { ACTION_MAX, epsForAction, pottsAction } from '../src/kernels/placement/schedule.js';
import { firstFitDecreasing } from '../src/scheduling/baselines/binpack.js';
import { compile } from '../src/scheduling/compile.js';
import { evaluate } from '../src/scheduling/energy.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { schedule } from '../src/scheduling/node.js';
import { createPimcSolver, pimcSolver } from '../src/scheduling/solvers/pimc.js';
import { PlacementState } from '../src/scheduling/state.js';
import { BACKENDS, kernelsFor, RESOLVED } from './backends.js';
import { richInstance } from './sched-fixtures.js';

const WASM = (await kernelsFor('wasm')).unchecked;
const opts = (params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ seed: 3, timeLimitMs: 60_000, workers: 1, params, kernels: WASM, ...extra });
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('schedule with pimc', () => {
  it('places every pod, passes the checker, beats greedy on H and nodes, never loses to its start', async () => {
    for (const o of [{ pods: 100, seed: 1 }, { pods: 200, seed: 2, gpu: true }, { pods: 300, seed: 3, utilisation: 0.8 }]) {
      const { cluster, workload } = generateInstance(o);
      const pl = await schedule(cluster, workload, { solver: 'pimc', seed: 1, timeLimitMs: 60_000 }); // sweeps, not a loaded machine's clock, end the run
      const greedy = await schedule(cluster, workload, { solver: 'greedy' });
      expect(pl.feasible && pl.check.feasible, JSON.stringify(pl.blocking.slice(0, 3))).toBe(true);
      expect(pl.unplaced).toEqual([]);
      expect(pl.energy.H).toBeLessThan(greedy.energy.H);
      expect(pl.energy.nodesUsed).toBeLessThan(greedy.energy.nodesUsed);
      expect(pl.energy.H).toBeLessThanOrEqual(pl.manifest.stats.initH as number);
      expect(close(pl.energy.H, pl.manifest.stats.bestH as number)).toBe(true);
      expect(pl.manifest.stats.backend).toBe('wasm-simd');
    }
  });

  it('chains run on streams 0, 1, …: three chains never end worse than the first alone', async () => {
    const pr = compile(generateInstance({ pods: 120, seed: 9 }).cluster, generateInstance({ pods: 120, seed: 9 }).workload);
    const one = await pimcSolver(pr, opts({ sweeps: 150 }));
    const three = await pimcSolver(pr, opts({ sweeps: 150, chains: 3 }));
    expect(three.stats.sweeps).toBe(450);
    expect(evaluate(pr, three.assignment).H).toBeLessThanOrEqual(evaluate(pr, one.assignment).H);
  });
});

describe.each(BACKENDS)('pimc on %s', (backend) => {
  it('gives the reference placement for a seed (K = 3 with exchange, K = 1), with energies equal to evaluate()', async () => {
    const { cluster, workload } = richInstance(21);
    const pr = compile(cluster, workload);
    for (const params of [{ replicas: 3, sweeps: 40, exchange: true, agreeRate: 0.2 }, { replicas: 4, sweeps: 30, exchange: true, action0: 3 }, { sweeps: 60 }]) {
      const ref = await pimcSolver(pr, opts({ ...params, backend: 'reference' }));
      const got = await pimcSolver(pr, opts({ ...params, backend }, { kernels: (await kernelsFor(backend)).unchecked }));
      expect(got.stats.backend).toBe(RESOLVED[backend]);
      expect(Array.from(got.assignment)).toEqual(Array.from(ref.assignment));
      const strip = (s: Record<string, unknown>) => ({ ...s, backend: 0, elapsedMs: 0 });
      expect(strip(got.stats)).toEqual(strip(ref.stats));
      expect(close(got.stats.bestH as number, evaluate(pr, got.assignment).H)).toBe(true);
    }
  });

  it('strong coupling keeps the Trotter slices together, none lets them drift apart', async () => {
    const k = placementKernelsOf((await kernelsFor(backend)).unchecked);
    const pr = compile(generateInstance({ pods: 60, seed: 2 }).cluster, generateInstance({ pods: 60, seed: 2 }).workload);
    const agreement = (action: number) => {
      const prepared = k.prepare(pr);
      const chain = k.createChain(prepared, 4);
      const start = new PlacementState(pr, firstFitDecreasing(pr).assignment);
      for (let r = 0; r < 4; r++) k.setReplica(chain, r, start);
      k.seed(chain, 5, 0, { swap: 0, near: 0, pack: 0, agree: 0, exchange: false });
      const beta = 4 / 0.5; // hot slices: τ = 0.5
      k.run(chain, 20, new Float64Array(20).fill(beta), new Float64Array(20 * pr.S).fill(action / beta));
      const a = Array.from({ length: 4 }, (_, r) => { const out = new Int32Array(pr.P); k.readAssignment(chain, r, out); return out; });
      chain.dispose();
      prepared.dispose();
      let same = 0;
      for (let r = 0; r < 4; r++) for (let p = 0; p < pr.P; p++) same += a[r][p] === a[(r + 1) % 4][p] ? 1 : 0;
      return same / (4 * pr.P);
    };
    const strong = agreement(8);
    const none = agreement(0);
    expect(strong).toBeGreaterThan(0.8);
    expect(none).toBeLessThan(0.5);
  });
});

describe('stopping rules and reheats', () => {
  const pr = compile(generateInstance({ pods: 200, seed: 5 }).cluster, generateInstance({ pods: 200, seed: 5 }).workload);

  it('stops at the time limit with the best placement so far', async () => {
    const t = performance.now();
    const r = await pimcSolver(pr, opts({ sweeps: 1_000_000 }, { timeLimitMs: 60 }));
    expect(performance.now() - t).toBeLessThan(2000);
    expect(r.stats.stoppedBy).toBe('time');
    expect(evaluate(pr, r.assignment).Chard).toBe(0);
  });

  it('rejects with AbortError carrying the reason when aborted mid-run', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('preempted')), 40);
    const e = await pimcSolver(pr, opts({ sweeps: 1_000_000 }, { signal: ac.signal })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).cause).toBe(ac.signal.reason);
    const pre = AbortSignal.abort('early');
    await expect(pimcSolver(pr, opts({}, { signal: pre }))).rejects.toBeInstanceOf(AbortError);
  });

  it('the ε-window stop ends a stalled run early; stalls reheat when allowed', async () => {
    const eps = await pimcSolver(pr, opts({ sweeps: 2000, epsilon: 1e9, window: 50, maxReheats: 0 }));
    expect(eps.stats.stoppedBy).toBe('epsilon');
    expect(eps.stats.sweeps).toBeLessThan(2000);
    const hot = await pimcSolver(pr, opts({ sweeps: 1000, chunk: 5, reheatWindow: 20, maxReheats: 2 }));
    expect(hot.stats.reheats).toBe(2);
    expect(hot.stats.stoppedBy).toBe('sweeps');
  });

  it('is deterministic for a seed and varies with it', async () => {
    const a = await pimcSolver(pr, opts({ sweeps: 200 }));
    const b = await pimcSolver(pr, opts({ sweeps: 200 }));
    const c = await pimcSolver(pr, opts({ sweeps: 200 }, { seed: 4 }));
    expect(Array.from(b.assignment)).toEqual(Array.from(a.assignment));
    expect(Array.from(c.assignment)).not.toEqual(Array.from(a.assignment));
  });
});

describe('Potts coupling and params', () => {
  it('the action reduces to the Ising −ln tanh at q = 2, inverts, and clamps', () => {
    for (const e of [0.01, 0.3, 2]) expect(pottsAction(2, e)).toBeCloseTo(-Math.log(Math.tanh(e)), 12);
    for (const q of [3, 40]) expect(pottsAction(q, epsForAction(q, 1.5))).toBeCloseTo(1.5, 12);
    expect(pottsAction(10, 0)).toBe(ACTION_MAX);
    expect(pottsAction(1, 0.1)).toBe(0);
    expect(pottsAction(40, 10)).toBeLessThan(1e-100);
  });

  it('bad params are typed errors naming the field', async () => {
    const pr = compile({ nodes: [{ name: 'n', allocatable: { cpu: '1' } }] }, { services: [{ name: 'x', replicas: 1 }] });
    const bad: [Record<string, unknown>, ErrorConstructor, RegExp][] = [
      [{ sweep: 1 }, RangeError, /^options\.params\.sweep is not a parameter of 'pimc'/],
      [{ replicas: 0 }, RangeError, /^options\.params\.replicas must be an integer in \[1, 64\], got 0$/],
      [{ sweeps: 1.5 }, RangeError, /^options\.params\.sweeps must be an integer/],
      [{ swapRate: '0.1' }, TypeError, /^options\.params\.swapRate must be a finite number, got 0\.1$/],
      [{ tRatio: 1 }, RangeError, /^options\.params\.tRatio must be in \(0, 1\), got 1$/],
      [{ gamma0: -1 }, RangeError, /^options\.params\.gamma0 must be >= 0, got -1$/],
      [{ action0: 0 }, RangeError, /^options\.params\.action0 must be > 0, got 0$/],
      [{ nearRate: 0.6, packRate: 0.5 }, RangeError, /^options\.params\.nearRate \+ packRate \+ agreeRate must be <= 1/],
      [{ exchange: 1 }, TypeError, /^options\.params\.exchange must be a boolean, got number$/],
      [{ backend: 'gpu' }, RangeError, /^options\.params\.backend must be one of auto, wasm, wasm-scalar, reference, got 'gpu'$/],
    ];
    for (const [params, type, message] of bad) {
      const e = await pimcSolver(pr, opts(params)).catch((x: unknown) => x);
      expect(e, JSON.stringify(params)).toBeInstanceOf(type);
      expect((e as Error).message).toMatch(message);
    }
  });

  it('a custom kernel source is used as given', async () => {
    const k = placementKernelsOf((await kernelsFor('reference')).unchecked);
    const seen: string[] = [];
    const solver = createPimcSolver(async (b) => (seen.push(b), k));
    const pr = compile(richInstance(4).cluster, richInstance(4).workload);
    const r = await solver(pr, opts({ sweeps: 5 }));
    expect(seen).toEqual(['auto']);
    expect(r.stats.backend).toBe('reference');
    expect(TOTALS).toBe(6);
  });
});

describe('injected kernels and the pool', () => {
  const { cluster, workload } = generateInstance({ pods: 120, seed: 6 });

  it('the core schedule uses the kernels it is given, else the reference twin, with the same placement', async () => {
    const { loadKernels } = await import('../src/edge.js');
    const { readFileSync } = await import('node:fs');
    const { wasmPath } = await import('../src/kernels/node.js');
    const edge = await loadKernels({ simd: readFileSync(wasmPath('simd')) });
    const params = { sweeps: 150 };
    const viaEdge = await coreSchedule(cluster, workload, { kernels: edge, seed: 5, params });
    const viaNode = await schedule(cluster, workload, { seed: 5, params });
    const bare = await coreSchedule(cluster, workload, { seed: 5, params });
    expect(viaEdge.manifest.stats.backend).toBe('wasm-simd');
    expect(viaNode.manifest.stats.backend).toBe('wasm-simd');
    expect(bare.manifest.stats.backend).toBe('reference');
    expect(viaEdge.assignment).toEqual(viaNode.assignment);
    expect(bare.assignment).toEqual(viaNode.assignment);
  });

  it('asking for WASM without WASM kernels, or bad kernels, is a typed error', async () => {
    await expect(coreSchedule(cluster, workload, { params: { backend: 'wasm' } })).rejects.toThrow(KernelLoadError);
    await expect(coreSchedule(cluster, workload, { params: { backend: 'wasm' } })).rejects.toThrow(/options\.params\.backend 'wasm' needs WASM kernels/);
    await expect(coreSchedule(cluster, workload, { kernels: 3 as never })).rejects.toThrow(new TypeError('options.kernels must be what loadKernels() returns, got number'));
    await expect(coreSchedule(cluster, workload, { pool: {} as never })).rejects.toThrow(/^options\.pool must be an executor/);
  });

  it('chains on a 2-worker pool give the in-thread result for a seed', async () => {
    const executor = await createExecutor({ workers: 2 });
    try {
      const params = { sweeps: 120, chains: 3 };
      const inThread = await schedule(cluster, workload, { seed: 9, params });
      const pooled = await schedule(cluster, workload, { seed: 9, params, pool: executor });
      expect(inThread.manifest.stats.pool).toBe(1);
      expect(pooled.manifest.stats.pool).toBe(2);
      expect(pooled.assignment).toEqual(inThread.assignment);
      expect(pooled.manifest.stats.sweeps).toBe(360);
    } finally {
      await executor.close();
    }
  });
});

describe('final descent', () => {
  it('ends in a local minimum under moves and swaps, never above its start, deterministically', async () => {
    const { descend } = await import('../src/scheduling/solvers/descent.js');
    const { proposalArrays } = await import('../src/kernels/placement/layout.js');
    const pr = compile(generateInstance({ pods: 40, nodes: 8, seed: 12 }).cluster, generateInstance({ pods: 40, nodes: 8, seed: 12 }).workload);
    const { allowPtr, allowed } = proposalArrays(pr);
    const start = firstFitDecreasing(pr).assignment;
    const d = descend(pr, start, allowPtr, allowed, true);
    expect(d.state.H()).toBeLessThan(evaluate(pr, start).H);
    expect(close(d.state.H(), evaluate(pr, d.state.assignment).H)).toBe(true);
    for (let p = 0; p < pr.P; p++) {
      for (let k = allowPtr[pr.podService[p]]; k < allowPtr[pr.podService[p] + 1]; k++) {
        const delta = d.state.deltaMove(p, allowed[k]);
        expect(delta > -1e-9 || d.state.delta[3] > 1e-9).toBe(true);
      }
      for (let q = p + 1; q < pr.P; q++) {
        const [a, b] = [d.state.assignment[p], d.state.assignment[q]];
        if (a === b || pr.podService[p] === pr.podService[q] || pr.mask[p * pr.N + b] === 0 || pr.mask[q * pr.N + a] === 0) continue;
        const delta = d.state.deltaSwap(p, q);
        expect(delta > -1e-9 || d.state.delta[3] > 1e-9).toBe(true);
      }
    }
    expect(Array.from(descend(pr, start, allowPtr, allowed, true).state.assignment)).toEqual(Array.from(d.state.assignment));
    const r = await pimcSolver(pr, opts({ sweeps: 50 }));
    expect(r.stats.polish).toBe('swaps');
    expect(r.stats.chains).toBe(4);
    expect(r.stats.bestH as number).toBeLessThanOrEqual(r.stats.chainH as number);
    expect(close(r.stats.bestH as number, evaluate(pr, r.assignment).H)).toBe(true);
  });
});
