// The executor: warm pool round trips, in-thread runs, sharded results independent of the
// worker count, and failure handling — abort, a throwing task, a worker that exits, a worker
// killed mid-task — each rejects that task and the pool keeps serving. Deterministic: the
// blocking fixture task signals through a SharedArrayBuffer, no sleeps.

import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, WorkerError } from '../src/errors.js';
import { createExecutor, type Executor } from '../src/parallel/pool.js';
import { shardRanges } from '../src/parallel/shard.js';
import { randomSparseModel, randomStates } from '../src/qubo/generators.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { schedule } from '../src/scheduling/node.js';
import { solveOnPool } from '../src/scheduling/parallel.js';

const FAULTY = fileURLToPath(new URL('./fixtures/faulty-worker.mjs', import.meta.url));

/** Starts a blocking task and resolves once it is running, with its thread id. */
async function startBlocking(pool: Executor, signal?: AbortSignal) {
  const shared = new SharedArrayBuffer(8);
  const flag = new Int32Array(shared);
  const done = pool.run({ kind: 'block', shared } as never, { signal }).then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  await Atomics.waitAsync(flag, 0, 0).value;
  return { done, threadId: Atomics.load(flag, 1) };
}

describe('executor', () => {
  const pools: Executor[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('runs tasks on a warm pool of 2 wasm workers and in-thread with workers: 1', async () => {
    const pool = await createExecutor({ workers: 2 });
    pools.push(pool);
    expect(pool.backend).toBe('wasm-simd');
    expect(await pool.run({ kind: 'ping', value: 41 })).toBe(41);
    const inline = await createExecutor({ workers: 1 });
    expect(inline.threads.length).toBe(0);
    expect(await inline.run({ kind: 'ping', value: 5 })).toBe(5);
  });

  it('gives the same sharded result for 1, 2 and 3 workers (item k uses stream k)', async () => {
    const draws = async (workers: number) => {
      const ex = await createExecutor({ workers });
      pools.push(ex);
      const parts = await Promise.all(
        shardRanges(10, workers).map(async (shard) => {
          const out: Float64Array[] = [];
          for (let k = shard.start; k < shard.end; k++) out.push(await ex.run({ kind: 'random', seed: 77, stream: k, count: 16 }));
          return out;
        }),
      );
      return parts.flat().map((a) => [...a]);
    };
    const one = await draws(1);
    expect(await draws(2)).toEqual(one);
    expect(await draws(3)).toEqual(one);
  });

  it('computes energies in workers exactly as in-thread', async () => {
    const model = randomSparseModel({ n: 300, degree: 8, seed: 4 });
    const states = randomStates(300, 5, 'BINARY', 6);
    const pool = await createExecutor({ workers: 2, backend: 'wasm-scalar' });
    pools.push(pool);
    const inline = await createExecutor({ workers: 1, backend: 'reference' });
    const a = await pool.run({ kind: 'energies', model, states, count: 5 });
    const b = await inline.run({ kind: 'energies', model, states, count: 5 });
    expect([...a]).toEqual([...b]);
  });

  it('rejects with AbortError carrying the reason when aborted mid-task, then keeps serving', async () => {
    const pool = await createExecutor({ workers: 2, filename: FAULTY });
    pools.push(pool);
    const ac = new AbortController();
    const { done } = await startBlocking(pool, ac.signal);
    ac.abort(new Error('user cancelled'));
    const r = await done;
    expect(r.ok).toBe(false);
    expect((r as { e: unknown }).e).toBeInstanceOf(AbortError);
    expect(((r as { e: AbortError }).e.cause as Error).message).toBe('user cancelled');
    expect(await pool.run({ kind: 'ping', value: 1 })).toBe(1);
  });

  it('rejects at once for an already-aborted signal, in-thread too', async () => {
    const inline = await createExecutor({ workers: 1 });
    const ac = new AbortController();
    ac.abort('stop');
    await expect(inline.run({ kind: 'ping', value: 1 }, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError', cause: 'stop' });
  });

  it('turns a throwing task into WorkerError and keeps serving', async () => {
    const pool = await createExecutor({ workers: 2, filename: FAULTY });
    pools.push(pool);
    await expect(pool.run({ kind: 'throw' } as never)).rejects.toThrow(WorkerError);
    await expect(pool.run({ kind: 'throw' } as never)).rejects.toThrow(/boom from the worker/);
    expect(await pool.run({ kind: 'ping', value: 2 })).toBe(2);
  });

  it('turns a worker that exits into WorkerError and replaces it', async () => {
    const pool = await createExecutor({ workers: 2, filename: FAULTY });
    pools.push(pool);
    await expect(pool.run({ kind: 'exit' } as never)).rejects.toThrow(/worker crashed.*exited/);
    for (let k = 0; k < 4; k++) expect(await pool.run({ kind: 'ping', value: k })).toBe(k);
  });

  it('turns a worker killed mid-task into WorkerError and keeps serving', async () => {
    const pool = await createExecutor({ workers: 2, filename: FAULTY });
    pools.push(pool);
    const { done, threadId } = await startBlocking(pool);
    const victim = pool.threads.find((t) => t.threadId === threadId);
    expect(victim).toBeDefined();
    await victim!.terminate();
    const r = await done;
    expect(r.ok).toBe(false);
    expect((r as { e: unknown }).e).toBeInstanceOf(WorkerError);
    expect(await pool.run({ kind: 'ping', value: 3 })).toBe(3);
  });

  it('rejects bad options and tasks with errors naming the field', async () => {
    await expect(createExecutor({ workers: 0 })).rejects.toThrow(new RangeError('options.workers must be an integer in [1, 256], got 0'));
    await expect(createExecutor({ workers: 1.5 })).rejects.toThrow(RangeError);
    await expect(createExecutor({ workers: '2' as never })).rejects.toThrow(new TypeError('options.workers must be an integer, got the string "2"'));
    await expect(createExecutor({ backend: 'gpu' as never })).rejects.toThrow(/options.backend must be one of/);
    const inline = await createExecutor({ workers: 1 });
    await expect(inline.run({ kind: 'nope' } as never)).rejects.toThrow(/task.kind must be one of/);
    await expect(inline.run({ kind: 'random', seed: -1, stream: 0, count: 1 })).rejects.toThrow(/task.seed/);
    const model = randomSparseModel({ n: 10, degree: 2, seed: 1 });
    await expect(inline.run({ kind: 'energies', model, states: new Int8Array(9), count: 1 })).rejects.toThrow(/task.states must hold/);
  });

  it('solveOnPool runs whole schedules side by side, each as in this thread', async () => {
    const pool = await createExecutor({ workers: 2 });
    pools.push(pool);
    const inst = generateInstance({ pods: 80, seed: 3 });
    const seeds = [1, 2, 3];
    const options = (seed: number) => ({ seed, params: { sweeps: 100 } });
    const pooled = await Promise.all(seeds.map((seed) => solveOnPool(inst, options(seed), pool)));
    for (const [i, seed] of seeds.entries()) {
      const here = await schedule(inst.cluster, inst.workload, options(seed));
      expect(pooled[i].assignment).toEqual(here.assignment);
      expect(pooled[i].manifest.stats.backend).toBe('wasm-simd');
    }
    await expect(solveOnPool(inst, { seed: -1 }, pool)).rejects.toThrow(/options.seed/);
    await expect(solveOnPool(inst, { kernels: {} as never }, pool)).rejects.toThrow(/options.kernels cannot cross to a worker/);
    await expect(solveOnPool(inst, { signal: AbortSignal.abort('no') }, pool)).rejects.toBeInstanceOf(AbortError);
    const bad = await solveOnPool({ cluster: inst.cluster, workload: { services: [{ name: 'x', replicas: -1 }] } }, {}, pool).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(RangeError);
    expect((bad as Error).message).toMatch(/^workload\.services\[0\]\.replicas/);
    const inline = await createExecutor({ workers: 1 });
    await expect(inline.run({ kind: 'pimc-chain', problem: {}, spec: {}, reference: true } as never)).rejects.toThrow(/task.problem must be a CompiledProblem/);
  });
});
