// The demo page (web/, built into dist/web/ by npm run build) in headless Chromium: it runs the
// default example in its Web Worker; the placement it shows must equal what Node's schedule()
// gives for the same options and seed. A screenshot is saved to test-results/ as an artifact.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as q from '../src/index.js';
import { loadManifests } from '../src/k8s/mapping.js';
import { pareto } from '../src/scheduling/pareto/index.js';
import { serveStatic } from '../scripts/serve.mjs';
import { launchChromium } from './fixtures/edge/chromium.js';
import { recordTiming, root } from './fixtures/edge/node.js';

const site = join(root, 'dist', 'web');
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let server: { url: string; close(): Promise<void> } | undefined;

interface DemoState {
  status: string;
  error?: string;
  backend?: string;
  input?: unknown;
  options?: q.ScheduleOptions & { solver: string };
  placement?: { assignment: Record<string, string>; energy: q.Placement['energy']; feasible: boolean; liveMatches: boolean };
  pareto?: { options: Record<string, unknown>; front: { R: number; L: number; F: number; source: string }[]; knee: number };
  runs: number;
}


afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('demo page in headless Chromium', () => {
  it('runs the default example in a Web Worker with the placement Node gives for that seed', async () => {
    if (!existsSync(join(site, 'index.html'))) throw new Error(`${site}/index.html is missing: run \`npm run build\` (npm test runs it in pretest)`);
    server = await serveStatic(site);
    browser = await launchChromium(); // fails the test, with how to install, when Chromium is missing
    const page = await browser!.context.newPage();
    await page.setViewportSize({ width: 1440, height: 1200 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const started = performance.now();
    await page.goto(server!.url);
    await page.waitForFunction(() => {
      const s = (window as unknown as { qschedDemo?: DemoState }).qschedDemo;
      return s !== undefined && (s.runs > 0 || s.status === 'error');
    }, undefined, { timeout: 50_000 });
    const wallMs = performance.now() - started;
    const demo = (await page.evaluate(() => (window as unknown as { qschedDemo: DemoState }).qschedDemo)) as DemoState;
    expect(demo.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(demo.input).toEqual({ kind: 'builtin' });
    expect(demo.placement?.liveMatches, 'the live anneal reproduces schedule()').toBe(true);

    const { solver, ...options } = demo.options!;
    expect(solver).toBe('pimc');
    const { cluster, workload } = q.builtinExample();
    const node = await q.schedule(cluster, workload, { ...options, kernels: await q.loadKernels() });
    expect(demo.backend).toBe(node.manifest.stats.backend);
    expect(demo.placement!.assignment).toEqual(node.assignment);
    expect(demo.placement!.energy).toEqual(node.energy);

    // The Pareto front the page shows is pareto()'s on Node for the same options.
    const kernels = await q.loadKernels();
    const nodeFront = await pareto(cluster, workload, { ...demo.pareto!.options, schedule: (c, w, o) => q.schedule(c, w, { ...o, kernels }) });
    expect(demo.pareto!.front).toEqual(nodeFront.front.map(({ R, L, F, source }) => ({ R, L, F, source })));
    expect(demo.pareto!.knee).toBe(nodeFront.front.indexOf(nodeFront.knee!));

    // What a person sees: the panels are drawn (energy lines per replica, both maps, the front, QAOA bars).
    const counts = await page.evaluate(() => ({
      replicaLines: document.querySelectorAll('#energy polyline').length,
      mapNodes: document.querySelectorAll('#map .node').length,
      baselineNodes: document.querySelectorAll('#baseline-map .node').length,
      paretoPoints: document.querySelectorAll('#pareto .pt').length,
      knee: document.querySelectorAll('#pareto .knee').length,
      qaoaBars: document.querySelectorAll('#qaoa rect').length,
    }));
    expect(counts).toEqual({ replicaLines: (options.params as { replicas: number }).replicas, mapNodes: 40, baselineNodes: 40, paretoPoints: demo.pareto!.front.length, knee: 1, qaoaBars: 4 * 32 });

    // Clicking the knee point shows its placement in the main map.
    await page.click('#pareto .pt:has(.knee) circle.front', { timeout: 5000 });
    await expect.poll(() => page.textContent('#map-title')).toMatch(/^Pareto point/);
    await page.click('#show-pimc', { timeout: 5000 });

    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-results', 'demo.png'), fullPage: true });
    recordTiming('chromium-demo', { backend: demo.backend, pageWallMs: wallMs });
  });

  it('schedules pasted Kubernetes manifests (the prefilled example) as Node does', async () => {
    const page = browser!.context.pages().at(-1)!;
    await page.click('input[name="input"][value="manifest"]');
    await expect.poll(() => page.inputValue('#manifest'), { timeout: 10_000 }).toMatch(/kind: Node/);
    const text = await page.inputValue('#manifest');
    await page.click('#run');
    await page.waitForFunction(() => {
      const s = (window as unknown as { qschedDemo: DemoState }).qschedDemo;
      return s.runs > 1 || s.status === 'error';
    }, undefined, { timeout: 50_000 });
    const demo = (await page.evaluate(() => (window as unknown as { qschedDemo: DemoState }).qschedDemo)) as DemoState;
    expect(demo.error).toBeUndefined();
    expect(demo.input).toEqual({ kind: 'manifest', text });
    const { cluster, workload } = loadManifests(text);
    const { solver: _solver, ...options } = demo.options!;
    const node = await q.schedule(cluster, workload, { ...options, kernels: await q.loadKernels() });
    expect(Object.keys(demo.placement!.assignment).length).toBe(36);
    expect(demo.placement!.assignment).toEqual(node.assignment);
    await page.screenshot({ path: join(root, 'test-results', 'demo-manifest.png'), fullPage: true });
  });
});
