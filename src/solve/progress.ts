// Best-so-far as an async iterator: `for await (const p of sampler.progress(model, options))`.
// The run starts at once; each iteration yields the newest report (reports that arrive while
// the consumer is busy are coalesced into the latest: best-so-far only improves, so nothing is
// lost but intermediate steps). The loop ends when the run ends, throws if the run fails, and
// breaking out of it aborts the run (then `result` rejects with AbortError, or resolves with
// the partial set under onAbort 'partial'). `result` is the run's SampleSet either way.

import { AbortError } from '../errors.js';
import type { SampleSet } from './sampleset.js';
import type { Progress } from './types.js';

/** An async iterable of progress reports plus the run's result. */
export interface ProgressStream extends AsyncIterable<Progress> {
  /** The SampleSet, as `sample()` would return it. */
  readonly result: Promise<SampleSet>;
}

/** Starts `start(onProgress, signal)` and exposes its reports as a ProgressStream. */
export function progressStream(
  start: (onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<SampleSet>,
  userSignal: unknown,
): ProgressStream {
  const controller = new AbortController();
  if (userSignal instanceof AbortSignal) {
    if (userSignal.aborted) controller.abort(userSignal.reason);
    else userSignal.addEventListener('abort', () => controller.abort(userSignal.reason), { once: true });
  }
  let pending: Progress | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const result = start((p) => {
    pending = p;
    notify();
  }, controller.signal);
  result.then(
    () => {
      finished = true;
      notify();
    },
    (error: unknown) => {
      finished = true;
      failure = { error };
      notify();
    },
  );

  const iterator: AsyncIterator<Progress> = {
    async next() {
      for (;;) {
        if (pending !== undefined) {
          const value = pending;
          pending = undefined;
          return { value, done: false };
        }
        if (finished) {
          if (failure !== undefined) throw failure.error;
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return() {
      if (!finished) controller.abort(new AbortError('progress iteration ended before the run'));
      return { value: undefined, done: true };
    },
  };
  return { result, [Symbol.asyncIterator]: () => iterator };
}
