// Bad input to the samplers rejects (never throws) with a TypeError or RangeError naming the
// option; the messages are asserted. Also: the 'sample-shard' task kind checks its spec.

import { describe, expect, it } from 'vitest';
import { createExecutor } from '../src/parallel/pool.js';
import { Model } from '../src/qubo/model.js';
import { getSampler, samplers } from '../src/solve/index.js';
import { sparseModel } from './solve-fixtures.js';

const MODEL = sparseModel(12, 41, 'BINARY');

type Case = [string, Record<string, unknown>, ErrorConstructor, string];

const COMMON: Case[] = [
  ['sa', { reads: 0 }, RangeError, 'options.reads must be a positive integer, got 0'],
  ['sa', { reads: 2.5 }, RangeError, 'options.reads must be a positive integer, got 2.5'],
  ['sa', { reads: '3' }, TypeError, 'options.reads must be a positive integer, got the string "3"'],
  ['tabu', { seed: -1 }, RangeError, 'options.seed must be an integer in [0, 4294967295], got -1'],
  ['sa', { timeLimitMs: -5 }, RangeError, 'options.timeLimitMs must be >= 0, got -5'],
  ['sa', { timeLimitMs: NaN }, RangeError, 'options.timeLimitMs must be a finite number, got NaN'],
  ['pt', { target: Infinity }, RangeError, 'options.target must be a finite number, got Infinity'],
  ['sa', { epsilon: -1 }, RangeError, 'options.epsilon must be >= 0, got -1'],
  ['sa', { window: 0 }, RangeError, 'options.window must be a positive integer, got 0'],
  ['sa', { workers: 0 }, RangeError, 'options.workers must be an integer in [1, 256], got 0'],
  ['sa', { backend: 'gpu' }, RangeError, "options.backend must be one of 'auto', 'wasm', 'wasm-scalar', 'reference', got the string \"gpu\""],
  ['sa', { onAbort: 'maybe' }, RangeError, "options.onAbort must be one of 'reject', 'partial', got the string \"maybe\""],
  ['sa', { signal: {} }, TypeError, 'options.signal must be an AbortSignal, got object'],
  ['sa', { onProgress: 1 }, TypeError, 'options.onProgress must be a function, got 1'],
  ['sa', { executor: {} }, TypeError, 'options.executor must be an Executor from createExecutor'],
  ['sa', { chunk: 0 }, RangeError, 'options.chunk must be a positive integer, got 0'],
];

const SPECIFIC: Case[] = [
  ['sa', { sweeps: 0 }, RangeError, 'options.sweeps must be a positive integer, got 0'],
  ['sa', { sweeps: 1000, sweepsPerBeta: 3 }, RangeError, 'options.sweeps (1000) must be a multiple of options.sweepsPerBeta (3)'],
  ['sa', { schedule: 'cubic' }, RangeError, "options.schedule must be 'geometric', 'linear' or an array of β values, got the string \"cubic\""],
  ['sa', { schedule: [0.1, NaN] }, RangeError, 'options.schedule[1] must be a finite number, got NaN'],
  ['sa', { schedule: [0.1, -2] }, RangeError, 'options.schedule[1] must be >= 0, got -2'],
  ['sa', { schedule: [] }, RangeError, 'options.schedule must hold at least one β value'],
  ['sa', { schedule: [1, 2], sweeps: 3 }, RangeError, 'options.sweeps (3) must equal options.schedule.length × sweepsPerBeta (2)'],
  ['sa', { betaRange: [0, 1] }, RangeError, 'options.betaRange[0] must be > 0, got 0'],
  ['sa', { betaRange: [0.1] }, TypeError, 'options.betaRange must be a [hot, cold] pair of numbers'],
  ['sa', { initialStates: Int8Array.from([1, 0, 1]) }, RangeError, 'options.initialStates must hold rows × n values (n = 12), got 3'],
  ['sa', { initialStates: new Int8Array(12).fill(2) }, RangeError, 'options.initialStates[0] must be 0 or 1 (BINARY), got 2'],
  ['sa', { initialStates: [new Array(12).fill(0), new Array(12).fill(0)], reads: 1 }, RangeError, 'options.initialStates has 2 states, more than options.reads = 1'],
  ['sa', { initialStates: [[0, 1]] }, RangeError, 'options.initialStates[0] must have n = 12 values, got 2'],
  ['sa', { initialFill: 'zeros' }, RangeError, "options.initialFill must be one of 'random', 'tile', got the string \"zeros\""],
  ['sqa', { replicas: 1 }, RangeError, 'options.replicas must be an integer in [2, 64], got 1'],
  ['sqa', { replicas: 65 }, RangeError, 'options.replicas must be an integer in [2, 64], got 65'],
  ['sqa', { alpha: 0.5 }, RangeError, 'options.alpha must be a number in [0.92, 0.99], got 0.5'],
  ['sqa', { gamma0: 0 }, RangeError, 'options.gamma0 must be > 0, got 0'],
  ['sqa', { t0: -1 }, RangeError, 'options.t0 must be > 0, got -1'],
  ['sqa', { globalMoves: 'yes' }, TypeError, 'options.globalMoves must be a boolean, got the string "yes"'],
  ['sqa', { restart: { window: 0 } }, RangeError, 'options.restart.window must be a positive integer, got 0'],
  ['pt', { chains: 1 }, RangeError, 'options.chains must be an integer in [2, 64], got 1'],
  ['pt', { betaRange: [2, 1] }, RangeError, 'options.betaRange must be [hot, cold] with hot <= cold, got [2, 1]'],
  ['pt', { adapt: 1 }, TypeError, 'options.adapt must be a boolean, got 1'],
  ['tabu', { tenure: 12 }, RangeError, 'options.tenure must be an integer in [0, 11], got 12'],
  ['tabu', { restarts: -1 }, RangeError, 'options.restarts must be an integer in [0, 16777216], got -1'],
  ['tabu', { stall: 0 }, RangeError, 'options.stall must be a positive integer, got 0'],
  ['steepest', { maxIterations: 0 }, RangeError, 'options.maxIterations must be a positive integer, got 0'],
  ['sa', { sweep: 10 }, RangeError, "options.sweep is not an option of the 'sa' sampler"],
  ['greedy', { initialStates: [] }, RangeError, "options.initialStates is not an option of the 'greedy' sampler"],
  ['exact', { reads: 3 }, RangeError, 'options.reads does not apply to the exact sampler; use options.k'],
  ['exact', { k: 0 }, RangeError, 'options.k must be a positive integer, got 0'],
  ['exact', { k: 5000 }, RangeError, 'options.k must be at most 4096, got 5000'],
];

