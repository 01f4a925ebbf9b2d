// Measurement kernels shared by both builds (memory-bound, run once per measurement): collapse
// of one qubit and sampling of many shots against one pass over the amplitudes. Twin of
// src/kernels/statevector/reference-expect.ts (collapse, sampleSorted).

/** Keeps the amplitudes whose qubit q equals `bit`, scaled by `scale`; zeroes the others. */
export function collapse(st: usize, n: i32, q: i32, bit: i32, scale: f64): void {
  const size: usize = <usize>1 << <usize>n;
  for (let x: usize = 0; x < size; x++) {
    const p = st + (x << 4);
    if (<i32>((x >>> <usize>q) & 1) == bit) {
      store<f64>(p, load<f64>(p) * scale);
      store<f64>(p, load<f64>(p, 8) * scale, 8);
    } else {
      store<f64>(p, 0.0);
      store<f64>(p, 0.0, 8);
    }
  }
}

/**
 * Inverse-CDF sampling: `us` holds `count` ascending uniforms in [0, norm); writes to out (i32)
 * the basis index whose cumulative-probability interval holds each one, in one pass. Zero-
 * probability states are never returned (the last state with mass takes any overshoot).
 */
export function sampleSorted(st: usize, n: i32, us: usize, count: i32, out: usize): void {
  const size: usize = <usize>1 << <usize>n;
  let x: usize = 0;
  let acc: f64 = 0.0;
  let last: usize = 0;
  for (let k = 0; k < count; k++) {
    const u = load<f64>(us + (<usize>k << 3));
    while (x < size) {
      const r = load<f64>(st + (x << 4)), i = load<f64>(st + (x << 4), 8);
      const p = r * r + i * i;
      if (p > 0.0) {
        if (acc + p > u) break;
        last = x;
      }
      acc += p;
      x++;
    }
    store<i32>(out + (<usize>k << 2), x < size ? <i32>x : <i32>last);
  }
}
