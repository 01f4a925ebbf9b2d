// Statevector bench: ns per amplitude of a general 1-qubit gate (every target qubit, mean and
// worst), a general 2-qubit gate, a diagonal layer (RZZ as a phase table) and the QAOA cost
// phase (one level-table pass) at n = 12, 16, 20, 24 on each backend, with the effective
// bandwidth of one read + write of the state; plus what fusion and cache blocking buy on whole
// circuits, and npm `quantum-circuit` when it is installed (a dev dependency of the bench only).
// Timing: process.hrtime medians after warm-up calls (V8 starts WASM in its baseline tier), not
// benchmark.js, whose minimum sample counts are impractical for 256 MiB states.
// Writes bench/results/statevector.json and prints a table.
//
//   node dist/bench/statevector.js [--sizes 12,16,20,24] [--backends wasm,wasm-scalar,reference] [--no-qc]
//                                  [--no-circuits] [--out statevector.json]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot, wasmHash } from '../src/kernels/node.js';
import type { BackendChoice } from '../src/kernels/contract.js';
import { ProgramBuilder } from '../src/kernels/statevector/program.js';
import { Rng } from '../src/kernels/reference/rng.js';
import { Circuit } from '../src/quantum/circuit.js';
import { createSimulator } from '../src/quantum/node.js';
import { maxCutModel } from '../src/quantum/qaoa-cost.js';
import { QaoaProblem } from '../src/quantum/qaoa-problem.js';
import type { Simulator } from '../src/quantum/simulator.js';
import { VERSION } from '../src/version.js';

const { values } = parseArgs({ allowNegative: true, options: {
  sizes: { type: 'string', default: '12,16,20,24' },
  backends: { type: 'string', default: 'wasm,wasm-scalar,reference' },
  qc: { type: 'boolean', default: true }, // npm quantum-circuit as the JS baseline (--no-qc skips it)
  circuits: { type: 'boolean', default: true },
  out: { type: 'string', default: 'statevector.json' },
} });
const SIZES = values.sizes!.split(',').map(Number);
const BACKENDS = values.backends!.split(',') as BackendChoice[];

/** Median seconds of `fn` after warm-up; repetitions scale down with the state size. */
function time(fn: () => void, n: number, fixedReps?: number): number {
  const reps = fixedReps ?? (n <= 16 ? 41 : n <= 20 ? 11 : 5);
  for (let w = 0; w < (fixedReps === undefined ? 3 : 1); w++) fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return ts.sort((a, b) => a - b)[ts.length >> 1];
}

function unitary(d: number, rng: Rng): Float64Array {
  // a fixed random-ish dense matrix: the kernels' cost does not depend on unitarity
  return Float64Array.from({ length: 2 * d * d }, () => rng.float() - 0.5);
}

interface Row { kernel: string; backend: string; n: number; nsPerAmp: number; worstNsPerAmp?: number; gbPerS: number }

function kernelRows(sim: Simulator, n: number): Row[] {
  const k = sim.kernels, rng = new Rng(1), s = k.allocState(n), size = 2 ** n, rows: Row[] = [];
  const add = (kernel: string, secs: number[], passes = 1) => {
    const mean = secs.reduce((a, b) => a + b, 0) / secs.length, worst = Math.max(...secs);
    rows.push({ kernel, backend: k.backend, n, nsPerAmp: (mean * 1e9) / size, worstNsPerAmp: (worst * 1e9) / size, gbPerS: (passes * 32 * size) / mean / 1e9 });
  };
  const run = (pb: ProgramBuilder) => { const p = pb.build(); return time(() => k.run(s, p, 0), n); };
  const m2 = unitary(2, rng), m4 = unitary(4, rng);
  add('gate1 (general 2x2, every qubit)', Array.from({ length: n }, (_, q) => run(new ProgramBuilder().gate1(q, m2))));
  const pairs = [[0, 1], [1, n - 1], [3, Math.floor(n / 2)], [n - 2, n - 1]];
  add('gate2 (general 4x4)', pairs.map(([a, b]) => run(new ProgramBuilder().gate2(a, b, m4))));
  add('cx (controlled 2x2)', pairs.map(([a, b]) => run(new ProgramBuilder().gate1c(b, 1 << a, [0, 0, 1, 0, 1, 0, 0, 0]))));
  const rzz = [Math.cos(0.3), -Math.sin(0.3), Math.cos(0.3), Math.sin(0.3), Math.cos(0.3), Math.sin(0.3), Math.cos(0.3), -Math.sin(0.3)];
  add('diagonal (RZZ phase table)', pairs.map(([a, b]) => run(new ProgramBuilder().diag2(a, b, rzz))));
  // QAOA cost phase: a 3-regular-ish ring-with-chords graph, one level-table pass
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n], [i, (i + Math.floor(n / 2)) % n]);
  const prob = new QaoaProblem(sim, maxCutModel(edges, n));
  const idx = k.allocVector('u16', size);
  const cost = k.allocVector('f64', size);
  k.quboCost(prob.form, cost);
  const levels = new Float64Array(65536);
  const count = k.costLevels(cost, idx, levels);
  const table = Array.from(levels.subarray(0, count)).flatMap((e) => [Math.cos(0.4 * e), Math.sin(0.4 * e)]);
  add('QAOA cost phase (levels)', [run(new ProgramBuilder().levels(idx, table))]);
  prob.dispose();
  for (const b of [s, idx, cost]) k.free(b);
  return rows;
}