describe('sampler validation', () => {
  it.each([...COMMON, ...SPECIFIC])('%s rejects %o', async (name, options, type, message) => {
    const run = getSampler(name as 'sa').sample(MODEL, options as never);
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.toBeInstanceOf(type);
  });

  it('rejects a missing or empty model and models too large for exact', async () => {
    await expect(samplers.sa.sample({} as never)).rejects.toThrow(new TypeError('model must be a Model, got object'));
    await expect(samplers.sa.sample(Model.fromQubo([]))).rejects.toThrow(new RangeError('model has no variables'));
    await expect(samplers.exact.sample(sparseModel(31, 1))).rejects.toThrow(new RangeError('model has 31 variables; the exact sampler enumerates at most 30'));
    await expect(samplers.sa.sample(MODEL, 5 as never)).rejects.toThrow(new TypeError('options must be an object, got 5'));
  });

  it('names the choices for an unknown sampler', () => {
    expect(() => getSampler('annealer' as never)).toThrow(
      new RangeError("name must be one of 'sa', 'sqa', 'pt', 'tabu', 'steepest', 'greedy', 'random', 'exact', got the string \"annealer\""),
    );
    expect(getSampler('pt')).toBe(samplers.pt);
  });

  it('progress() never throws either: the stream fails instead', async () => {
    const stream = samplers.sa.progress(MODEL, { reads: 0 });
    await expect(stream.result).rejects.toThrow('options.reads must be a positive integer, got 0');
    await expect((async () => { for await (const _ of stream); })()).rejects.toThrow(RangeError);
  });

  it("checks 'sample-shard' task specs at the executor", async () => {
    const inline = await createExecutor({ workers: 1, backend: 'reference' });
    const spec = {
      params: { sampler: 'sa', sweeps: 10, sweepsPerBeta: 1, shape: 'geometric', range: [0.1, 1], betas: null },
      model: MODEL.csr, seed: 1, start: 0, end: 2, slot: 0, chunk: 4, initial: null, given: null,
      stop: { deadline: Infinity, target: -Infinity, epsilon: 0, window: 0 },
    };
    const control = new ArrayBuffer(32);
    const ok = await inline.run({ kind: 'sample-shard', spec, control } as never);
    expect((ok as unknown as { rows: number }).rows).toBe(2);
    await expect(inline.run({ kind: 'sample-shard', spec: { ...spec, end: -1 }, control } as never)).rejects.toThrow(/task.spec.end must be an integer/);
    await expect(inline.run({ kind: 'sample-shard', spec: { ...spec, params: { ...spec.params, sampler: 'magic' } }, control } as never)).rejects.toThrow(/task.spec.params.sampler must be one of/);
    await expect(inline.run({ kind: 'sample-shard', spec, control: new ArrayBuffer(8) } as never)).rejects.toThrow('task.control is too small for task.spec.slot');
  });
});
