// Decision ids: short, unique within a process (and very likely across restarts). Separate
// from log.ts so the Node-free modules (controller, extender core) need no logger import.

let seq = 0;
const prefix = Math.floor(Math.random() * 0x10000).toString(36);

/** A new decision id, e.g. "k3f-1a". */
export function decisionId(): string {
  seq = (seq + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${seq.toString(36)}`;
}
