// Exact per-edge QAOA Max-Cut value on a D-regular graph of girth > 2p+1, i.e. on the edge's
// light cone, which is a tree. The fixed-angle figures need this: for p = 3 the smallest cubic
// graph of girth 8 has 30 vertices (past what a 2^n statevector can hold here), but the cone is
// small once its leaves are traced out. A leaf (distance p from the edge) meets the circuit only
// through its edge in the first cost layer; tracing it out dephases its parent by cos(γ_1 w),
// which is the mixture of starting the parent in |+⟩ with probability (1 + c)/2 and in |−⟩
// otherwise (c = product over the parent's leaves). The value is then a weighted sum of pure
// simulations of the inner nodes (14 qubits for D = 3, p = 3); tree symmetry merges the branches
// into orbits (21 instead of 256 there). Gradients: adjoint per branch plus the weights' γ_1 term.

import { checkInteger } from '../validate.js';
import { Circuit, type ParamExpr } from './circuit.js';
import { circuitGradient } from './gradient.js';
import { PauliSum } from './observable.js';
import type { Simulator } from './simulator.js';

interface Node { depth: number; children: number[] }

/** Per-edge value ⟨(1 − Z_u Z_v)/2⟩ of depth-p QAOA on a D-regular tree, as a function of x = [γ.., β..]. */
export class RegularTreeEdge {
  readonly degree: number;
  readonly p: number;
  /** Simulated (inner) qubits and the number of symmetry-merged branches. */
  readonly qubits: number;
  readonly branches: number;
  readonly #sim: Simulator;
  readonly #nodes: Node[];
  readonly #parents: number[];
  readonly #orbits: { minus: number[]; count: number }[];
  readonly #zz = PauliSum.parse('Z0 Z1');

  constructor(sim: Simulator, degree: number, p: number) {
    this.#sim = sim;
    this.degree = checkInteger('degree', degree, 2, 16);
    this.p = checkInteger('p', p, 1, 10);
    // inner nodes: distance < p from the edge (0, 1); each has degree − 1 children further out
    const nodes: Node[] = [{ depth: 0, children: [] }, { depth: 0, children: [] }];
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i].depth + 1 >= p) continue;
      for (let c = 0; c < degree - 1; c++) nodes[i].children.push(nodes.push({ depth: nodes[i].depth + 1, children: [] }) - 1);
    }
    if (nodes.length > 26) throw new RangeError(`degree ${degree} at p = ${p} needs ${nodes.length} inner qubits; at most 26`);
    this.#nodes = nodes;
    this.qubits = nodes.length;
    this.#parents = nodes.map((n, i) => (n.depth === p - 1 ? i : -1)).filter((i) => i >= 0);
    const orbits = new Map<string, { minus: number[]; count: number }>();
    for (let mask = 0; mask < 2 ** this.#parents.length; mask++) {
      const minus = this.#parents.filter((_, k) => (mask >> k) & 1);
      const set = new Set(minus);
      const canon = (i: number): string => (nodes[i].depth === p - 1 ? (set.has(i) ? '-' : '+') : `(${nodes[i].children.map(canon).sort().join('')})`);
      const key = [canon(0), canon(1)].sort().join('|');
      const o = orbits.get(key);
      if (o) o.count++;
      else orbits.set(key, { minus, count: 1 });
    }
    this.#orbits = [...orbits.values()];
    this.branches = this.#orbits.length;
  }

  /** The inner circuit with |−⟩ on the given parents; parameters γ_1..γ_p, β_1..β_p. */
  #circuit(minus: readonly number[]): Circuit {
    const c = new Circuit(this.qubits);
    const g = Array.from({ length: this.p }, (_, l) => c.parameter(`g${l}`));
    const b = Array.from({ length: this.p }, (_, l) => c.parameter(`b${l}`));
    for (let q = 0; q < this.qubits; q++) c.h(q);
    for (const q of minus) c.z(q);
    const edges: [number, number][] = [[0, 1]];
    this.#nodes.forEach((n, i) => n.children.forEach((ch) => edges.push([i, ch])));
    for (let l = 0; l < this.p; l++) {
      // e^{−iγ(1 − ZZ)/2} = RZZ(−γ) up to a global phase
      const rzz: ParamExpr = g[l].times(-1);
      for (const [u, v] of edges) c.rzz(rzz, u, v);
      for (let q = 0; q < this.qubits; q++) c.rx(b[l].times(2), q);
    }
    return c;
  }

  /** Branch weights and their γ_1 derivatives for orbit `o`. */
  #weight(minus: readonly number[], gamma1: number): [number, number] {
    const k = this.degree - 1; // leaves per parent
    const c = Math.cos(gamma1) ** k, dc = -k * Math.cos(gamma1) ** (k - 1) * Math.sin(gamma1);
    let w = 1, dw = 0;
    for (const par of this.#parents) {
      const s = minus.includes(par) ? -1 : 1;
      const f = (1 + s * c) / 2, df = (s * dc) / 2;
      dw = dw * f + w * df;
      w *= f;
    }
    return [w, dw];
  }

  /** Per-edge value and its gradient in x = [γ_1..γ_p, β_1..β_p]. */
  valueAndGradient(x: ArrayLike<number>): { value: number; gradient: Float64Array } {
    if (x.length !== 2 * this.p) throw new RangeError(`x must have 2p = ${2 * this.p} angles, got ${x.length}`);
    let zz = 0;
    const grad = new Float64Array(2 * this.p);
    for (const o of this.#orbits) {
      const [w, dw] = this.#weight(o.minus, x[0]);
      const r = circuitGradient(this.#sim, this.#circuit(o.minus), x, this.#zz, 'adjoint');
      zz += o.count * w * r.value;
      for (let i = 0; i < grad.length; i++) grad[i] += o.count * w * r.gradient[i];
      grad[0] += o.count * dw * r.value;
    }
    return { value: (1 - zz) / 2, gradient: grad.map((v) => -v / 2) };
  }

  /** Per-edge value ⟨(1 − Z_u Z_v)/2⟩ at x. */
  value(x: ArrayLike<number>): number {
    if (x.length !== 2 * this.p) throw new RangeError(`x must have 2p = ${2 * this.p} angles, got ${x.length}`);
    let zz = 0;
    for (const o of this.#orbits) {
      const s = this.#sim.run(this.#circuit(o.minus), x);
      zz += o.count * this.#weight(o.minus, x[0])[0] * s.expectation(this.#zz);
      s.dispose();
    }
    return (1 - zz) / 2;
  }
}
