// Running a run's shards: in this thread, one chunk at a time with a yield to the event loop
// every YIELD_MS (so an abort, a timer or the caller's own work can interleave; the yields cost
// under 5% at that spacing), or on a pool, one 'sample-shard' task per shard, with progress
// read from the shared control block every POLL_MS. Shards in workers are never killed: the
// stop word ends them at their next chunk boundary, which also keeps the pool warm.

import type { Kernels } from '../kernels/contract.js';
import type { Executor } from '../parallel/pool.js';
import { Control, STOP } from './engine/control.js';
import { ShardRun } from './engine/shard.js';
import type { ShardResult, ShardSpec } from './engine/spec.js';
import type { Progress, SamplerName } from './types.js';

/** In-thread runs yield to the event loop this often (ms). */
export const YIELD_MS = 16;
/** Pool runs publish progress this often (ms). */
export const POLL_MS = 25;

/** Turns control-block slots into Progress callbacks; a throwing callback stops the run. */
export class ProgressEmitter {
  readonly #sampler: SamplerName;
  readonly #control: Control;
  readonly #shards: number;
  readonly #callback: ((p: Progress) => void) | undefined;
  readonly #started: number;
  readonly #last: Float64Array;
  failed = false;
  error: unknown;

  constructor(sampler: SamplerName, control: Control, shards: number, callback: ((p: Progress) => void) | undefined, started: number) {
    this.#sampler = sampler;
    this.#control = control;
    this.#shards = shards;
    this.#callback = callback;
    this.#started = started;
    // what Control.create writes: a shard is reported only once it has done some work
    this.#last = new Float64Array(2 * shards);
    for (let s = 0; s < shards; s++) this.#last[2 * s + 1] = Number.POSITIVE_INFINITY;
  }

  /** Reports shard `slot` when its progress changed since the last report. */
  emit(slot: number): void {
    if (this.#callback === undefined || this.failed) return;
    const own = this.#control.read(slot);
    if (own.sweep === this.#last[2 * slot] && own.bestEnergy === this.#last[2 * slot + 1]) return;
    this.#last[2 * slot] = own.sweep;
    this.#last[2 * slot + 1] = own.bestEnergy;
    let bestEnergy = Number.POSITIVE_INFINITY;
    let read = -1;
    for (let s = 0; s < this.#shards; s++) {
      const r = this.#control.read(s);
      if (r.bestEnergy < bestEnergy) {
        bestEnergy = r.bestEnergy;
        read = r.read;
      }
    }
    try {
      this.#callback({ sampler: this.#sampler, read, shard: slot, sweep: own.sweep, bestEnergy, elapsedMs: performance.now() - this.#started });
    } catch (err) {
      this.failed = true;
      this.error = err;
      this.#control.stop(STOP.aborted);
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs the shards one after another in this thread. */
export async function runInThread(kernels: Kernels, specs: readonly ShardSpec[], control: Control, progress: ProgressEmitter): Promise<ShardResult[]> {
  const results: ShardResult[] = [];
  let last = performance.now();
  for (const spec of specs) {
    const run = new ShardRun(kernels, spec, control);
    try {
      while (run.step()) {
        progress.emit(spec.slot);
        if (performance.now() - last >= YIELD_MS) {
          await yieldToEventLoop();
          last = performance.now();
        }
      }
      progress.emit(spec.slot);
    } catch (err) {
      run.finish();
      throw err;
    }
    results.push(run.finish());
  }
  return results;
}

/** Runs each shard as a 'sample-shard' task on the pool. */
export async function runOnPool(executor: Executor, specs: readonly ShardSpec[], control: Control, progress: ProgressEmitter): Promise<ShardResult[]> {
  const timer = setInterval(() => specs.forEach((s) => progress.emit(s.slot)), POLL_MS);
  try {
    return await Promise.all(
      specs.map(async (spec) => {
        try {
          const result = await executor.run({ kind: 'sample-shard', spec, control: control.buffer });
          progress.emit(spec.slot);
          return result;
        } catch (err) {
          control.stop(STOP.aborted); // a failed shard ends the others at their next chunk
          throw err;
        }
      }),
    );
  } finally {
    clearInterval(timer);
  }
}
