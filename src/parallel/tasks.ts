// What a worker can be asked to do, and the one function that does it. Shared by the pool's
// worker entry and the in-thread executor (workers: 1), so both compute the same thing. Tasks
// carry only structured-clonable data (typed arrays, numbers); no Node API here.
// 'sample-shard' runs one shard of a sampler (src/solve/engine): the one place this layer calls
// upward, because the worker must be able to run sampler code; the shard code is as Node-free
// as this file.

import { checkCsr } from '../kernels/checked.js';
import type { CsrArrays, Kernels } from '../kernels/contract.js';
import { checkFinite, checkInteger, checkSeed, checkTypedArray } from '../validate.js';
import { runShard } from '../solve/engine/shard.js';
import { checkShardSpec, type ShardResult, type ShardSpec } from '../solve/engine/spec.js';
import { schedule } from '../scheduling/schedule.js';
import type { ScheduleOptions } from '../scheduling/options.js';
import { runPimcChainTask, type PimcChainResult, type PimcChainTask } from '../scheduling/solvers/pimc-chain.js';
import type { Cluster, Placement, Workload } from '../scheduling/types.js';

/** A trivial round trip, for measuring the pool's overhead. */
export interface PingTask {
  readonly kind: 'ping';
  readonly value: number;
}

/** Energies of `count` states of a model (one shard of a batch). */
export interface EnergiesTask {
  readonly kind: 'energies';
  readonly model: CsrArrays;
  readonly states: Int8Array;
  readonly count: number;
}

/** Draws `count` doubles from stream `stream` of `seed` (one shard of a seeded job). */
export interface RandomTask {
  readonly kind: 'random';
  readonly seed: number;
  readonly stream: number;
  readonly count: number;
}

/** One shard of a sampler run; `control` is the run's stop word and progress block. */
export interface SampleShardTask {
  readonly kind: 'sample-shard';
  readonly spec: ShardSpec;
  readonly control: SharedArrayBuffer | ArrayBuffer;
}

/** A whole `schedule` in a worker, on the worker's kernels (scheduling/pool.ts: solveOnPool). */
export interface ScheduleTask {
  readonly kind: 'schedule';
  readonly cluster: Cluster;
  readonly workload: Workload;
  /** Structured-clonable options: no signal, kernels or pool (the worker supplies its kernels). */
  readonly options: Omit<ScheduleOptions, 'signal' | 'kernels' | 'pool'>;
}

export type { PimcChainTask };

export type Task = PingTask | EnergiesTask | RandomTask | SampleShardTask | PimcChainTask | ScheduleTask;

/**
 * The result type of each task kind. Not distributive over unions on purpose: TaskResult<Task>
 * is Float64Array, so the worker entry's `number | Float64Array` signature still type-checks
 * (it passes results through untouched; see the report on widening it to TaskResult).
 */
export type TaskResult<T extends Task> = [T] extends [PingTask] ? number : [T] extends [SampleShardTask] ? ShardResult
  : [T] extends [PimcChainTask] ? PimcChainResult : [T] extends [ScheduleTask] ? Placement : Float64Array;

/** Throws a TypeError/RangeError naming the field when `task` is malformed. */
export function checkTask(task: unknown): Task {
  if (task === null || typeof task !== 'object') throw new TypeError(`task must be an object, got ${task === null ? 'null' : typeof task}`);
  const t = task as Record<string, unknown>;
  switch (t.kind) {
    case 'ping':
      checkFinite('task.value', t.value);
      break;
    case 'energies': {
      const model = checkCsr(t.model, 'task.model');
      const count = checkInteger('task.count', t.count, 0, 0x7fffffff);
      const states = checkTypedArray('task.states', t.states, Int8Array);
      if (states.length !== count * model.n) throw new RangeError(`task.states must hold task.count × n = ${count * model.n} values, got ${states.length}`);
      const spin = model.vartype === 'SPIN';
      for (let k = 0; k < states.length; k++) {
        const v = states[k];
        if (spin ? v !== 1 && v !== -1 : v !== 0 && v !== 1) throw new RangeError(`task.states[${k}] must be ${spin ? '-1 or +1' : '0 or 1'}, got ${v}`);
      }
      break;
    }
    case 'random':
      checkSeed('task.seed', t.seed);
      checkSeed('task.stream', t.stream);
      checkInteger('task.count', t.count, 0, 1 << 28);
      break;
    case 'sample-shard':
      checkShardSpec('task.spec', t.spec);
      if (!(t.control instanceof ArrayBuffer) && !(typeof SharedArrayBuffer === 'function' && t.control instanceof SharedArrayBuffer)) {
        throw new TypeError('task.control must be a SharedArrayBuffer or an ArrayBuffer');
      }
      if ((t.control as ArrayBuffer).byteLength < 8 + 24 * ((t.spec as ShardSpec).slot + 1)) throw new RangeError('task.control is too small for task.spec.slot');
      break;
    case 'pimc-chain': {
      const pr = t.problem as Record<string, unknown> | null;
      if (pr === null || typeof pr !== 'object' || !Number.isInteger(pr.P) || !Number.isInteger(pr.N)) throw new TypeError('task.problem must be a CompiledProblem');
      const spec = t.spec as Record<string, unknown> | null;
      if (spec === null || typeof spec !== 'object') throw new TypeError('task.spec must be an object');
      checkSeed('task.spec.seed', spec.seed);
      checkInteger('task.spec.chain', spec.chain, 0, 0xffffffff);
      checkTypedArray('task.spec.start', spec.start, Int32Array);
      if ((spec.start as Int32Array).length !== pr.P) throw new RangeError(`task.spec.start must hold task.problem.P = ${pr.P} values`);
      if (typeof t.reference !== 'boolean') throw new TypeError('task.reference must be a boolean');
      break;
    }
    case 'schedule':
      for (const k of ['cluster', 'workload', 'options'] as const) {
        if (t[k] === null || typeof t[k] !== 'object') throw new TypeError(`task.${k} must be an object`);
      }
      for (const k of ['signal', 'kernels', 'pool']) {
        if ((t.options as Record<string, unknown>)[k] !== undefined) throw new TypeError(`task.options.${k} cannot cross to a worker`);
      }
      break;
    default:
      throw new RangeError(`task.kind must be one of 'ping', 'energies', 'random', 'sample-shard', 'pimc-chain', 'schedule', got ${JSON.stringify(t.kind)}`);
  }
  return task as Task;
}

/** Runs one task on `kernels` (input validated by checkTask); 'pimc-chain' and 'schedule' return a promise. */
export function runTask<T extends Task>(kernels: Kernels, task: T): TaskResult<T> {
  return run(kernels, task) as TaskResult<T>;
}

function run(kernels: Kernels, task: Task): number | Float64Array | ShardResult | Promise<PimcChainResult> | Promise<Placement> {
  switch (task.kind) {
    case 'pimc-chain':
      return runPimcChainTask(kernels, task);
    case 'schedule':
      return schedule(task.cluster, task.workload, { ...task.options, kernels: { unchecked: kernels } as never });
    case 'ping':
      return task.value;
    case 'sample-shard':
      return runShard(kernels, task.spec, task.control);
    case 'energies': {
      const model = kernels.prepare(task.model);
      try {
        const out = new Float64Array(task.count);
        kernels.energies(model, task.states, task.count, out);
        return out;
      } finally {
        model.dispose();
      }
    }
    case 'random': {
      const state = new Uint32Array(4);
      kernels.rngSeed(task.seed, task.stream, state);
      const out = new Float64Array(task.count);
      kernels.rngFillF64(state, out);
      return out;
    }
  }
}
