// The qsched command as a user runs it (the built dist/ entry, in a child process).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/kernels/node.js';
import { VERSION } from '../src/version.js';

const CLI = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
const qsched = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('qsched CLI', () => {
  it('info --json reports the SIMD backend, workers and build hashes', () => {
    const r = qsched('info', '--json', '--workers', '3');
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ version: VERSION, backend: 'wasm-simd', simd: true, simdSupported: true, workers: 3 });
    expect(info.wasmHash.simd).toMatch(/^[0-9a-f]{16}$/);
    expect(info.wasmHash.scalar).not.toBe(info.wasmHash.simd);
  });

  it('info --backend reference says so', () => {
    const info = JSON.parse(qsched('info', '--json', '--backend', 'reference').stdout);
    expect(info.backend).toBe('reference');
    expect(info.simd).toBe(false);
  });

  it('--help and --version', () => {
    expect(qsched('--help').stdout).toMatch(/Usage: qsched <command>/);
    expect(qsched('--version').stdout.trim()).toBe(VERSION);
  });

  it('the demo runs and every backend agrees', () => {
    const r = qsched('demo', '--json', '--n', '300', '--seed', '5');
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.agree).toBe(true);
    expect(d.best).toBeLessThan(Math.min(...d.startEnergies));
    expect(Object.keys(d.ms).sort()).toEqual(['reference', 'wasm-scalar', 'wasm-simd']);
  });

  it('usage errors exit 2 with a message naming the option', () => {
    const r = qsched('info', '--backend', 'gpu');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--backend must be one of auto, wasm, wasm-scalar, reference, got 'gpu'/);
    expect(qsched('bogus').stderr).toMatch(/unknown command 'bogus'/);
    expect(qsched('demo', '--n', 'lots').stderr).toMatch(/--n must be an integer/);
    expect(qsched('--frobnicate').status).toBe(2);
  });
});

describe('qsched schedule', () => {
  it('runs the built-in example beside the greedy baseline and both pass the checker', () => {
    const r = qsched('schedule', '--json', '--time-limit', '300');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.instance).toBe('built-in example');
    expect(out.results.map((x: { solver: string }) => x.solver)).toEqual(['pimc', 'greedy']);
    for (const x of out.results) expect(x.feasible).toBe(true);
    expect(out.placement.check.feasible).toBe(true);
    expect(Object.keys(out.placement.assignment).length).toBe(200);
    expect(out.results[0].H).toBeLessThan(out.results[1].H);
  });

  it('reads a YAML file and names the field of bad input', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'qsched-'));
    const good = join(dir, 'tiny.yaml');
    writeFileSync(good, [
      'cluster:',
      '  nodes:',
      '    - { name: n1, allocatable: { cpu: "2", memory: 4Gi }, labels: { topology.kubernetes.io/zone: a } }',
      '    - { name: n2, allocatable: { cpu: "2", memory: 4Gi }, labels: { topology.kubernetes.io/zone: b } }',
      'workload:',
      '  services:',
      '    - { name: web, replicas: 2, requests: { cpu: 500m, memory: 1Gi } }',
    ].join('\n'));
    const r = qsched('schedule', good, '--json', '--compare', 'none', '--time-limit', '100');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).placement.assignment).sort()).toEqual(['web-0', 'web-1']);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ cluster: { nodes: [{ name: 'n1', allocatable: { cpu: '2GG' } }] }, workload: { services: [] } }));
    const b = qsched('schedule', bad);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/cluster\.nodes\[0\]\.allocatable\.cpu/);
    expect(qsched('schedule', '--solver', 'magic').stderr).toMatch(/--solver must be one of/);
    expect(qsched('schedule', join(dir, 'missing.json')).stderr).toMatch(/cannot read/);
  });
});

describe('qsched sample and bench', () => {
  const tiny = async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'qsched-'));
    // a 5-cycle Max-Cut (best cut 4) in Gset format
    const file = join(dir, 'c5.txt');
    writeFileSync(file, '5 5\n1 2 1\n2 3 1\n3 4 1\n4 5 1\n5 1 1\n');
    return { dir, file };
  };

  it('sample prints the best energy and the cut, and stops at a negative --target', async () => {
    const { file } = await tiny();
    const r = qsched('sample', file, '--format', 'gset', '--seed', '2', '--target', '-3', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.bestEnergy).toBe(-3);
    expect(out.cut).toBe(4);
    expect(out.stopReason).toBe('target');
    expect(out.manifest.seed).toBe(2);
    const exact = JSON.parse(qsched('sample', file, '--format', 'gset', '--sampler', 'exact', '--json').stdout);
    expect(exact.cut).toBe(4);
  });

  it('sample names bad flags and bad files', async () => {
    const { dir, file } = await tiny();
    expect(qsched('sample', file).stderr).toMatch(/--format is required/);
    expect(qsched('sample', file, '--format', 'gset', '--reads', '0').stderr).toMatch(/--reads must be an integer in \[1/);
    expect(qsched('sample', file, '--format', 'gset', '--sampler', 'magic').stderr).toMatch(/--sampler must be one of/);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'bad.txt'), '3 2\n1 2 1\n1 9 1\n');
    const bad = qsched('sample', join(dir, 'bad.txt'), '--format', 'gset');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bad\.txt:3/);
  });

  it('bench writes JSON and CSV with success probability and TTS per sampler and backend', async () => {
    const { dir, file } = await tiny();
    const prefix = join(dir, 'out');
    const r = qsched('bench', file, '--format', 'gset', '--samplers', 'sa,tabu', '--backends', 'wasm,reference', '--reps', '2', '--reads', '4', '--out', prefix, '--json');
    expect(r.status).toBe(0);
    const { readFileSync } = await import('node:fs');
    const out = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    expect(out.target).toBe(-3);
    expect(out.cells.map((c: { sampler: string; backend: string }) => `${c.sampler}/${c.backend}`)).toEqual(['sa/wasm-simd', 'sa/reference', 'tabu/wasm-simd', 'tabu/reference']);
    for (const c of out.cells) {
      expect(c.p).toBe(1);
      expect(c.ttsMs).toBeGreaterThan(0);
    }
    expect(readFileSync(`${prefix}.csv`, 'utf8').split('\n')[0]).toMatch(/^sampler,backend,reps/);
  });
});
