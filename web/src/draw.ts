// Drawing for the demo page: SVG strings for the energy chart, the placement map, the Pareto
// front and the QAOA bars. Pure functions of the data; no engine code here.

import type { MapView, ParetoPoint, QaoaLayer } from './protocol.js';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** A service's colour: golden-angle hues so neighbours differ. */
export const serviceColour = (s: number) => `hsl(${(s * 137.508) % 360} 62% 52%)`;
/** A replica's line colour. */
export const replicaColour = (r: number) => ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4b5563'][r % 8];

/** Energy H of every replica over sweeps. */
export function energyChart(trace: readonly { sweep: number; H: Float64Array }[], width = 560, height = 240): string {
  const pad = { l: 54, r: 12, t: 12, b: 30 };
  if (trace.length === 0) return `<svg viewBox="0 0 ${width} ${height}" class="chart"><text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="muted">waiting for the anneal…</text></svg>`;
  const K = trace[0].H.length;
  const xs = trace.map((t) => t.sweep);
  let lo = Infinity, hi = -Infinity;
  for (const t of trace) for (const h of t.H) { lo = Math.min(lo, h); hi = Math.max(hi, h); }
  if (hi === lo) hi = lo + 1;
  const xMax = Math.max(...xs, 1);
  const X = (s: number) => pad.l + ((width - pad.l - pad.r) * s) / xMax;
  const Y = (h: number) => pad.t + ((height - pad.t - pad.b) * (hi - h)) / (hi - lo);
  const lines = Array.from({ length: K }, (_, r) => `<polyline fill="none" stroke="${replicaColour(r)}" stroke-width="1.4" points="${trace.map((t) => `${X(t.sweep).toFixed(1)},${Y(t.H[r]).toFixed(1)}`).join(' ')}"/>`);
  const ticks = [lo, (lo + hi) / 2, hi].map((v) => `<text x="${pad.l - 6}" y="${Y(v) + 4}" text-anchor="end" class="tick">${fmt(v, 1)}</text><line x1="${pad.l}" x2="${width - pad.r}" y1="${Y(v)}" y2="${Y(v)}" class="grid"/>`);
  const legend = Array.from({ length: K }, (_, r) => `<g transform="translate(${width - pad.r - 70 * (K - r)},${pad.t + 4})"><rect width="10" height="3" y="3" fill="${replicaColour(r)}"/><text x="14" y="9" class="tick">replica ${r}</text></g>`);
  return `<svg viewBox="0 0 ${width} ${height}" class="chart" role="img" aria-label="energy per Trotter replica">
    ${ticks.join('')}${lines.join('')}${legend.join('')}
    <text x="${(pad.l + width - pad.r) / 2}" y="${height - 6}" text-anchor="middle" class="tick">sweep (of ${xMax})</text>
    <text x="12" y="${(pad.t + height - pad.b) / 2}" transform="rotate(-90 12 ${(pad.t + height - pad.b) / 2})" text-anchor="middle" class="tick">energy H</text></svg>`;
}

