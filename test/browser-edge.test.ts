// The edge bundle in headless Chromium: the page fetches the WASM builds (served as
// application/wasm, so loadKernels takes the streaming-compile path for a Response), runs the
// scenario, and must give Node's results.

import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from './fixtures/edge/chromium.js';
import { expectSameResults, nodeScenario, recordTiming, requireBundle, root, type ScenarioOutput } from './fixtures/edge/node.js';
import { serveStatic } from '../scripts/serve.mjs';

let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let server: { url: string; close(): Promise<void> } | undefined;


afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('edge bundle in headless Chromium', () => {
  it('loads the WASM from fetch Responses with streaming compile and matches Node', async () => {
    requireBundle();
    server = await serveStatic(root);
    browser = await launchChromium(); // fails the test, with how to install, when Chromium is missing
    const page = await browser!.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server!.url}test/fixtures/edge/browser.html`);
    await page.waitForFunction(() => typeof (window as { runScenario?: unknown }).runScenario === 'function');
    const out = (await page.evaluate(() => (window as unknown as { runScenario(): Promise<unknown> }).runScenario())) as ScenarioOutput & { streamed: number; runtime: string };
    expect(errors).toEqual([]);
    expect(out.streamed, 'WebAssembly.compileStreaming calls').toBeGreaterThanOrEqual(1);
    const node = await nodeScenario();
    expect(out.backend).toBe(node.backend);
    expect(out.parallelOn).toBe('2 workers');
    const diffs = expectSameResults(out.results, node.results);
    recordTiming('chromium', { version: out.runtime, backend: out.backend, ...out.timing, node: node.timing, ...diffs });
  });
});
