// Diagonal (cost) vectors, computed once per model in linear memory, and their compression to
// phase levels. Shared by both builds (these run once per model, not per layer); twin of
// src/kernels/statevector/reference-cost.ts.
//
// quboCost fills c[x] = E(bits of x) by doubling: c[x + 2^k] = c[x] + a_k + sum_{j<k} B_kj bit_j(x),
// so each value is a sum of at most n row terms (no drift from a long incremental walk). The
// model comes in "bit form" (the host converts SPIN with s = 1 - 2b): offset, a[n] and the strictly
// lower triangle of B in CSR (rowPtr i32[n+1], cols i32, vals f64).
//
// levels maps each amplitude to the index of its distinct cost value (u16, first-appearance
// order) so that a phase layer e^{i g c_x} costs one table lookup per amplitude instead of a
// sin/cos pair. Open addressing over 2^17 slots; more than 65536 distinct values returns -1.

/** out[x] = offset + sum_i a_i b_i + sum_{j<i} B_ij b_i b_j for x in [0, 2^n). */
export function quboCost(n: i32, offset: f64, a: usize, rowPtr: usize, cols: usize, vals: usize, out: usize): void {
  store<f64>(out, offset);
  for (let k = 0; k < n; k++) {
    const half: usize = <usize>1 << <usize>k;
    const ak = load<f64>(a + (<usize>k << 3));
    const e0 = load<i32>(rowPtr + (<usize>k << 2)), e1 = load<i32>(rowPtr + (<usize>(k + 1) << 2));
    for (let x: usize = 0; x < half; x++) {
      let d = ak;
      for (let e = e0; e < e1; e++) {
        const j = load<i32>(cols + (<usize>e << 2));
        d += load<f64>(vals + (<usize>e << 3)) * <f64>((x >>> <usize>j) & 1);
      }
      store<f64>(out + ((x + half) << 3), load<f64>(out + (x << 3)) + d);
    }
  }
}

const SLOTS_LOG: u32 = 17;
const SLOTS: usize = 1 << SLOTS_LOG;
/** Most distinct values a levels vector can index (u16). */
export const MAX_LEVELS: i32 = 65536;

/**
 * idx[x] = level of c[x]; writes the distinct values to `values` (f64[65536]) in first-appearance
 * order and returns their count, or -1 past 65536. `slots` is 4 * 2^17 bytes of scratch.
 */
export function costLevels(c: usize, n: i32, idx: usize, values: usize, slots: usize): i32 {
  memory.fill(slots, 0, SLOTS << 2);
  const size: usize = <usize>1 << <usize>n;
  let count: i32 = 0;
  for (let x: usize = 0; x < size; x++) {
    const v = load<f64>(c + (x << 3)) + 0.0; // -0 -> +0
    const bits = reinterpret<u64>(v);
    let h = <usize>(((bits ^ (bits >>> 29)) * 0xbf58476d1ce4e5b9) >>> (64 - SLOTS_LOG));
    let level: i32 = -1;
    while (true) {
      const s = load<i32>(slots + (h << 2));
      if (s == 0) {
        if (count == MAX_LEVELS) return -1;
        store<i32>(slots + (h << 2), count + 1);
        store<f64>(values + (<usize>count << 3), v);
        level = count++;
        break;
      }
      if (load<f64>(values + (<usize>(s - 1) << 3)) == v) {
        level = s - 1;
        break;
      }
      h = (h + 1) & (SLOTS - 1);
    }
    store<u16>(idx + (x << 1), <u16>level);
  }
  return count;
}

/** idx[x] = c[x] < threshold ? 1 : 0 (a Grover / Durr-Hoyer oracle over a cost vector). */
export function markBelow(c: usize, n: i32, threshold: f64, idx: usize): i32 {
  const size: usize = <usize>1 << <usize>n;
  let marked: i32 = 0;
  for (let x: usize = 0; x < size; x++) {
    const m: i32 = load<f64>(c + (x << 3)) < threshold ? 1 : 0;
    store<u16>(idx + (x << 1), <u16>m);
    marked += m;
  }
  return marked;
}
