// Cold start of the edge bundle per runtime: a fresh process (Node, Deno), a fresh browser page
// (headless Chromium) or a fresh workerd instance (miniflare) imports dist/edge/qsched.edge.js,
// instantiates the WASM and runs the first schedule of the 200-pod built-in example (pimc, 1000
// sweeps, on the loaded WASM). Medians of `--runs` (default 3) fresh starts, written to
// bench/results/edge-coldstart.json. Needs `npm run build` first, Deno from the npm package and
// Debian's chromium (/usr/bin/chromium or CHROMIUM_PATH).
//
//   importMs        evaluating the bundle (import())
//   instantiateMs   loadKernels: compile (from bytes in Node and Deno, streaming from a fetch
//                   Response in Chromium) + instantiate
//   firstScheduleMs the first schedule() of the built-in example
//   coldStartMs     instantiateMs + firstScheduleMs
// workerd's clocks stand still while a request computes, so its figure is the round trip of the
// first request to a fresh instance measured from Node (the Modules are compiled when workerd
// loads the worker, before that request), reported as coldStartMs only.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveStatic } from './serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const edge = join(root, 'dist', 'edge');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
for (const f of ['qsched.edge.js', 'qsched.simd.wasm', 'qsched.scalar.wasm']) {
  if (!existsSync(join(edge, f))) throw new Error(`dist/edge/${f} is missing: run npm run build first`);
}

// One folder with the bundle, the WASM and the runner, so every runtime loads the same files.
const dir = mkdtempSync(join(tmpdir(), 'qsched-coldstart-'));
for (const f of ['qsched.edge.js', 'qsched.simd.wasm', 'qsched.scalar.wasm']) copyFileSync(join(edge, f), join(dir, f));
writeFileSync(join(dir, 'coldstart.mjs'), `
export async function coldStart(importBundle, sources) {
  const now = () => performance.now();
  const t0 = now();
  const q = await importBundle();
  const t1 = now();
  const kernels = await q.loadKernels(await sources());
  const t2 = now();
  const { cluster, workload } = q.builtinExample();
  const p = await q.schedule(cluster, workload, { seed: 1, timeLimitMs: 600000, kernels });
  const t3 = now();
  return { backend: kernels.backend, H: p.energy.H, importMs: t1 - t0, instantiateMs: t2 - t1, firstScheduleMs: t3 - t2, coldStartMs: t3 - t1 };
}`);
writeFileSync(join(dir, 'node.mjs'), `
import { readFileSync } from 'node:fs';
import { coldStart } from './coldstart.mjs';
const here = new URL('.', import.meta.url);
console.log(JSON.stringify(await coldStart(() => import('./qsched.edge.js'), () => ({ simd: readFileSync(new URL('qsched.simd.wasm', here)), scalar: readFileSync(new URL('qsched.scalar.wasm', here)) }))));`);
writeFileSync(join(dir, 'deno.mjs'), `
import { coldStart } from './coldstart.mjs';
const here = new URL('.', import.meta.url);
console.log(JSON.stringify(await coldStart(() => import('./qsched.edge.js'), async () => ({ simd: await Deno.readFile(new URL('qsched.simd.wasm', here)), scalar: await Deno.readFile(new URL('qsched.scalar.wasm', here)) }))));`);
writeFileSync(join(dir, 'page.html'), `<!doctype html><meta charset="utf-8"><script type="module">
import { coldStart } from './coldstart.mjs';
window.result = coldStart(() => import('./qsched.edge.js'), () => ({ simd: fetch('./qsched.simd.wasm'), scalar: fetch('./qsched.scalar.wasm') }));
</script>`);
writeFileSync(join(dir, 'worker.mjs'), `
import * as q from './qsched.edge.js';
import simd from './qsched.simd.wasm';
import scalar from './qsched.scalar.wasm';
export default { async fetch() {
  const kernels = await q.loadKernels({ simd, scalar });
  const { cluster, workload } = q.builtinExample();
  const p = await q.schedule(cluster, workload, { seed: 1, timeLimitMs: 600000, kernels });
  return Response.json({ backend: kernels.backend, H: p.energy.H });
} };`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summarise = (name, version, runs) => {
  const keys = Object.keys(runs[0]).filter((k) => k.endsWith('Ms'));
  const out = { runtime: name, version, backend: runs[0].backend, H: runs[0].H, runs: runs.length };
  for (const k of keys) out[k] = Math.round(median(runs.map((r) => r[k])) * 10) / 10;
  if (runs.some((r) => r.H !== runs[0].H)) throw new Error(`${name}: the first schedule's energy differs between runs`);
  return out;
};
const spawnJson = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
};

