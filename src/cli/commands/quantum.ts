// The quantum subcommands of `qsched`:
//   qsched qaoa FILE --format gset|bqp|sparse|coo|json --p N [--init interp|random] [--shots N] [--seed S] [--json]
//   qsched vqe HAMILTONIAN.json --ansatz uccsd|hea [--depth D] [--entangler cx|cz] [--json]
//   qsched circuit FILE.qasm --shots N --seed S [--json]
// They follow the other commands: flags validated with errors that name them, text or JSON out.

import { BACKEND_CHOICES } from '../../kernels/load.js';
import type { BackendChoice } from '../../kernels/contract.js';
import { choiceFlag, type Command, formatRecord, intFlag, UsageError } from '../command.js';
import { CLI_FORMATS, loadModel } from '../modelfile.js';
import { Circuit } from '../../quantum/circuit.js';
import { createSimulator, readHamiltonianFile, readQasmFile } from '../../quantum/node.js';
import { qaoa } from '../../quantum/qaoa.js';
import { vqe } from '../../quantum/vqe.js';

const backendOption = { backend: { type: 'string', default: 'auto' }, threads: { type: 'string', default: '1' } } as const;

/** The simulator of --backend and --threads (threads: 1, 2, 4, …; states of 14+ qubits are split across them). */
async function simulatorOf(values: Record<string, unknown>) {
  const threads = intFlag('threads', values.threads as string, 1, 16);
  if ((threads & (threads - 1)) !== 0) throw new UsageError(`--threads must be a power of two, got ${threads}`);
  return createSimulator({ backend: choiceFlag('backend', values.backend as string, BACKEND_CHOICES) as BackendChoice, threads });
}
const out = (json: boolean, record: object) => process.stdout.write(json ? JSON.stringify(record) + '\n' : formatRecord(record) + '\n');

/** `qsched qaoa FILE`: QAOA on a model file, best sampled bitstrings and ⟨C⟩. */
export const qaoaCommand: Command = {
  name: 'qaoa',
  summary: 'QAOA on a model file (statevector, up to ~27 variables)',
  help: `qsched qaoa FILE --format ${CLI_FORMATS.join('|')} [--p N] [--init interp|random] [--shots N] [--seed S] [--backend B] [--threads T] [--json]`,
  options: { format: { type: 'string' }, p: { type: 'string', default: '1' }, init: { type: 'string', default: 'interp' }, shots: { type: 'string', default: '1024' }, seed: { type: 'string', default: '0' }, ...backendOption },
  async run({ values, positionals, json }) {
    if (positionals.length !== 1) throw new UsageError('expected one FILE');
    if (values.format === undefined) throw new UsageError(`--format is required (${CLI_FORMATS.join(', ')})`);
    const loaded = await loadModel(positionals[0], choiceFlag('format', values.format, CLI_FORMATS));
    if (loaded.model.n > 27) throw new UsageError(`${positionals[0]} has ${loaded.model.n} variables; a statevector holds at most 27`);
    const sim = await simulatorOf(values);
    const r = qaoa(sim, loaded.model, {
      p: intFlag('p', values.p, 1, 50), init: choiceFlag('init', values.init, ['interp', 'random'] as const),
      shots: intFlag('shots', values.shots, 0, 1 << 24), seed: intFlag('seed', values.seed, 0, 0xffffffff),
    });
    const objective = loaded.objective;
    out(json, {
      file: loaded.name, backend: sim.backend, p: r.p, gamma: r.gamma, beta: r.beta, expectation: r.expectation,
      ...(objective ? { [`expected ${loaded.objectiveName}`]: objective(r.expectation), [`best ${loaded.objectiveName}`]: objective(r.minimum) } : {}),
      minimum: r.minimum, approximationRatio: r.approximationRatio,
      samples: json ? r.samples : r.samples.map((s) => `${s.bits} E=${s.energy} ×${s.count}`).join(', '), evaluations: r.evaluations, timeMs: r.timeMs,
    });
    return 0;
  },
};

