// 'qaoa': the one-hot QUBO of toQubo (qubo.ts) solved by QAOA on the statevector simulator
// (src/quantum), for tiny instances only — a demonstration that the same H reaches a gate-model
// algorithm, not a practical solver. Pipeline: toQubo → qaoa (INTERP angles, L-BFGS on adjoint
// gradients, then `shots` samples of the final state) → decode every distinct sampled bitstring
// (decodeState repairs pods that are not one-hot) → the sample whose assignment has the lowest
// (hard violations, H) wins. The qubit count is the QUBO's variable count (x_{pod,node} where
// the filters allow, y_node, and capacity/spread slack bits); more than QAOA_MAX_QUBITS is
// refused with a RangeError naming the size, before any statevector is allocated (2^n
// amplitudes: 20 qubits is 16 MiB and seconds per optimizer step on 2 cores).
// Kernels: options.kernels (statevector kernels over the same provider), else the reference twin.

import { referenceKernels } from '../../kernels/reference/index.js';
import { statevectorKernelsOf } from '../../kernels/statevector/index.js';
import { qaoa } from '../../quantum/qaoa.js';
import { Simulator } from '../../quantum/simulator.js';
import { checkInteger } from '../../validate.js';
import type { CompiledProblem } from '../compile.js';
import { evaluate } from '../energy.js';
import { decodeState, toQubo } from './qubo.js';
import type { SolverOptions, SolverResult } from './types.js';

/** The most qubits 'qaoa' simulates. */
export const QAOA_MAX_QUBITS = 20;

const KNOWN = ['p', 'shots', 'capacityLevels'];

/** Solver 'qaoa' (params: p layers, default 2; shots, default 2048; capacityLevels as 'qubo'). */
export async function qaoaSolver(pr: CompiledProblem, options: SolverOptions): Promise<SolverResult> {
  const started = performance.now();
  const o = options.params;
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new RangeError(`options.params.${k} is not a parameter of 'qaoa' (expected one of ${KNOWN.join(', ')})`);
  const p = o.p === undefined ? 2 : checkInteger('options.params.p', o.p, 1, 20);
  const shots = o.shots === undefined ? 2048 : checkInteger('options.params.shots', o.shots, 1, 1 << 20);
  if (pr.P === 0) return { assignment: new Int32Array(0), stats: { qubits: 0 } };
  const q = toQubo(pr, { capacityLevels: o.capacityLevels as number | undefined });
  const n = q.model.n;
  if (n > QAOA_MAX_QUBITS) {
    throw new RangeError(`'qaoa' needs ${n} qubits for ${pr.P} pods × ${pr.N} nodes (one-hot x_{pod,node}, y_node and slack bits), more than the ${QAOA_MAX_QUBITS} it simulates: use 'milp' or 'pimc', or a smaller instance`);
  }
  const sim = new Simulator(statevectorKernelsOf(options.kernels ?? referenceKernels()));
  const r = qaoa(sim, q.model, { p, seed: options.seed, shots, top: 1000, maxTimeMs: options.timeLimitMs });
  let best: { assignment: Int32Array; hard: number; H: number; energy: number; count: number } | undefined;
  let oneHot = 0;
  for (const s of r.samples) {
    const state = new Int8Array(n);
    for (let i = 0; i < n; i++) state[i] = (s.index >> i) & 1;
    const d = decodeState(q, pr, state, options.seed);
    if (d.zeroHot + d.multiHot === 0) oneHot += s.count;
    const e = evaluate(pr, d.assignment);
    const hard = e.Chard > 1e-9 ? 1 : 0;
    if (best === undefined || hard < best.hard || (hard === best.hard && e.H < best.H - 1e-12)) best = { assignment: d.assignment, hard, H: e.H, energy: s.energy, count: s.count };
  }
  return {
    assignment: best!.assignment,
    stats: {
      qubits: n, p, shots, backend: sim.backend, approximationRatio: r.approximationRatio, expectation: r.expectation,
      quboMinimum: r.minimum, bestSampleEnergy: best!.energy, bestSampleCount: best!.count, oneHotShare: oneHot / shots,
      distinctSamples: r.samples.length, evaluations: r.evaluations, elapsedMs: performance.now() - started,
    },
  };
}
