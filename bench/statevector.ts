// Statevector bench: ns per amplitude of a general 1-qubit gate (every target qubit, mean and
// worst), a general 2-qubit gate, a diagonal layer (RZZ as a phase table) and the QAOA cost
// phase (one level-table pass) at n = 12, 16, 20, 24 on each backend, with the effective
// bandwidth of one read + write of the state; plus what fusion and cache blocking buy on whole
// circuits, and npm `quantum-circuit` when it is installed (a dev dependency of the bench only).
// Layer rows (n = 20, 24) time whole layers as one program, blocked (the simulator's default
// block) and unblocked, in ns per op per amplitude: a general 2x2 on every qubit, an RX layer,
// a QAOA p=1 layer (H, cost levels, RX mixer) and a hardware-efficient-ansatz layer (RY RZ, CX
// line, RY RZ); a block-size sweep on wasm-simd documents the default block.
// Timing: process.hrtime medians after warm-up calls (V8 starts WASM in its baseline tier), not
// benchmark.js, whose minimum sample counts are impractical for 256 MiB states.
// Writes bench/results/statevector.json and prints a table.
//
// The 'memory floor' row is this machine's bandwidth limit for the same work: one in-place read +
// write pass of the state in WASM SIMD with no arithmetic, on the row's thread count
// (bench/memfloor.ts); GB/s count 32 bytes per amplitude (16 read, 16 written). The 2-thread floor
// splits every size; at 12 qubits its hand-off dominates (the simulator splits only 14 and up).
//
// Backend 'wasm-2t' is wasm-simd on two threads (createSimulator({ threads: 2 }): states of 14+
// qubits split across threads over shared memory; controlled and 2-qubit gates with a target on
// the top qubit, and Grover's reflection, run on one thread).
//
//   node dist/bench/statevector.js [--sizes 12,16,20,24] [--backends wasm,wasm-2t,wasm-scalar,reference] [--no-qc]
//                                  [--no-circuits] [--no-layers] [--no-sweep] [--out statevector.json]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot, wasmHash } from '../src/kernels/node.js';
import type { BackendChoice } from '../src/kernels/contract.js';
import { ProgramBuilder } from '../src/kernels/statevector/program.js';
import { Rng } from '../src/kernels/reference/rng.js';
import { hardwareEfficientAnsatz } from '../src/quantum/ansatz.js';
import { Circuit } from '../src/quantum/circuit.js';
import { createSimulator } from '../src/quantum/node.js';
import { maxCutModel } from '../src/quantum/qaoa-cost.js';
import { memoryFloor } from './memfloor.js';
import { QaoaProblem } from '../src/quantum/qaoa-problem.js';
import { DEFAULT_BLOCK_QUBITS, type Simulator } from '../src/quantum/simulator.js';
import type { SvProgram } from '../src/kernels/statevector/contract.js';
import { VERSION } from '../src/version.js';

const { values } = parseArgs({ allowNegative: true, options: {
  sizes: { type: 'string', default: '12,16,20,24' },
  backends: { type: 'string', default: 'wasm,wasm-2t,wasm-scalar,reference' },
  qc: { type: 'boolean', default: true }, // npm quantum-circuit as the JS baseline (--no-qc skips it)
  circuits: { type: 'boolean', default: true },
  layers: { type: 'boolean', default: true },
  sweep: { type: 'boolean', default: true },
  out: { type: 'string', default: 'statevector.json' },
} });
const SIZES = values.sizes!.split(',').map(Number);
const BACKENDS = values.backends!.split(',') as (BackendChoice | 'wasm-2t')[];

const labelOf = (sim: Simulator) => label(sim.kernels);
/** A simulator for a bench backend name ('wasm-2t': wasm-simd on two threads). */
const simFor = (backend: BackendChoice | 'wasm-2t', extra: { fusion?: number; blockQubits?: number } = {}) =>
  createSimulator(backend === 'wasm-2t' ? { backend: 'wasm', threads: 2, ...extra } : { backend, ...extra });
/** The backend label of a row: the provider's name, with ×threads when threaded. */
const label = (k: { backend: string; threads?: number }) => (k.threads !== undefined && k.threads > 1 ? `${k.backend}×${k.threads}` : k.backend);

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
    rows.push({ kernel, backend: label(k), n, nsPerAmp: (mean * 1e9) / size, worstNsPerAmp: (worst * 1e9) / size, gbPerS: (passes * 32 * size) / mean / 1e9 });
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
async function circuitRows(backend: BackendChoice | 'wasm-2t', n: number): Promise<Record<string, number | string>[]> {
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
      for (const blockQubits of [0, DEFAULT_BLOCK_QUBITS]) {
        const sim = await simFor(backend, { fusion, blockQubits });
        const s = sim.state(n);
        const segs = sim.compile(circ, new Float64Array(0));
        const prog = segs[0].kind === 'program' ? segs[0].program : undefined!;
        const secs = time(() => s.runProgram(prog), n);
        out.push({ circuit: label, backend: labelOf(sim), n, fusion, blockQubits, ops: prog.count, ms: secs * 1e3, nsPerAmpPerGate: (secs * 1e9) / 2 ** n / circ.gateCount });
        s.dispose();
        await sim.kernels.close?.();
      }
    }
  }
  return out;
}