/** `qsched vqe HAMILTONIAN.json`: VQE from the Hartree–Fock reference. */
export const vqeCommand: Command = {
  name: 'vqe',
  summary: 'VQE on a Pauli-sum Hamiltonian JSON (UCCSD-style or hardware-efficient ansatz)',
  help: 'qsched vqe HAMILTONIAN.json [--ansatz uccsd|hea] [--depth D] [--entangler cx|cz] [--backend B] [--threads T] [--json]',
  options: { ansatz: { type: 'string', default: 'uccsd' }, depth: { type: 'string', default: '2' }, entangler: { type: 'string', default: 'cx' }, ...backendOption },
  async run({ values, positionals, json }) {
    if (positionals.length !== 1) throw new UsageError('expected one HAMILTONIAN.json');
    const m = await readHamiltonianFile(positionals[0]);
    const sim = await simulatorOf(values);
    const r = vqe(sim, m.hamiltonian, { ansatz: choiceFlag('ansatz', values.ansatz, ['uccsd', 'hea'] as const), depth: intFlag('depth', values.depth, 0, 50), entangler: choiceFlag('entangler', values.entangler, ['cx', 'cz'] as const), reference: m.reference });
    out(json, {
      file: positionals[0], backend: sim.backend, qubits: m.nQubits, electrons: m.nElectrons ?? 'unknown', reference: m.reference.toString(2).padStart(m.nQubits, '0'),
      energy: r.energy, totalEnergy: r.energy + m.toTotal, ...(m.exactGround !== undefined ? { exact: m.exactGround, errorHa: r.energy - m.exactGround } : {}),
      parameters: r.params.length, iterations: r.iterations, evaluations: r.evaluations, timeMs: r.timeMs,
    });
    return 0;
  },
};

/** `qsched circuit FILE.qasm`: runs an OpenQASM 2.0 circuit and prints sampled counts. */
export const circuitCommand: Command = {
  name: 'circuit',
  summary: 'simulate an OpenQASM 2.0 circuit and sample it',
  help: 'qsched circuit FILE.qasm [--shots N] [--seed S] [--backend B] [--threads T] [--json]',
  options: { shots: { type: 'string', default: '1024' }, seed: { type: 'string', default: '0' }, ...backendOption },
  async run({ values, positionals, json }) {
    if (positionals.length !== 1) throw new UsageError('expected one FILE.qasm');
    const circuit = await readQasmFile(positionals[0]);
    const sim = await simulatorOf(values);
    const shots = intFlag('shots', values.shots, 0, 1 << 24), seed = intFlag('seed', values.seed, 0, 0xffffffff);
    const t0 = Date.now();
    const midCircuit = circuit.ops.some((op, k) => op.kind === 'reset' || (op.kind === 'measure' && circuit.ops.slice(k + 1).some((o) => o.kind === 'gate' && o.qubits.includes(op.qubit))));
    const counts: Record<string, number> = {};
    if (midCircuit) {
      // measurements feed later gates: one run per shot, each seeded from (seed, shot)
      for (let s = 0; s < shots; s++) {
        const st = sim.state(circuit.n);
        const bits = st.applyBound(circuit, circuit.bind(), { seed: (seed + Math.imul(s, 0x9e3779b9)) >>> 0 });
        st.dispose();
        const key = Array.from({ length: bits.length }, (_, i) => bits[bits.length - 1 - i] ?? 0).join('');
        counts[key] = (counts[key] ?? 0) + 1;
      }
    } else {
      const st = sim.state(circuit.n);
      st.applyBound(withoutMeasurements(circuit), new Float64Array(0));
      const measured = circuit.ops.filter((o): o is Extract<typeof o, { kind: 'measure' }> => o.kind === 'measure');
      const width = Math.max(0, ...measured.map((m) => m.clbit + 1));
      for (const x of st.sample(shots, seed)) {
        const key = measured.length === 0 ? x.toString(2).padStart(circuit.n, '0') : Array.from({ length: width }, (_, i) => { const m = measured.find((mm) => mm.clbit === width - 1 - i); return m ? (x >> m.qubit) & 1 : 0; }).join('');
        counts[key] = (counts[key] ?? 0) + 1;
      }
      st.dispose();
    }
    out(json, { file: positionals[0], backend: sim.backend, qubits: circuit.n, gates: circuit.gateCount, shots, seed, counts: json ? counts : JSON.stringify(counts), timeMs: Date.now() - t0 });
    return 0;
  },
};

/** The circuit with its (terminal) measurements removed. */
function withoutMeasurements(c: Circuit): Circuit {
  const out = new Circuit(c.n);
  for (const op of c.ops) {
    if (op.kind === 'gate') op.matrix ? out.unitary(op.matrix, op.qubits) : out.gate(op.name, op.qubits, op.params);
    else if (op.kind === 'barrier') out.barrier(op.qubits);
  }
  return out;
}
