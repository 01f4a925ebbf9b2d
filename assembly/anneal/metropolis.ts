// The Metropolis acceptance rule of every annealing kernel: bit-identical twin of
// src/kernels/reference/metropolis.ts. Each attempt takes one u32 draw u and accepts iff
// beta * dE < negLog(u) = -ln((u + 1/2) * 2^-32). The draws and their logarithms for a whole sweep
// are computed before it (fillNegLog), in a branch-free pass, so the update loop holds one
// multiply and one compare. Math.log is not used: its last bit may differ from V8's.

const LN2: f64 = 0.6931471805599453;

// The polynomial is one long dependent chain (11 multiply-adds after a divide); one chain per
// iteration left the fill latency-bound (measured 7.2 ns per draw). Two independent chains per
// iteration, in the two f64 lanes of a v128 in the SIMD build and interleaved scalars otherwise,
// let them overlap. Each lane does exactly the scalar operations, so the results are identical.

// @ts-ignore: decorator
@inline
function mantissa(u: u32): f64 {
  const z = <i32>clz<u32>(u);
  // (u + 1/2) * 2^(z - 31), with the power built from exponent bits: exact, in [1, 2)
  return (<f64>u + 0.5) * reinterpret<f64>(<i64>(1023 + z - 31) << 52);
}

// @ts-ignore: decorator
@inline
function series(s2: f64): f64 {
  let p: f64 = 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  return p * s2 + 1.0;
}

/**
 * The acceptance test on a precomputed threshold L = negLog(u): a move with energy change delta
 * is accepted iff beta*delta < L, except that a zero-energy move is accepted only when L > ln 2
 * (i.e. with probability 1/2). Accepting every zero move made sequential sweeps on plateaus
 * deterministic: on a frustrated ring the domain walls moved in lockstep with the sweep and never
 * met (a 5-cycle stayed at E = 1 forever at low temperature). Any constant acceptance of zero
 * moves keeps detailed balance; 1/2 breaks the lockstep.
 */
// @ts-ignore: decorator
@inline
export function accepts(beta: f64, delta: f64, threshold: f64): bool {
  return beta * delta < threshold && (delta != 0.0 || threshold > LN2);
}

/**
 * -ln((u + 1/2) * 2^-32), the same arithmetic as the TypeScript twin: u = m * 2^-(z+1) with
 * z = clz(u), m in [1, 2); ln m = 2 atanh(s), s = (m - 1)/(m + 1) in [0, 1/3), series to s^21.
 * No compare and no branch (V8 compiles an f64 select to a branch, which mispredicts).
 */
// @ts-ignore: decorator
@inline
export function negLog(u: u32): f64 {
  const m = mantissa(u);
  const s = (m - 1.0) / (m + 1.0);
  return <f64>(<i32>clz<u32>(u) + 1) * LN2 - 2.0 * s * series(s * s);
}

// @ts-ignore: decorator
@inline
function series2(s2: v128): v128 {
  let p = f64x2.splat(1.0 / 21.0);
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 19.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 17.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 15.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 13.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 3.0));
  return f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0));
}

/** negLog of two draws at once, one per lane; stores both at `out`. */
// @ts-ignore: decorator
@inline
function negLog2(u0: u32, u1: u32, out: usize): void {
  if (ASC_FEATURE_SIMD) {
    const m = f64x2.replace_lane(f64x2.splat(mantissa(u0)), 1, mantissa(u1));
    const one = f64x2.splat(1.0);
    const s = f64x2.div(f64x2.sub(m, one), f64x2.add(m, one));
    const e = f64x2.replace_lane(f64x2.splat(<f64>(<i32>clz<u32>(u0) + 1)), 1, <f64>(<i32>clz<u32>(u1) + 1));
    const r = f64x2.sub(f64x2.mul(e, f64x2.splat(LN2)), f64x2.mul(f64x2.mul(f64x2.splat(2.0), s), series2(f64x2.mul(s, s))));
    v128.store(out, r);
  } else {
    const m0 = mantissa(u0);
    const m1 = mantissa(u1);
    const s0 = (m0 - 1.0) / (m0 + 1.0);
    const s1 = (m1 - 1.0) / (m1 + 1.0);
    const p0 = series(s0 * s0);
    const p1 = series(s1 * s1);
    store<f64>(out, <f64>(<i32>clz<u32>(u0) + 1) * LN2 - 2.0 * s0 * p0);
    store<f64>(out, <f64>(<i32>clz<u32>(u1) + 1) * LN2 - 2.0 * s1 * p1, 8);
  }
}

/**
 * Draws `count` u32 from the xoshiro128** stream at `rng` (state kept in locals, written back)
 * and stores negLog of each, in order, to `out` (f64[count]).
 */
export function fillNegLog(rng: usize, out: usize, count: i32): void {
  let s0 = load<u32>(rng), s1 = load<u32>(rng, 4), s2 = load<u32>(rng, 8), s3 = load<u32>(rng, 12);
  let k = 0;
  for (; k < count; k++) {
    const u = rotl<u32>(s1 * 5, 7) * 9;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    if (k + 1 == count) {
      store<f64>(out + (<usize>k << 3), negLog(u));
      break;
    }
    const u1 = rotl<u32>(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    negLog2(u, u1, out + (<usize>k << 3));
    k++;
  }
  store<u32>(rng, s0);
  store<u32>(rng, s1, 4);
  store<u32>(rng, s2, 8);
  store<u32>(rng, s3, 12);
}
