// SIMD CSR kernels: the same contract as csr_scalar.ts, with one independent state per f64 lane.
//
// WASM SIMD has no gather, so vectorising one sparse row does not pay. Instead four states are
// transposed into an interleaved f64 scratch X[j*4 + lane] (O(n) per group), and each non-zero
// Q_ij is loaded once and applied to all four lanes with two v128 loads, two mul and two add.
// Each lane performs exactly the scalar kernel's operations in the same order, so the results
// are bit-identical to csr_scalar.ts and to the reference. A last group with fewer than four
// states pads its lanes with zeros and discards them.
// `scratch` must hold n*4 f64 (32*n bytes).

import { energiesScalar, fieldsScalar } from "./csr_scalar";

const LANES: i32 = 4;

/** Transposes states [s0, s0+4) into X; lanes past `count` are zero. */
// @ts-ignore: decorator
@inline
function interleave(n: i32, states: usize, s0: i32, count: i32, x: usize): void {
  for (let l = 0; l < LANES; l++) {
    const s = s0 + l;
    const st = states + <usize>s * <usize>n;
    const dst = x + (<usize>l << 3);
    if (s < count) {
      for (let j = 0; j < n; j++) store<f64>(dst + (<usize>j << 5), <f64>load<i8>(st + <usize>j));
    } else {
      for (let j = 0; j < n; j++) store<f64>(dst + (<usize>j << 5), 0.0);
    }
  }
}

// @ts-ignore: decorator
@inline
function storeLanes(out: usize, stride: usize, s0: i32, count: i32, a01: v128, a23: v128): void {
  // out points at element i of state s0's row; stride is the byte distance between states' rows
  store<f64>(out, f64x2.extract_lane(a01, 0));
  if (s0 + 1 < count) store<f64>(out + stride, f64x2.extract_lane(a01, 1));
  if (s0 + 2 < count) store<f64>(out + 2 * stride, f64x2.extract_lane(a23, 0));
  if (s0 + 3 < count) store<f64>(out + 3 * stride, f64x2.extract_lane(a23, 1));
}

export function energiesSimd(
  n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize, offset: f64,
  states: usize, count: i32, out: usize, scratch: usize,
): void {
  if (count < 2) {
    energiesScalar(n, rowPtr, cols, vals, lin, offset, states, count, out, scratch);
    return;
  }
  for (let s0 = 0; s0 < count; s0 += LANES) {
    interleave(n, states, s0, count, scratch);
    let elin01 = f64x2.splat(0.0), elin23 = f64x2.splat(0.0);
    let eq01 = f64x2.splat(0.0), eq23 = f64x2.splat(0.0);
    let k0 = load<i32>(rowPtr);
    for (let i = 0; i < n; i++) {
      const k1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
      let a01 = f64x2.splat(0.0), a23 = f64x2.splat(0.0);
      for (let k = k0; k < k1; k++) {
        const q = f64x2.splat(load<f64>(vals + (<usize>k << 3)));
        const p = scratch + (<usize>load<i32>(cols + (<usize>k << 2)) << 5);
        a01 = f64x2.add(a01, f64x2.mul(q, v128.load(p)));
        a23 = f64x2.add(a23, f64x2.mul(q, v128.load(p, 16)));
      }
      k0 = k1;
      const h = f64x2.splat(load<f64>(lin + (<usize>i << 3)));
      const xi = scratch + (<usize>i << 5);
      const x01 = v128.load(xi), x23 = v128.load(xi, 16);
      elin01 = f64x2.add(elin01, f64x2.mul(h, x01));
      elin23 = f64x2.add(elin23, f64x2.mul(h, x23));
      eq01 = f64x2.add(eq01, f64x2.mul(x01, a01));
      eq23 = f64x2.add(eq23, f64x2.mul(x23, a23));
    }
    const off = f64x2.splat(offset), half = f64x2.splat(0.5);
    const e01 = f64x2.add(f64x2.add(off, elin01), f64x2.mul(half, eq01));
    const e23 = f64x2.add(f64x2.add(off, elin23), f64x2.mul(half, eq23));
    storeLanes(out + (<usize>s0 << 3), 8, s0, count, e01, e23);
  }
}

export function fieldsSimd(
  n: i32, rowPtr: usize, cols: usize, vals: usize, lin: usize, spin: i32, mode: i32,
  states: usize, count: i32, out: usize, scratch: usize,
): void {
  if (count < 2) {
    fieldsScalar(n, rowPtr, cols, vals, lin, spin, mode, states, count, out, scratch);
    return;
  }
  const stride = <usize>n << 3;
  const m2 = f64x2.splat(-2.0), one = f64x2.splat(1.0);
  for (let s0 = 0; s0 < count; s0 += LANES) {
    interleave(n, states, s0, count, scratch);
    const o = out + <usize>s0 * stride;
    let k0 = load<i32>(rowPtr);
    for (let i = 0; i < n; i++) {
      const k1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
      let a01 = f64x2.splat(0.0), a23 = f64x2.splat(0.0);
      let k = k0;
      // two non-zeros per iteration: asc does not unroll loops
      for (; k + 1 < k1; k += 2) {
        const q0 = f64x2.splat(load<f64>(vals + (<usize>k << 3)));
        const q1 = f64x2.splat(load<f64>(vals + (<usize>k << 3), 8));
        const p0 = scratch + (<usize>load<i32>(cols + (<usize>k << 2)) << 5);
        const p1 = scratch + (<usize>load<i32>(cols + (<usize>k << 2), 4) << 5);
        a01 = f64x2.add(a01, f64x2.mul(q0, v128.load(p0)));
        a23 = f64x2.add(a23, f64x2.mul(q0, v128.load(p0, 16)));
        a01 = f64x2.add(a01, f64x2.mul(q1, v128.load(p1)));
        a23 = f64x2.add(a23, f64x2.mul(q1, v128.load(p1, 16)));
      }
      if (k < k1) {
        const q = f64x2.splat(load<f64>(vals + (<usize>k << 3)));
        const p = scratch + (<usize>load<i32>(cols + (<usize>k << 2)) << 5);
        a01 = f64x2.add(a01, f64x2.mul(q, v128.load(p)));
        a23 = f64x2.add(a23, f64x2.mul(q, v128.load(p, 16)));
      }
      k0 = k1;
      const h = f64x2.splat(load<f64>(lin + (<usize>i << 3)));
      let f01 = f64x2.add(h, a01), f23 = f64x2.add(h, a23);
      if (mode != 0) {
        const xi = scratch + (<usize>i << 5);
        const x01 = v128.load(xi), x23 = v128.load(xi, 16);
        const d01 = spin ? f64x2.mul(m2, x01) : f64x2.sub(one, f64x2.mul(f64x2.splat(2.0), x01));
        const d23 = spin ? f64x2.mul(m2, x23) : f64x2.sub(one, f64x2.mul(f64x2.splat(2.0), x23));
        f01 = f64x2.mul(d01, f01);
        f23 = f64x2.mul(d23, f23);
      }
      storeLanes(o + (<usize>i << 3), stride, s0, count, f01, f23);
    }
  }
}
