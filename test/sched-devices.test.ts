// Device-granular resources (ClusterNode.devices): the exact packing test of the checker, the
// allocation kept beside the aggregates, reschedule treating "fits on a device" as hard, device
// indices carried through events, and typed errors for bad device input.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlacement } from '../src/scheduling/checker.js';
import { compile } from '../src/scheduling/compile.js';
import { DeviceState, devicesNeeded, packs } from '../src/scheduling/devices.js';
import { Rescheduler, reschedule } from '../src/scheduling/reschedule/index.js';
import { PlacementState } from '../src/scheduling/state.js';
import type { Cluster, ClusterNode, Service, Workload } from '../src/scheduling/types.js';

const GPU = 'example.com/gpu-milli';

function gpuNode(name: string, gpus: number, cpu = 32): ClusterNode {
  return { name, allocatable: { cpu: `${cpu}`, memory: '64Gi', [GPU]: gpus * 1000 }, devices: { [GPU]: gpus } };
}
function gpuService(name: string, milli: number, replicas = 1, extra: Partial<Service> = {}): Service {
  return { name, replicas, requests: { cpu: '1', memory: '1Gi', [GPU]: milli }, ...extra };
}

/** Brute force: every assignment of the shared items to free bins. */
function bruteForce(reqs: readonly number[], count: number, D: number): boolean {
  let bins = count;
  const shared: number[] = [];
  for (const q of reqs) { if (q > D) bins -= Math.ceil(q / D); else if (q > 0) shared.push(q); }
  if (bins < 0) return false;
  const load = new Array<number>(bins).fill(0);
  const go = (i: number): boolean => {
    if (i === shared.length) return true;
    for (let k = 0; k < bins; k++) {
      if (load[k] + shared[i] > D) continue;
      load[k] += shared[i];
      if (go(i + 1)) return true;
      load[k] -= shared[i];
    }
    return false;
  };
  return go(0);
}

describe('packs (the checker\'s device test)', () => {
  it('finds packings first-fit decreasing misses, and refuses what does not pack', () => {
    // FFD puts 4 and 4 together and then fails; {4,3,3} + {4,3,3} fits.
    expect(packs([4, 4, 3, 3, 3, 3], 2, 20)).toBe(true);
    expect(packs([6, 6, 6], 2, 20)).toBe(false); // 18 ≤ 20 in aggregate, but no two fit one device
    expect(packs([10, 10, 5], 3, 30)).toBe(true);
    expect(packs([20, 5, 6], 3, 30)).toBe(false); // two whole devices, then 5 + 6 > 10 on the last
    expect(packs([25], 3, 30)).toBe(true); // ceil(2.5) = 3 whole devices
    expect(packs([15], 7, 15)).toBe(true); // the whole of 15 over 7 devices: 7 devices, not ceil(15 / 2.142…) rounded up to 8
  });

  it('decides tight nodes: shares that fill 8 devices exactly, and thousands of small shares without deep recursion', () => {
    // Seeded exact fills: every device split into shares of 100–500 that sum to exactly 1000.
    let seed = 5;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; };
    for (let it = 0; it < 300; it++) {
      const reqs: number[] = [];
      for (let d = 0; d < 8; d++) {
        let left = 1000;
        while (left > 0) { let q = Math.min(left, 100 + Math.floor(rnd() * 400)); if (left - q < 100 && left - q > 0) q = left; reqs.push(q); left -= q; }
      }
      expect(packs(reqs, 8, 8000)).toBe(true);
      expect(packs([...reqs, 1], 8, 8000)).toBe(false);
    }
    const many = [36, 25, 22, 64, 42, 31, 39, 23, 43, 40].map((x) => x * 1000).concat(new Array<number>(12000).fill(1));
    expect(() => packs(many, 4, 400_000)).not.toThrow();
  });

  it('counts whole devices exactly: 15 units over 7 devices is 7 devices', () => {
    expect(devicesNeeded(15, 7, 15)).toEqual({ whole: true, need: 7 });
    expect(devicesNeeded(15 / 7, 7, 15)).toEqual({ whole: false, need: 1 });
    expect(devicesNeeded(1001, 8, 8000)).toEqual({ whole: true, need: 2 });
    expect(devicesNeeded(2000, 8, 8000)).toEqual({ whole: true, need: 2 });
  });

  it('agrees with brute force on small random instances (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 25 }), { maxLength: 9 }), (count, reqs) => {
      expect(packs(reqs, count, count * 10)).toBe(bruteForce(reqs, count, 10));
    }), { numRuns: 400, seed: 11 });
  });
});

