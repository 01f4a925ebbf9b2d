// The extender over node:http. Seven routes (POST <prefix>/<verb> × 4, GET /healthz, /readyz,
// /metrics) with a body limit and timeouts need nothing a framework adds; plain node:http keeps
// the dependency list short and is the fastest Node server to put under kube-scheduler's
// per-pod calls (see bench/extender.ts).
//
// Body limit: a Content-Length above the limit is refused before reading, a chunked body when it
// crosses the limit (413, connection closed). Slow clients are cut by requestTimeout/
// headersTimeout. A handler error can never take the server down: every path ends in a
// response, and the core never rejects.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ExtenderCore, type ExtenderCoreOptions, VERBS, type Verb } from './extender.js';

/** Options of the extender server. */
export interface ExtenderServerOptions extends ExtenderCoreOptions {
  /** Path prefix of the verbs, as in the scheduler's urlPrefix (default "/"). */
  readonly urlPrefix?: string;
  /** Largest request body in bytes (default 16 MiB: a NodeList of ~2000 nodes). */
  readonly bodyLimit?: number;
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

/** Normalises a URL prefix to "/a/b" (no trailing slash; "" for the root). */
export function normalisePrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw new TypeError('urlPrefix must be a string');
  let p = prefix.trim();
  try {
    if (/^https?:\/\//.test(p)) p = new URL(p).pathname;
  } catch {
    throw new RangeError(`urlPrefix is not a valid URL: ${prefix}`);
  }
  p = `/${p}`.replace(/\/+/g, '/').replace(/\/$/, '');
  return p;
}

/** The request handler (for tests that bring their own server) and the core behind it. */
export function extenderHandler(options: ExtenderServerOptions): { core: ExtenderCore; handle: (req: IncomingMessage, res: ServerResponse) => void } {
  const core = new ExtenderCore(options);
  const prefix = normalisePrefix(options.urlPrefix ?? '/');
  const limit = options.bodyLimit ?? 16 * 1024 * 1024;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`bodyLimit must be a positive integer, got ${String(limit)}`);
  const routes = new Map<string, Verb>(VERBS.map((v) => [`${prefix}/${v}`, v]));
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/healthz') return send(res, 200, 'ok');
      if (path === '/readyz') return options.decider() !== undefined ? send(res, 200, 'ok') : send(res, 503, 'no cluster snapshot loaded yet');
      if (path === '/metrics' && options.metrics !== undefined) {
        options.metrics.registry.metrics().then(
          (text) => { res.writeHead(200, { 'Content-Type': options.metrics?.registry.contentType ?? 'text/plain' }); res.end(text); },
          (err: Error) => send(res, 500, `metrics: ${err.message}`),
        );
        return;
      }
    }
    const verb = routes.get(path);
    if (verb === undefined) return send(res, 404, { Error: `qsched extender: no route ${req.method ?? ''} ${path} (verbs: ${[...routes.keys()].join(', ')})` });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return send(res, 405, { Error: `qsched extender: ${path} takes POST, got ${req.method ?? ''}` });
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume();
      return send(res, 413, { Error: `qsched extender: body of ${declared} bytes exceeds the limit of ${limit}` }, true);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        send(res, 413, { Error: `qsched extender: body exceeds the limit of ${limit} bytes` }, true);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => { done = true; });
    req.on('end', () => {
      if (done) return;
      done = true;
      core.respond(verb, Buffer.concat(chunks, size).toString('utf8')).then((r) => send(res, r.status, r.body), (err: Error) => send(res, 500, { Error: `qsched extender: ${err.message}` }));
    });
  };
  return { core, handle };
}

/** An http.Server serving the extender (not yet listening). */
export function createExtenderServer(options: ExtenderServerOptions): Server {
  const { handle } = extenderHandler(options);
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 65_000 }, handle);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
