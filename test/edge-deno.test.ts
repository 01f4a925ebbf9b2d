// The edge bundle in Deno (the npm package `deno`): the scenario (a seeded anneal, QAOA, a small
// schedule and the 200-pod cold start) run there must give exactly Node's results.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectSameResults, edgeDir, fixtures, nodeScenario, recordTiming, requireBundle, root, type ScenarioOutput } from './fixtures/edge/node.js';

/** The Deno executable: the binary the package placed, else its launcher (which finds the binary). */
function denoCommand(): [string, string[]] {
  const exe = join(root, 'node_modules', 'deno', process.platform === 'win32' ? 'deno.exe' : 'deno');
  if (existsSync(exe)) return [exe, []];
  const launcher = join(root, 'node_modules', 'deno', 'bin.cjs');
  if (!existsSync(launcher)) throw new Error('the npm package `deno` is not installed (it is a devDependency: run npm ci)');
  return [process.execPath, [launcher]];
}

describe('edge bundle on Deno', () => {
  it('runs the scenario with the results Node gives for the same seeds', async () => {
    requireBundle();
    const [cmd, pre] = denoCommand();
    const denoDir = mkdtempSync(join(tmpdir(), 'qsched-deno-'));
    try {
      const started = performance.now();
      const run = spawnSync(cmd, [
        ...pre, 'run', '--no-config', '--no-lock', '--no-remote', '--no-prompt', `--allow-read=${edgeDir}`,
        join(fixtures, 'deno.mjs'), pathToFileURL(edgeDir).href,
      ], { encoding: 'utf8', env: { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }, timeout: 60_000 });
      const wallMs = performance.now() - started;
      expect(run.error, String(run.error)).toBeUndefined();
      expect(run.status, run.stderr).toBe(0);
      const deno = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ScenarioOutput & { runtime: string; executor: unknown };
      const node = await nodeScenario();
      expect(deno.backend).toBe(node.backend);
    expect(deno.parallelOn).toBe('2 workers');
    expect(deno.executor).toEqual({
      ping: { value: 3 },
      badKind: { error: 'RangeError', message: expect.stringMatching(/^task\.kind must be one of/) },
      aborted: { error: 'AbortError', message: 'The operation was aborted: stop' },
      afterAbort: { value: 4 },
      badWorkers: { error: 'RangeError', message: 'options.workers must be an integer in [1, 64], got 0' },
      badKernels: { error: 'TypeError', message: 'options.kernels must be what loadKernels() returns' },
      afterClose: { error: 'WorkerError', message: 'the executor is closed' },
    });
      const diffs = expectSameResults(deno.results, node.results);
      recordTiming('deno', { version: deno.runtime, backend: deno.backend, ...deno.timing, processWallMs: wallMs, node: node.timing, ...diffs });
    } finally {
      rmSync(denoDir, { recursive: true, force: true });
    }
  });
});
