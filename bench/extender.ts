// Load on the extender's prioritize verb (issue 7): a 200-pod / 50-node snapshot (generated,
// seed 7; half of the replicas already bound where the greedy baseline puts them), the server
// in a child process (node:http, the real server), autocannon in this one. Requests rotate
// over the pods still pending, with all 50 node names (nodeCacheCapable: true) or the full
// NodeList (nodeCacheCapable: false). Reports throughput and latency percentiles at 1, 8 and
// 64 connections and the non-2xx count, then a soak run sampling the server's memory.
// Writes bench/results/extender.json.
//
//   node dist/bench/extender.js [--duration 10] [--soak 60] [--modes names,nodelist]

import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Decider } from '../src/k8s/decide.js';
import { toManifests } from '../src/k8s/export.js';
import { mapObjects } from '../src/k8s/mapping.js';
import type { KubeObject } from '../src/k8s/objects.js';
import { createExtenderServer } from '../src/k8s/server.js';
import { packageRoot } from '../src/kernels/node.js';
import { kubeGreedy } from '../src/scheduling/baselines/greedy.js';
import { compile } from '../src/scheduling/compile.js';
import { generateInstance } from '../src/scheduling/generators.js';
import { VERSION } from '../src/version.js';

interface Latency { average: number; p50: number; p90: number; p99: number; max: number }
interface AutocannonResult { requests: { average: number; total: number }; latency: Latency; non2xx: number; errors: number; timeouts: number; '2xx': number; duration: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

/** The snapshot objects and the prioritize bodies. */
function workload(): { objects: KubeObject[]; bodies: { names: string[]; nodelist: string[] } } {
  const { cluster, workload: w } = generateInstance({ pods: 200, nodes: 50, zones: 3, gpu: false, seed: 7 });
  const objects = toManifests(cluster, w);
  const plan = kubeGreedy(compile(cluster, w), 'LeastAllocated', 7).assignment;
  const nodes = objects.filter((o) => o.kind === 'Node');
  const pending: KubeObject[] = [];
  let p = 0;
  for (const s of w.services) {
    for (let k = 0; k < s.replicas; k++, p++) {
      const pod = {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `${s.name}-${k}`, namespace: 'default', uid: `uid-${s.name}-${k}`, labels: { app: s.name } },
        spec: { containers: [{ name: 'app', resources: { requests: { ...s.requests } } }], ...(s.tolerations !== undefined ? { tolerations: s.tolerations } : {}), ...(s.nodeSelector !== undefined ? { nodeSelector: s.nodeSelector } : {}) },
      } as Record<string, unknown>;
      if (k % 2 === 0 && plan[p] >= 0) {
        objects.push({ ...pod, spec: { ...(pod.spec as object), nodeName: cluster.nodes[plan[p]].name }, status: { phase: 'Running' } } as unknown as KubeObject);
      } else {
        pending.push(pod as KubeObject);
      }
    }
  }
  const names = nodes.map((n) => n.metadata?.name as string);
  return {
    objects,
    bodies: {
      names: pending.map((pod) => JSON.stringify({ Pod: pod, Nodes: null, NodeNames: names })),
      nodelist: pending.map((pod) => JSON.stringify({ Pod: pod, Nodes: { metadata: {}, items: nodes.map(({ kind: _k, apiVersion: _a, ...n }) => n) }, NodeNames: null })),
    },
  };
}

