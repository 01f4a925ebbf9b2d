// Small dense complex matrices as Float64Array (row-major, interleaved re/im), for gate
// matrices and fusion. Sizes are 2, 4 or 8, so plain loops are the right tool.

/** Dimension of a square complex matrix stored in `m`. */
export function dimOf(m: Float64Array): number {
  return Math.round(Math.sqrt(m.length / 2));
}

/** The identity of dimension d. */
export function identity(d: number): Float64Array {
  const m = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) m[2 * (i * d + i)] = 1;
  return m;
}

/** a · b (apply b first, then a). */
export function matmul(a: Float64Array, b: Float64Array): Float64Array {
  const d = dimOf(a);
  const out = new Float64Array(a.length);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let re = 0, im = 0;
      for (let k = 0; k < d; k++) {
        const ar = a[2 * (i * d + k)], ai = a[2 * (i * d + k) + 1];
        const br = b[2 * (k * d + j)], bi = b[2 * (k * d + j) + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out[2 * (i * d + j)] = re;
      out[2 * (i * d + j) + 1] = im;
    }
  }
  return out;
}

/** The conjugate transpose. */
export function adjoint(m: Float64Array): Float64Array {
  const d = dimOf(m);
  const out = new Float64Array(m.length);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      out[2 * (j * d + i)] = m[2 * (i * d + j)];
      out[2 * (j * d + i) + 1] = -m[2 * (i * d + j) + 1];
    }
  }
  return out;
}

/** hi ⊗ lo in little-endian local order: index = bit(lo qubit) | bit(hi qubit) << 1 (2x2 inputs). */
export function kron(hi: Float64Array, lo: Float64Array): Float64Array {
  const out = new Float64Array(32);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const h = 2 * ((r >> 1) * 2 + (c >> 1)), l = 2 * ((r & 1) * 2 + (c & 1));
      out[2 * (r * 4 + c)] = hi[h] * lo[l] - hi[h + 1] * lo[l + 1];
      out[2 * (r * 4 + c) + 1] = hi[h] * lo[l + 1] + hi[h + 1] * lo[l];
    }
  }
  return out;
}

/** A 4x4 matrix with its two local qubits exchanged (index bits swapped). */
export function swapQubits(m: Float64Array): Float64Array {
  const p = [0, 2, 1, 3];
  const out = new Float64Array(32);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      out[2 * (p[r] * 4 + p[c])] = m[2 * (r * 4 + c)];
      out[2 * (p[r] * 4 + p[c]) + 1] = m[2 * (r * 4 + c) + 1];
    }
  }
  return out;
}

/** Largest |(M†M − I)_ij|. */
export function unitarityError(m: Float64Array): number {
  const p = matmul(adjoint(m), m);
  const d = dimOf(m);
  let worst = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      worst = Math.max(worst, Math.hypot(p[2 * (i * d + j)] - (i === j ? 1 : 0), p[2 * (i * d + j) + 1]));
    }
  }
  return worst;
}

/** True when every off-diagonal entry is exactly zero. */
export function isDiagonal(m: Float64Array): boolean {
  const d = dimOf(m);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) if (i !== j && (m[2 * (i * d + j)] !== 0 || m[2 * (i * d + j) + 1] !== 0)) return false;
  }
  return true;
}

/** (a − b) · s, elementwise. */
export function scaledDifference(a: Float64Array, b: Float64Array, s: number): Float64Array {
  return a.map((v, i) => (v - b[i]) * s);
}
