// The quantum subcommands (src/cli/commands/quantum.ts) run end to end on small files: a Bell circuit in
// OpenQASM with seeded shots, QAOA on a Gset-format ring, VQE on the H2 dataset file.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATASETS } from './datasets.js';
import { circuitCommand, qaoaCommand, vqeCommand } from '../src/cli/commands/quantum.js';

const dir = mkdtempSync(join(tmpdir(), 'qsched-quantum-'));
async function run(cmd: typeof qaoaCommand, positionals: string[], values: Record<string, string>): Promise<Record<string, unknown>> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const defaults = Object.fromEntries(Object.entries(cmd.options).map(([k, o]) => [k, (o as { default?: string }).default]));
  expect(await cmd.run({ values: { ...defaults, ...values }, positionals, json: true, tty: false })).toBe(0);
  const text = String(spy.mock.calls.map((c) => c[0]).join(''));
  spy.mockRestore();
  return JSON.parse(text);
}
afterEach(() => vi.restoreAllMocks());

describe('quantum CLI commands', () => {
  it('circuit: samples a Bell pair with a seed (terminal and mid-circuit measurement)', async () => {
    const f = join(dir, 'bell.qasm');
    writeFileSync(f, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n');
    const a = await run(circuitCommand, [f], { shots: '400', seed: '7' });
    const counts = a.counts as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(counts['00'] + counts['11']).toBe(400);
    expect((await run(circuitCommand, [f], { shots: '400', seed: '7' })).counts).toEqual(counts);
    const g = join(dir, 'mid.qasm');
    writeFileSync(g, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\nmeasure q[0] -> c[0];\ncx q[0],q[1];\nmeasure q[1] -> c[1];\n');
    const b = (await run(circuitCommand, [g], { shots: '50', seed: '1' })).counts as Record<string, number>;
    expect(Object.keys(b).every((k) => k === '00' || k === '11')).toBe(true);
  });

  it('circuit --threads 2: the same counts as one thread on 16 qubits; --threads 3 is a usage error', async () => {
    const n = 16;
    const lines = ['OPENQASM 2.0;', 'include "qelib1.inc";', `qreg q[${n}];`, `creg c[${n}];`];
    for (let i = 0; i < n; i++) lines.push(`h q[${i}];`);
    for (let i = 0; i < n - 1; i++) lines.push(`cx q[${i}],q[${i + 1}];`, `rz(0.${i + 1}) q[${i}];`, `ry(0.3) q[${i + 1}];`);
    lines.push('measure q -> c;');
    const f = join(dir, 'c16.qasm');
    writeFileSync(f, lines.join('\n') + '\n');
    const one = await run(circuitCommand, [f], { shots: '500', seed: '3' });
    const two = await run(circuitCommand, [f], { shots: '500', seed: '3', threads: '2' });
    expect(two.counts).toEqual(one.counts);
    await expect(run(circuitCommand, [f], { threads: '3' })).rejects.toThrow(/--threads must be a power of two/);
  });

  it('qaoa: a Gset-format ring of 6', async () => {
    const f = join(dir, 'ring.gset');
    writeFileSync(f, '6 6\n1 2 1\n2 3 1\n3 4 1\n4 5 1\n5 6 1\n6 1 1\n');
    const r = await run(qaoaCommand, [f], { format: 'gset', p: '2' });
    expect(r['best cut']).toBe(6);
    expect(r['expected cut'] as number).toBeGreaterThan(0.75 * 6);
  });

  it.skipIf(!existsSync(DATASETS + 'molecular'))('vqe: H2 to chemical accuracy', async () => {
    const r = await run(vqeCommand, [DATASETS + 'molecular/H2_sto3g_0.735A_JW4.json'], {});
    expect(Math.abs(r.errorHa as number)).toBeLessThan(1.6e-3);
    expect(r.totalEnergy as number).toBeCloseTo(-1.137306, 5);
  });
});
