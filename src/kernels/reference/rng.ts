// xoshiro128** (Blackman & Vigna, 2018) in plain TypeScript: the bit-identical twin of
// assembly/rng.ts. 32-bit arithmetic through Math.imul and `>>> 0`, state in a Uint32Array(4).
// Seeding expands (seed, stream) with splitmix32-style mixing (Murmur3's fmix32 finaliser), so
// every read, replica or chain gets its own stream from one user seed: results for a seed do
// not depend on how work is split across workers.

const GOLDEN = 0x9e3779b9;

/** Murmur3 fmix32: a bijective 32-bit mixer. */
export function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Fills `state` (4 words) for stream `stream` of `seed`; never all-zero. */
export function rngSeed(seed: number, stream: number, state: Uint32Array): void {
  let z = (seed ^ mix32((stream + GOLDEN) >>> 0)) >>> 0;
  for (let k = 0; k < 4; k++) {
    z = (z + GOLDEN) >>> 0;
    state[k] = mix32(z);
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
}

/** Next 32-bit output; advances `s`. */
export function rngNextU32(s: Uint32Array): number {
  const s1 = s[1];
  const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return r;
}

/** Uniform double in [0, 1) with 53 random bits from two draws. */
export function rngNextF64(s: Uint32Array): number {
  const a = rngNextU32(s) >>> 5;
  const b = rngNextU32(s) >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A small seeded generator object for host-side code (instance generators, shuffles). */
export class Rng {
  readonly #state = new Uint32Array(4);
  constructor(seed: number, stream = 0) {
    rngSeed(seed >>> 0, stream >>> 0, this.#state);
  }
  /** Next 32-bit unsigned integer. */
  u32(): number {
    return rngNextU32(this.#state);
  }
  /** Next double in [0, 1). */
  float(): number {
    return rngNextF64(this.#state);
  }
  /** Uniform integer in [0, bound), bound ≤ 2^32 (Lemire's rejection keeps it unbiased). */
  below(bound: number): number {
    const limit = 0x100000000 - (0x100000000 % bound);
    for (;;) {
      const x = rngNextU32(this.#state);
      if (x < limit) return x % bound;
    }
  }
}
