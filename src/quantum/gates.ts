// The supported gate set: each gate's qubit count, parameter names and matrix (complex
// row-major, little-endian local order: for qubits [q0, q1] the local index is bit(q0) |
// bit(q1) << 1, so CX [control, target] swaps local states 1 and 3). Definitions follow
// OpenQASM 2's qelib1 / Qiskit (RZ(θ) = diag(e^{−iθ/2}, e^{iθ/2}), U3 as in qelib1).
//
// Each parameter carries its frequency ω: matrix entries are trigonometric polynomials in ω·θ,
// so the exact derivative is ω·(M(θ + π/2ω) − M(θ − π/2ω))/2 (used by adjoint differentiation),
// and the expectation's spectrum tells which parameter-shift rule is exact (`shiftRule`).

/** Description of one gate kind. */
export interface GateSpec {
  readonly name: string;
  readonly qubits: number;
  readonly params: readonly string[];
  /** Frequency of each parameter in the matrix entries. */
  readonly freq: readonly number[];
  /** 'two' = two-term shift rule exact; 'four' = generator spectrum {0, ±1/2} needs four terms. */
  readonly shiftRule: 'two' | 'four' | 'none';
  /** Matrix for given parameter values (fresh array). */
  matrix(p: readonly number[]): Float64Array;
}

const { cos, sin, PI, SQRT1_2 } = Math;

function m2(...v: number[]): Float64Array {
  return Float64Array.from(v);
}

function diag(...entries: [number, number][]): Float64Array {
  const d = entries.length;
  const m = new Float64Array(2 * d * d);
  entries.forEach(([re, im], i) => {
    m[2 * (i * d + i)] = re;
    m[2 * (i * d + i) + 1] = im;
  });
  return m;
}

function perm4(map: readonly [number, number, number, number], phase: readonly [number, number][] = [[1, 0], [1, 0], [1, 0], [1, 0]]): Float64Array {
  // column c goes to row map[c] with factor phase[c]
  const m = new Float64Array(32);
  for (let c = 0; c < 4; c++) {
    m[2 * (map[c] * 4 + c)] = phase[c][0];
    m[2 * (map[c] * 4 + c) + 1] = phase[c][1];
  }
  return m;
}

const e = (t: number): [number, number] => [cos(t), sin(t)];

function u3(t: number, f: number, l: number): Float64Array {
  const c = cos(t / 2), s = sin(t / 2);
  return m2(c, 0, -cos(l) * s, -sin(l) * s, cos(f) * s, sin(f) * s, cos(f + l) * c, sin(f + l) * c);
}

function fixed(name: string, qubits: number, m: Float64Array): GateSpec {
  return { name, qubits, params: [], freq: [], shiftRule: 'none', matrix: () => m.slice() };
}

function rot(name: string, qubits: number, f: (t: number) => Float64Array, rule: 'two' | 'four' = 'two'): GateSpec {
  return { name, qubits, params: ['theta'], freq: [0.5], shiftRule: rule, matrix: (p) => f(p[0]) };
}

function rxx(t: number, yy: boolean): Float64Array {
  const c = cos(t / 2), s = sin(t / 2);
  const m = new Float64Array(32);
  for (let k = 0; k < 4; k++) {
    m[2 * (k * 4 + k)] = c;
    // XX: -i s on the anti-diagonal; YY: +i s between 00 and 11, -i s between 01 and 10
    m[2 * (k * 4 + (k ^ 3)) + 1] = yy && (k === 0 || k === 3) ? s : -s;
  }
  return m;
}

