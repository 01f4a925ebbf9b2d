// xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, 32-bit outputs, period 2^128 - 1.
// Bit-identical twin of src/kernels/reference/rng.ts: the same seeding (splitmix32 expansion
// of a 32-bit seed and a 32-bit stream index) and the same float derivation, so the reference
// and WASM backends draw exactly the same numbers for a seed.
//
// The state lives in linear memory (4 x u32 at `state`), not in globals, so one instance can
// run many independent streams (one per read or replica) and the host can save and restore it.

// @ts-ignore: decorator
@inline
function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32 step: returns the next mixed word for the seed sequence `z`. */
// @ts-ignore: decorator
@inline
export function mix32(z: u32): u32 {
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

/** Fills the 4-word state at `state` from (seed, stream). Never all-zero. */
export function rngSeed(state: usize, seed: u32, stream: u32): void {
  let z: u32 = seed ^ mix32(stream + 0x9e3779b9);
  for (let k: usize = 0; k < 4; k++) {
    z += 0x9e3779b9;
    store<u32>(state + (k << 2), mix32(z));
  }
  if ((load<u32>(state) | load<u32>(state, 4) | load<u32>(state, 8) | load<u32>(state, 12)) == 0) {
    store<u32>(state, 1);
  }
}

/** Next 32-bit output of the stream whose state is at `state`. */
// @ts-ignore: decorator
@inline
export function rngNextU32(state: usize): u32 {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
  return result;
}

/** Uniform double in [0, 1) with 53 random bits, from two consecutive u32 draws. */
// @ts-ignore: decorator
@inline
export function rngNextF64(state: usize): f64 {
  const a = rngNextU32(state) >>> 5; // 27 bits
  const b = rngNextU32(state) >>> 6; // 26 bits
  return (<f64>a * 67108864.0 + <f64>b) * (1.0 / 9007199254740992.0);
}

/** Writes `count` u32 draws to `out`, advancing the stream at `state`. */
export function rngFillU32(state: usize, out: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    store<u32>(out + (<usize>k << 2), rngNextU32(state));
  }
}

/** Writes `count` f64 draws in [0, 1) to `out`, advancing the stream at `state`. */
export function rngFillF64(state: usize, out: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    store<f64>(out + (<usize>k << 3), rngNextF64(state));
  }
}
