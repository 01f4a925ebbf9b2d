// What a worker can be asked to do, and the one function that does it. Shared by the pool's
// worker entry and the in-thread executor (workers: 1), so both compute the same thing. Tasks
// carry only structured-clonable data (typed arrays, numbers); no Node API here.

import type { CsrArrays, Kernels } from '../kernels/contract.js';

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

export type Task = PingTask | EnergiesTask | RandomTask;

/** The result type of each task kind. */
export type TaskResult<T extends Task> = T extends PingTask ? number : Float64Array;

/** Runs one task on `kernels` (already validated input). */
export function runTask(kernels: Kernels, task: Task): number | Float64Array {
  switch (task.kind) {
    case 'ping':
      return task.value;
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
