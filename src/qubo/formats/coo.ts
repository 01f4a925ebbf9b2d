// dimod's COO text format: one term per line, `i j bias` with non-negative integer labels
// (`i i bias` is the linear bias of i, for BINARY and SPIN alike, as dimod writes it), and an
// optional `# vartype=BINARY|SPIN` comment; other `#` lines are comments. The vartype comes from
// that header or from options.vartype (they must agree when both are given). Labels are the
// integers that occur, in ascending order. A term listed twice (either orientation) is a
// ParseError, and so is a file without any term (there would be no variables to read).

import type { Vartype } from '../../kernels/contract.js';
import { checkOneOf } from '../../validate.js';
import { Model } from '../model.js';
import { ParseError } from './errors.js';
import { edgeLine, Lines, PairSeen, quoted, type Line } from './text.js';

const VARTYPE = /^#\s*vartype\s*=\s*(\S*)\s*$/i;

/** Parses dimod COO text; `options.vartype` is needed when the text has no `# vartype=` header. */
export function parseCoo(text: string, options?: { readonly file?: string; readonly vartype?: Vartype }): Model {
  const file = options?.file ?? 'input';
  const given = options?.vartype === undefined ? undefined : checkOneOf('options.vartype', options.vartype, ['BINARY', 'SPIN'] as const);
  let declared: { vartype: Vartype; line: number } | undefined;
  const lines: Lines = new Lines(text, file, (line: Line) => {
    const match = VARTYPE.exec(line.text);
    if (match === null) return;
    const v = match[1].toUpperCase();
    if (v !== 'BINARY' && v !== 'SPIN') lines.fail(line, '"# vartype=BINARY" or "# vartype=SPIN"');
    if (declared !== undefined) lines.fail(line, `one vartype header (the first is on line ${declared.line})`);
    if (given !== undefined && v !== given) lines.fail(line, `vartype=${given} as options.vartype says`);
    declared = { vartype: v, line: line.number };
  });
  const terms: [number, number, number, Line][] = [];
  const seen = new PairSeen();
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const term = edgeLine(line, 2 ** 31 - 1, 0) ?? lines.fail(line, '"i j bias" with integer labels i, j ≥ 0 and a finite bias');
    const first = seen.firstLine(term[0], term[1], line.number);
    if (first !== undefined) lines.fail(line, 'each term once', `${quoted(line.text)} (term {${Math.min(term[0], term[1])}, ${Math.max(term[0], term[1])}} is on line ${first} too)`);
    terms.push([...term, line]);
  }
  if (terms.length === 0) lines.fail(lines.endLine, '"i j bias" lines');
  const vartype = declared?.vartype ?? given;
  if (vartype === undefined) throw new ParseError(file, 1, 'a "# vartype=BINARY|SPIN" header (or options.vartype)', 'none');
  const labels = [...new Set(terms.flatMap(([i, j]) => [i, j]))].sort((a, b) => a - b);
  const builder = Model.builder(vartype);
  for (const label of labels) builder.addVariable(label);
  for (const [i, j, w] of terms) {
    if (i === j) builder.addLinear(i, w);
    else builder.add(i, j, w);
  }
  return builder.build();
}

/** Writes a model with non-negative integer labels as COO text with a vartype header (offset is not kept: COO has none). */
export function formatCoo(model: Model): string {
  if (!(model instanceof Model)) throw new TypeError('model must be a Model');
  model.labels.forEach((label, k) => {
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0) {
      throw new RangeError(`model.labels[${k}] must be a non-negative integer for COO, got ${JSON.stringify(label)}`);
    }
  });
  const out = [`# vartype=${model.vartype}`];
  model.labels.forEach((label, i) => {
    if (model.csr.linear[i] !== 0) out.push(`${label} ${label} ${model.csr.linear[i]}`);
  });
  for (const [a, b, w] of model.interactions()) out.push((a as number) < (b as number) ? `${a} ${b} ${w}` : `${b} ${a} ${w}`);
  return out.join('\n') + '\n';
}