/** Zones → nodes → pods coloured by service; heavy call-graph traffic as lines; use and stranded capacity per node. */
export function placementMap(m: MapView, services: readonly string[], width = 560): string {
  const zones = [...new Set(m.nodes.map((n) => n.zone))].sort();
  const perRow = 8, cell = 5, nodeW = perRow * cell + 6;
  const maxPods = Math.max(1, ...m.nodes.map((n) => n.pods.length));
  const rows = Math.ceil(maxPods / perRow);
  const nodeH = 14 + rows * cell + 12;
  const zoneW = (width - 8 * (zones.length - 1)) / zones.length;
  const cols = Math.max(1, Math.floor((zoneW - 8) / (nodeW + 4)));
  const centre: [number, number][] = [];
  const parts: string[] = [];
  let height = 0;
  zones.forEach((z, zi) => {
    const zx = zi * (zoneW + 8);
    const members = m.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.zone === z);
    const zh = 20 + Math.ceil(members.length / cols) * (nodeH + 4) + 4;
    height = Math.max(height, zh);
    parts.push(`<rect x="${zx}" y="0" width="${zoneW}" height="${zh}" rx="6" class="zone"/><text x="${zx + 6}" y="14" class="zone-label">${esc(z)}</text>`);
    members.forEach(([n, i], k) => {
      const x = zx + 4 + (k % cols) * (nodeW + 4), y = 20 + Math.floor(k / cols) * (nodeH + 4);
      centre[i] = [x + nodeW / 2, y + nodeH / 2];
      const empty = n.pods.length === 0;
      parts.push(`<g><title>${esc(n.name)}: ${n.pods.length} pods, cpu ${fmt(100 * n.cpu, 0)}%, memory ${fmt(100 * n.memory, 0)}%${n.stranded > 0 ? `, ${fmt(100 * n.stranded, 0)}% of free capacity stranded` : ''}</title>
        <rect x="${x}" y="${y}" width="${nodeW}" height="${nodeH}" rx="3" class="${empty ? 'node empty' : n.stranded > 0 ? 'node stranded' : 'node'}"/>
        <text x="${x + 3}" y="${y + 10}" class="node-label">${esc(n.name.replace(/^node-/, ''))}${n.gpu ? ' ◆' : ''}</text>`);
      n.pods.forEach((s, j) => parts.push(`<rect x="${x + 3 + (j % perRow) * cell}" y="${y + 13 + Math.floor(j / perRow) * cell}" width="${cell - 1}" height="${cell - 1}" fill="${serviceColour(s)}"><title>${esc(services[s] ?? String(s))}</title></rect>`));
      const by = y + nodeH - 9;
      parts.push(`<rect x="${x + 3}" y="${by}" width="${(nodeW - 6) * Math.min(1, n.cpu)}" height="3" class="bar-cpu"/><rect x="${x + 3}" y="${by + 4}" width="${(nodeW - 6) * Math.min(1, n.memory)}" height="3" class="bar-mem"/>`);
      if (n.stranded > 0) parts.push(`<rect x="${x + nodeW - 3 - (nodeW - 6) * n.stranded}" y="${by - 1}" width="${(nodeW - 6) * n.stranded}" height="9" class="bar-stranded"/>`);
    });
  });
  const edges = m.edges.map(([a, b, w]) => (centre[a] && centre[b] ? `<line x1="${centre[a][0]}" y1="${centre[a][1]}" x2="${centre[b][0]}" y2="${centre[b][1]}" stroke-width="${(0.6 + 3.4 * w).toFixed(2)}" class="traffic"/>` : ''));
  return `<svg viewBox="-1 -1 ${width + 2} ${height + 2}" class="map" role="img" aria-label="placement map">${parts.join('')}${edges.join('')}</svg>`;
}

/** The energy terms of placements side by side. */
export function energyTable(maps: readonly MapView[]): string {
  const row = (name: string, f: (m: MapView) => string) => `<tr><th>${name}</th>${maps.map((m) => `<td>${f(m)}</td>`).join('')}</tr>`;
  return `<table class="terms"><thead><tr><th></th>${maps.map((m) => `<th>${esc(m.label)}</th>`).join('')}</tr></thead><tbody>
    ${row('energy H', (m) => fmt(m.energy.H))}${row('resource R', (m) => fmt(m.energy.R))}${row('latency L', (m) => fmt(m.energy.L))}
    ${row('fault F', (m) => fmt(m.energy.F, 0))}${row('constraints C', (m) => fmt(m.energy.C, 3))}${row('nodes used', (m) => String(m.energy.nodesUsed))}
    ${row('cross-zone traffic', (m) => `${fmt(100 * m.crossZoneTraffic, 1)}%`)}${row('nodes with stranded free capacity', (m) => String(m.nodes.filter((n) => n.stranded > 0).length))}
    ${row('feasible', (m) => (m.feasible ? 'yes' : '<b class="bad">no</b>'))}</tbody></table>`;
}

