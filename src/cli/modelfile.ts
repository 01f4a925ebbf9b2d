// Loading a model file for `qsched sample` and `qsched bench`: the CLI's format names mapped to
// the readers in src/qubo/formats, the instance chosen in multi-instance files, and how to turn
// an energy back into the file's own objective (the cut for Gset, the maximum for OR-Library).

import type { Model } from '../qubo/model.js';
import { readModelFile } from '../qubo/formats/node.js';
import type { Vartype } from '../kernels/contract.js';
import { UsageError } from './command.js';

export const CLI_FORMATS = ['gset', 'bqp', 'sparse', 'coo', 'json'] as const;
export type CliFormat = (typeof CLI_FORMATS)[number];

/** A model with the file's own objective, when it has one. */
export interface LoadedModel {
  readonly model: Model;
  readonly name: string;
  /** e.g. 'cut' (Gset) or 'maximum' (OR-Library); undefined when the file is a plain energy. */
  readonly objectiveName?: string;
  readonly objective?: (energy: number) => number;
}

/** Reads FILE in `format`; `instance` (1-based) picks a problem of a multi-problem file. */
export async function loadModel(path: string, format: CliFormat, instance = 1, vartype?: Vartype): Promise<LoadedModel> {
  switch (format) {
    case 'gset': {
      const g = await readModelFile(path, 'gset');
      return { model: g.model, name: path, objectiveName: 'cut', objective: (e) => (g.totalWeight - e) / 2 };
    }
    case 'bqp': {
      const all = await readModelFile(path, 'orlib');
      if (instance < 1 || instance > all.length) throw new UsageError(`--instance must be in [1, ${all.length}] for ${path}, got ${instance}`);
      const inst = all[instance - 1];
      return { model: inst.model, name: inst.name, objectiveName: 'maximum', objective: (e) => -e };
    }
    case 'sparse':
      return { model: await readModelFile(path, 'biqmac'), name: path };
    case 'coo':
      return { model: await readModelFile(path, 'coo', { vartype }), name: path };
    case 'json':
      return { model: await readModelFile(path, 'json'), name: path };
  }
}
