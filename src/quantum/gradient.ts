// Gradients of ⟨ψ(θ)|O|ψ(θ)⟩. Adjoint differentiation (Jones & Gacon 2020) gets every
// parameter's derivative in one backward pass over three states held by the provider: φ (the
// state, un-computed gate by gate), λ (O φ carried backwards) and μ (dG/dθ φ), with
// ∂E/∂θ = 2 Re⟨λ|dG/dθ|φ⟩; each step is a one-op program, an inner product or a copy, so nothing
// crosses to the host but two numbers. Ops are generic (`DiffOp`) so QAOA's level-phase layers
// differentiate the same way as circuit gates. Parameter-shift and central finite differences
// are here as independent checks (tests compare all three).

import { ProgramBuilder } from '../kernels/statevector/program.js';
import type { PauliGroup, SvProgram, SvState } from '../kernels/statevector/contract.js';
import { angleValue, Circuit } from './circuit.js';
import { emitBlock } from './fusion.js';
import { GATES, matrixDerivative } from './gates.js';
import { adjoint } from './linalg.js';
import { DiagonalObservable, PauliSum } from './observable.js';
import { Simulator, Statevector, unitGate } from './simulator.js';

/** A differentiable step: forward and adjoint programs, and how each parameter enters it. */
export interface DiffOp {
  readonly forward: SvProgram;
  readonly inverse: SvProgram;
  /** d(op)/d(angle) applied as a program, with the circuit parameter it belongs to and dangle/dparam. */
  readonly derivatives: readonly { readonly param: number; readonly scale: number; readonly program: SvProgram }[];
  /**
   * Ops of the form exp(−i·scale·θ·G) with G = Σ groups (commuting terms, e.g. a QAOA layer):
   * ∂/∂θ contributes 2·scale·Im⟨λ|G|ψ_after⟩, one Pauli-group pass per group, no extra state.
   */
  readonly generators?: readonly { readonly param: number; readonly scale: number; readonly groups: readonly PauliGroup[] }[];
}

/** dst = O src for a custom observable (e.g. a level table). */
export type ObservableApply = (src: SvState, dst: SvState) => void;

function single(n: number, qubits: readonly number[], matrix: Float64Array, controls?: number): SvProgram {
  const pb = new ProgramBuilder();
  emitBlock(pb, { qubits, matrix, controls }, n);
  return pb.build();
}

/** The circuit's gates as DiffOps for bound values (measurements and resets are rejected). */
export function circuitDiffOps(circuit: Circuit, values: Float64Array): DiffOp[] {
  const ops: DiffOp[] = [];
  for (const op of circuit.ops) {
    if (op.kind === 'barrier') continue;
    if (op.kind !== 'gate') throw new RangeError(`circuit has a ${op.kind}: gradients need a unitary circuit`);
    const u = unitGate(op, values);
    const derivatives = [];
    if (op.matrix === undefined) {
      const spec = GATES.get(op.name)!;
      const angles = op.params.map((a) => angleValue(a, values));
      for (let j = 0; j < op.params.length; j++) {
        const a = op.params[j];
        if (typeof a === 'number') continue;
        derivatives.push({ param: a.param, scale: a.scale, program: single(circuit.n, op.qubits, matrixDerivative(spec, angles, j)) });
      }
    }
    ops.push({
      forward: single(circuit.n, u.qubits, u.matrix, u.controls),
      inverse: single(circuit.n, u.qubits, adjoint(u.matrix), u.controls),
      derivatives,
    });
  }
  return ops;
}

/** dst = O src (dst ≠ src). Pauli sums by groups; diagonals by a level table or, past 65536 values, on the host. */
export function applyObservable(sim: Simulator, obs: PauliSum | DiagonalObservable | ObservableApply, src: SvState, dst: SvState): void {
  const k = sim.kernels;
  if (typeof obs === 'function') return obs(src, dst);
  if (obs instanceof PauliSum) {
    k.collapse(dst, 0, 0, 0); // dst = 0
    if (obs.constant !== 0) k.pauliApply(src, dst, { flip: 0, z: Int32Array.of(0), w: Float64Array.of(obs.constant, 0) });
    for (const g of obs.groups) k.pauliApply(src, dst, g);
    return;
  }
  const n = src.n;
  const a = new Float64Array(2 ** (n + 1));
  k.read(src, a);
  const d = obs.values;
  for (let x = 0; x < d.length; x++) {
    a[2 * x] *= d[x];
    a[2 * x + 1] *= d[x];
  }
  k.write(dst, a);
}

