// A QAOA instance prepared on a simulator: the cost vector c_x = E(x) is computed once in WASM
// (svQuboCost) and compressed to phase levels (svCostLevels), so each cost layer e^{iγE} is one
// elementwise pass with a table lookup (e^{iγE_k} for the k-th distinct energy), not a sin/cos per
// amplitude. Past 65536 distinct energies the layer falls back to exact diagonal gates (one per
// term, fused into 2-qubit diagonal blocks). The whole p-layer circuit is one program, so an
// evaluation is one kernel call plus one expectation pass.
//
// Convention (the published one): |ψ⟩ = Π_k e^{−iβ_k B} e^{−iγ_k C} |s⟩ with C = −E (QAOA maximizes
// C, we minimize E; for Max-Cut C is the cut), B = Σ X_i, or the XY ring mixer
// Π exp(−iβ(XX+YY)/2) over neighbours inside each one-hot group (|s⟩ = a W state per group).
// Parameters x = [γ_1..γ_p, β_1..β_p]. Gradients by adjoint differentiation, with the layers as
// generator ops (no per-gate derivative passes for the cost and X layers).

import type { CsrArrays } from '../kernels/contract.js';
import type { BitForm, PauliGroup, SvProgram, SvVector } from '../kernels/statevector/contract.js';
import { ProgramBuilder } from '../kernels/statevector/program.js';
import { checkInteger } from '../validate.js';
import { compileGates, emitBlock, type UnitGate } from './fusion.js';
import { GATES, matrixDerivative } from './gates.js';
import { adjointGradient, type DiffOp } from './gradient.js';
import { adjoint } from './linalg.js';
import { preflight } from './memory.js';
import { bitForm, bitFormValue, zForm } from './qaoa-cost.js';
import type { Simulator, Statevector } from './simulator.js';

/** The mixer: 'x' (transverse field) or the XY ring mixer inside one-hot groups of qubits. */
export type Mixer = 'x' | { readonly xy: readonly (readonly number[])[] };

const H = Float64Array.from([Math.SQRT1_2, 0, Math.SQRT1_2, 0, Math.SQRT1_2, 0, -Math.SQRT1_2, 0]);

/** A QAOA cost prepared on a simulator. Call dispose() to release its vectors. */
export class QaoaProblem {
  readonly n: number;
  readonly form: BitForm;
  /** Lowest and highest energy over all basis states. */
  readonly minimum: number;
  readonly maximum: number;
  readonly #sim: Simulator;
  readonly #cost: SvVector;
  readonly #idx: SvVector | undefined;
  readonly #levels: Float64Array | undefined;
  readonly #groups: readonly (readonly number[])[];
  readonly #free: number[];
  readonly #costGen: PauliGroup[];
  readonly #init: Statevector | undefined;