const SPECS: GateSpec[] = [
  fixed('id', 1, m2(1, 0, 0, 0, 0, 0, 1, 0)),
  fixed('h', 1, m2(SQRT1_2, 0, SQRT1_2, 0, SQRT1_2, 0, -SQRT1_2, 0)),
  fixed('x', 1, m2(0, 0, 1, 0, 1, 0, 0, 0)),
  fixed('y', 1, m2(0, 0, 0, -1, 0, 1, 0, 0)),
  fixed('z', 1, diag([1, 0], [-1, 0])),
  fixed('s', 1, diag([1, 0], [0, 1])),
  fixed('sdg', 1, diag([1, 0], [0, -1])),
  fixed('t', 1, diag([1, 0], [SQRT1_2, SQRT1_2])),
  fixed('tdg', 1, diag([1, 0], [SQRT1_2, -SQRT1_2])),
  fixed('sx', 1, m2(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5)),
  rot('rx', 1, (t) => m2(cos(t / 2), 0, 0, -sin(t / 2), 0, -sin(t / 2), cos(t / 2), 0)),
  rot('ry', 1, (t) => m2(cos(t / 2), 0, -sin(t / 2), 0, sin(t / 2), 0, cos(t / 2), 0)),
  rot('rz', 1, (t) => diag(e(-t / 2), e(t / 2))),
  { name: 'p', qubits: 1, params: ['lambda'], freq: [1], shiftRule: 'two', matrix: (p) => diag([1, 0], e(p[0])) },
  { name: 'u3', qubits: 1, params: ['theta', 'phi', 'lambda'], freq: [0.5, 1, 1], shiftRule: 'two', matrix: (p) => u3(p[0], p[1], p[2]) },
  { name: 'u2', qubits: 1, params: ['phi', 'lambda'], freq: [1, 1], shiftRule: 'two', matrix: (p) => u3(PI / 2, p[0], p[1]) },
  fixed('cx', 2, perm4([0, 3, 2, 1])),
  fixed('cy', 2, perm4([0, 3, 2, 1], [[1, 0], [0, 1], [1, 0], [0, -1]])),
  fixed('cz', 2, diag([1, 0], [1, 0], [1, 0], [-1, 0])),
  fixed('swap', 2, perm4([0, 2, 1, 3])),
  { name: 'cp', qubits: 2, params: ['lambda'], freq: [1], shiftRule: 'two', matrix: (p) => diag([1, 0], [1, 0], [1, 0], e(p[0])) },
  rot('crz', 2, (t) => diag([1, 0], e(-t / 2), [1, 0], e(t / 2)), 'four'),
  rot('rxx', 2, (t) => rxx(t, false)),
  rot('ryy', 2, (t) => rxx(t, true)),
  rot('rzz', 2, (t) => diag(e(-t / 2), e(t / 2), e(t / 2), e(-t / 2))),
  // exp(−iθ(XX+YY)/4): the XY (hopping) mixer, [[cos θ/2, −i sin θ/2], …] on |01>, |10>
  rot('xx_plus_yy', 2, (t) => {
    const m = diag([1, 0], [cos(t / 2), 0], [cos(t / 2), 0], [1, 0]);
    m[2 * (1 * 4 + 2) + 1] = -sin(t / 2);
    m[2 * (2 * 4 + 1) + 1] = -sin(t / 2);
    return m;
  }, 'four'),
  // CCX [c0, c1, target]: simulated as X on the target controlled by both (not fused)
  fixed('ccx', 3, m2(0, 0, 1, 0, 1, 0, 0, 0)),
];

/** Gate specs by name (aliases included: u1 = p, u = U = u3, cu1 = cp, CX = cx). */
export const GATES: ReadonlyMap<string, GateSpec> = new Map([
  ...SPECS.map((s) => [s.name, s] as const),
  ['u1', SPECS.find((s) => s.name === 'p')!],
  ['u', SPECS.find((s) => s.name === 'u3')!],
  ['U', SPECS.find((s) => s.name === 'u3')!],
  ['cu1', SPECS.find((s) => s.name === 'cp')!],
  ['CX', SPECS.find((s) => s.name === 'cx')!],
]);

/** Exact derivative of a gate's matrix in parameter k (see the module comment). */
export function matrixDerivative(spec: GateSpec, p: readonly number[], k: number): Float64Array {
  const w = spec.freq[k];
  const s = PI / (2 * w);
  const plus = p.slice(), minus = p.slice();
  plus[k] += s;
  minus[k] -= s;
  const a = spec.matrix(plus), b = spec.matrix(minus);
  return a.map((v, i) => (w * (v - b[i])) / 2);
}
