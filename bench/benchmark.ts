// `npm run bench`: runs the benchmark suites one after another, each in its own Node process
// (so one suite's heap, JIT state and worker threads cannot colour the next one's timings), and
// prints where each wrote its results. Every suite writes bench/results/<suite>.json with the
// machine, the Node version, the WASM build hashes and its medians; quote medians and ratios
// from one run, on one machine.
//
//   node dist/bench/benchmark.js                      every suite with its defaults
//   node dist/bench/benchmark.js kernels samplers     only those suites
//   node dist/bench/benchmark.js --list               the suites and what they measure
//   node dist/bench/benchmark.js samplers -- --seeds 3   arguments after -- go to the one suite named

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The suites, in the order `npm run bench` runs them. */
const SUITES: ReadonlyArray<readonly [name: string, what: string]> = [
  ['kernels', 'CSR energies / flip deltas / RNG across sizes, sa and sqa sweeps per backend, pool round trip (benchmark.js)'],
  ['samplers', 'time-to-target on Gset and OR-Library instances, best cut in budget, 1 vs 2 workers for 64 reads'],
  ['statevector', 'ns per amplitude of 1- and 2-qubit gates and diagonal layers at n = 12..24, fusion, npm quantum-circuit'],
  ['placement', 'pimc decision latency at 200 and 1000 pods, placement move kernel per backend'],
  ['scheduling', 'pimc against the baselines on the built-in example and 20 generated instances, MILP gaps, QUBO path'],
  ['reschedule', 'differential rescheduling latency after a node failure'],
  ['replay', 'Alibaba GPU trace replay: placed-GPU shares per policy'],
  ['extender', 'scheduler extender throughput and p99 under load'],
];

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const names = (dash < 0 ? argv : argv.slice(0, dash)).filter((a) => !a.startsWith('--'));
const passThrough = dash < 0 ? [] : argv.slice(dash + 1);

if (argv.includes('--list')) {
  for (const [name, what] of SUITES) console.log(`${name.padEnd(12)} ${what}`);
  process.exit(0);
}
const unknown = names.filter((n) => !SUITES.some(([s]) => s === n));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')} (known: ${SUITES.map(([s]) => s).join(', ')})`);
  process.exit(2);
}

const chosen = SUITES.filter(([s]) => names.length === 0 || names.includes(s));
if (passThrough.length > 0 && chosen.length !== 1) {
  console.error('arguments after -- need exactly one suite (each suite has its own options)');
  process.exit(2);
}
const summary: string[] = [];
for (const [name] of chosen) {
  const script = join(here, `${name}.js`);
  if (!existsSync(script)) {
    summary.push(`${name.padEnd(12)} not built (${script} is missing)`);
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [script, ...passThrough], { stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  summary.push(`${name.padEnd(12)} ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${secs} s`);
  if (r.status !== 0) process.exitCode = 1;
}
console.log(`\n${summary.join('\n')}\nresults in bench/results/*.json`);