const results = [];
try {
  results.push(summarise('node', `node ${process.versions.node} (V8 ${process.versions.v8})`, Array.from({ length: RUNS }, () => spawnJson(process.execPath, [join(dir, 'node.mjs')]))));

  const denoExe = existsSync(join(root, 'node_modules', 'deno', 'deno')) ? [join(root, 'node_modules', 'deno', 'deno'), []] : [process.execPath, [join(root, 'node_modules', 'deno', 'bin.cjs')]];
  const denoVersion = spawnSync(denoExe[0], [...denoExe[1], '--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const denoDir = join(dir, 'deno-dir');
  results.push(summarise('deno', denoVersion, Array.from({ length: RUNS }, () => spawnJson(denoExe[0], [...denoExe[1], 'run', '--no-config', '--no-lock', '--no-remote', `--allow-read=${dir}`, join(dir, 'deno.mjs')], { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }))));

  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const server = await serveStatic(dir);
  const profile = join(dir, 'chromium-profile');
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const browserRuns = [];
  let ua = '';
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      await page.goto(`${server.url}page.html?run=${i}`);
      await page.waitForFunction(() => window.result !== undefined);
      browserRuns.push(await page.evaluate(() => window.result));
      ua = await page.evaluate(() => navigator.userAgent);
      await page.close();
    }
  } finally {
    await context.close();
    await server.close();
  }
  results.push(summarise('chromium', ua.match(/HeadlessChrome\/[\d.]+/)?.[0] ?? ua, browserRuns));

  const { Miniflare } = await import('miniflare');
  const workerdRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const mf = new Miniflare({
      modulesRoot: dir,
      modules: [
        { type: 'ESModule', path: join(dir, 'worker.mjs') },
        { type: 'ESModule', path: join(dir, 'qsched.edge.js') },
        { type: 'CompiledWasm', path: join(dir, 'qsched.simd.wasm') },
        { type: 'CompiledWasm', path: join(dir, 'qsched.scalar.wasm') },
      ],
      compatibilityDate: '2025-07-01',
    });
    try {
      await mf.ready;
      const t0 = performance.now();
      const body = await (await mf.dispatchFetch('http://localhost/')).json();
      workerdRuns.push({ ...body, coldStartMs: performance.now() - t0 });
    } finally {
      await mf.dispose();
    }
  }
  const workerdVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'workerd', 'package.json'), 'utf8')).version;
  results.push(summarise('workerd', `workerd ${workerdVersion} (miniflare)`, workerdRuns));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const energies = new Set(results.map((r) => r.H));
if (energies.size !== 1) throw new Error(`the runtimes disagree on the first schedule's energy: ${results.map((r) => `${r.runtime} ${r.H}`).join(', ')}`);
const size = JSON.parse(readFileSync(join(root, 'bench', 'results', 'edge-size.json'), 'utf8'));
const report = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
  what: 'import the edge bundle, instantiate the WASM, first schedule() of the 200-pod built-in example (pimc, 1000 sweeps); medians of fresh starts',
  bundle: { js: size.js, wasm: size.wasm },
  results,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'edge-coldstart.json'), `${JSON.stringify(report, null, 2)}\n`);
for (const r of results) {
  console.log(`${r.runtime.padEnd(9)} ${String(r.version).padEnd(44)} ${r.backend}  cold start ${String(r.coldStartMs).padStart(7)} ms` + (r.instantiateMs === undefined ? ' (first request round trip)' : `  (import ${r.importMs}, instantiate ${r.instantiateMs}, first schedule ${r.firstScheduleMs})`));
}
