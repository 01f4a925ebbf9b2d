// `qsched reschedule PLACEMENT.json EVENT.json`: applies one event (or a list, in order) to a
// placement and prints the ordered moves, ΔH and the decision latency. PLACEMENT.json is what
// `qsched schedule --output` writes ({ cluster, workload, placement: { assignment } }) or
// { cluster, workload, assignment }; --output writes the result in the same shape, so calls chain.

import { writeFileSync } from 'node:fs';
import { type DeviceHoldings, Rescheduler, type RescheduleEvent, type RescheduleResult } from '../../scheduling/reschedule/index.js';
import type { Cluster, Workload } from '../../scheduling/types.js';
import { choiceFlag, type Command, intFlag, numberFlag, UsageError } from '../command.js';
import { readStructured } from '../input.js';

function readPlacement(file: string): { cluster: Cluster; workload: Workload; assignment: Record<string, string>; devices?: DeviceHoldings } {
  const doc = readStructured(file) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object' || !('cluster' in doc) || !('workload' in doc)) throw new UsageError(`${file}: expected an object with 'cluster', 'workload' and 'assignment' (or 'placement.assignment')`);
  const inner = (doc.placement as { assignment?: unknown } | undefined)?.assignment ?? doc.assignment;
  if (inner === null || typeof inner !== 'object') throw new UsageError(`${file}: no 'assignment' or 'placement.assignment' object`);
  const devices = (doc.placement as { devices?: unknown } | undefined)?.devices ?? doc.devices;
  return { cluster: doc.cluster as Cluster, workload: doc.workload as Workload, assignment: inner as Record<string, string>, ...(devices !== undefined ? { devices: devices as DeviceHoldings } : {}) };
}

export const rescheduleCommand: Command = {
  name: 'reschedule',
  summary: 'apply an event (node failure/drain/added, scale, new service, edge weight, request change) to a placement',
  help: `qsched reschedule PLACEMENT.json EVENT.json [--max-moves K] [--others fixed|migrate] [--migration-cost C] [--neighbourhood H] [--output FILE] [--json]

  PLACEMENT.json  { cluster, workload, placement: { assignment, devices? } } (qsched schedule --output) or
                  { cluster, workload, assignment, devices? }; devices: pod → resource → device indices
                  held now, for nodes that declare device-granular resources (node.devices)
  EVENT.json      one event or an array of events, e.g. { "type": "nodeFailure", "node": "node-003" }
                  types: nodeFailure, nodeDrain, nodeAdded {node}, scale {service, replicas},
                  newService {service, edges?}, edgeWeight {from, to, weight}, requestChange {service, requests},
                  reconcile (place the pods without a node)
  --max-moves K   voluntary moves allowed per event (default 10)
  --others MODE   fixed: untouched pods never move; migrate (default): they may, paying --migration-cost
  --migration-cost C  H a voluntary move must save (default 0.5)
  --neighbourhood H   call-graph hops around the touched services that are free too (default 0)
  --output FILE   write the rescheduled placement (same shape as PLACEMENT.json)`,
  options: {
    'max-moves': { type: 'string', default: '10' },
    others: { type: 'string', default: 'migrate' },
    'migration-cost': { type: 'string', default: '0.5' },
    neighbourhood: { type: 'string', default: '0' },
    output: { type: 'string' },
  },
  async run({ values, positionals, json }) {
    if (positionals.length !== 2) throw new UsageError(`expected PLACEMENT.json and EVENT.json, got ${positionals.length} argument(s)`);
    const options = {
      maxMoves: intFlag('max-moves', values['max-moves'], 0, 1_000_000),
      others: choiceFlag('others', values.others, ['fixed', 'migrate'] as const),
      migrationCost: numberFlag('migration-cost', values['migration-cost'], 0),
      neighbourhood: intFlag('neighbourhood', values.neighbourhood, 0, 10),
    };
    const start = readPlacement(positionals[0]);
    const raw = readStructured(positionals[1]);
    const events = (Array.isArray(raw) ? raw : [raw]) as RescheduleEvent[];
    const r = new Rescheduler(start.cluster, start.workload, start.assignment, start.devices !== undefined ? { devices: start.devices } : {});
    const results: RescheduleResult[] = [];
    for (const [i, e] of events.entries()) {
      try {
        results.push(r.apply(e, options));
      } catch (err) {
        if (err instanceof TypeError || err instanceof RangeError) throw new UsageError(`${positionals[1]}${events.length > 1 ? ` [${i}]` : ''}: ${err.message}`);
        throw err;
      }
    }
    const last = results[results.length - 1];
    if (typeof values.output === 'string') {
      const { cluster, workload, assignment, devices } = last.placement;
      writeFileSync(values.output, JSON.stringify({ cluster, workload, assignment, ...(devices ? { devices } : {}) }, null, 2) + '\n');
    }
    const summary = results.map((x, i) => ({
      event: events[i], moves: x.moves, deltaH: x.deltaH, latencyMs: x.latency, H: x.placement.energy.H,
      unplaced: x.placement.unplaced, feasible: x.placement.check?.feasible ?? null, blocked: x.stats.blocked, cancelled: x.stats.cancelled, rebuilt: x.stats.rebuilt,
    }));
    if (json) {
      process.stdout.write(JSON.stringify({ results: summary, assignment: last.placement.assignment }, null, 2) + '\n');
    } else {
      let text = '';
      summary.forEach((s, i) => {
        text += `event ${i + 1}: ${JSON.stringify(s.event)}\n  ${s.moves.length} move(s), ΔH ${s.deltaH.toFixed(3)}, H ${s.H.toFixed(2)}, ${s.latencyMs.toFixed(2)} ms${s.rebuilt ? ' (problem rebuilt)' : ''}; feasible ${s.feasible ? 'yes' : 'NO'}\n`;
        for (const m of s.moves) text += `  ${m.kind === 'place' ? 'place' : 'move '} ${m.pod}${m.from ? ` ${m.from} →` : ''} ${m.to}${m.devices ? ` ${Object.entries(m.devices).map(([k, v]) => `${k}#${v.join(',')}`).join(' ')}` : ''}${m.forced ? '' : ' (voluntary)'}\n`;
        if (s.unplaced.length > 0) text += `  unplaced: ${s.unplaced.join(', ')}\n`;
        if (s.blocked.length > 0) text += `  held back (disruption budget): ${s.blocked.join(', ')}\n`;
      });
      process.stdout.write(text);
    }
    return results.every((x) => x.placement.unplaced.length === 0 && (x.placement.check?.feasible ?? true)) ? 0 : 1;
  },
};