describe('DeviceState', () => {
  const cluster: Cluster = { nodes: [gpuNode('a', 2), gpuNode('b', 4)] };
  const workload: Workload = { services: [gpuService('s', 600, 2), gpuService('w', 2000), gpuService('t', 300)] };
  const pr = compile(cluster, workload);

  it('takes the tightest device for a share and the lowest free devices for whole ones', () => {
    const a = Int32Array.from([0, 0, 1, 0]); // s-0, s-1 on a; w-0 on b; t-0 on a
    const d = new DeviceState(pr, a);
    const g = pr.resourceNames.indexOf(GPU);
    expect(d.devicesOf(0, g)).toEqual([0]);
    expect(d.devicesOf(1, g)).toEqual([1]); // device 0 has 400 left
    expect(d.devicesOf(2, g)).toEqual([0, 1]);
    expect(d.devicesOf(3, g)).toEqual([0]); // 400 and 400 left: lowest index
    expect(d.unfit).toBe(0);
    expect(d.fits(0, 0)).toBe(false); // 100 and 400 left on a: no room for 600 on one device
    d.release(3, 0);
    expect(d.fits(3, 0)).toBe(true);
    expect(d.shortfall(0, 0)).toBeCloseTo(0.2, 12); // best device has 400 of the 600
  });

  it('marks a pod whose node has no device room, and a move away clears it', () => {
    const st = new PlacementState(pr, Int32Array.from([0, 0, 1, 0]), true);
    expect(new PlacementState(pr, Int32Array.from([0, 0, 1, 0])).dev).toBeNull(); // solvers do not track devices
    expect(st.dev?.unfit).toBe(0);
    st.applyMove(2, 0); // w-0 needs two free devices on a: there are none
    expect(st.dev?.unfit).toBe(1);
    st.applyMove(2, 1);
    expect(st.dev?.unfit).toBe(0);
    expect(st.dev?.devicesOf(2, pr.resourceNames.indexOf(GPU))).toEqual([0, 1]);
  });

  it('starts from given holdings and refuses invalid ones with a RangeError naming the pod', () => {
    const g = pr.resourceNames.indexOf(GPU);
    const given = new Uint32Array(pr.P * pr.R);
    given[0 * pr.R + g] = 0b10; // s-0 on device 1 of a
    const d = new DeviceState(pr, Int32Array.from([0, 0, 1, 0]), given);
    expect(d.devicesOf(0, g)).toEqual([1]);
    expect(d.devicesOf(1, g)).toEqual([0]);
    given[1 * pr.R + g] = 0b10; // s-1 on the same device: 1200 > 1000
    expect(() => new DeviceState(pr, Int32Array.from([0, 0, 1, 0]), given)).toThrow(/s-1.*device 1 has 400 left/);
    given[1 * pr.R + g] = 0b100; // a has two devices
    expect(() => new DeviceState(pr, Int32Array.from([0, 0, 1, 0]), given)).toThrow(/device 2 does not exist/);
    given[1 * pr.R + g] = 0;
    given[2 * pr.R + g] = 0b1; // w-0 takes two whole devices
    expect(() => new DeviceState(pr, Int32Array.from([0, 0, 1, 0]), given)).toThrow(/takes 2 devices/);
  });
});

