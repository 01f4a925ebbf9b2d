// The Alibaba GPU trace: CSV parsing (errors name file and line), the mapping onto qsched's
// types, FGD's fragmentation measure on hand-computed nodes, policy choices on small clusters,
// replay invariants, and a sampled replay of the real trace when the dataset is present.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlacement } from '../src/scheduling/checker.js';
import { compile } from '../src/scheduling/compile.js';
import {
  choose, FragMemo, GpuCluster, MAX_GPUS, nodeFrag, parseNodes, parsePods, readAlibabaTrace, replayReportHtml, replayTrace, toQsched, typicalPods,
  type AlibabaTrace, type TraceNode, type TracePod,
} from '../src/traces/index.js';
import { policyRng } from '../src/traces/policies.js';
import { makeRoomViaReschedule } from '../src/traces/via-reschedule.js';
import { DATASETS, datasetsPresent } from './datasets.js';

const NODE_HEAD = 'sn,cpu_milli,memory_mib,gpu,model';
const POD_HEAD = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';

const node = (name: string, gpus: number, model = gpus > 0 ? 'V100' : '', cpu = 64000): TraceNode => ({ name, cpuMilli: cpu, memoryMib: 262144, gpus, model });
const pod = (name: string, numGpu: number, gpuMilli: number, cpu = 4000, spec: string[] = [], t = 0): TracePod => ({
  name, cpuMilli: cpu, memoryMib: 8192, numGpu, gpuMilli: numGpu === 0 ? 0 : numGpu === 1 ? gpuMilli : 1000, gpuSpec: spec, qos: 'LS', creationTime: t, deletionTime: Infinity,
});

