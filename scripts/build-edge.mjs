// Builds the edge bundle and the demo page, then reports their sizes.
//   dist/edge/qsched.edge.js   one ESM bundle of src/edge.ts (no Node API, no dynamic chunks)
//   dist/edge/*.wasm           the two WASM builds, copied beside it
//   dist/web/                  the demo page (web/), with its Web Worker and the WASM as assets
//   bench/results/edge-size.json   raw and gzip bytes of the JS and each WASM build (no timestamp:
//                                  the file changes only when the sizes do)
// Vite (rolldown) is the bundler: it is already what vitest runs on, so it adds no new package.
// Run after `asc` (build/*.wasm must exist); `npm run build` calls it last.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'edge');
const only = process.argv.includes('--edge-only');

/** Size budget (gzip bytes): the build fails when the bundle outgrows it, so growth is a decision. */
const BUDGET_GZIP = { js: 112_000, wasm: 14_000 };

const [edge] = [await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    lib: { entry: join(root, 'src', 'edge.ts'), formats: ['es'], fileName: () => 'qsched.edge.js' },
    outDir: out,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    reportCompressedSize: false,
    rollupOptions: { output: { codeSplitting: false, minify: true } },
  },
})].flat();
for (const v of ['simd', 'scalar']) copyFileSync(join(root, 'build', `qsched.${v}.wasm`), join(out, `qsched.${v}.wasm`));

// One self-contained chunk: no node: specifier, no bare import left unbundled, no split chunk.
const chunks = edge.output.filter((o) => o.type === 'chunk');
const stray = chunks.flatMap((c) => [...c.imports, ...c.dynamicImports]);
if (chunks.length !== 1 || stray.length > 0) throw new Error(`dist/edge/qsched.edge.js still imports ${stray.join(', ')}`);

const size = (file) => {
  const bytes = readFileSync(file);
  return { file: relative(root, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const report = {
  js: size(join(out, 'qsched.edge.js')),
  wasm: { simd: size(join(out, 'qsched.simd.wasm')), scalar: size(join(out, 'qsched.scalar.wasm')) },
  budgetGzip: BUDGET_GZIP,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'edge-size.json'), `${JSON.stringify(report, null, 2)}\n`);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const r of [report.js, report.wasm.simd, report.wasm.scalar]) console.log(`edge bundle  ${r.file.padEnd(32)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip`);
const over = [report.js.gzip > BUDGET_GZIP.js && 'JS', report.wasm.simd.gzip > BUDGET_GZIP.wasm && 'SIMD WASM'].filter(Boolean);
if (over.length > 0) throw new Error(`edge bundle over its gzip budget: ${over.join(', ')} (see scripts/build-edge.mjs BUDGET_GZIP)`);

if (!only) {
  const web = [await build({ configFile: join(root, 'web', 'vite.config.mjs'), logLevel: 'warn' })].flat();
  // The engine belongs in the Web Worker: the page's own script only draws (a stray import of the
  // engine from main.ts once pulled 240 kB into it).
  const page = web.flatMap((o) => o.output).find((c) => c.type === 'chunk' && c.isEntry);
  if (page === undefined || page.code.length > 40_000) throw new Error(`the demo page's main script is ${page?.code.length} bytes: something there imports the engine, which must stay in web/src/worker.ts`);
  console.log(`demo page    ${relative(root, join(root, 'dist', 'web'))}/ (npm run demo serves it; page script ${kb(page.code.length)}, engine in the worker)`);
}
