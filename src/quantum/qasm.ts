// OpenQASM 2.0 import: qreg/creg (several registers are laid out one after another in
// declaration order), the qelib1 gates this simulator supports (see gates.ts; `include
// "qelib1.inc"` is understood, not read), U and CX, user `gate` definitions (expanded inline;
// a definition of a gate the simulator knows natively is accepted and the native gate is
// used), register broadcasting, measure, reset and barrier. Parameter expressions: numbers, pi,
// + − * / ^, unary minus, sin cos tan exp ln sqrt. Every error is a QasmError naming the line,
// the column and the offending token.

import { Circuit } from './circuit.js';
import { QasmError } from './errors.js';
import { GATES } from './gates.js';

interface Token {
  readonly kind: 'id' | 'num' | 'str' | 'sym' | 'eof';
  readonly text: string;
  readonly line: number;
  readonly col: number;
}

function lex(src: string): Token[] {
  const out: Token[] = [];
  const re = /(\s+)|(\/\/[^\n]*)|([A-Za-z_][A-Za-z0-9_]*)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|("[^"\n]*")|(->|==|[;,()[\]{}+\-*/^])|(.)/gy;
  let line = 1, lineStart = 0, m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null && m[0].length > 0) {
    const col = m.index - lineStart + 1;
    if (m[1] !== undefined || m[2] !== undefined) {
      for (let i = 0; i < m[0].length; i++) if (m[0][i] === '\n') (line++, (lineStart = m.index + i + 1));
      continue;
    }
    if (m[7] !== undefined) throw new QasmError(`unexpected character ${JSON.stringify(m[7])}`, line, col, m[7]);
    const kind = m[3] !== undefined ? 'id' : m[4] !== undefined ? 'num' : m[5] !== undefined ? 'str' : 'sym';
    out.push({ kind, text: m[0], line, col });
  }
  out.push({ kind: 'eof', text: 'end of input', line, col: src.length - lineStart + 1 });
  return out;
}

type Expr = (env: ReadonlyMap<string, number>) => number;
interface GateDef { params: string[]; args: string[]; body: Token[][] }
const FUNCS: Record<string, (x: number) => number> = { sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, ln: Math.log, sqrt: Math.sqrt };

class Parser {
  #t: Token[];
  #i = 0;
  constructor(tokens: Token[]) {
    this.#t = tokens;
  }
  get peek(): Token {
    return this.#t[this.#i];
  }
  /** True when the next token's text is `text`. */
  is(text: string): boolean {
    return this.#t[this.#i].text === text;
  }
  next(): Token {
    return this.#t[this.#i++];
  }
  fail(msg: string, t: Token = this.peek): never {
    throw new QasmError(`${msg}, got ${t.kind === 'eof' ? 'end of input' : JSON.stringify(t.text)}`, t.line, t.col, t.text);
  }
  expect(text: string): Token {
    if (this.peek.text !== text) this.fail(`expected ${JSON.stringify(text)}`);
    return this.next();
  }
  id(what: string): Token {
    if (this.peek.kind !== 'id') this.fail(`expected ${what}`);
    return this.next();
  }
  int(what: string): number {
    const t = this.peek;
    if (t.kind !== 'num' || !/^\d+$/.test(t.text)) this.fail(`expected ${what} (a non-negative integer)`);
    this.next();
    return Number(t.text);
  }
  /** expr := term (('+'|'-') term)*; term := power (('*'|'/') power)*; power := unary ('^' power)? */
  expr(params: ReadonlySet<string>): Expr {
    let left = this.term(params);
    while (this.is('+') || this.is('-')) {
      const op = this.next().text, a = left, b = this.term(params);
      left = op === '+' ? (e) => a(e) + b(e) : (e) => a(e) - b(e);
    }
    return left;
  }
  term(params: ReadonlySet<string>): Expr {
    let left = this.power(params);
    while (this.is('*') || this.is('/')) {
      const op = this.next().text, a = left, b = this.power(params);
      left = op === '*' ? (e) => a(e) * b(e) : (e) => a(e) / b(e);
    }
    return left;
  }
  power(params: ReadonlySet<string>): Expr {
    const base = this.unary(params);
    if (!this.is('^')) return base;
    this.next();
    const exp = this.power(params);
    return (e) => base(e) ** exp(e);
  }
  unary(params: ReadonlySet<string>): Expr {
    const t = this.next();
    if (t.text === '-') {
      const a = this.unary(params);
      return (e) => -a(e);
    }
    if (t.text === '+') return this.unary(params);
    if (t.kind === 'num') {
      const v = Number(t.text);
      return () => v;
    }
    if (t.text === '(') {
      const a = this.expr(params);
      this.expect(')');
      return a;
    }
    if (t.kind === 'id') {
      if (t.text === 'pi') return () => Math.PI;
      if (params.has(t.text)) return (e) => e.get(t.text)!;
      const f = FUNCS[t.text];
      if (f !== undefined) {
        this.expect('(');
        const a = this.expr(params);
        this.expect(')');
        return (e) => f(a(e));
      }
      this.fail('unknown identifier in expression', t);
    }
    this.fail('expected an expression', t);
  }
}

