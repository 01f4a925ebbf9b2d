// What a sampler's options resolve to before anything runs: the working model, how many
// items (reads, or Gray-code states) there are, the shard parameters with every default filled,
// and the manifest entries that report those defaults. Each sampler module (sa.ts, sqa.ts,
// local.ts, exact.ts) turns options into a Plan; run.ts executes any Plan the same way.

import type { Model } from '../qubo/model.js';
import type { ShardParams } from './engine/spec.js';
import type { FilledCommon, ResolvedInitial } from './options.js';
import type { ParamValue, SamplerName, WorkInfo } from './types.js';

/** A sampler run, resolved. */
export interface Plan {
  readonly sampler: SamplerName;
  readonly common: FilledCommon;
  /** The model the shards sample (the SPIN form for 'sqa'); results map back to the caller's model. */
  readonly work: Model;
  /** Reads (restarts, PT runs), or 2^n Gray-code states for 'exact'. */
  readonly items: number;
  readonly params: ShardParams;
  readonly chunk: number;
  /** Random streams per item (C + 1 for PT, 1 otherwise). */
  readonly streamsPerItem: number;
  readonly unit: WorkInfo['unit'];
  /** ε-window length when options.epsilon is set without options.window. */
  readonly defaultWindow: number;
  /** Initial states in the working model's vartype. */
  readonly initial: ResolvedInitial | null;
  /** Resolved sampler-specific parameters, for info.manifest.params. */
  readonly manifest: Readonly<Record<string, ParamValue>>;
  /** Occurrence count per item (polish keeps a set's counts); default 1. */
  readonly occurrences?: Int32Array;
}

/** A sampler's option resolver. */
export type Planner = (model: Model, options: Record<string, unknown>) => Plan;