  constructor(sim: Simulator, csr: CsrArrays, mixer: Mixer = 'x', options?: { readonly levels?: boolean }) {
    this.#sim = sim;
    this.n = csr.n;
    this.form = bitForm(csr);
    const n = this.n;
    this.#groups = mixer === 'x' ? [] : checkGroups(mixer, n);
    const grouped = new Set(this.#groups.flat());
    this.#free = Array.from({ length: n }, (_, q) => q).filter((q) => !grouped.has(q));
    preflight(sim.kernels, n, { states: 3 + (this.#groups.length ? 1 : 0), f64Vectors: 1, u16Vectors: 1 }, 'model.n'); // before any allocation
    const k = sim.kernels;
    this.#cost = k.allocVector('f64', 2 ** n);
    k.quboCost(this.form, this.#cost);
    const idx = k.allocVector('u16', 2 ** n);
    const values = new Float64Array(65536);
    const count = options?.levels === false ? -1 : k.costLevels(this.#cost, idx, values); // levels: false forces the gate fallback (tests, bench)
    if (count > 0) {
      this.#idx = idx;
      this.#levels = values.slice(0, count);
      this.minimum = Math.min(...this.#levels);
      this.maximum = Math.max(...this.#levels);
    } else {
      k.free(idx);
      const c = new Float64Array(2 ** n);
      k.readVector(this.#cost, c);
      this.minimum = c.reduce((a, b) => Math.min(a, b), Infinity);
      this.maximum = c.reduce((a, b) => Math.max(a, b), -Infinity);
    }
    // generator of e^{iγE} = e^{−iγ(−E)}: −E as one flip-0 group (constant included)
    const z = zForm(csr);
    const g = z.groups[0] ?? { flip: 0, z: new Int32Array(0), w: new Float64Array(0) };
    this.#costGen = [{ flip: 0, z: Int32Array.from([0, ...g.z]), w: Float64Array.from([-z.constant, 0, ...g.w.map((v) => -v)]) }];
    this.#init = this.#groups.length ? this.#initialState() : undefined;
  }

  /** Energy of basis state x (host side). */
  energy(x: number): number {
    return bitFormValue(this.form, x);
  }

  /** Product of W states over the groups and |+⟩ on the other qubits. */
  #initialState(): Statevector {
    const n = this.n;
    const a = new Float64Array(2 ** (n + 1));
    const amp = this.#groups.reduce((s, g) => s / Math.sqrt(g.length), 1) / Math.sqrt(2 ** this.#free.length);
    const masks = this.#groups.map((g) => g.reduce((m, q) => m | (1 << q), 0));
    for (let x = 0; x < 2 ** n; x++) {
      if (masks.every((m) => { const v = x & m; return v !== 0 && (v & (v - 1)) === 0; })) a[2 * x] = amp;
    }
    const s = this.#sim.state(n);
    s.setAmplitudes(a);
    return s;
  }

  /** The cost layer e^{iγE} (and its derivative table when `derivative`). */
  #costLayer(pb: ProgramBuilder, gamma: number, sign = 1): void {
    if (this.#levels !== undefined) {
      const t = new Float64Array(2 * this.#levels.length);
      this.#levels.forEach((e, k) => ((t[2 * k] = Math.cos(sign * gamma * e)), (t[2 * k + 1] = Math.sin(sign * gamma * e))));
      pb.levels(this.#idx!, t);
      return;
    }
    const f = this.form, gates: UnitGate[] = [];
    const phase = (v: number) => Float64Array.from([1, 0, 0, 0, 0, 0, Math.cos(sign * gamma * v), Math.sin(sign * gamma * v)]);
    for (let i = 0; i < f.n; i++) if (f.a[i] !== 0) gates.push({ qubits: [i], matrix: phase(f.a[i]) });
    for (let i = 0; i < f.n; i++) {
      for (let e = f.rowPtr[i]; e < f.rowPtr[i + 1]; e++) {
        const m = new Float64Array(32);
        for (let d = 0; d < 3; d++) m[2 * (d * 4 + d)] = 1;
        m[30] = Math.cos(sign * gamma * f.vals[e]);
        m[31] = Math.sin(sign * gamma * f.vals[e]);
        gates.push({ qubits: [f.cols[e], i], matrix: m });
      }
    }
    const prog = compileGates(gates, this.n, 2);
    appendProgram(pb, prog);
  }

  /** Mixer gates for angle β (×sign) as units: RX(2β) on free qubits, XY on group rings. */
  #mixerGates(beta: number, sign = 1): { qubits: number[]; matrix: Float64Array; name: string }[] {
    const out = this.#free.map((q) => ({ qubits: [q], matrix: GATES.get('rx')!.matrix([2 * beta * sign]), name: 'rx' }));
    for (const g of this.#groups) for (const [a, b] of ring(g)) out.push({ qubits: [a, b], matrix: GATES.get('xx_plus_yy')!.matrix([2 * beta * sign]), name: 'xx_plus_yy' });
    return out;
  }

  /** The whole circuit for x = [γ.., β..] as one program (from |0…0⟩ for the X mixer). */
  program(x: Float64Array): SvProgram {
    const p = x.length / 2, pb = new ProgramBuilder();
    if (this.#init === undefined) for (let q = 0; q < this.n; q++) pb.gate1(q, H);
    for (let l = 0; l < p; l++) {
      this.#costLayer(pb, x[l]);
      for (const g of this.#mixerGates(x[p + l])) emitBlock(pb, g, this.n);
    }
    return pb.build();
  }

  /** Prepares |ψ(x)⟩ in `s` (one kernel call after the reset). */
  prepare(s: Statevector, x: Float64Array): void {
    if (this.#init !== undefined) s.copyFrom(this.#init);
    else s.setBasis(0);
    s.runProgram(this.program(x));
  }

  /** ⟨E⟩ at x = [γ_1..γ_p, β_1..β_p]. */
  expectation(x: Float64Array): number {
    const s = this.#sim.state(this.n);
    try {
      this.prepare(s, x);
      return this.#sim.kernels.expectDiag(s.handle, this.#cost);
    } finally {
      s.dispose();
    }
  }

  /** ⟨E⟩ and its gradient in x, by adjoint differentiation. */
  gradient(x: Float64Array): { value: number; gradient: Float64Array } {
    const p = x.length / 2, n = this.n, ops: DiffOp[] = [];
    const prog = (f: (pb: ProgramBuilder) => void) => {
      const pb = new ProgramBuilder();
      f(pb);
      return pb.build();
    };
    if (this.#init === undefined) {
      const h = prog((pb) => { for (let q = 0; q < n; q++) pb.gate1(q, H); });
      ops.push({ forward: h, inverse: h, derivatives: [] });
    }
    const xGroups = this.#free.map((q) => ({ flip: 1 << q, z: Int32Array.of(0), w: Float64Array.of(1, 0) }));
    for (let l = 0; l < p; l++) {
      ops.push({
        forward: prog((pb) => this.#costLayer(pb, x[l])),
        inverse: prog((pb) => this.#costLayer(pb, x[l], -1)),
        derivatives: [],
        generators: [{ param: l, scale: 1, groups: this.#costGen }],
      });
      const free = this.#mixerGates(x[p + l]).filter((g) => g.name === 'rx');
      ops.push({
        forward: prog((pb) => free.forEach((g) => emitBlock(pb, g, n))),
        inverse: prog((pb) => free.forEach((g) => emitBlock(pb, { qubits: g.qubits, matrix: adjoint(g.matrix) }, n))),
        derivatives: [],
        generators: [{ param: p + l, scale: 1, groups: xGroups }],
      });
      for (const g of this.#mixerGates(x[p + l]).filter((m) => m.name !== 'rx')) {
        const d = matrixDerivative(GATES.get(g.name)!, [2 * x[p + l]], 0);
        ops.push({
          forward: prog((pb) => emitBlock(pb, g, n)),
          inverse: prog((pb) => emitBlock(pb, { qubits: g.qubits, matrix: adjoint(g.matrix) }, n)),
          derivatives: [{ param: p + l, scale: 2, program: prog((pb) => emitBlock(pb, { qubits: g.qubits, matrix: d }, n)) }],
        });
      }
    }
    const k = this.#sim.kernels;
    const applyCost = (src: Parameters<typeof k.copy>[1], dst: Parameters<typeof k.copy>[0]) => {
      if (this.#levels !== undefined) {
        k.copy(dst, src);
        k.run(dst, new ProgramBuilder().levels(this.#idx!, Float64Array.from(Array.from(this.#levels).flatMap((e) => [e, 0]))).build(), 0);
      } else {
        k.collapse(dst, 0, 0, 0);
        for (const g of this.#costGen) k.pauliApply(src, dst, { flip: 0, z: g.z, w: g.w.map((v) => -v) });
      }
    };
    return adjointGradient(this.#sim, n, ops, x.length, applyCost, this.#init);
  }

  /** Releases the cost vector, the level index and the initial state. */
  dispose(): void {
    const k = this.#sim.kernels;
    k.free(this.#cost);
    if (this.#idx !== undefined) k.free(this.#idx);
    this.#init?.dispose();
  }
}

/** Copies a program's ops into a builder (params re-slotted). */
function appendProgram(pb: ProgramBuilder, prog: SvProgram): void {
  for (let i = 0; i < prog.count; i++) {
    const [code, a, b, p] = prog.ops.subarray(4 * i, 4 * i + 4);
    const m = prog.params.subarray(8 * p, 8 * p + (code === 3 ? 32 : 8));
    if (code === 1) pb.gate1(a, m);
    else if (code === 2) pb.gate1c(a, b, m);
    else if (code === 3) pb.gate2(a, b, m);
    else if (code === 4) pb.diag2(a, b, m);
  }
}

/** Neighbour pairs of a ring over the group's qubits (one pair for two qubits). */
function ring(g: readonly number[]): [number, number][] {
  if (g.length < 2) return [];
  if (g.length === 2) return [[g[0], g[1]]];
  return g.map((q, i) => [q, g[(i + 1) % g.length]] as [number, number]);
}

function checkGroups(mixer: { readonly xy: readonly (readonly number[])[] }, n: number): number[][] {
  if (mixer === null || typeof mixer !== 'object' || !Array.isArray(mixer.xy)) throw new TypeError("options.mixer must be 'x' or { xy: [[qubits], ...] }");
  const seen = new Set<number>();
  return mixer.xy.map((g, i) => {
    if (!Array.isArray(g) || g.length === 0) throw new TypeError(`options.mixer.xy[${i}] must be a non-empty array of qubits`);
    return g.map((q, j) => {
      checkInteger(`options.mixer.xy[${i}][${j}]`, q, 0, n - 1);
      if (seen.has(q)) throw new RangeError(`options.mixer.xy[${i}][${j}]: qubit ${q} is in two groups`);
      seen.add(q);
      return q;
    });
  });
}
