// Reading model files from disk on Node: the only file in src/qubo that imports a Node API
// (re-exported by src/index.ts, never by the core or edge entries). Gzipped files (bqp500.gz,
// bqp1000.gz) are recognised by their magic bytes, whatever their name. Rejects, never throws.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Vartype } from '../../kernels/contract.js';
import { checkOneOf } from '../../validate.js';
import type { Model } from '../model.js';
import { parseBiqMac, parseOrlibBqp, type BqpInstance } from './bqp.js';
import { parseCoo } from './coo.js';
import { parseGset, type MaxCutInstance } from './gset.js';
import { parseModelJson } from './json.js';

/** The file formats readModelFile knows. */
export type ModelFileFormat = 'gset' | 'orlib' | 'biqmac' | 'coo' | 'json';

/** What each format reads into. */
export interface ModelFileResult {
  gset: MaxCutInstance;
  orlib: BqpInstance[];
  biqmac: Model;
  coo: Model;
  json: Model;
}

/** Reads and parses one model file (gunzipped when gzipped); errors name its base name; options.vartype is for COO. */
export async function readModelFile<F extends ModelFileFormat>(path: string | URL, format: F, options?: { readonly vartype?: Vartype }): Promise<ModelFileResult[F]> {
  checkOneOf('format', format, ['gset', 'orlib', 'biqmac', 'coo', 'json'] as const);
  if (typeof path !== 'string' && !(path instanceof URL)) throw new TypeError(`path must be a string or a URL, got ${typeof path}`);
  let bytes: Buffer = await readFile(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  const file = basename(typeof path === 'string' ? path : fileURLToPath(path));
  const parsers: { [K in ModelFileFormat]: () => ModelFileResult[K] } = {
    gset: () => parseGset(text, { file }),
    orlib: () => parseOrlibBqp(text, { file }),
    biqmac: () => parseBiqMac(text, { file }),
    coo: () => parseCoo(text, { file, vartype: options?.vartype }),
    json: () => parseModelJson(text, { file }),
  };
  return parsers[format]();
}
