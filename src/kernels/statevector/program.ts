// Builds SvPrograms (see contract.ts): ops of 4 i32 and params in 64-byte slots. Used by the
// fuser (src/quantum/fusion.ts) and by tests; it does no validation (callers pass valid
// qubits and matrices).

import { OP, type SvProgram, type SvVector } from './contract.js';

/** Appends ops to a program; `build()` returns it. */
export class ProgramBuilder {
  #ops: number[] = [];
  #params: number[] = [];
  #vectors: SvVector[] = [];
  #maxLevels = 0;

  #slot(values: ArrayLike<number>): number {
    const p = this.#params.length / 8;
    for (let i = 0; i < values.length; i++) this.#params.push(values[i]);
    while (this.#params.length % 8 !== 0) this.#params.push(0);
    return p;
  }

  /** 2x2 complex matrix (8 f64, row-major re/im) on qubit q. */
  gate1(q: number, m: ArrayLike<number>): this {
    this.#ops.push(OP.GATE1, q, 0, this.#slot(m));
    return this;
  }
  /** 2x2 matrix on qubit q where every bit of cmask is set. */
  gate1c(q: number, cmask: number, m: ArrayLike<number>): this {
    this.#ops.push(OP.GATE1C, q, cmask, this.#slot(m));
    return this;
  }
  /** 4x4 complex matrix (32 f64), local index bit(qa) | bit(qb) << 1. */
  gate2(qa: number, qb: number, m: ArrayLike<number>): this {
    this.#ops.push(OP.GATE2, qa, qb, this.#slot(m));
    return this;
  }
  /** Diagonal of 4 complex entries indexed bit(lo) | bit(hi) << 1, lo < hi. */
  diag2(lo: number, hi: number, table: ArrayLike<number>): this {
    this.#ops.push(OP.DIAG2, lo, hi, this.#slot(table));
    return this;
  }
  /** Multiplies amplitude x by table[idx[x]] (complex pairs) for a u16 level vector. */
  levels(idx: SvVector, table: ArrayLike<number>): this {
    const levels = table.length / 2;
    this.#maxLevels = Math.max(this.#maxLevels, levels);
    this.#ops.push(OP.LEVELS, this.#vectors.push(idx) - 1, levels, this.#slot(table));
    return this;
  }
  /** Grover diffusion about the uniform mean. */
  reflect(): this {
    this.#ops.push(OP.REFLECT, 0, 0, 0);
    return this;
  }
  /** Number of ops so far. */
  get count(): number {
    return this.#ops.length / 4;
  }
  build(): SvProgram {
    return {
      ops: Int32Array.from(this.#ops),
      count: this.#ops.length / 4,
      params: Float64Array.from(this.#params),
      vectors: this.#vectors.slice(),
      maxLevels: this.#maxLevels,
    };
  }
}
