// A minimal static file server for the demo page (`npm run demo`) and the browser tests. It
// serves .wasm as application/wasm, so browsers take the streaming-compile path, and only files
// under the given root (no directory listing, no path escapes). Loopback only. Pages are
// cross-origin isolated (COOP same-origin + COEP require-corp), which browsers require before
// they offer SharedArrayBuffer: the samplers' shards on Web Workers share their stop word in one.
//
//   node scripts/serve.mjs [port]   serves dist/web/ (the built demo) on 127.0.0.1

import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.map': 'application/json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.yaml': 'text/yaml; charset=utf-8',
};

/** Starts a server for `root` on 127.0.0.1:`port` (0 = any free port); resolves to { url, close() }. */
export function serveStatic(root, port = 0) {
  const base = normalize(root + sep);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(base)) return void res.writeHead(403).end('forbidden');
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) stat = statSync((file = join(file, 'index.html')));
    } catch {
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': stat.size, 'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({ url: `http://127.0.0.1:${p}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');
  try {
    statSync(join(root, 'index.html'));
  } catch {
    console.error('dist/web/index.html is missing: run `npm run build` first (npm run demo does)');
    process.exit(1);
  }
  const { url } = await serveStatic(root, Number(process.argv[2] ?? process.env.PORT ?? 5173));
  console.log(`qsched demo: ${url}  (Ctrl+C stops)`);
}
