// Where the shared benchmark datasets live: ../shared/datasets beside the project (CI has it
// there; a user's clone usually does not). Data-backed tests call `datasetsPresent` and skip with
// a visible warning naming the folder when it is absent.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of ../shared/datasets (with a trailing slash). */
export const DATASETS = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));

/** Whether `sub` (a folder or file below the datasets) exists; warns once per call when not. */
export function datasetsPresent(sub: string, what: string): boolean {
  const ok = existsSync(DATASETS + sub);
  if (!ok) console.warn(`skipping ${what}: ${DATASETS}${sub} is absent`);
  return ok;
}