/** The front projected on (R, L), fault term F as colour; the knee ringed; points are clickable. */
export function paretoChart(points: readonly ParetoPoint[], baseline: { R: number; L: number } | undefined, selected: number, width = 460, height = 230): string {
  const pad = { l: 50, r: 12, t: 12, b: 34 };
  const all = [...points.map((p) => ({ R: p.R, L: p.L })), ...(baseline ? [baseline] : [])];
  let rx0 = Math.min(...all.map((p) => p.R)), rx1 = Math.max(...all.map((p) => p.R));
  let ly0 = Math.min(...all.map((p) => p.L)), ly1 = Math.max(...all.map((p) => p.L));
  const mr = (rx1 - rx0 || 1) * 0.08, ml = (ly1 - ly0 || 1) * 0.08;
  rx0 -= mr; rx1 += mr; ly0 -= ml; ly1 += ml;
  const f0 = Math.min(...points.map((p) => p.F)), f1 = Math.max(...points.map((p) => p.F));
  const colour = (f: number) => `hsl(${220 - 200 * ((f - f0) / (f1 - f0 || 1))} 70% 48%)`;
  const X = (r: number) => pad.l + ((width - pad.l - pad.r) * (r - rx0)) / (rx1 - rx0);
  const Y = (l: number) => pad.t + ((height - pad.t - pad.b) * (ly1 - l)) / (ly1 - ly0);
  const dots = points.map((p, i) => `<g class="pt" data-index="${i}"><title>${esc(p.source)}: R ${fmt(p.R)}, L ${fmt(p.L)}, F ${fmt(p.F, 0)}${p.knee ? ' (knee)' : ''} — click to show</title>
    ${p.knee ? `<circle cx="${X(p.R)}" cy="${Y(p.L)}" r="10" class="knee"/>` : ''}
    <circle cx="${X(p.R)}" cy="${Y(p.L)}" r="${i === selected ? 7 : 5}" fill="${colour(p.F)}" class="front${i === selected ? ' selected' : ''}"/></g>`);
  const base = baseline ? `<g><title>greedy baseline: R ${fmt(baseline.R)}, L ${fmt(baseline.L)}</title><rect x="${X(baseline.R) - 5}" y="${Y(baseline.L) - 5}" width="10" height="10" transform="rotate(45 ${X(baseline.R)} ${Y(baseline.L)})" class="baseline-pt"/></g>` : '';
  const ticks = [rx0 + mr, rx1 - mr].map((v) => `<text x="${X(v)}" y="${height - pad.b + 14}" text-anchor="middle" class="tick">${fmt(v, 1)}</text>`).join('')
    + [ly0 + ml, ly1 - ml].map((v) => `<text x="${pad.l - 6}" y="${Y(v) + 4}" text-anchor="end" class="tick">${fmt(v, 1)}</text>`).join('');
  const legend = `<g transform="translate(${width - pad.r - 150},${height - 14})"><text x="0" y="9" class="tick">fault F</text><rect x="40" y="2" width="10" height="8" fill="${colour(f0)}"/><text x="53" y="9" class="tick">${fmt(f0, 0)}</text><rect x="90" y="2" width="10" height="8" fill="${colour(f1)}"/><text x="103" y="9" class="tick">${fmt(f1, 0)}</text></g>`;
  return `<svg viewBox="0 0 ${width} ${height}" class="chart" role="img" aria-label="Pareto front">
    <line x1="${pad.l}" y1="${height - pad.b}" x2="${width - pad.r}" y2="${height - pad.b}" class="axis"/><line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${height - pad.b}" class="axis"/>
    ${ticks}${legend}${base}${dots.join('')}
    <text x="${pad.l}" y="${height - 4}" class="tick">resource term R (nodes paid for) →</text>
    <text x="12" y="${(pad.t + height - pad.b) / 2}" transform="rotate(-90 12 ${(pad.t + height - pad.b) / 2})" text-anchor="middle" class="tick">latency term L →</text></svg>`;
}

/** Probability of every bitstring at each depth p; maximum cuts in green. */
export function qaoaBars(n: number, edges: readonly (readonly [number, number])[], maxCut: number, layers: readonly QaoaLayer[], width = 420): string {
  const M = 1 << n;
  const cut = (x: number) => edges.reduce((c, [a, b]) => c + (((x >> a) ^ (x >> b)) & 1), 0);
  const rowH = 58, pad = 40, bw = (width - pad - 6) / M;
  const top = Math.max(...layers.flatMap((l) => Array.from(l.probs)), 1e-9);
  const rows = layers.map((l, k) => {
    const y0 = k * rowH;
    const bars = Array.from(l.probs, (p, x) => {
      const h = (p / top) * (rowH - 16);
      return `<rect x="${pad + x * bw}" y="${y0 + rowH - 4 - h}" width="${Math.max(1, bw - 1)}" height="${h}" class="${cut(x) === maxCut ? 'best' : 'other'}"><title>${x.toString(2).padStart(n, '0')}: p = ${fmt(p, 4)}, cut ${cut(x)}</title></rect>`;
    });
    return `<text x="0" y="${y0 + rowH / 2}" class="tick">p = ${l.p}</text><text x="${width - 4}" y="${y0 + 10}" text-anchor="end" class="tick">mean cut ${fmt(l.expectedCut, 3)} of ${maxCut}</text>${bars.join('')}<line x1="${pad}" x2="${width - 4}" y1="${y0 + rowH - 4}" y2="${y0 + rowH - 4}" class="axis"/>`;
  });
  const h = layers.length * rowH + 14;
  return `<svg viewBox="0 0 ${width} ${h}" class="chart" role="img" aria-label="QAOA bitstring probabilities">${rows.join('')}<text x="${pad}" y="${h - 2}" class="tick">bitstrings 00000 … 11111 (qubit 0 rightmost); green: maximum cuts</text></svg>`;
}
