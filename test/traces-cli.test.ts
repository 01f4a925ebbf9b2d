// `qsched replay alibaba-gpu` on a tiny trace folder written here (same layout as the dataset),
// and on the dataset itself (sampled with --limit) when it is present.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { replayCommand } from '../src/cli/commands/replay.js';
import { DATASETS, datasetsPresent } from './datasets.js';

async function run(values: Record<string, string>): Promise<unknown[]> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const defaults = Object.fromEntries(Object.entries(replayCommand.options).map(([k, o]) => [k, (o as { default?: string }).default]));
  const code = await replayCommand.run({ values: { ...defaults, ...values }, positionals: ['alibaba-gpu'], json: true, tty: false });
  const out = JSON.parse(String(spy.mock.calls.map((c) => c[0]).join('')));
  spy.mockRestore();
  expect(code).toBe(0);
  return out;
}

describe('qsched replay', () => {
  it('replays a small folder under every policy and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsched-replay-'));
    writeFileSync(join(dir, 'openb_node_list_all_node.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nn0,32000,65536,2,T4\nn1,32000,65536,0,\nn2,64000,65536,4,V100\n');
    const pods = ['name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time'];
    for (let i = 0; i < 30; i++) pods.push(`p${i},${2000 + (i % 3) * 1000},4096,${i % 5 === 0 ? 2 : i % 2},${i % 5 === 0 ? 1000 : i % 2 ? 300 + (i % 4) * 150 : 0},${i % 7 === 0 ? 'T4' : ''},LS,Running,${i},,${i}`);
    writeFileSync(join(dir, 'openb_pod_list_default.csv'), pods.join('\n') + '\n');
    const html = join(dir, 'report.html');
    const out = (await run({ dir, out: html })) as { policy: string; arrivals: number }[];
    expect(out.map((r) => r.policy)).toEqual(['qsched', 'qsched-moves', 'fgd-moves', 'fgd', 'bestfit', 'dotprod', 'gpupacking', 'gpuclustering', 'random']);
    expect(out.every((r) => r.arrivals === 30)).toBe(true);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg /);
    await expect(run({ dir, policy: 'nope' })).rejects.toThrow(/--policy must be one of/);
  });

  it.skipIf(!datasetsPresent('traces/alibaba-gpu-v2023/csv', 'qsched replay on the Alibaba trace'))('the dataset, sampled', async () => {
    const out = (await run({ dir: join(DATASETS, 'traces/alibaba-gpu-v2023/csv'), policy: 'fgd,bestfit', limit: '300' })) as { placed: number }[];
    expect(out.map((r) => r.placed)).toEqual([300, 300]);
    expect(existsSync(DATASETS)).toBe(true);
  });
});
