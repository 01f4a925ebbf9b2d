// Shared helpers of the quantum tests: a simulator per backend (over the same cached kernel
// instances as the other shared suites), random unitaries, states and circuits from a seed.

import { Rng } from '../src/kernels/reference/rng.js';
import type { StatevectorKernels, SvProgram, SvVector } from '../src/kernels/statevector/contract.js';
import { statevectorKernelsOf } from '../src/kernels/statevector/index.js';
import { ProgramBuilder } from '../src/kernels/statevector/program.js';
import { Circuit } from '../src/quantum/circuit.js';
import { Simulator, type SimulatorOptions } from '../src/quantum/simulator.js';
import { kernelsFor } from './backends.js';

export { BACKENDS } from './backends.js';

/** A simulator over the cached kernels of `backend`. */
export async function simulatorFor(backend: 'reference' | 'wasm-scalar' | 'wasm', options?: SimulatorOptions): Promise<Simulator> {
  return new Simulator(statevectorKernelsOf((await kernelsFor(backend)).unchecked), options);
}

/** Gaussian-ish draws from the project's generator. */
export function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
}

/** A random d x d unitary (Gram-Schmidt on Gaussian columns), interleaved row-major. */
export function randomUnitary(d: number, rng: Rng): Float64Array {
  const cols: number[][] = [];
  for (let c = 0; c < d; c++) {
    const v = Array.from({ length: 2 * d }, () => normal(rng));
    for (const u of cols) {
      let re = 0, im = 0; // <u|v>
      for (let i = 0; i < d; i++) {
        re += u[2 * i] * v[2 * i] + u[2 * i + 1] * v[2 * i + 1];
        im += u[2 * i] * v[2 * i + 1] - u[2 * i + 1] * v[2 * i];
      }
      for (let i = 0; i < d; i++) {
        v[2 * i] -= re * u[2 * i] - im * u[2 * i + 1];
        v[2 * i + 1] -= re * u[2 * i + 1] + im * u[2 * i];
      }
    }
    const norm = Math.hypot(...v);
    cols.push(v.map((x) => x / norm));
  }
  const m = new Float64Array(2 * d * d);
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) {
    m[2 * (r * d + c)] = cols[c][2 * r];
    m[2 * (r * d + c) + 1] = cols[c][2 * r + 1];
  }
  return m;
}

/** A random normalized state of n qubits (interleaved). */
export function randomState(n: number, rng: Rng): Float64Array {
  const a = Float64Array.from({ length: 2 ** (n + 1) }, () => normal(rng));
  let sq = 0;
  for (const v of a) sq += v * v; // (Math.hypot(...a) overflows the stack from n = 15)
  const norm = Math.sqrt(sq);
  return a.map((v) => v / norm);
}

const ONE = ['h', 'x', 'y', 'z', 's', 'sdg', 't', 'tdg', 'sx', 'rx', 'ry', 'rz', 'p', 'u3', 'u2'];
const TWO = ['cx', 'cy', 'cz', 'swap', 'cp', 'crz', 'rxx', 'ryy', 'rzz', 'xx_plus_yy'];

/** A random circuit over the whole gate set (and random unitaries) of `gates` gates. */
export function randomCircuit(n: number, gates: number, seed: number): Circuit {
  const rng = new Rng(seed);
  const c = new Circuit(n);
  const angles = (k: number) => Array.from({ length: k }, () => (rng.float() - 0.5) * 4 * Math.PI);
  const nParams: Record<string, number> = { rx: 1, ry: 1, rz: 1, p: 1, u3: 3, u2: 2, cp: 1, crz: 1, rxx: 1, ryy: 1, rzz: 1, xx_plus_yy: 1 };
  for (let g = 0; g < gates; g++) {
    const r = rng.float();
    const q = rng.below(n);
    let q2 = n > 1 ? rng.below(n - 1) : 0;
    if (n > 1 && q2 >= q) q2++;
    if (n >= 3 && r < 0.03) {
      let q3 = rng.below(n);
      while (q3 === q || q3 === q2) q3 = rng.below(n);
      c.ccx(q, q2, q3);
    } else if (r < 0.06) c.unitary(randomUnitary(2, rng), [q]);
    else if (r < 0.09 && n >= 2) c.unitary(randomUnitary(4, rng), [q, q2]);
    else if (r < 0.6 || n < 2) {
      const name = ONE[rng.below(ONE.length)];
      c.gate(name, [q], angles(nParams[name] ?? 0));
    } else {
      const name = TWO[rng.below(TWO.length)];
      c.gate(name, [q, q2], angles(nParams[name] ?? 0));
    }
  }
  return c;
}

