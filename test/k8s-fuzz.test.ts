// Fuzz: 10^4 random or truncated bodies per verb, in process (ExtenderCore.respond, what the
// HTTP handler calls), then a few hundred per verb over real HTTP plus malformed HTTP. Every
// body that is not a valid call must get a 4xx with a message; nothing may reject, hang or
// answer 5xx. Bodies come from a seeded generator, so a failure reproduces.

import { existsSync, readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../src/k8s/decide.js';
import { ExtenderCore, VERBS, type Verb } from '../src/k8s/extender.js';
import { mapObjects } from '../src/k8s/mapping.js';
import { parseObjects } from '../src/k8s/objects.js';
import { createExtenderServer } from '../src/k8s/server.js';
import { Rng } from '../src/kernels/reference/rng.js';
import { SHAPES } from './k8s-wire-shapes.js';

const DATA = fileURLToPath(new URL('../../shared/datasets/k8s-extender/', import.meta.url));
const HAVE = existsSync(DATA);
if (!HAVE) console.warn(`k8s-fuzz: ${DATA} is absent; built-in sample requests are used instead of the recorded ones`);

const NODES = [
  { metadata: { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } }, status: { allocatable: { cpu: '4', memory: '8Gi' } } },
  { metadata: { name: 'node-b', labels: { 'kubernetes.io/hostname': 'node-b' } }, status: { allocatable: { cpu: '4', memory: '8Gi' } } },
];
const POD = { metadata: { name: 'p', namespace: 'default', uid: 'u-p', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] } };
const SAMPLES: Record<Verb, string[]> = {
  filter: [JSON.stringify({ Pod: POD, Nodes: { metadata: {}, items: NODES }, NodeNames: null }), JSON.stringify({ Pod: POD, Nodes: null, NodeNames: ['node-a', 'node-b'] })],
  prioritize: [JSON.stringify({ Pod: POD, Nodes: null, NodeNames: ['node-a', 'node-b'] })],
  bind: [JSON.stringify({ PodName: 'p', PodNamespace: 'default', PodUID: 'u-p', Node: 'node-a' })],
  preempt: [JSON.stringify({ Pod: POD, NodeNameToVictims: null, NodeNameToMetaVictims: { 'node-a': { Pods: [{ UID: 'v1' }], NumPDBViolations: 0 } } })],
};
if (HAVE) {
  for (const mode of ['fx-nodelist', 'fx-nodecache']) {
    for (let k = 1; k <= 15; k++) {
      for (const verb of VERBS) {
        const f = `${DATA}${mode}/${String(k).padStart(3, '0')}-${verb}-request.json`;
        if (existsSync(f)) SAMPLES[verb].push(readFileSync(f, 'utf8'));
      }
    }
  }
}

/** Paths whose value, replaced by a wrong type, must make a request invalid. */
const REQUIRED: Record<Verb, string[][]> = {
  filter: [['Pod'], ['Pod', 'metadata'], ['Pod', 'metadata', 'name'], ['NodeNames'], ['Nodes']],
  prioritize: [['Pod'], ['Pod', 'metadata'], ['Pod', 'metadata', 'name'], ['NodeNames'], ['Nodes']],
  bind: [['PodName'], ['PodNamespace'], ['PodUID'], ['Node']],
  preempt: [['Pod'], ['Pod', 'metadata'], ['Pod', 'metadata', 'name'], ['NodeNameToVictims'], ['NodeNameToMetaVictims']],
};
const KEYS = ['Pod', 'Nodes', 'NodeNames', 'PodName', 'PodNamespace', 'PodUID', 'Node', 'NodeNameToVictims', 'NodeNameToMetaVictims', 'metadata', 'name', 'items', 'spec', 'UID', 'Pods', 'NumPDBViolations', 'x'];

function randomValue(rng: Rng, depth: number): unknown {
  const k = rng.below(depth > 3 ? 5 : 8);
  switch (k) {
    case 0: return null;
    case 1: return rng.float() < 0.5;
    case 2: return rng.below(3) === 0 ? -rng.float() * 1e9 : rng.below(1000);
    case 3: return ['', 'a', 'node-a', '1e400', '\u0000', '💥', 'x'.repeat(rng.below(50))][rng.below(7)];
    case 4: return rng.below(2) === 0 ? [] : {};
    case 5: case 6: {
      const o: Record<string, unknown> = {};
      for (let i = rng.below(5); i > 0; i--) o[KEYS[rng.below(KEYS.length)]] = randomValue(rng, depth + 1);
      return o;
    }
    default: return Array.from({ length: rng.below(4) }, () => randomValue(rng, depth + 1));
  }
}

