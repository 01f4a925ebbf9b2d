// `qsched replay alibaba-gpu`: replays the Alibaba GPU trace (../shared/datasets/traces/
// alibaba-gpu-v2023) in arrival order under one or more placement policies and writes an HTML
// report with the table and the allocation and fragmentation curves.

import { writeFileSync } from 'node:fs';
import { packageRoot } from '../../kernels/node.js';
import { ALIBABA_VARIANTS, POLICIES, type PolicyName, readAlibabaTrace, replayReportHtml, replayTrace, type ReplayResult } from '../../traces/index.js';
import { choiceFlag, type Command, intFlag, numberFlag, UsageError } from '../command.js';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay the Alibaba GPU trace under qsched, FGD and the published baselines; HTML report',
  help: `qsched replay alibaba-gpu [--workload V[,V…]] [--policy P[,P…]|all] [--moves K] [--limit N] [--inflate X] [--seed S] [--dir CSV_DIR] [--out report.html] [--json]

  --workload V    ${ALIBABA_VARIANTS.join(', ')} (default default)
  --policy P      ${POLICIES.join(', ')}, or all (default all)
  --moves K       moves of running pods per arrival no node takes, for qsched-moves (made by
                  reschedule, GPUs as devices) and fgd-moves (default 2)
  --limit N       replay only the first N arrivals
  --inflate X     Monte-Carlo arrivals (the FGD paper's method) up to X × GPU capacity, e.g. 1.3
  --dir DIR       the trace's csv folder (default ../shared/datasets/traces/alibaba-gpu-v2023/csv)
  --out FILE      write the HTML report`,
  options: {
    workload: { type: 'string', default: 'default' },
    policy: { type: 'string', default: 'all' },
    moves: { type: 'string', default: '2' },
    limit: { type: 'string' },
    inflate: { type: 'string' },
    seed: { type: 'string', default: '1' },
    dir: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, positionals, json }) {
    if (positionals.length !== 1 || positionals[0] !== 'alibaba-gpu') throw new UsageError(`expected the trace name 'alibaba-gpu', got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const variants = String(values.workload).split(',').map((v) => choiceFlag('workload', v, ALIBABA_VARIANTS));
    const policies: PolicyName[] = values.policy === 'all' ? [...POLICIES] : String(values.policy).split(',').map((p) => choiceFlag('policy', p, POLICIES));
    const moves = intFlag('moves', values.moves, 0, 1000);
    const limit = values.limit === undefined ? undefined : intFlag('limit', values.limit, 1, 10_000_000);
    const inflate = values.inflate === undefined ? undefined : numberFlag('inflate', values.inflate, 0.01);
    const seed = intFlag('seed', values.seed, 0, 0xffffffff);
    const results: ReplayResult[] = [];
    for (const v of variants) {
      let trace;
      try {
        trace = readAlibabaTrace(v, typeof values.dir === 'string' ? { dir: values.dir } : { root: packageRoot() });
      } catch (err) {
        throw new UsageError(`cannot read the trace: ${(err as Error).message}`);
      }
      for (const policy of policies) results.push(replayTrace(trace, { policy, moves, limit, inflate, seed }));
    }
    const notes = [
      `Arrivals: ${inflate === undefined ? 'the trace in creation-time order' : `Monte-Carlo draws up to ${inflate} × GPU capacity (seed ${seed})`}${limit === undefined ? '' : `, first ${limit}`}; nothing departs. qsched-moves: up to ${moves} moves per arrival.`,
    ];
    if (typeof values.out === 'string') writeFileSync(values.out, replayReportHtml(results, notes));
    if (json) {
      process.stdout.write(JSON.stringify(results.map(({ samples: _s, ...r }) => r), null, 2) + '\n');
    } else {
      const pct = (x: number | undefined) => (x === undefined ? '     —' : `${(100 * x).toFixed(2).padStart(6)}%`);
      let text = `${'variant'.padEnd(12)}${'policy'.padEnd(15)}${'placed GPU'.padStart(12)}${'alloc@1st GPU reject'.padStart(22)}${'final alloc'.padStart(13)}${'frag end'.padStart(10)}${'moves'.padStart(7)}\n`;
      for (const r of results) text += `${r.variant.padEnd(12)}${r.policy.padEnd(15)}${pct(r.placedGpuShare).padStart(12)}${pct(r.firstGpuReject?.allocatedGpuShare).padStart(22)}${pct(r.finalAllocatedGpuShare).padStart(13)}${pct(r.samples.at(-1)?.fragShare).padStart(10)}${String(r.moves).padStart(7)}\n`;
      process.stdout.write(text + (typeof values.out === 'string' ? `report: ${values.out}\n` : ''));
    }
    return 0;
  },
};
