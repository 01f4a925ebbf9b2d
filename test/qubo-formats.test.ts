// File formats on small inline fixtures: what each format means (energies checked by hand), the
// writers round trip, and every malformed input is a ParseError naming file, line and expectation.

import { describe, expect, it } from 'vitest';
import {
  formatCoo, formatModelJson, Model, parseBiqMac, parseCoo, parseGset, parseModelJson, parseOrlibBqp, ParseError,
} from '../src/qubo/index.js';

/** Runs `parse` and returns its ParseError (failing the test when it does not throw one). */
function parseError(parse: () => unknown): ParseError {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

function spins(n: number): number[][] {
  return Array.from({ length: 1 << n }, (_, b) => Array.from({ length: n }, (_, i) => ((b >> i) & 1 ? 1 : -1)));
}

describe('Gset / rudy Max-Cut', () => {
  const text = '4 4\n1 2 1\n2 3 1\n3 4 -1\n1 4 2\n';

  it('is the Ising model Σ w s_i s_j with cut = (W − E)/2', () => {
    const g = parseGset(text, { file: 'tiny.txt' });
    expect([g.model.vartype, g.model.labels, g.totalWeight, g.model.numInteractions]).toEqual(['SPIN', [1, 2, 3, 4], 3, 4]);
    expect(g.model.quadratic(3, 4)).toBe(-1);
    expect(g.edges).toEqual([[1, 2, 1], [2, 3, 1], [3, 4, -1], [1, 4, 2]]);
    expect(g.cutOf([1, -1, 1, -1])).toBe(3);
    expect(g.cutOf({ 1: 1, 2: 1, 3: 1, 4: 1 })).toBe(0);
    for (const s of spins(4)) expect(g.cutOf(s)).toBe((g.totalWeight - g.model.energy(s)) / 2);
  });

  it('tolerates blank lines, CRLF and surrounding spaces', () => {
    expect(parseGset(' 2 1 \r\n\r\n 1  2  5\r\n\r\n').model.quadratic(1, 2)).toBe(5);
  });

  it.each([
    ['', 't.txt:1: expected header "n m", got end of file'],
    ['3\n', 't.txt:1: expected header "n m" with non-negative integers, got "3"'],
    ['3 1.5\n', 't.txt:1: expected header "n m" with non-negative integers, got "3 1.5"'],
    ['3 2\n1 2 1\n', 't.txt:3: expected 2 edges as the header says, got end of file after 1'],
    ['3 1\n1 2 1\n\n2 3 1\n', 't.txt:4: expected end of file after 1 edges (header "3 1"), got "2 3 1"'],
    ['800 2\n1 2 1\n801 2 1\n', 't.txt:3: expected "i j w" with 1 ≤ i, j ≤ 800, got "801 2 1"'],
    ['3 1\n0 1 1\n', 't.txt:2: expected "i j w" with 1 ≤ i, j ≤ 3, got "0 1 1"'],
    ['3 1\n1 2 x\n', 't.txt:2: expected "i j w" with 1 ≤ i, j ≤ 3, got "1 2 x"'],
    ['3 1\n1 2 1 4\n', 't.txt:2: expected "i j w" with 1 ≤ i, j ≤ 3, got "1 2 1 4"'],
    ['3 1\n# c\n', 't.txt:2: expected "i j w" with 1 ≤ i, j ≤ 3, got "# c"'],
    ['3 1\n2 2 1\n', 't.txt:2: expected an edge between two different vertices, got "2 2 1"'],
    ['3 2\n1 2 1\n2 1 1\n', 't.txt:3: expected each edge once, got "2 1 1" (edge {1, 2} is on line 2 too)'],
  ])('rejects %j', (input, message) => {
    const e = parseError(() => parseGset(input, { file: 't.txt' }));
    expect(e.message).toBe(message);
    expect([e.file, e.line]).toEqual(['t.txt', Number(message.split(':')[1])]);
  });
});

describe('OR-Library BQP', () => {
  const text = ' 2\n 2 3\n 1 1 5\n 1 2 -3\n 2 2 4\n 3 1\n 3 3 7\n';

  it('maximises Σ_i Σ_j q_ij x_i x_j with each off-diagonal entry counted twice', () => {
    const [a, b, ...rest] = parseOrlibBqp(text, { file: 'dir/bqp9.txt' });
    expect(rest).toEqual([]);
    expect([a.name, b.name, a.model.labels, b.model.n]).toEqual(['bqp9.1', 'bqp9.2', [1, 2], 3]);
    const objective = (x: number[]) => 5 * x[0] + 4 * x[1] - 3 * 2 * x[0] * x[1];
    for (const x of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
      expect(a.objectiveOf(x)).toBe(objective(x));
      expect(a.model.energy(x)).toBe(0 - objective(x));
    }
    expect(b.objectiveOf({ 1: 0, 2: 0, 3: 1 })).toBe(7);
    expect(parseOrlibBqp('0\n', { file: 'e.txt' })).toEqual([]);
  });

  it.each([
    ['', 'q.txt:1: expected the number of problems, got end of file'],
    ['2\n1 1\n1 1 3\n', 'q.txt:4: expected problem 2 of 2: header "n nnz", got end of file'],
    ['1\n2 2\n1 1 3\n', "q.txt:4: expected 2 entries as problem 1's header says, got end of file after 1"],
    ['1\n2 1\n1 3 3\n', 'q.txt:3: expected "i j q" with 1 ≤ i, j ≤ 2, got "1 3 3"'],
    ['1\n2 2\n1 2 3\n2 1 3\n', 'q.txt:4: expected each entry once, got "2 1 3" (entry {1, 2} is on line 3 too)'],
    ['1\n2 1\n1 2 3\n1 1 1\n', 'q.txt:4: expected end of file after 1 problems, got "1 1 1"'],
  ])('rejects %j', (input, message) => {
    expect(parseError(() => parseOrlibBqp(input, { file: 'q.txt' })).message).toBe(message);
  });
});

describe('BiqMac .sparse', () => {
  it('minimises Σ_i Σ_j w_ij x_i x_j (off-diagonals twice) as it stands', () => {
    const m = parseBiqMac('2 3\n1 1 -5\n1 2 3\n2 2 -4\n');
    expect([m.labels, m.linear(1), m.quadratic(1, 2)]).toEqual([[1, 2], -5, 6]);
    expect([[0, 0], [1, 0], [0, 1], [1, 1]].map((x) => m.energy(x))).toEqual([0, -5, -4, -3]);
  });

  it.each([
    ['2 2\n1 1 -5\n', 'b.sparse:3: expected 2 entries as the header says, got end of file after 1'],
    ['2 1\n1 1 -5\n2 2 1\n', 'b.sparse:3: expected end of file after 1 entries (header "2 1"), got "2 2 1"'],
    ['2 1\n1 1 5e\n', 'b.sparse:2: expected "i j q" with 1 ≤ i, j ≤ 2, got "1 1 5e"'],
    ['x y\n', 'b.sparse:1: expected header "n m" with non-negative integers, got "x y"'],
  ])('rejects %j', (input, message) => {
    expect(parseError(() => parseBiqMac(input, { file: 'b.sparse' })).message).toBe(message);
  });
});

describe('dimod COO', () => {
  it('reads i j bias lines with the vartype header; i i is linear for SPIN too', () => {
    const m = parseCoo('# written by dimod\n# vartype=SPIN\n0 0 1.5\n0 1 -1\n2 1 0.5\n5 5 -2\n');
    expect([m.vartype, m.labels, m.linear(0), m.linear(5), m.quadratic(1, 2), m.offset]).toEqual(['SPIN', [0, 1, 2, 5], 1.5, -2, 0.5, 0]);
    expect(parseCoo('3 1 2\n', { vartype: 'BINARY' }).labels).toEqual([1, 3]);
    expect(parseCoo('# vartype=binary\n0 1 2\n', { vartype: 'BINARY' }).vartype).toBe('BINARY');
  });

  it('round trips through formatCoo', () => {
    const m = Model.fromQubo([[0, 3, 1.25], [3, 3, -2], [7, 0, 4]]);
    expect(parseCoo(formatCoo(m)).toJSON()).toEqual(m.toJSON());
    expect(() => formatCoo(Model.fromQubo([['a', 'b', 1]]))).toThrow(new RangeError('model.labels[0] must be a non-negative integer for COO, got "a"'));
  });

  it.each([
    ['', {}, 'c.coo:1: expected "i j bias" lines, got end of file'],
    ['# vartype=SPIN\n', {}, 'c.coo:2: expected "i j bias" lines, got end of file'],
    ['0 1 1\n', {}, 'c.coo:1: expected a "# vartype=BINARY|SPIN" header (or options.vartype), got none'],
    ['# vartype=QUBIT\n0 1 1\n', {}, 'c.coo:1: expected "# vartype=BINARY" or "# vartype=SPIN", got "# vartype=QUBIT"'],
    ['# vartype=SPIN\n0 1 1\n', { vartype: 'BINARY' }, 'c.coo:1: expected vartype=BINARY as options.vartype says, got "# vartype=SPIN"'],
    ['# vartype=SPIN\n# vartype=SPIN\n0 1 1\n', {}, 'c.coo:2: expected one vartype header (the first is on line 1), got "# vartype=SPIN"'],
    ['# vartype=SPIN\n0 -1 1\n', {}, 'c.coo:2: expected "i j bias" with integer labels i, j ≥ 0 and a finite bias, got "0 -1 1"'],
    ['# vartype=SPIN\n0 1 1\n1 0 2\n', {}, 'c.coo:3: expected each term once, got "1 0 2" (term {0, 1} is on line 2 too)'],
  ] as const)('rejects %j', (input, options, message) => {
    expect(parseError(() => parseCoo(input, { file: 'c.coo', ...options })).message).toBe(message);
  });
});

describe('Model JSON', () => {
  it('round trips labels, biases and offset', () => {
    const m = Model.fromIsing({ a: 1.5, 7: -1 }, [['a', 'z', 0.25]], { offset: -3 });
    const back = parseModelJson(formatModelJson(m, 2));
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(back.labels).toEqual(['7', 'a', 'z']);
  });

  it('names the line of a syntax error and the field of a schema error', () => {
    const syntax = parseError(() => parseModelJson('{\n  "format": "qsched-model",\n  x\n}', { file: 'm.json' }));
    expect([syntax.line, syntax.expected]).toEqual([3, 'valid JSON']);
    expect(syntax.message).toMatch(/^m\.json:3: expected valid JSON, got /);
    const schema = parseError(() => parseModelJson(JSON.stringify({ ...Model.fromQubo([]).toJSON(), version: 2 }), { file: 'm.json' }));
    expect(schema.message).toBe('m.json: expected a qsched-model JSON document, got json.version must be 1, got 2');
    expect(schema.line).toBe(0);
    expect(parseError(() => parseModelJson(' \n', { file: 'm.json' })).message).toBe('m.json:1: expected a qsched-model JSON document, got end of file');
  });
});