const WRONG = [null, 7, 'str', [], {}, true, [1, 2]];

function mutate(rng: Rng, body: string, verb: Verb): string {
  const doc = JSON.parse(body);
  // Pick a required path that is set in this sample; replace it with a value of the wrong type.
  const paths = REQUIRED[verb].filter((p) => p.reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], doc) !== undefined && p.reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], doc) !== null);
  const path = paths[rng.below(paths.length)];
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, doc);
  const old = parent[path[path.length - 1]];
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const wrong = WRONG.filter((w) => kind(w) !== kind(old));
  parent[path[path.length - 1]] = wrong[rng.below(wrong.length)];
  // A list of names or victims emptied to {} / [] could still be well formed; 'null' on one of
  // the two mode fields leaves "neither" set — both invalid. Pod.metadata.name → non-string.
  return JSON.stringify(doc);
}

function decider(): Decider {
  return new Decider(mapObjects(parseObjects(JSON.stringify({ kind: 'NodeList', items: NODES }))));
}

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzz, in process: 10^4 bodies per verb', () => {
  const d = decider();
  const core = new ExtenderCore({ decider: () => d });
  for (const verb of VERBS) {
    it(`${verb}`, async () => {
      const rng = new Rng(0xf00d + verb.length);
      const samples = SAMPLES[verb];
      const tally = { truncated: 0, bytes: 0, mutated: 0, random: 0, random200: 0 };
      for (let i = 0; i < 10_000; i++) {
        const category = i % 4;
        let body: string;
        let mustFail = true;
        if (category === 0) {
          const s = samples[rng.below(samples.length)].trimEnd();
          body = s.slice(0, rng.below(s.length));
          tally.truncated++;
        } else if (category === 1) {
          body = Array.from({ length: rng.below(120) }, () => String.fromCharCode(rng.below(3) === 0 ? rng.below(0x3000) : 32 + rng.below(95))).join('');
          tally.bytes++;
        } else if (category === 2) {
          body = mutate(rng, samples[rng.below(samples.length)], verb);
          tally.mutated++;
        } else {
          body = JSON.stringify(randomValue(rng, 0)) ?? 'null';
          mustFail = false;
          tally.random++;
        }
        const r = await within(core.respond(verb, body), 2000);
        if (mustFail || r.status !== 200) {
          expect(r.status, `${verb} #${i} ${body.slice(0, 200)} → ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
          expect(r.status, `${verb} #${i} ${body.slice(0, 200)}`).toBeLessThan(500);
          expect((r.body as { Error: string }).Error, `${verb} #${i}`).toMatch(/^qsched extender: .+/);
        } else {
          tally.random200++;
          expect(SHAPES[verb](r.body), `${verb} #${i} ${body}`).toEqual([]);
        }
      }
      expect(tally.truncated + tally.bytes + tally.mutated + tally.random).toBe(10_000);
      // The random JSON category is mostly invalid; a few happen to be well formed calls.
      expect(tally.random200).toBeLessThan(tally.random / 2);
    }, 120_000);
  }
});

describe('fuzz over HTTP', () => {
  const d = decider();
  const server = createExtenderServer({ decider: () => d, urlPrefix: '/scheduler', bodyLimit: 1 << 20 });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  it('200 truncated bodies per verb → 4xx; malformed HTTP does not take the server down', async () => {
    const rng = new Rng(99);
    for (const verb of VERBS) {
      for (let i = 0; i < 200; i++) {
        const s = SAMPLES[verb][rng.below(SAMPLES[verb].length)].trimEnd();
        const res = await within(fetch(`http://127.0.0.1:${port}/scheduler/${verb}`, { method: 'POST', body: s.slice(0, rng.below(s.length)), headers: { 'Content-Type': 'application/json' } }), 5000);
        expect(res.status).toBe(400);
        expect((await res.json()).Error).toMatch(/not valid JSON/);
      }
    }
    // Garbage on the socket, a lying Content-Length that is cut off, then a normal call still works.
    for (const raw of ['GARBAGE\r\n\r\n', 'POST /scheduler/filter HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"Pod":', 'POST /scheduler/filter HTTP/1.1\r\nContent-Length: -5\r\n\r\n']) {
      await new Promise<void>((resolve) => {
        const sock = connect(port, '127.0.0.1', () => { sock.write(raw); setTimeout(() => sock.destroy(), 50); });
        sock.on('close', () => resolve());
        sock.on('error', () => resolve());
      });
    }
    const ok = await fetch(`http://127.0.0.1:${port}/scheduler/filter`, { method: 'POST', body: SAMPLES.filter[1] });
    expect(ok.status).toBe(200);
  }, 120_000);
});
