// The replay bench (not a test): the Alibaba GPU trace under every policy on the default,
// gpushare100 and multigpu50 variants (more with --workload), twice: the trace as recorded
// (creation-time order, nothing departs) and the FGD paper's Monte-Carlo inflation to 1.3 × GPU
// capacity. Writes bench/results/replay.json (and the HTML report with --html FILE).
//
//   node dist/bench/replay.js [--workload default,gpushare100,multigpu50] [--limit N] [--moves 2] [--html report.html]

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/kernels/node.js';
import { POLICIES, readAlibabaTrace, replayReportHtml, replayTrace, type ReplayResult } from '../src/traces/index.js';
import { VERSION } from '../src/version.js';

const { values } = parseArgs({ options: { workload: { type: 'string', default: 'default,gpushare100,multigpu50' }, limit: { type: 'string' }, moves: { type: 'string', default: '2' }, html: { type: 'string' } } });
const limit = values.limit === undefined ? undefined : Number(values.limit);
const moves = Number(values.moves);
const round = (x: number | undefined | null, d = 4) => (x === undefined || x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

const results: (ReplayResult & { mode: string })[] = [];
for (const variant of String(values.workload).split(',')) {
  const trace = readAlibabaTrace(variant, { root: packageRoot() });
  for (const mode of ['trace', 'inflate1.3'] as const) {
    for (const policy of POLICIES) {
      const r = replayTrace(trace, { policy, moves, limit, inflate: mode === 'trace' ? undefined : 1.3, seed: 1 });
      results.push({ ...r, variant: mode === 'trace' ? variant : `${variant} ×1.3`, mode });
      console.log(`${variant.padEnd(12)} ${mode.padEnd(10)} ${policy.padEnd(14)} placed GPU ${(100 * r.placedGpuShare).toFixed(2)}%  alloc@1st GPU reject ${r.firstGpuReject ? (100 * r.firstGpuReject.allocatedGpuShare).toFixed(2) + '%' : '—'}  final ${(100 * r.finalAllocatedGpuShare).toFixed(2)}%  frag ${(100 * (r.samples.at(-1)?.fragShare ?? 0)).toFixed(2)}%  moves ${r.moves}  ${(r.elapsedMs / 1000).toFixed(1)} s`);
    }
  }
}
const rows = results.map((r) => ({
  variant: r.variant, mode: r.mode, policy: r.policy, arrivals: r.arrivals, placed: r.placed, rejected: r.rejected,
  placedGpuShare: round(r.placedGpuShare), finalAllocatedGpuShare: round(r.finalAllocatedGpuShare),
  firstGpuReject: r.firstGpuReject && { arrival: r.firstGpuReject.arrival, allocatedGpuShare: round(r.firstGpuReject.allocatedGpuShare), arrivedGpuShare: round(r.firstGpuReject.arrivedGpuShare) },
  firstReject: r.firstReject && { arrival: r.firstReject.arrival, allocatedGpuShare: round(r.firstReject.allocatedGpuShare) },
  fragEnd: round(r.samples.at(-1)?.fragShare), moves: r.moves, elapsedMs: Math.round(r.elapsedMs),
  curve: r.samples.filter((_, i) => i % 10 === 9).map((s) => ({ arrivedGpuShare: round(s.arrivedGpuShare, 3), allocatedGpuShare: round(s.allocatedGpuShare, 3), fragShare: round(s.fragShare, 3) })),
}));
const out = { version: VERSION, date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), moves, limit: limit ?? null, note: 'Alibaba GPU trace (cluster-trace-gpu-v2023), per-GPU replay, nothing departs; inflate1.3 = Monte-Carlo arrivals up to 1.3 × GPU capacity (seed 1), the FGD paper method', rows };
const dir = join(packageRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'replay.json'), JSON.stringify(out, null, 2) + '\n');
if (typeof values.html === 'string') writeFileSync(values.html, replayReportHtml(results, [out.note, `qsched-moves: up to ${moves} moves per arrival`]));
