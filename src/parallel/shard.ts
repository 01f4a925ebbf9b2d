// Pure shard math, no threads: how N independent items (reads, restarts, chains) are split
// across workers, and which random stream each item draws from. Item k always uses stream k of
// the user's seed, whatever shard runs it, so a seed gives the same result for any worker count.

import { mix32 } from '../kernels/reference/rng.js';
import { checkInteger, checkSeed } from '../validate.js';

/** A half-open range [start, end) of item indices. */
export interface Shard {
  readonly start: number;
  readonly end: number;
}

/** Splits `total` items into at most `parts` contiguous shards whose sizes differ by ≤ 1. */
export function shardRanges(total: number, parts: number): Shard[] {
  checkInteger('total', total, 0);
  checkInteger('parts', parts, 1);
  const count = Math.min(parts, total);
  const shards: Shard[] = [];
  const base = Math.floor(total / Math.max(count, 1));
  const extra = total - base * count;
  let start = 0;
  for (let s = 0; s < count; s++) {
    const end = start + base + (s < extra ? 1 : 0);
    shards.push({ start, end });
    start = end;
  }
  return shards;
}

/** A seed derived from (seed, index): for nested randomness that needs a fresh 32-bit seed. */
export function deriveSeed(seed: number, index: number): number {
  return mix32((checkSeed('seed', seed) ^ mix32((index * 0x9e3779b9) >>> 0)) >>> 0);
}

/** The (seed, stream) pairs of items [start, end): stream k for item k, for manifests. */
export function streamSeeds(seed: number, shard: Shard): Array<{ item: number; seed: number; stream: number }> {
  checkSeed('seed', seed);
  const out = [];
  for (let k = shard.start; k < shard.end; k++) out.push({ item: k, seed, stream: k });
  return out;
}
