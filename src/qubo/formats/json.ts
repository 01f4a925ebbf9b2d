// The Model JSON document as text (schema: ../json.ts). JSON syntax errors become a ParseError at
// the line the parser stopped on; a well-formed document with a wrong field becomes a ParseError
// for the whole file (line 0) carrying Model.fromJSON's message, which names the field.

import { Model } from '../model.js';
import { ParseError } from './errors.js';

/** Parses a qsched-model JSON document. */
export function parseModelJson(text: string, options?: { readonly file?: string }): Model {
  const file = options?.file ?? 'input';
  if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${text === null ? 'null' : typeof text}`);
  if (text.trim() === '') throw new ParseError(file, 1, 'a qsched-model JSON document', 'end of file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const position = at === null ? text.length : Number(at[1]);
    const line = text.slice(0, position).split('\n').length;
    throw new ParseError(file, line, 'valid JSON', message, { cause: e });
  }
  try {
    return Model.fromJSON(json);
  } catch (e) {
    throw new ParseError(file, 0, 'a qsched-model JSON document', (e as Error).message, { cause: e });
  }
}

/** The model as a qsched-model JSON document (pretty-printed when `indent` is given). */
export function formatModelJson(model: Model, indent?: number): string {
  if (!(model instanceof Model)) throw new TypeError('model must be a Model');
  return JSON.stringify(model.toJSON(), null, indent) + '\n';
}
