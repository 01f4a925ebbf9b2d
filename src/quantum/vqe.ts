// VQE: minimize ⟨ψ(θ)|H|ψ(θ)⟩ over an ansatz circuit with adjoint gradients (L-BFGS by default)
// or a value-only optimizer. The energy and gradient of one θ cost one forward pass, one H|ψ⟩
// (a pass per flip group) and one backward pass, all on the provider's memory.

import { Rng } from '../kernels/reference/rng.js';
import { checkInteger, checkOneOf, checkOptions, checkSeed } from '../validate.js';
import { hardwareEfficientAnsatz, uccsdAnsatz } from './ansatz.js';
import { Circuit } from './circuit.js';
import { circuitGradient } from './gradient.js';
import { PauliSum } from './observable.js';
import { adam, lbfgs, nelderMead, spsa, type OptimizeOptions } from './optimizers.js';
import type { Simulator } from './simulator.js';

/** Options of `vqe`. */
export interface VqeOptions extends Pick<OptimizeOptions, 'maxIterations' | 'maxEvaluations' | 'maxTimeMs' | 'callback'> {
  /** 'uccsd' (default), 'hea', or a parameterized circuit of the Hamiltonian's size. */
  readonly ansatz?: 'uccsd' | 'hea' | Circuit;
  /** Reference basis state (Hartree–Fock), default |0…0⟩. */
  readonly reference?: number;
  /** HEA depth (default 2) and entangler (default 'cx'; see hardwareEfficientAnsatz); UCCSD repetitions (default 1). */
  readonly depth?: number;
  readonly entangler?: 'cz' | 'cx';
  readonly layers?: number;
  readonly optimizer?: 'lbfgs' | 'adam' | 'nelder-mead' | 'spsa';
  /** Initial parameters (default zeros for UCCSD, seeded ±0.05 for HEA). */
  readonly initial?: ArrayLike<number>;
  readonly seed?: number;
}

/** What `vqe` returns. */
export interface VqeResult {
  readonly energy: number;
  readonly params: Float64Array;
  readonly parameters: readonly string[];
  readonly iterations: number;
  readonly evaluations: number;
  readonly trace: readonly { readonly iteration: number; readonly value: number; readonly evaluations: number }[];
  readonly timeMs: number;
}

/** Runs VQE for the Hamiltonian with the given simulator. */
export function vqe(sim: Simulator, hamiltonian: PauliSum, options?: VqeOptions): VqeResult {
  const t0 = Date.now();
  if (!(hamiltonian instanceof PauliSum)) throw new TypeError('hamiltonian must be a PauliSum');
  const o = checkOptions('options', options) as VqeOptions;
  const n = hamiltonian.n;
  const reference = o.reference === undefined ? 0 : checkInteger('options.reference', o.reference, 0, 2 ** n - 1);
  let circuit: Circuit;
  if (o.ansatz instanceof Circuit) {
    if (o.ansatz.n !== n) throw new RangeError(`options.ansatz has ${o.ansatz.n} qubits, the Hamiltonian ${n}`);
    circuit = o.ansatz;
  } else {
    const kind = o.ansatz === undefined ? 'uccsd' : checkOneOf('options.ansatz', o.ansatz, ['uccsd', 'hea'] as const);
    circuit = kind === 'uccsd' ? uccsdAnsatz(n, reference, { layers: o.layers }) : hardwareEfficientAnsatz(n, o.depth ?? 2, { entangler: o.entangler, reference });
  }
  const k = circuit.parameters.length;
  const rng = new Rng(o.seed === undefined ? 0 : checkSeed('options.seed', o.seed));
  const x0 = o.initial !== undefined ? circuit.bind(o.initial) : Float64Array.from({ length: k }, () => (o.ansatz === 'hea' ? 0.1 * (rng.float() - 0.5) : 0));
  const fg = (x: Float64Array) => circuitGradient(sim, circuit, x, hamiltonian, 'adjoint');
  const f = (x: Float64Array) => {
    const s = sim.run(circuit, x);
    try {
      return s.expectation(hamiltonian);
    } finally {
      s.dispose();
    }
  };
  const budget = { maxIterations: o.maxIterations, maxEvaluations: o.maxEvaluations, maxTimeMs: o.maxTimeMs, callback: o.callback };
  const opt = o.optimizer === undefined ? 'lbfgs' : checkOneOf('options.optimizer', o.optimizer, ['lbfgs', 'adam', 'nelder-mead', 'spsa'] as const);
  const r = opt === 'lbfgs' ? lbfgs(fg, x0, { ...budget, gradTolerance: 1e-7 })
    : opt === 'adam' ? adam(fg, x0, budget)
    : opt === 'nelder-mead' ? nelderMead(f, x0, budget)
    : spsa(f, x0, { ...budget, seed: o.seed });
  return { energy: r.value, params: r.x, parameters: circuit.parameters, iterations: r.iterations, evaluations: r.evaluations, trace: r.trace, timeMs: Date.now() - t0 };
}
