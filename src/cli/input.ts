// Reading problem files for the CLI: JSON or YAML (chosen by extension, or by content when the
// extension says neither), with errors that name the file. YAML uses the `yaml` package.

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './command.js';

/** Parses a JSON or YAML file into a plain value; a UsageError names the file on failure. */
export function readStructured(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  const yaml = ext === '.yaml' || ext === '.yml' || (ext !== '.json' && !/^\s*[{[]/.test(text));
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${basename(path)}: not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
}