/** Value and adjoint gradient (length `nParams`) of ⟨ψ|O|ψ⟩ with ψ = ops · initial. */
export function adjointGradient(sim: Simulator, n: number, ops: readonly DiffOp[], nParams: number, obs: PauliSum | DiagonalObservable | ObservableApply, initial?: Statevector): { value: number; gradient: Float64Array } {
  const k = sim.kernels;
  const phi = sim.state(n, { states: 3 });
  const lam = sim.state(n, { states: 2 });
  const mu = sim.state(n, { states: 1 });
  try {
    if (initial !== undefined) phi.copyFrom(initial);
    for (const op of ops) phi.runProgram(op.forward);
    applyObservable(sim, obs, phi.handle, lam.handle);
    const out = new Float64Array(2);
    k.inner(phi.handle, lam.handle, out);
    const value = out[0];
    const gradient = new Float64Array(nParams);
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i];
      for (const gen of op.generators ?? []) {
        let im = 0;
        for (const g of gen.groups) {
          k.pauliInner(lam.handle, phi.handle, g, out);
          im += out[1];
        }
        gradient[gen.param] += 2 * gen.scale * im;
      }
      phi.runProgram(op.inverse);
      for (const d of op.derivatives) {
        mu.copyFrom(phi);
        mu.runProgram(d.program);
        k.inner(lam.handle, mu.handle, out);
        gradient[d.param] += 2 * d.scale * out[0];
      }
      lam.runProgram(op.inverse);
    }
    return { value, gradient };
  } finally {
    phi.dispose();
    lam.dispose();
    mu.dispose();
  }
}

/** Which gradient method to use. */
export type GradientMethod = 'adjoint' | 'parameter-shift' | 'finite-difference';

/** ⟨ψ(θ)|O|ψ(θ)⟩ and its gradient for a parameterized circuit (no measurements). */
export function circuitGradient(sim: Simulator, circuit: Circuit, params: ArrayLike<number> | Readonly<Record<string, number>>, obs: PauliSum | DiagonalObservable, method: GradientMethod = 'adjoint'): { value: number; gradient: Float64Array } {
  if (!(circuit instanceof Circuit)) throw new TypeError('circuit must be a Circuit');
  if (!(obs instanceof PauliSum) && !(obs instanceof DiagonalObservable)) throw new TypeError('obs must be a PauliSum or a DiagonalObservable');
  const values = circuit.bind(params);
  if (method === 'adjoint') return adjointGradient(sim, circuit.n, circuitDiffOps(circuit, values), values.length, obs);
  const energy = (ops: DiffOp[]) => {
    const s = sim.state(circuit.n);
    try {
      for (const op of ops) s.runProgram(op.forward);
      return s.expectation(obs);
    } finally {
      s.dispose();
    }
  };
  const value = energy(circuitDiffOps(circuit, values));
  const gradient = new Float64Array(values.length);
  if (method === 'finite-difference') {
    const h = 1e-6;
    for (let p = 0; p < values.length; p++) {
      const up = values.slice(), down = values.slice();
      up[p] += h;
      down[p] -= h;
      gradient[p] = (energy(circuitDiffOps(circuit, up)) - energy(circuitDiffOps(circuit, down))) / (2 * h);
    }
    return { value, gradient };
  }
  if (method !== 'parameter-shift') throw new RangeError(`method must be one of 'adjoint', 'parameter-shift', 'finite-difference', got ${String(method)}`);
  // shift each parameter use separately (chain rule over the gates that share a parameter)
  const base = circuitDiffOps(circuit, values);
  let gi = 0;
  for (const op of circuit.ops) {
    if (op.kind !== 'gate') continue;
    const spec = GATES.get(op.name);
    const at = gi++;
    if (spec === undefined || op.matrix !== undefined) continue;
    op.params.forEach((a, j) => {
      if (typeof a === 'number') return;
      if (spec.freq[j] !== 0.5 && spec.freq[j] !== 1) throw new RangeError(`${op.name} has no parameter-shift rule`);
      const angles = op.params.map((x) => angleValue(x, values));
      const shifted = (delta: number) => {
        const ops = base.slice();
        const moved = angles.slice();
        moved[j] += delta;
        const m = spec.matrix(moved);
        ops[at] = { forward: single(circuit.n, op.qubits, m), inverse: base[at].inverse, derivatives: [] };
        return energy(ops);
      };
      let d: number;
      // spectrum of the expectation in the angle: {1} (two-term rule) or {1/2, 1} (four-term rule)
      if (spec.shiftRule === 'four') {
        const c1 = (Math.SQRT2 + 1) / (4 * Math.SQRT2), c2 = (Math.SQRT2 - 1) / (4 * Math.SQRT2);
        d = c1 * (shifted(Math.PI / 2) - shifted(-Math.PI / 2)) - c2 * (shifted((3 * Math.PI) / 2) - shifted((-3 * Math.PI) / 2));
      } else {
        d = (shifted(Math.PI / 2) - shifted(-Math.PI / 2)) / 2;
      }
      gradient[a.param] += a.scale * d;
    });
  }
  return { value, gradient };
}
