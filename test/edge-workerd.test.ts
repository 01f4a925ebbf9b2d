// The edge bundle on workerd (Cloudflare Workers' runtime, through miniflare 3): the WASM builds
// are handed over as WebAssembly.Module imports, the only form Workers allow. The scenario run
// there must give exactly Node's results; loading from bytes must be refused with a typed error.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, describe, expect, it } from 'vitest';
import { expectSameResults, edgeDir, fixtures, nodeScenario, recordTiming, requireBundle, root, type ScenarioOutput } from './fixtures/edge/node.js';

let mf: Miniflare | undefined;

const get = async (path: string) => {
  await start();
  const started = performance.now();
  const res = await mf!.dispatchFetch(`http://localhost${path}`);
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body, ms: performance.now() - started };
};

/** Starts workerd once, inside the first test (so a missing bundle fails a test, not a hook). */
async function start(): Promise<void> {
  if (mf !== undefined) return mf.ready.then(() => undefined);
  requireBundle();
  const edge = (f: string) => join(edgeDir, f);
  mf = new Miniflare({
    modulesRoot: root,
    modules: [
      { type: 'ESModule', path: join(fixtures, 'worker.mjs') },
      { type: 'ESModule', path: join(fixtures, 'edge-api.mjs') },
      { type: 'ESModule', path: join(fixtures, 'scenario.mjs') },
      { type: 'ESModule', path: edge('qsched.edge.js') },
      { type: 'CompiledWasm', path: edge('qsched.simd.wasm') },
      { type: 'CompiledWasm', path: edge('qsched.scalar.wasm') },
      { type: 'Data', path: edge('qsched.scalar.wasm.bytes'), contents: readFileSync(edge('qsched.scalar.wasm')) },
    ],
    compatibilityDate: '2025-07-01',
  });
  await mf.ready;
}

afterAll(async () => {
  await mf?.dispose();
});

describe('edge bundle on workerd', () => {
  it('instantiates from Module bindings and runs the scenario with the results Node gives', async () => {
    const cold = await get('/cold');
    expect(cold.status, JSON.stringify(cold.body)).toBe(200);
    const run = await get('/scenario');
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    const out = run.body as unknown as ScenarioOutput & { runtime: string; modules: boolean };
    expect(out.modules).toBe(true);
    const node = await nodeScenario();
    expect(out.backend).toBe(node.backend);
    expect(out.parallelOn).toBe('this thread');
    const diffs = expectSameResults(out.results, node.results);
    expect(cold.body.H).toBe((node.results.builtin as { energy: { H: number } }).energy.H);
    recordTiming('workerd', { version: out.runtime, backend: out.backend, coldStartRoundTripMs: cold.ms, scenarioRoundTripMs: run.ms, node: node.timing, ...diffs });
  });

  it('refuses to compile WASM from bytes at run time, with KernelLoadError', async () => {
    const r = await get('/bytes');
    expect(r.body).toMatchObject({ error: 'KernelLoadError', isKernelLoadError: true });
    expect(String(r.body.message)).toMatch(/cannot compile the scalar WASM build/);
  });
});