/** Largest |a_i − b_i| over interleaved values. */
export function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** A unit-modulus complex table of `count` entries. */
export const phases = (count: number, rng: Rng) => Array.from({ length: count }, () => 2 * Math.PI * rng.float()).flatMap((t) => [Math.cos(t), Math.sin(t)]);

const rx = (t: number) => [Math.cos(t / 2), 0, 0, -Math.sin(t / 2), 0, -Math.sin(t / 2), Math.cos(t / 2), 0];
const ry = (t: number) => [Math.cos(t / 2), 0, -Math.sin(t / 2), 0, Math.sin(t / 2), 0, Math.cos(t / 2), 0];

const X = [0, 0, 1, 0, 1, 0, 0, 0];
/** A general, real (RY), RX-shaped or X matrix: the shapes the 2x2 kernels specialise. */
export const anyShape = (rng: Rng) => [() => randomUnitary(2, rng), () => ry(7 * rng.float()), () => rx(7 * rng.float()), () => X][rng.below(4)]();

/** A random program of layers and single ops (same for a seed, whatever the provider). */
export function randomProgram(n: number, seed: number, levels: SvVector): SvProgram {
  const rng = new Rng(seed), pb = new ProgramBuilder();
  const pick = () => rng.below(n);
  const other = (q: number) => (q + 1 + rng.below(n - 1)) % n;
  for (let step = 0; step < 14; step++) {
    const kind = rng.below(8);
    if (kind === 0) {
      // a layer on every qubit (a low run, then gathered runs): general, real (RY) or RX-shaped matrices
      const shape = rng.below(3);
      for (let q = 0; q < n; q++) pb.gate1(q, shape === 0 ? randomUnitary(2, rng) : shape === 1 ? ry(2 * Math.PI * rng.float()) : rx(2 * Math.PI * rng.float()));
    }
    else if (kind === 1) for (let q = n - 1; q >= n - 4; q--) pb.gate1(q, randomUnitary(2, rng)); // high qubits only
    else if (kind === 2) {
      const q = pick(), r = other(q);
      pb.gate2(q, r, randomUnitary(4, rng));
    } else if (kind === 3) {
      const q = rng.below(3), c = n - 1 - rng.below(3); // low target, high control(s)
      pb.gate1c(q, (1 << c) | (rng.below(2) ? 1 << ((q + 1) % 3 === q ? 0 : (q + 1) % 3) : 0), anyShape(rng));
    } else if (kind === 4) {
      const q = pick(), r = other(q);
      pb.diag2(Math.min(q, r), Math.max(q, r), phases(4, rng));
    } else if (kind === 5) pb.levels(levels, phases(6, rng));
    else if (kind === 6) {
      const q = pick(), r = other(q);
      pb.gate1c(q, 1 << r, anyShape(rng));
    } else if (rng.below(3) === 0) pb.reflect();
    else pb.gate1(pick(), anyShape(rng));
  }
  return pb.build();
}

export function levelVector(k: StatevectorKernels, n: number): SvVector {
  const v = k.allocVector('u16', 2 ** n);
  k.writeVector(v, Uint16Array.from({ length: 2 ** n }, (_, x) => (x * 11 + (x >> 3)) % 6));
  return v;
}
