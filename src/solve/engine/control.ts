// The channel between a run's host and its shards: one stop word that any side may set (the
// host on abort, a shard on reaching the target) and one progress slot per shard. (Deadlines
// are not shared: each shard checks its own, so a shard that starts late still runs a chunk.) Backed by a SharedArrayBuffer when shards run in workers, so a worker sees an abort or
// another shard's target between two chunks without any message; by a plain ArrayBuffer in
// this thread. Progress slots are advisory (read while being written); final results never
// come through here.

/** Stop codes; the first one set wins. */
export const STOP = { none: 0, aborted: 1, target: 2, time: 3 } as const;

/** What a progress slot holds. */
export interface SlotReport {
  readonly sweep: number;
  readonly bestEnergy: number;
  readonly read: number;
}

const SLOT = 3;

/** Stop word and progress slots over one buffer (header: 2 × i32, then 3 × f64 per shard). */
export class Control {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  readonly #flags: Int32Array;
  readonly #slots: Float64Array;

  constructor(buffer: ArrayBuffer | SharedArrayBuffer) {
    this.buffer = buffer;
    this.#flags = new Int32Array(buffer, 0, 2);
    this.#slots = new Float64Array(buffer, 8);
  }

  /** A fresh control block for `shards` shards; `shared` for shards that run in workers. */
  static create(shards: number, shared: boolean): Control {
    const bytes = 8 + 8 * SLOT * Math.max(shards, 1);
    const control = new Control(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    for (let s = 0; s < shards; s++) control.report(s, 0, Number.POSITIVE_INFINITY, -1);
    return control;
  }

  /** The stop code in force (STOP.none while running). */
  get code(): number {
    return Atomics.load(this.#flags, 0);
  }

  /** Sets the stop code unless one is already set. */
  stop(code: number): void {
    Atomics.compareExchange(this.#flags, 0, STOP.none, code);
  }

  /** Writes shard `slot`'s progress. */
  report(slot: number, sweep: number, bestEnergy: number, read: number): void {
    const base = SLOT * slot;
    this.#slots[base] = sweep;
    this.#slots[base + 1] = bestEnergy;
    this.#slots[base + 2] = read;
  }

  /** Reads shard `slot`'s progress. */
  read(slot: number): SlotReport {
    const base = SLOT * slot;
    return { sweep: this.#slots[base], bestEnergy: this.#slots[base + 1], read: this.#slots[base + 2] };
  }
}
