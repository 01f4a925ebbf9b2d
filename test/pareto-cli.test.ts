// `qsched pareto FILE --points N --json` and the SVG plot, on a small generated instance.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { paretoCommand } from '../src/cli/commands/pareto.js';
import { generateInstance } from '../src/scheduling/generators.js';

describe('qsched pareto', () => {
  it('prints the front as JSON and writes the SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsched-pareto-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(generateInstance({ pods: 30, nodes: 8, seed: 4 })));
    const svg = join(dir, 'front.svg');
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const defaults = Object.fromEntries(Object.entries(paretoCommand.options).map(([k, o]) => [k, (o as { default?: string }).default]));
    const code = await paretoCommand.run({ values: { ...defaults, points: '4', sweeps: '30', 'time-limit': '60000', svg }, positionals: [file], json: true, tty: false });
    const out = JSON.parse(String(spy.mock.calls.map((c) => c[0]).join('')));
    spy.mockRestore();
    expect(code).toBe(0);
    expect(out.front.length).toBeGreaterThanOrEqual(1);
    expect(out.hypervolume).toBeGreaterThanOrEqual(0);
    expect(out.reference).toHaveLength(3);
    expect(existsSync(svg)).toBe(true);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  }, 60_000);
});