describe('reschedule with devices', () => {
  // a: two GPUs, 600 used on each (x of 800 fits a in aggregate — 800 left — but on no device).
  // b: one GPU with 300 used. The only device-valid plan: move b's pod (300) onto a, then x on b.
  const cluster: Cluster = { nodes: [gpuNode('a', 2), gpuNode('b', 1)] };
  const workload: Workload = { services: [gpuService('big', 600, 2), gpuService('small', 300)] };
  const assignment = { 'big-0': 'a', 'big-1': 'a', 'small-0': 'b' };

  it('the checker judges given holdings on their own: missing, malformed and overbooked ones are violations', () => {
    const held = { 'big-0': { [GPU]: [0] }, 'big-1': { [GPU]: [1] }, 'small-0': { [GPU]: [0] } };
    expect(checkPlacement(cluster, workload, assignment, held).feasible).toBe(true);
    const over = checkPlacement(cluster, workload, assignment, { ...held, 'big-1': { [GPU]: [0] } });
    expect(over.violations.map((v) => v.detail).join('\n')).toMatch(/device 0 is booked 1200 of 1000/);
    const missing = checkPlacement(cluster, workload, assignment, { 'big-0': { [GPU]: [0] }, 'big-1': { [GPU]: [1] } });
    expect(missing.violations).toEqual([expect.objectContaining({ constraint: 'devices', pod: 'small-0' })]);
    const bad = checkPlacement(cluster, workload, assignment, { ...held, 'small-0': { [GPU]: 'zero' } } as never);
    expect(bad.violations[0].detail).toMatch(/must be an array/);
    expect(() => checkPlacement(cluster, workload, assignment, 5 as never)).toThrow(TypeError);
  });

  it('packs a node exactly when best fit in pod order would leave a pod out', () => {
    // 300, 300, 600, 600 on two GPUs fit only as {300, 600} + {300, 600}; best fit in pod order
    // puts both 300s on GPU 0 and leaves a 600 without a device.
    const c: Cluster = { nodes: [gpuNode('a', 2)] };
    const w: Workload = { services: [gpuService('p', 300), gpuService('q', 300), gpuService('r', 600), gpuService('t', 600)] };
    const rs = new Rescheduler(c, w, { 'p-0': 'a', 'q-0': 'a', 'r-0': 'a', 't-0': 'a' });
    expect(Object.keys(rs.devices!).sort()).toEqual(['p-0', 'q-0', 'r-0', 't-0']);
    expect(checkPlacement(c, w, rs.assignment, rs.devices).feasible).toBe(true);
  });

  it('a request that grows past its device moves the pod (or others) so every pod holds devices', () => {
    const c: Cluster = { nodes: [gpuNode('a', 2), gpuNode('b', 2)] };
    const w: Workload = { services: [gpuService('s', 400, 3)] };
    const r = reschedule({ cluster: c, workload: w, assignment: { 's-0': 'a', 's-1': 'a', 's-2': 'a' } }, { type: 'requestChange', service: 's', requests: { [GPU]: 600 } });
    expect(r.placement.check?.feasible).toBe(true);
    expect(Object.keys(r.placement.devices!).sort()).toEqual(['s-0', 's-1', 's-2']);
    expect(r.moves.length).toBeGreaterThanOrEqual(1);
  });

  it('the checker sees what the aggregate misses', () => {
    const w: Workload = { services: [...workload.services, gpuService('x', 800)] };
    const agg = checkPlacement(cluster, w, { ...assignment, 'x-0': 'a' });
    expect(agg.violations.filter((v) => v.constraint === 'capacity')).toEqual([]);
    expect(agg.violations.map((v) => v.constraint)).toContain('devices');
    expect(agg.feasible).toBe(false);
    const ok = checkPlacement(cluster, w, { 'big-0': 'a', 'big-1': 'a', 'small-0': 'a', 'x-0': 'b' });
    expect(ok.feasible).toBe(true);
  });

  it('places a new pod by moving another off a device, in a safe order, with device indices', () => {
    const r = reschedule({ cluster, workload, assignment }, { type: 'newService', service: gpuService('x', 800) }, { maxMoves: 1 });
    expect(r.placement.unplaced).toEqual([]);
    expect(r.placement.assignment['x-0']).toBe('b');
    expect(r.placement.assignment['small-0']).toBe('a');
    expect(r.placement.check?.feasible).toBe(true);
    expect(r.moves.map((m) => [m.pod, m.to])).toEqual([['small-0', 'a'], ['x-0', 'b']]);
    expect(r.moves[1].devices).toEqual({ [GPU]: [0] });
    const held = r.placement.devices!;
    expect(held['x-0']).toEqual({ [GPU]: [0] });
    expect([held['big-0'][GPU][0], held['big-1'][GPU][0]].sort()).toEqual([0, 1]);
    expect(held['small-0'][GPU]).toHaveLength(1);
  });

  it('reconcile places pending pods and changes no input', () => {
    const rs = new Rescheduler(cluster, workload, { 'big-0': 'a', 'big-1': 'a' }); // small-0 pending
    const r = rs.apply({ type: 'reconcile' });
    expect(r.moves).toEqual([expect.objectContaining({ pod: 'small-0', kind: 'place', to: 'a' })]); // 300 fits beside a 600 on either GPU of a, and packing pays
    expect(r.placement.cluster).toBe(cluster);
    expect(r.placement.workload).toBe(workload);
    expect(r.placement.check?.feasible).toBe(true);
    expect(rs.apply({ type: 'reconcile' }).moves).toEqual([]);
  });

  it('without a move the pod stays unplaced rather than overpacking a device', () => {
    const r = reschedule({ cluster, workload, assignment }, { type: 'newService', service: gpuService('x', 800) }, { maxMoves: 0 });
    expect(r.placement.unplaced).toEqual(['x-0']);
    expect(r.moves).toEqual([]);
  });

  it('keeps the given device holdings across events and refuses bad ones before changing anything', () => {
    const devices = { 'big-0': { [GPU]: [1] }, 'big-1': { [GPU]: [0] } };
    const rs = new Rescheduler(cluster, workload, assignment, { devices });
    expect(rs.devices!['big-0']).toEqual({ [GPU]: [1] });
    rs.apply({ type: 'scale', service: 'small', replicas: 2 });
    expect(rs.devices!['big-0']).toEqual({ [GPU]: [1] });
    expect(rs.devices!['big-1']).toEqual({ [GPU]: [0] });
    expect(() => new Rescheduler(cluster, workload, assignment, { devices: { 'big-0': { [GPU]: [0] }, 'big-1': { [GPU]: [0] } } })).toThrow(RangeError);
    expect(() => new Rescheduler(cluster, workload, assignment, { devices: { 'nope-0': { [GPU]: [0] } } })).toThrow(/options.devices\["nope-0"\]/);
    expect(() => new Rescheduler(cluster, workload, assignment, { devices: { 'big-0': { [GPU]: [40] } } })).toThrow(/device indices/);
  });

  it('a whole-device pod gets room when a shared pod moves off a device, on a node failure too', () => {
    const c: Cluster = { nodes: [gpuNode('a', 2), gpuNode('b', 2), gpuNode('c', 2)] };
    const w: Workload = { services: [gpuService('whole', 2000), gpuService('share', 500, 2)] };
    // c fails: whole-0 must go somewhere with two free GPUs; a and b each hold one share pod.
    const r = reschedule({ cluster: c, workload: w, assignment: { 'whole-0': 'c', 'share-0': 'a', 'share-1': 'b' } }, { type: 'nodeFailure', node: 'c' }, { maxMoves: 1 });
    expect(r.placement.check?.feasible).toBe(true);
    expect(r.placement.unplaced).toEqual([]);
    const node = r.placement.assignment['whole-0'];
    expect(r.placement.devices!['whole-0']).toEqual({ [GPU]: [0, 1] });
    expect(Object.values(r.placement.assignment).filter((n) => n === node)).toHaveLength(1);
  });
});