/** Whole circuits: a random 1q/2q circuit and a QAOA mixer layer, fused or not, blocked or not. */
async function circuitRows(backend: BackendChoice, n: number): Promise<Record<string, number | string>[]> {
  const rng = new Rng(3);
  const c = new Circuit(n);
  for (let g = 0; g < 10 * n; g++) {
    const q = rng.below(n), r = (q + 1 + rng.below(n - 1)) % n;
    if (rng.float() < 0.6) c.u3(rng.float(), rng.float(), rng.float(), q);
    else c.cx(q, r);
  }
  const mixer = new Circuit(n);
  for (let q = 0; q < n; q++) mixer.rx(0.7, q);
  const out: Record<string, number | string>[] = [];
  for (const [label, circ] of [['random u3+cx circuit (10n gates)', c], ['QAOA X mixer layer (n RX)', mixer]] as const) {
    for (const fusion of [0, 1, 2]) {
      for (const blockQubits of [0, 16]) {
        const sim = await createSimulator({ backend, fusion, blockQubits });
        const s = sim.state(n);
        const segs = sim.compile(circ, new Float64Array(0));
        const prog = segs[0].kind === 'program' ? segs[0].program : undefined!;
        const secs = time(() => s.runProgram(prog), n);
        out.push({ circuit: label, backend: sim.backend, n, fusion, blockQubits, ops: prog.count, ms: secs * 1e3, nsPerAmpPerGate: (secs * 1e9) / 2 ** n / circ.gateCount });
        s.dispose();
      }
    }
  }
  return out;
}

/** npm quantum-circuit (if installed): one H on the middle qubit, one CX and one RZZ-like CRZ, ns/amplitude. */
async function quantumCircuitRows(): Promise<Row[]> {
  let QC: any;
  try {
    QC = (await import('quantum-circuit' as string)).default;
  } catch {
    console.log('quantum-circuit is not installed: skipped (npm install --save-dev --ignore-scripts quantum-circuit)');
    return [];
  }
  const rows: Row[] = [];
  for (const n of SIZES.filter((x) => x <= 20)) {
    for (const [kernel, gate, wires, opts] of [['gate1 (u3)', 'u3', [n >> 1], { params: { theta: 0.3, phi: 0.2, lambda: 0.1 } }], ['cx (controlled 2x2)', 'cx', [0, n - 1], {}], ['diagonal (RZZ phase table)', 'zz', [1, n - 2], { params: { theta: 0.3 } }]] as const) {
      const qc = new QC(n);
      for (let q = 0; q < n; q++) qc.addGate('h', -1, q); // a dense state: every amplitude non-zero
      qc.run();
      const t = time(() => qc.applyGate(gate, 0, wires, opts), n, n >= 20 ? 3 : 9);
      rows.push({ kernel, backend: 'quantum-circuit', n, nsPerAmp: (t * 1e9) / 2 ** n, gbPerS: (32 * 2 ** n) / t / 1e9 });
    }
  }
  return rows;
}

const rows: Row[] = [];
const circuits: Record<string, number | string>[] = [];
for (const backend of BACKENDS) {
  const sim = await createSimulator({ backend });
  for (const n of SIZES) {
    if (sim.backend === 'reference' && n > 20 && !SIZES.includes(24)) continue;
    rows.push(...kernelRows(sim, n));
    console.error(`${sim.backend} n=${n} done`);
  }
  if (values.circuits && backend !== 'reference') for (const n of SIZES.filter((x) => x === 20 || x === 24)) circuits.push(...(await circuitRows(backend, n)));
}
if (values.qc) rows.push(...(await quantumCircuitRows()));

console.log('\nns per amplitude (mean over targets; worst in brackets), effective GB/s of one read+write pass');
const kernels = [...new Set(rows.map((r) => r.kernel))];
const backs = [...new Set(rows.map((r) => r.backend))];
console.log(['kernel', 'n', ...backs].map((s, i) => (i === 0 ? s.padEnd(34) : s.padStart(24))).join(''));
for (const kern of kernels) for (const n of SIZES) {
  const cells = backs.map((b) => rows.find((r) => r.kernel === kern && r.n === n && r.backend === b)).map((r) => (r ? `${r.nsPerAmp.toFixed(2)} [${(r.worstNsPerAmp ?? r.nsPerAmp).toFixed(2)}] ${r.gbPerS.toFixed(0)}GB/s` : '-'));
  console.log([kern.padEnd(34), String(n).padStart(24), ...cells.map((c) => c.padStart(24))].join(''));
}
console.log('\nwhole circuits (ms per run)');
for (const c of circuits) console.log(`${String(c.circuit).padEnd(36)} ${String(c.backend).padEnd(12)} n=${c.n} fusion=${c.fusion} block=${c.blockQubits} ops=${c.ops} ${(c.ms as number).toFixed(2)} ms`);

const out = { machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30) }, node: process.version, qsched: VERSION, wasm: { simd: wasmHash('simd'), scalar: wasmHash('scalar') }, timing: 'process.hrtime median after 3 warm-up calls', kernels: rows, circuits };
mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
writeFileSync(values.out!.startsWith('/') ? values.out! : join(packageRoot(), 'bench', 'results', values.out!), JSON.stringify(out, null, 2) + '\n');
console.log(`\nwrote bench/results/${values.out}`);
