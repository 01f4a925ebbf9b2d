// One shard of a sampler run, from spec to result: prepares the model on the given kernels,
// picks the runner, and drives it chunk by chunk. Between chunks it publishes progress, stops
// the whole run when a read reached the target (through the shared stop word), ends itself when
// the deadline has passed (after at least one chunk, so every read of a late-starting shard is
// still in the result), and ends when the stop word says so (abort, or another shard's target). `ShardRun` is stepped by the host in this thread (yielding to the event loop
// between chunks); `runShard` runs one to completion, which is what a pool worker does.
// No Node API here: `performance.now()` and `Date.now()` exist in every runtime.

import type { Kernels, PreparedModel } from '../../kernels/contract.js';
import { Control, STOP } from './control.js';
import { saRunner, sqaRunner } from './anneal.js';
import { exactRunner } from './exact.js';
import { greedyRunner, randomRunner, steepestRunner } from './local.js';
import type { Runner } from './runner.js';
import type { ShardResult, ShardSpec } from './spec.js';
import { tabuRunner } from './tabu.js';
import { ptRunner } from './tempering.js';

function createRunner(kernels: Kernels, model: PreparedModel, spec: ShardSpec): Runner {
  const p = spec.params;
  switch (p.sampler) {
    case 'sa': return saRunner(kernels, model, spec, p);
    case 'sqa': return sqaRunner(kernels, model, spec, p);
    case 'pt': return ptRunner(kernels, model, spec, p);
    case 'tabu': return tabuRunner(kernels, model, spec, p);
    case 'steepest': return steepestRunner(kernels, model, spec, p);
    case 'greedy': return greedyRunner(kernels, model, spec);
    case 'random': return randomRunner(kernels, model, spec);
    case 'exact': return exactRunner(kernels, model, spec, p);
  }
}

/** A shard being run a chunk at a time. */
export class ShardRun {
  readonly spec: ShardSpec;
  readonly #control: Control;
  readonly #release: () => void;
  readonly #runner: Runner;
  readonly #started = performance.now();
  #steps = 0;
  #stop: number = STOP.none;
  #ended = false;

  constructor(kernels: Kernels, spec: ShardSpec, control: Control) {
    this.spec = spec;
    this.#control = control;
    const model = kernels.prepare(spec.model);
    this.#release = () => model.dispose();
    try {
      this.#runner = createRunner(kernels, model, spec);
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /** Runs one chunk and the checks after it; false once the shard has ended. */
  step(): boolean {
    if (this.#ended) return false;
    const before = this.#control.code;
    if (before !== STOP.none) return this.#end(before);
    const more = this.#runner.step();
    this.#steps++;
    const best = this.#runner.best();
    this.#control.report(this.spec.slot, this.#runner.sweep(), best.energy, best.read);
    if (best.energy <= this.spec.stop.target) {
      this.#control.stop(STOP.target);
      return this.#end(STOP.target);
    }
    if (!more) return this.#end(STOP.none);
    // the deadline is each shard's own business: a shard that starts late still runs one chunk
    if (Date.now() >= this.spec.stop.deadline) return this.#end(STOP.time);
    const after = this.#control.code;
    return after === STOP.none ? true : this.#end(after);
  }

  /** The shard's rows; a shard stopped before its first chunk returns none. */
  finish(): ShardResult {
    this.#ended = true;
    try {
      const out = this.#runner.finish();
      const rows = this.#steps === 0 ? 0 : out.rows;
      return {
        states: out.states.slice(0, rows * this.spec.model.n), rows, units: out.units, converged: out.converged,
        natural: out.natural, stop: this.#stop, timeNs: Math.round((performance.now() - this.#started) * 1e6), extra: out.extra,
      };
    } finally {
      this.#release();
    }
  }

  #end(code: number): false {
    this.#stop = code;
    this.#ended = true;
    return false;
  }
}

/** Runs a shard to its end (the 'sample-shard' task); `control` is the run's shared control block. */
export function runShard(kernels: Kernels, spec: ShardSpec, control: ArrayBuffer | SharedArrayBuffer): ShardResult {
  const run = new ShardRun(kernels, spec, new Control(control));
  while (run.step());
  return run.finish();
}
