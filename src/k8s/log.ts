// Structured JSON logs (pino). Every decision gets an id; log lines about it carry the id and
// the pod (`namespace/name`), so one pod's path through filter → prioritize → bind, or through a
// controller batch, can be followed with one query.

import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** A JSON logger; `level` 'silent' for none. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const opts = { name: 'qsched', level: options.level ?? 'info', base: { name: 'qsched' } };
  return options.destination !== undefined ? pino(opts, options.destination) : pino(opts);
}

export { decisionId } from './ids.js';