describe('device input errors', () => {
  const base = { name: 'n', allocatable: { cpu: '4', [GPU]: 2000 } };
  const w: Workload = { services: [gpuService('s', 500)] };
  it.each([
    [{ ...base, devices: { 'other.com/x': 2 } }, /devices\["other.com\/x"\] names a resource the node's allocatable lacks/],
    [{ ...base, devices: { [GPU]: 0 } }, /integer device count in \[1, 32\], got 0/],
    [{ ...base, devices: { [GPU]: 2.5 } }, /got 2.5/],
    [{ ...base, devices: { [GPU]: 33 } }, /got 33/],
    [{ ...base, devices: [] }, /devices/],
  ])('%#: a typed error naming the field', (node, re) => {
    expect(() => compile({ nodes: [node as ClusterNode] }, w)).toThrow(re);
    expect(() => checkPlacement({ nodes: [node as ClusterNode] }, w, {})).toThrow(re);
  });
});

describe('schedule with devices', () => {
  // Two nodes of two GPUs; three pods of 600. By aggregate one node takes all three (1800 of
  // 2000) and the energy prefers that (one node used); by devices a node holds two. The
  // annealers pack three and the device step must re-place one.
  const cluster: Cluster = { nodes: [gpuNode('a', 2, 64), gpuNode('b', 2, 64)] };
  const workload: Workload = { services: [gpuService('s', 600, 3)] };

  it.each(['greedy', 'pimc', 'sa'] as const)('%s: devices allocated, misfits re-placed, the checker agrees', async (solver) => {
    const { schedule } = await import('../src/scheduling/schedule.js');
    const r = await schedule(cluster, workload, { solver, seed: 3, timeLimitMs: 2000 });
    expect(r.feasible).toBe(true);
    expect(r.check.violations.filter((v) => v.constraint === 'devices')).toEqual([]);
    const perNode = [0, 0];
    for (const n of Object.values(r.assignment)) perNode[n === 'a' ? 0 : 1]++;
    expect(perNode.sort()).toEqual([1, 2]);
    const held = Object.entries(r.devices!).map(([pod, d]) => `${r.assignment[pod]}:${d[GPU][0]}`);
    expect(new Set(held).size).toBe(3); // never two pods of 600 on one GPU
    if (solver !== 'greedy') expect(r.manifest.stats.deviceMisfits).toBe(1); // the annealers packed three on one node
  });

  it('says which constraint blocks a workload the devices cannot hold', async () => {
    const { schedule } = await import('../src/scheduling/schedule.js');
    const r = await schedule(cluster, { services: [gpuService('s', 600, 5)] }, { solver: 'greedy', seed: 1 });
    expect(r.feasible).toBe(false);
    expect(r.unplaced).toHaveLength(1);
  });
});