const rx = (t: number) => [Math.cos(t / 2), 0, 0, -Math.sin(t / 2), 0, -Math.sin(t / 2), Math.cos(t / 2), 0];

/** A random U3 (a general unitary 2x2 with complex entries). Layers are applied many times to one state, so they must be unitary: a non-unitary matrix drives the amplitudes into subnormals, which are many times slower. */
function u3(rng: Rng): Float64Array {
  const [t, f, l] = [Math.PI * rng.float(), 2 * Math.PI * rng.float(), 2 * Math.PI * rng.float()];
  const c = Math.cos(t / 2), s = Math.sin(t / 2);
  return Float64Array.from([c, 0, -Math.cos(l) * s, -Math.sin(l) * s, Math.cos(f) * s, Math.sin(f) * s, Math.cos(f + l) * c, Math.sin(f + l) * c]);
}

/** The layer programs at n qubits: [label, program, ops counted] (per op = per program op). */
function layerPrograms(sim: Simulator, n: number): { label: string; program: SvProgram; gates: number; dispose?: () => void }[] {
  const rng = new Rng(5);
  const general = new ProgramBuilder(), rxs = new ProgramBuilder();
  for (let q = 0; q < n; q++) general.gate1(q, u3(rng));
  for (let q = 0; q < n; q++) rxs.gate1(q, rx(0.7));
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n], [i, (i + Math.floor(n / 2)) % n]);
  const qaoa = new QaoaProblem(sim, maxCutModel(edges, n));
  const hea = hardwareEfficientAnsatz(n, 1);
  const heaValues = Float64Array.from({ length: hea.parameters.length }, () => rng.float());
  const heaSegs = sim.compile(hea, heaValues);
  return [
    { label: 'layer of 1q gates on every qubit (general 2x2)', program: general.build(), gates: n },
    { label: 'layer of RX on every qubit (QAOA mixer)', program: rxs.build(), gates: n },
    { label: 'QAOA p=1 layer (H, cost phase, RX mixer)', program: qaoa.program(Float64Array.from([0.6, 0.4])), gates: 2 * n + 1, dispose: () => qaoa.dispose() },
    { label: 'HEA layer (RY RZ, CX line, RY RZ; fused)', program: heaSegs[0].kind === 'program' ? heaSegs[0].program : undefined!, gates: hea.gateCount },
  ];
}

interface LayerRow { layer: string; backend: string; n: number; blockQubits: number; gates: number; ops: number; ms: number; nsPerAmpPerGate: number; nsPerAmpPerOp: number }

