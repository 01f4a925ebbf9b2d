// The replay report: one self-contained HTML page (inline SVG, no scripts, no dependencies)
// with a table per workload variant and, per variant, two line charts over the arrivals: GPU
// allocated (share of capacity) and FGD fragmentation (share of capacity), one line per policy.

import type { ReplayResult } from './replay.js';

const COLORS = ['#c53030', '#2b6cb0', '#2f855a', '#b7791f', '#6b46c1', '#319795', '#d53f8c', '#718096'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(2)}%`);

/** A line chart of one measure over the arrived GPU demand, one line per result. */
export function lineChart(results: readonly ReplayResult[], measure: 'allocatedGpuShare' | 'fragShare', title: string): string {
  const W = 560, H = 300, M = 48;
  const xs = results.flatMap((r) => r.samples.map((s) => s.arrivedGpuShare));
  const ys = results.flatMap((r) => r.samples.map((s) => s[measure]));
  const x1 = Math.max(1e-9, ...xs);
  const y1 = Math.max(1e-9, ...ys);
  const sx = (v: number) => M + (v / x1) * (W - M - 130);
  const sy = (v: number) => H - M - (v / y1) * (H - 2 * M);
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`;
  s += `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${esc(title)}</text>`;
  s += `<rect x="${M}" y="${M}" width="${W - M - 130 - M + M}" height="${H - 2 * M}" fill="none" stroke="#999"/>`;
  for (let k = 0; k <= 4; k++) {
    const v = (k / 4) * y1;
    s += `<text x="${M - 4}" y="${sy(v) + 4}" text-anchor="end">${(100 * v).toFixed(0)}%</text>`;
    const u = (k / 4) * x1;
    s += `<text x="${sx(u)}" y="${H - M + 14}" text-anchor="middle">${(100 * u).toFixed(0)}%</text>`;
  }
  s += `<text x="${(M + W - 130) / 2}" y="${H - 8}" text-anchor="middle">GPU demand arrived (share of capacity)</text>`;
  results.forEach((r, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = r.samples.map((p) => `${sx(p.arrivedGpuShare).toFixed(1)},${sy(p[measure]).toFixed(1)}`).join(' ');
    s += `<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${pts}"/>`;
    s += `<text x="${W - 122}" y="${M + 14 * i + 4}" fill="${color}">${esc(r.policy)}</text>`;
  });
  return s + '</svg>';
}

/** The HTML report for results grouped by variant. */
export function replayReportHtml(results: readonly ReplayResult[], notes: readonly string[] = []): string {
  const variants = [...new Set(results.map((r) => r.variant))];
  let body = `<h1>qsched replay of the Alibaba GPU trace (cluster-trace-gpu-v2023)</h1>`;
  body += notes.map((n) => `<p>${esc(n)}</p>`).join('');
  body += `<p>Columns: <b>placed GPU</b> = milli-GPU placed ÷ milli-GPU requested over all arrivals; <b>GPU alloc. at 1st GPU reject</b> = GPU allocated ÷ cluster GPU capacity when the first GPU pod was rejected (the FGD paper's measure; — when none was); <b>arrived at 1st reject</b> = GPU demand arrived ÷ capacity then; <b>frag. (end)</b> = FGD fragmentation Σ F_n ÷ capacity after the last arrival.</p>`;
  for (const v of variants) {
    const rs = results.filter((r) => r.variant === v);
    body += `<h2>${esc(v)}</h2><table border="1" cellspacing="0" cellpadding="4"><tr><th>policy</th><th>arrivals</th><th>placed pods</th><th>placed GPU</th><th>GPU alloc. at 1st GPU reject</th><th>arrived at 1st GPU reject</th><th>1st reject (any pod)</th><th>final GPU alloc.</th><th>frag. (end)</th><th>moves</th><th>ms</th></tr>`;
    for (const r of rs) {
      body += `<tr><td>${esc(r.policy)}</td><td>${r.arrivals}</td><td>${r.placed}</td><td>${pct(r.placedGpuShare)}</td><td>${pct(r.firstGpuReject?.allocatedGpuShare)}</td><td>${pct(r.firstGpuReject?.arrivedGpuShare)}</td><td>${r.firstReject ? `#${r.firstReject.arrival} at ${pct(r.firstReject.allocatedGpuShare)}` : '—'}</td><td>${pct(r.finalAllocatedGpuShare)}</td><td>${pct(r.samples.at(-1)?.fragShare)}</td><td>${r.moves}</td><td>${r.elapsedMs.toFixed(0)}</td></tr>`;
    }
    body += '</table><div>' + lineChart(rs, 'allocatedGpuShare', `${v}: GPU allocated`) + lineChart(rs, 'fragShare', `${v}: GPU fragmentation (FGD)`) + '</div>';
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>qsched replay</title><style>body{font-family:sans-serif;margin:2em}td{text-align:right}td:first-child{text-align:left}</style></head><body>${body}</body></html>\n`;
}
