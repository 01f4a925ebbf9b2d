// Vite config of the demo page (web/): built by scripts/build-edge.mjs into dist/web/, served by
// `npm run demo` (scripts/serve.mjs). The engine runs in a module Web Worker (src/worker.ts); the
// WASM builds are emitted as assets and fetched, so the browser compiles them streaming.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    outDir: join(here, '..', 'dist', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { fs: { allow: [join(here, '..')] } },
});
