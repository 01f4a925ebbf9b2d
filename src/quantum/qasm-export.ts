// OpenQASM 2.0 export of a circuit with bound parameters: one `qreg q[n]` (and `creg c[m]`
// when it measures), qelib1 names, angles printed with the shortest round-trip decimal (so
// import(export(c)) reproduces every angle exactly). Gates outside the original qelib1 that the
// importer knows natively get a `gate` definition so other tools can read the file; a 2x2
// user unitary is written as u3 (exact up to a global phase); a 4x4 one cannot be exported.

import { angleValue, Circuit } from './circuit.js';

const DEFS: Record<string, string> = {
  ryy: 'gate ryy(theta) a,b { rx(pi/2) a; rx(pi/2) b; cx a,b; rz(theta) b; cx a,b; rx(-pi/2) a; rx(-pi/2) b; }',
  xx_plus_yy: 'gate xx_plus_yy(theta) a,b { rxx(theta/2) a,b; ryy(theta/2) a,b; }',
};

/** U3 angles of a 2x2 unitary (equal up to a global phase). */
function u3Angles(m: Float64Array): [number, number, number] {
  const a = Math.hypot(m[0], m[1]), b = Math.hypot(m[4], m[5]);
  const theta = 2 * Math.atan2(b, a);
  const p00 = Math.atan2(m[1], m[0]), p10 = Math.atan2(m[5], m[4]), p01 = Math.atan2(-m[3], -m[2]), p11 = Math.atan2(m[7], m[6]);
  // m = e^{iα} [[c, −e^{iλ}s], [e^{iφ}s, e^{i(φ+λ)}c]]
  if (b < 1e-12) return [0, 0, p11 - p00];
  if (a < 1e-12) return [Math.PI, p10 - p01, 0];
  return [theta, p10 - p00, p01 - p00];
}

/** The circuit as OpenQASM 2.0 text (params bound by value). */
export function toQasm(circuit: Circuit, params?: ArrayLike<number> | Readonly<Record<string, number>>): string {
  if (!(circuit instanceof Circuit)) throw new TypeError('circuit must be a Circuit');
  const values = circuit.bind(params);
  const clbits = Math.max(0, ...circuit.ops.map((o) => (o.kind === 'measure' ? o.clbit + 1 : 0)));
  const body: string[] = [];
  const needed = new Set<string>();
  const q = (i: number) => `q[${i}]`;
  for (const op of circuit.ops) {
    if (op.kind === 'measure') body.push(`measure ${q(op.qubit)} -> c[${op.clbit}];`);
    else if (op.kind === 'reset') body.push(`reset ${q(op.qubit)};`);
    else if (op.kind === 'barrier') body.push(`barrier ${op.qubits.map(q).join(',')};`);
    else if (op.name === 'unitary') {
      if (op.matrix!.length !== 8) throw new RangeError('a 4x4 unitary cannot be exported to OpenQASM 2.0 (decompose it into supported gates)');
      body.push(`u3(${u3Angles(op.matrix!).map(String).join(',')}) ${q(op.qubits[0])};`);
    } else {
      if (op.name in DEFS) needed.add(op.name);
      const ps = op.params.map((a) => String(angleValue(a, values)));
      body.push(`${op.name}${ps.length ? `(${ps.join(',')})` : ''} ${op.qubits.map(q).join(',')};`);
    }
  }
  const head = ['OPENQASM 2.0;', 'include "qelib1.inc";', ...[...needed].map((g) => DEFS[g]), `qreg q[${circuit.n}];`];
  if (clbits > 0) head.push(`creg c[${clbits}];`);
  return [...head, ...body].join('\n') + '\n';
}
