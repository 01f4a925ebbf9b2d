// Every error qsched raises comes from here, so callers can branch on one set of classes.
// Wrong types are TypeError, wrong values RangeError (both name the offending field);
// cancellation is AbortError carrying the abort reason as `cause`; a worker that fails is
// WorkerError. Async APIs reject with these, they never throw synchronously.

/** A task was cancelled through an AbortSignal; `cause` is the signal's reason. */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A worker threw, crashed or was terminated while running a task. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The WASM binaries could not be found, compiled or instantiated. */
export class KernelLoadError extends Error {
  override readonly name = 'KernelLoadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Turns an AbortSignal's state into the AbortError qsched rejects with. */
export function abortErrorFrom(signal: AbortSignal): AbortError {
  const reason: unknown = signal.reason;
  const detail = reason instanceof Error ? `: ${reason.message}` : reason !== undefined ? `: ${String(reason)}` : '';
  return new AbortError(`The operation was aborted${detail}`, { cause: reason });
}
