// Keeps the extender's current Decider and its background joint solve. Each cluster change
// (informer snapshot) is mapped at once into a new Decider that inherits the current plan pod by
// pod, so answers always see the latest cluster and never fall back to a worse plan. Solves
// are coalesced: at most one runs; changes that arrive meanwhile are solved once, for the
// newest snapshot only, when it ends. No Node API here.

import type { Placement } from '../scheduling/types.js';
import { Decider, type DeciderOptions } from './decide.js';
import type { Logger } from './log.js';
import { mapObjects, type MappedCluster } from './mapping.js';
import type { KubeObject } from './objects.js';

/** Options of the plan keeper. */
export interface PlanKeeperOptions {
  readonly decider?: DeciderOptions;
  /** Called after every adopted solve (metrics). */
  readonly onPlan?: (decider: Decider, placement: Placement) => void;
  /** Called after every mapped snapshot, with the decider now serving it. */
  readonly onSnapshot?: (mapped: MappedCluster, decider: Decider) => void;
  readonly logger?: Logger;
}

/** The current decider and the coalesced background solve. */
export class PlanKeeper {
  #current: Decider | undefined;
  #solving: Promise<void> | undefined;
  #dirty = false;
  readonly #opts: PlanKeeperOptions;
  readonly #ac = new AbortController();
  /** Solves run to completion, for tests and metrics. */
  solves = 0;

  constructor(options: PlanKeeperOptions = {}) {
    this.#opts = options;
  }

  /** The decider requests use now (undefined before the first snapshot). */
  get current(): Decider | undefined {
    return this.#current;
  }

  /** A new cluster snapshot: mapped now, solved in the background. Mapping errors keep the previous snapshot and are logged. */
  update(objects: readonly KubeObject[]): void {
    try {
      const mapped = mapObjects(objects);
      this.#current = new Decider(mapped, this.#opts.decider, this.#current);
      this.#opts.onSnapshot?.(mapped, this.#current);
    } catch (err) {
      this.#opts.logger?.error({ err }, 'snapshot could not be mapped; keeping the previous one');
      return;
    }
    this.replan();
  }

  /** Re-solves the current snapshot (coalesced with a solve already running). */
  replan(): void {
    if (this.#current === undefined || this.#ac.signal.aborted) return;
    if (this.#solving !== undefined) {
      this.#dirty = true;
      return;
    }
    const d = this.#current;
    this.#solving = d.replan(this.#ac.signal).then(
      (p) => { this.solves++; if (d === this.#current) this.#opts.onPlan?.(d, p); },
      (err: Error) => { if (!this.#ac.signal.aborted) this.#opts.logger?.error({ err }, 'replan failed; keeping the previous plan'); },
    ).finally(() => {
      this.#solving = undefined;
      if (this.#dirty || d !== this.#current) {
        this.#dirty = false;
        this.replan();
      }
    });
  }

  /** Resolves when no solve is running or pending. */
  async idle(): Promise<void> {
    while (this.#solving !== undefined) await this.#solving;
  }

  /** Aborts a running solve; no new ones start. */
  stop(): void {
    this.#ac.abort();
  }
}