/** Parses OpenQASM 2.0 into a Circuit (parameters are bound numbers). */
export function fromQasm(source: string): Circuit {
  if (typeof source !== 'string') throw new TypeError(`source must be a string, got ${typeof source}`);
  const p = new Parser(lex(source));
  if (!p.is('OPENQASM')) p.fail('expected the header "OPENQASM 2.0;"');
  p.next();
  const v = p.next();
  if (v.text !== '2.0' && v.text !== '2') p.fail('only OpenQASM 2.0 is supported', v);
  p.expect(';');
  const qregs = new Map<string, { start: number; size: number }>();
  const cregs = new Map<string, { start: number; size: number }>();
  const defs = new Map<string, GateDef>();
  type Stmt = (c: Circuit) => void;
  const stmts: Stmt[] = [];
  let nq = 0, nc = 0;

  /** An argument: reg[i] or a whole register; returns its flat indices. */
  const arg = (regs: Map<string, { start: number; size: number }>, what: string): number[] => {
    const t = p.id(what);
    const r = regs.get(t.text);
    if (r === undefined) return p.fail(`unknown ${what}`, t);
    if (!p.is('[')) return Array.from({ length: r.size }, (_, k) => r.start + k);
    p.next();
    const it = p.peek;
    const k = p.int('an index');
    if (k >= r.size) p.fail(`index out of range for ${t.text}[${r.size}]`, it);
    p.expect(']');
    return [r.start + k];
  };
  const broadcast = (args: number[][], t: Token): number[][] => {
    const len = Math.max(...args.map((a) => a.length));
    if (args.some((a) => a.length !== 1 && a.length !== len)) p.fail('registers of different sizes in one statement', t);
    return Array.from({ length: len }, (_, k) => args.map((a) => (a.length === 1 ? a[0] : a[k])));
  };

  /** Emits a (possibly user-defined) gate on flat qubits with evaluated parameters. */
  const emit = (c: Circuit, name: string, qubits: number[], values: number[], t: Token): void => {
    const def = defs.get(name);
    if (def !== undefined) {
      const env = new Map(def.params.map((q, k) => [q, values[k]] as const));
      const map = new Map(def.args.map((a, k) => [a, qubits[k]] as const));
      for (const call of def.body) {
        const sub = new Parser([...call, { kind: 'eof', text: 'end of gate body', line: t.line, col: t.col }]);
        const g = sub.id('a gate name');
        const ps: Expr[] = [];
        if (sub.is('(')) {
          sub.next();
          while (!sub.is(')')) {
            ps.push(sub.expr(new Set(def.params)));
            if (sub.is(',')) sub.next();
          }
          sub.next();
        }
        const qs: number[] = [];
        while (sub.peek.kind === 'id') {
          qs.push(map.get(sub.next().text)!);
          if (sub.is(',')) sub.next();
        }
        if (g.text !== 'barrier') emit(c, g.text, qs, ps.map((x) => x(env)), g);
      }
      return;
    }
    try {
      c.gate(name, qubits, values);
    } catch (e) {
      throw new QasmError((e as Error).message, t.line, t.col, t.text);
    }
  };

  while (p.peek.kind !== 'eof') {
    const t = p.id('a statement');
    switch (t.text) {
      case 'include': {
        const f = p.next();
        if (f.kind !== 'str') p.fail('expected a file name in quotes', f);
        if (f.text !== '"qelib1.inc"') p.fail('only "qelib1.inc" can be included', f);
        break;
      }
      case 'qreg':
      case 'creg': {
        const name = p.id('a register name');
        if (qregs.has(name.text) || cregs.has(name.text)) p.fail('register declared twice', name);
        p.expect('[');
        const size = p.int('a register size');
        p.expect(']');
        if (t.text === 'qreg') (qregs.set(name.text, { start: nq, size }), (nq += size));
        else (cregs.set(name.text, { start: nc, size }), (nc += size));
        break;
      }
      case 'gate': {
        const name = p.id('a gate name');
        const params: string[] = [], args: string[] = [];
        if (p.is('(')) {
          p.next();
          while (!p.is(')')) {
            params.push(p.id('a parameter name').text);
            if (p.is(',')) p.next();
          }
          p.next();
        }
        while (p.peek.kind === 'id') {
          args.push(p.next().text);
          if (p.is(',')) p.next();
        }
        p.expect('{');
        const body: Token[][] = [];
        let cur: Token[] = [];
        while (!p.is('}')) {
          if ((p.peek.kind as string) === 'eof') return p.fail('expected "}" closing the gate body');
          const tok = p.next();
          if (tok.text === ';') (body.push(cur), (cur = []));
          else {
            if (tok.kind === 'id' && cur.length === 0 && tok.text !== 'barrier' && !GATES.has(tok.text) && !defs.has(tok.text)) p.fail('unknown gate in gate body', tok);
            if (tok.kind === 'id' && cur.length > 0 && !args.includes(tok.text) && !params.includes(tok.text) && tok.text !== 'pi' && !(tok.text in FUNCS)) p.fail('unknown name in gate body', tok);
            cur.push(tok);
          }
        }
        p.next();
        if (!GATES.has(name.text)) defs.set(name.text, { params, args, body });
        continue;
      }
      case 'opaque':
      case 'if':
        p.fail(`${t.text} is not supported`, t);
        break;
      case 'measure': {
        const q = arg(qregs, 'quantum register');
        p.expect('->');
        const c = arg(cregs, 'classical register');
        if (q.length !== c.length) p.fail('measure needs registers of the same size', t);
        stmts.push((circ) => q.forEach((qq, k) => circ.measure(qq, c[k])));
        break;
      }
      case 'reset': {
        const q = arg(qregs, 'quantum register');
        stmts.push((circ) => q.forEach((qq) => circ.reset(qq)));
        break;
      }
      case 'barrier': {
        const qs: number[] = [];
        for (;;) {
          qs.push(...arg(qregs, 'quantum register'));
          if (!p.is(',')) break;
          p.next();
        }
        stmts.push((circ) => circ.barrier(qs));
        break;
      }
      default: {
        if (!GATES.has(t.text) && !defs.has(t.text)) p.fail('unknown gate', t);
        const values: number[] = [];
        if (p.is('(')) {
          p.next();
          while (!p.is(')')) {
            const at = p.peek;
            const x = p.expr(new Set())(new Map());
            if (!Number.isFinite(x)) p.fail('parameter is not a finite number', at);
            values.push(x);
            if (p.is(',')) p.next();
            else if (!p.is(')')) p.fail('expected "," or ")"');
          }
          p.next();
        }
        const args: number[][] = [];
        for (;;) {
          args.push(arg(qregs, 'quantum register'));
          if (!p.is(',')) break;
          p.next();
        }
        for (const qs of broadcast(args, t)) stmts.push((circ) => emit(circ, t.text, qs, values, t));
      }
    }
    p.expect(';');
  }
  if (nq === 0) throw new QasmError('no qreg declared', 1, 1, 'OPENQASM');
  if (nq > 30) throw new QasmError(`${nq} qubits declared; at most 30`, 1, 1, 'qreg');
  const circuit = new Circuit(nq);
  for (const s of stmts) s(circuit);
  return circuit;
}