async function serve(): Promise<void> {
  const { objects } = workload();
  const decider = new Decider(mapObjects(objects), { solver: 'sa', timeLimitMs: 2000, seed: 1 });
  await decider.replan();
  const server = createExtenderServer({ decider: () => decider, urlPrefix: '/scheduler' });
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.send?.({ port: typeof addr === 'object' && addr !== null ? addr.port : 0, plan: decider.planSource });
  });
  process.on('message', (m) => {
    if (m === 'mem') {
      const u = process.memoryUsage();
      process.send?.({ rss: u.rss, heapUsed: u.heapUsed });
    } else if (m === 'exit') {
      server.close();
      process.exit(0);
    }
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, soak: { type: 'string', default: '60' }, modes: { type: 'string', default: 'names,nodelist' }, serve: { type: 'boolean', default: false } } });
  if (values.serve === true) return serve();
  const duration = Number(values.duration);
  const soak = Number(values.soak);
  const modes = values.modes!.split(',') as ('names' | 'nodelist')[];
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon; // no bundled types
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = await new Promise<{ port: number; plan: string }>((resolve) => child.once('message', (m) => resolve(m as { port: number; plan: string })));
  const url = `http://127.0.0.1:${first.port}/scheduler/prioritize`;
  const mem = () => new Promise<{ rss: number; heapUsed: number }>((resolve) => { child.once('message', (m) => resolve(m as { rss: number; heapUsed: number })); child.send('mem'); });
  const { bodies } = workload();
  const run = (connections: number, seconds: number, mode: 'names' | 'nodelist') => autocannon({
    url, connections, duration: seconds, pipelining: 1,
    requests: bodies[mode].map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body })),
  });
  const rows: Record<string, unknown>[] = [];
  for (const mode of modes) {
    await run(8, 2, mode); // warm-up (JIT, caches), not reported
    for (const connections of [1, 8, 64]) {
      const r = await run(connections, duration, mode);
      const row = { mode, connections, seconds: duration, requests: r.requests.total, reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p90ms: r.latency.p90, p99ms: r.latency.p99, maxMs: r.latency.max, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, bodyBytes: bodies[mode][0].length };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  // Soak: 8 connections for `soak` seconds, memory sampled every 2 s.
  const samples: { t: number; rssMB: number; heapMB: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => { void mem().then((m) => samples.push({ t: (Date.now() - started) / 1000, rssMB: m.rss / 2 ** 20, heapMB: m.heapUsed / 2 ** 20 })); }, 2000);
  const soakResult = await run(8, soak, 'names');
  clearInterval(sampler);
  const after = samples.filter((s) => s.t >= Math.min(10, soak / 3));
  const slope = (key: 'rssMB' | 'heapMB') => {
    const n = after.length;
    if (n < 2) return 0;
    const mt = after.reduce((a, s) => a + s.t, 0) / n;
    const mv = after.reduce((a, s) => a + s[key], 0) / n;
    const num = after.reduce((a, s) => a + (s.t - mt) * (s[key] - mv), 0);
    const den = after.reduce((a, s) => a + (s.t - mt) ** 2, 0);
    return den > 0 ? (num / den) * 60 : 0;
  };
  const memory = {
    seconds: soak, connections: 8, requests: soakResult.requests.total, reqPerSec: Math.round(soakResult.requests.average), p99ms: soakResult.latency.p99, non2xx: soakResult.non2xx, errors: soakResult.errors,
    rssMB: { first: samples[0]?.rssMB, last: samples.at(-1)?.rssMB, max: Math.max(...samples.map((s) => s.rssMB)) },
    heapMB: { first: samples[0]?.heapMB, last: samples.at(-1)?.heapMB, max: Math.max(...samples.map((s) => s.heapMB)) },
    slopeAfterWarmupMBPerMin: { rss: slope('rssMB'), heap: slope('heapMB') },
    samples,
  };
  console.log(JSON.stringify({ ...memory, samples: samples.length }));
  child.send('exit');
  const result = {
    bench: 'extender', version: VERSION, date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model,
    note: 'server (node:http, one process) in a child, autocannon in the parent on the same machine; machine shared with other jobs, figures are noisy',
    snapshot: { pods: 200, nodes: 50, bound: 'every other replica', plan: first.plan },
    prioritize: rows, memory,
  };
  const dir = join(packageRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'extender.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('wrote bench/results/extender.json');
}

await main();