/** Each layer blocked (default block) and unblocked: ns per gate (and per program op) per amplitude. */
function layerRows(sim: Simulator, n: number, blocks: readonly number[], only?: readonly string[]): LayerRow[] {
  const k = sim.kernels, s = k.allocState(n), rows: LayerRow[] = [];
  const slow = sim.backend === 'reference' && n >= 24;
  const uniform = new Float64Array(2 ** (n + 1)).fill(2 ** (-(n + 1) / 2)); // a dense state: every amplitude non-zero
  for (const l of layerPrograms(sim, n)) {
    if (only !== undefined && !only.includes(l.label)) {
      l.dispose?.();
      continue;
    }
    for (const blockQubits of blocks) {
      k.write(s, uniform);
      const secs = time(() => k.run(s, l.program, blockQubits), n, slow ? 3 : n >= 24 ? 5 : 9);
      rows.push({ layer: l.label, backend: label(k), n, blockQubits, gates: l.gates, ops: l.program.count, ms: secs * 1e3, nsPerAmpPerGate: (secs * 1e9) / 2 ** n / l.gates, nsPerAmpPerOp: (secs * 1e9) / 2 ** n / l.program.count });
    }
    l.dispose?.();
  }
  k.free(s);
  return rows;
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
const layers: LayerRow[] = [];
const sweep: LayerRow[] = [];
for (const backend of BACKENDS) {
  const sim = await simFor(backend);
  for (const n of SIZES) {
    if (sim.backend === 'reference' && n > 20 && !SIZES.includes(24)) continue;
    rows.push(...kernelRows(sim, n));
    if (backend === 'wasm' || backend === 'wasm-2t') {
      // this machine's floor: one in-place read + write pass with no arithmetic, same thread count
      const ns = await memoryFloor(n, backend === 'wasm' ? 1 : 2, n <= 16 ? 41 : 15);
      rows.push({ kernel: 'memory floor (read+write pass, no arithmetic)', backend: label(sim.kernels), n, nsPerAmp: ns, gbPerS: 32 / ns });
    }
    console.error(`${label(sim.kernels)} n=${n} done`);
  }
  const big = SIZES.filter((x) => x === 20 || x === 24);
  if (values.layers) for (const n of big) layers.push(...layerRows(sim, n, [0, DEFAULT_BLOCK_QUBITS]));
  if (values.sweep && label(sim.kernels) === 'wasm-simd') {
    for (const n of big) sweep.push(...layerRows(sim, n, [0, 12, 13, 14, 15, 16, 17], ['layer of 1q gates on every qubit (general 2x2)', 'layer of RX on every qubit (QAOA mixer)']));
  }
  if (values.circuits && backend !== 'reference') for (const n of big) circuits.push(...(await circuitRows(backend, n)));
  await sim.kernels.close?.();
}
if (values.qc) rows.push(...(await quantumCircuitRows()));

console.log('\nns per amplitude (mean over targets; worst in brackets), effective GB/s of one read+write pass');
const kernels = [...new Set(rows.map((r) => r.kernel))];
const backs = [...new Set(rows.map((r) => r.backend))];
const kw = Math.max(...kernels.map((k) => k.length)) + 2;
console.log(['kernel', 'n', ...backs].map((s, i) => (i === 0 ? s.padEnd(kw) : i === 1 ? s.padStart(4) : s.padStart(24))).join(''));
for (const kern of kernels) for (const n of SIZES) {
  const cells = backs.map((b) => rows.find((r) => r.kernel === kern && r.n === n && r.backend === b)).map((r) => (r ? `${r.nsPerAmp.toFixed(2)} [${(r.worstNsPerAmp ?? r.nsPerAmp).toFixed(2)}] ${r.gbPerS.toFixed(0)}GB/s` : '-'));
  console.log([kern.padEnd(kw), String(n).padStart(4), ...cells.map((c) => c.padStart(24))].join(''));
}
if (layers.length > 0) {
  console.log(`\nlayers: ns per gate per amplitude, unblocked -> blocked (${DEFAULT_BLOCK_QUBITS} qubits), and the gain`);
  for (const r of layers.filter((x) => x.blockQubits !== 0)) {
    const u = layers.find((x) => x.layer === r.layer && x.backend === r.backend && x.n === r.n && x.blockQubits === 0)!;
    console.log(`${r.layer.padEnd(50)} ${r.backend.padEnd(12)} n=${r.n} ${u.nsPerAmpPerGate.toFixed(3)} -> ${r.nsPerAmpPerGate.toFixed(3)} (${(u.ms / r.ms).toFixed(2)}x, ${r.ops} ops)`);
  }
}
if (sweep.length > 0) {
  console.log('\nblock-size sweep (wasm-simd): ns per gate per amplitude by block qubits');
  for (const label of [...new Set(sweep.map((r) => r.layer))]) for (const n of [...new Set(sweep.map((r) => r.n))]) {
    console.log(`${label.padEnd(50)} n=${n} ${sweep.filter((r) => r.layer === label && r.n === n).map((r) => `B=${r.blockQubits}: ${r.nsPerAmpPerGate.toFixed(3)}`).join('  ')}`);
  }
}
console.log('\nwhole circuits (ms per run)');
for (const c of circuits) console.log(`${String(c.circuit).padEnd(36)} ${String(c.backend).padEnd(12)} n=${c.n} fusion=${c.fusion} block=${c.blockQubits} ops=${c.ops} ${(c.ms as number).toFixed(2)} ms`);

const out = { machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30) }, node: process.version, qsched: VERSION, wasm: { simd: wasmHash('simd'), scalar: wasmHash('scalar'), simdShared: wasmHash('simd-shared') }, timing: 'process.hrtime median after 3 warm-up calls', blockQubits: DEFAULT_BLOCK_QUBITS, kernels: rows, layers, blockSweep: sweep, circuits };
mkdirSync(join(packageRoot(), 'bench', 'results'), { recursive: true });
writeFileSync(values.out!.startsWith('/') ? values.out! : join(packageRoot(), 'bench', 'results', values.out!), JSON.stringify(out, null, 2) + '\n');
console.log(`\nwrote bench/results/${values.out}`);