describe('parsing', () => {
  it('reads nodes and pods, both pod layouts', () => {
    const nodes = parseNodes(`${NODE_HEAD}\nn0,32000,262144,0,\nn1,96000,786432,8,V100M32\n`);
    expect(nodes).toEqual([{ name: 'n0', cpuMilli: 32000, memoryMib: 262144, gpus: 0, model: '' }, { name: 'n1', cpuMilli: 96000, memoryMib: 786432, gpus: 8, model: 'V100M32' }]);
    const pods = parsePods(`${POD_HEAD}\np0,4000,15258,1,220,,BE,Running,9679175,9973826,9679175\np1,16000,32768,1,1000,V100M16|V100M32,LS,Running,5,,5\n`);
    expect(pods[0]).toMatchObject({ numGpu: 1, gpuMilli: 220, gpuSpec: [], creationTime: 9679175 });
    expect(pods[1]).toMatchObject({ gpuSpec: ['V100M16', 'V100M32'], deletionTime: Infinity });
    const short = parsePods('name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1000,10,2,1000\nb,1000,10,0,0\n');
    expect(short.map((p) => [p.creationTime, p.numGpu, p.gpuMilli])).toEqual([[0, 2, 1000], [1, 0, 0]]);
  });

  it('errors name the file and line', () => {
    expect(() => parseNodes(`${NODE_HEAD}\nn0,32000,262144,x,\n`, 'nodes.csv')).toThrow(/nodes\.csv:2: gpu must be an integer/);
    expect(() => parseNodes(`${NODE_HEAD}\nn0,1,1,2,\n`, 'n.csv')).toThrow(/n\.csv:2: model must be set/);
    expect(() => parsePods(`${POD_HEAD}\np0,1,1,1,1200,,BE,R,1,2,1\n`, 'p.csv')).toThrow(/p\.csv:2: gpu_milli must be <= 1000/);
    expect(() => parsePods(`${POD_HEAD}\np0,1,1,1,100,,BE,R,1,2,1\np0,1,1,1,100,,BE,R,1,2,1\n`, 'p.csv')).toThrow(/p\.csv:3: name must be a unique/);
    expect(() => parsePods('bad,header\n', 'p.csv')).toThrow(/p\.csv:1: expected header/);
    expect(() => readAlibabaTrace('nope')).toThrow(/variant must be one of/);
  });

  it('toQsched: GPU shares as an extended resource, gpu_spec as node affinity on model', () => {
    const trace = { nodes: [node('g1', 2, 'T4'), node('g2', 2, 'V100'), node('c1', 0)], pods: [pod('a', 1, 500, 1000, ['T4']), pod('b', 2, 1000), pod('c', 0, 0)] };
    const { cluster, workload } = toQsched(trace);
    const pr = compile(cluster, workload);
    expect(pr.resourceNames).toContain('alibaba.com/gpu-milli');
    // a may only go to the T4 node; b to either GPU node; c anywhere.
    expect(Array.from(pr.mask.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(pr.mask.subarray(3, 6))).toEqual([1, 1, 0]);
    expect(checkPlacement(cluster, workload, { 'a-0': 'g2', 'b-0': 'g1', 'c-0': 'c1' }).violations.map((v) => v.constraint)).toContain('nodeAffinity');
    expect(checkPlacement(cluster, workload, { 'a-0': 'g1', 'b-0': 'g2', 'c-0': 'c1' }).feasible).toBe(true);
  });
});

describe('FGD fragmentation', () => {
  it('matches hand-computed values', () => {
    const typical = [
      { cpu: 1000, numGpu: 1, gpuMilli: 600, models: 0, p: 0.5 },
      { cpu: 1000, numGpu: 1, gpuMilli: 1000, models: 0, p: 0.25 },
      { cpu: 1000, numGpu: 0, gpuMilli: 0, models: 0, p: 0.25 },
    ];
    // GPUs left [1000, 500, 0]: the 600-share task cannot use 500 → 500; the whole-GPU task
    // cannot use 500 → 500; the CPU-only task can use none → 1500.
    expect(nodeFrag(8000, 0, [1000, 500, 0], typical)).toBeCloseTo(0.5 * 500 + 0.25 * 500 + 0.25 * 1500, 9);
    // No CPU left: no task fits, every idle GPU is fragment.
    expect(nodeFrag(0, 0, [1000, 500, 0], typical)).toBeCloseTo(1500, 9);
    expect(nodeFrag(8000, 0, [0, 0], typical)).toBe(0);
    // A model-constrained class does not fit a node of another model.
    expect(nodeFrag(8000, 1, [1000], [{ cpu: 1, numGpu: 1, gpuMilli: 1000, models: 1, p: 1 }])).toBe(1000);
    expect(nodeFrag(8000, 0, [1000], [{ cpu: 1, numGpu: 1, gpuMilli: 1000, models: 1, p: 1 }])).toBe(0);
  });

  it('FGD puts a small share beside another share rather than on a whole GPU', () => {
    const trace: AlibabaTrace = { variant: 't', nodes: [node('a', 2), node('b', 2)], pods: [pod('p', 1, 500), pod('q', 1, 500), pod('r', 1, 1000), pod('s', 1, 1000)] };
    const c = new GpuCluster(trace.nodes);
    const frag = new FragMemo(typicalPods(trace.pods, c, 1));
    const rng = policyRng(1);
    const x = c.spec(trace.pods[0], 0);
    c.place(x, 0, [[0, 500]]);
    const y = c.spec(trace.pods[1], 1);
    const pick = choose('fgd', c, y, frag, rng)!;
    expect(pick.node).toBe(0);
    expect(pick.gpus).toEqual([[0, 500]]);
  });
});

function synthetic(seed: number): AlibabaTrace {
  let s = seed;
  const r = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
  const nodes = Array.from({ length: 12 }, (_, i) => node(`n${i}`, i % 4 === 0 ? 0 : [1, 2, 4, 8][i % 4], i % 3 === 0 ? 'T4' : 'V100', 32000));
  nodes.forEach((n, i) => { if (n.gpus === 0) nodes[i] = { ...n, model: '' }; });
  const pods = Array.from({ length: 90 }, (_, i) => {
    const u = r();
    return u < 0.2 ? pod(`p${i}`, 0, 0, 2000) : u < 0.7 ? pod(`p${i}`, 1, [250, 500, 700, 1000][Math.floor(r() * 4)], 2000) : pod(`p${i}`, [2, 4][Math.floor(r() * 2)], 1000, 4000, r() < 0.3 ? ['T4'] : [], i);
  });
  return { variant: 'synthetic', nodes, pods };
}

describe('replay', () => {
  it('never overfills a GPU, cpu or memory; every policy; moves only help qsched', () => {
    for (const seed of [1, 2, 3]) {
      const trace = synthetic(seed);
      const byPolicy: Record<string, number> = {};
      for (const policy of ['qsched', 'qsched-moves', 'fgd-moves', 'fgd', 'bestfit', 'dotprod', 'gpupacking', 'gpuclustering', 'random'] as const) {
        const r = replayTrace(trace, { policy, moves: 3, samples: 10 });
        expect(r.placed + r.rejected).toBe(90);
        expect(r.gpuPlaced).toBeLessThanOrEqual(r.gpuRequested);
        expect(r.finalAllocatedGpuShare).toBeLessThanOrEqual(1 + 1e-12);
        for (const s of r.samples) { expect(s.fragShare).toBeGreaterThanOrEqual(0); expect(s.fragShare).toBeLessThanOrEqual(1 + 1e-12); }
        if (r.firstGpuReject) expect(r.firstGpuReject.allocatedGpuShare).toBeLessThanOrEqual(1);
        if (!policy.endsWith('-moves')) expect(r.moves).toBe(0);
        byPolicy[policy] = r.gpuPlaced;
      }
      expect(byPolicy['qsched-moves']).toBeGreaterThanOrEqual(byPolicy.qsched);
      expect(byPolicy['fgd-moves']).toBeGreaterThanOrEqual(byPolicy.fgd);
    }
  });

  it('qsched-moves goes through reschedule: the moves it makes fit the per-GPU cluster and place what qsched alone rejects', () => {
    let moved = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const trace = synthetic(seed);
      const alone = replayTrace(trace, { policy: 'qsched', samples: 5 });
      const r = replayTrace(trace, { policy: 'qsched-moves', moves: 3, samples: 5 });
      moved += r.moves;
      expect(r.placed).toBeGreaterThanOrEqual(alone.placed);
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('makeRoomViaReschedule: one move frees a GPU the aggregate view would have overbooked', () => {
    // n0: two GPUs with 600 used on each (800 more fits in aggregate, on no GPU); n1: one GPU
    // with 300 used. The pod of 800 fits only after the 300 moves onto n0.
    const c = new GpuCluster([node('n0', 2), node('n1', 1)]);
    const pods = [pod('a', 1, 600), pod('b', 1, 600), pod('s', 1, 300), pod('x', 1, 800)];
    const specs = new Map(pods.map((p, i) => [i, c.spec(p, i)] as const));
    c.place(specs.get(0)!, 0, [[0, 600]]);
    c.place(specs.get(1)!, 0, [[1, 600]]);
    c.place(specs.get(2)!, 1, [[0, 300]]);
    const frag = new FragMemo(typicalPods(pods, c));
    const x = specs.get(3)!;
    expect(choose('qsched', c, x, frag, policyRng(1))).toBeNull();
    expect(makeRoomViaReschedule(c, x, 0, specs, frag, policyRng(1)).moves).toBe(-1);
    const r = makeRoomViaReschedule(c, x, 1, specs, frag, policyRng(1));
    expect(r.moves).toBe(1);
    expect(c.placed.get(3)).toEqual({ node: 1, gpus: [[0, 800]] });
    expect(c.placed.get(2)?.node).toBe(0);
    expect([c.gpuLeft[0], c.gpuLeft[1]].sort()).toEqual([100, 400]);
  });

  it('the cluster state stays consistent through makeRoom (direct check)', () => {
    const trace = synthetic(7);
    const c = new GpuCluster(trace.nodes);
    const frag = new FragMemo(typicalPods(trace.pods, c));
    const rng = policyRng(1);
    trace.pods.forEach((p, i) => { const x = c.spec(p, i); const ch = choose('qsched', c, x, frag, rng); if (ch) c.place(x, ch.node, ch.gpus); });
    for (let n = 0; n < c.N; n++) {
      expect(c.cpuLeft[n]).toBeGreaterThanOrEqual(0);
      expect(c.memLeft[n]).toBeGreaterThanOrEqual(0);
      for (let g = 0; g < MAX_GPUS; g++) expect(c.gpuLeft[n * MAX_GPUS + g]).toBeGreaterThanOrEqual(0);
    }
  });

  it('writes an HTML report with one chart pair per variant', () => {
    const trace = synthetic(4);
    const rs = ['fgd', 'bestfit'].map((policy) => replayTrace(trace, { policy: policy as 'fgd', samples: 5 }));
    const html = replayReportHtml(rs, ['note']);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<polyline /g)).toHaveLength(4);
  });

  it('rejects bad options naming the field', () => {
    const trace = synthetic(1);
    expect(() => replayTrace(trace, { policy: 'nope' as 'fgd' })).toThrow(/options\.policy/);
    expect(() => replayTrace(trace, { policy: 'fgd', limit: 0 })).toThrow(/options\.limit/);
    expect(() => replayTrace(trace, { policy: 'fgd', inflate: -1 })).toThrow(/options\.inflate/);
    expect(() => replayTrace(trace, { policy: 'qsched-moves', moves: -1 })).toThrow(/options\.moves/);
  });
});

const TRACE_DIR = join(DATASETS, 'traces', 'alibaba-gpu-v2023', 'csv');
const HAVE = datasetsPresent('traces/alibaba-gpu-v2023/csv', 'the Alibaba GPU trace tests');

describe.skipIf(!HAVE)('the Alibaba GPU trace (dataset)', () => {
  it('loads every variant with the published sizes; a sampled replay places everything early on', () => {
    const t = readAlibabaTrace('default', { dir: TRACE_DIR });
    expect(t.nodes).toHaveLength(1523);
    expect(t.pods).toHaveLength(8152);
    expect(readAlibabaTrace('multigpu50', { dir: TRACE_DIR }).pods.length).toBeGreaterThan(8152);
    for (const policy of ['fgd', 'qsched'] as const) {
      const r = replayTrace(t, { policy, limit: 1000, samples: 5 });
      expect(r.arrivals).toBe(1000);
      expect(r.rejected).toBe(0);
    }
  });
});
