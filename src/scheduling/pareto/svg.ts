// A self-contained SVG of a Pareto front: three scatter panels (R–L, R–F, L–F) with the knee
// ringed. Plain string building, no dependency; numbers are printed with 4 significant digits.

import type { ParetoResult } from './pareto.js';

const W = 300;
const H = 260;
const M = 40;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function panel(result: ParetoResult, x: 'R' | 'L' | 'F', y: 'R' | 'L' | 'F', ox: number): string {
  const xs = result.front.map((p) => p[x]);
  const ys = result.front.map((p) => p[y]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => ox + M + (x1 > x0 ? ((v - x0) / (x1 - x0)) * (W - 2 * M) : (W - 2 * M) / 2);
  const sy = (v: number) => H - M - (y1 > y0 ? ((v - y0) / (y1 - y0)) * (H - 2 * M) : (H - 2 * M) / 2);
  let s = `<rect x="${ox + M}" y="${M}" width="${W - 2 * M}" height="${H - 2 * M}" fill="none" stroke="#999"/>`;
  s += `<text x="${ox + W / 2}" y="${H - 8}" text-anchor="middle" font-size="12">${x} (${x0.toPrecision(4)} … ${x1.toPrecision(4)})</text>`;
  s += `<text x="${ox + 12}" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${ox + 12} ${H / 2})">${y} (${y0.toPrecision(4)} … ${y1.toPrecision(4)})</text>`;
  for (const p of result.front) {
    s += `<circle cx="${sx(p[x]).toFixed(1)}" cy="${sy(p[y]).toFixed(1)}" r="3.5" fill="#2b6cb0"><title>${esc(p.source)}: R=${p.R.toPrecision(4)} L=${p.L.toPrecision(4)} F=${p.F.toPrecision(4)}</title></circle>`;
  }
  if (result.knee !== null) s += `<circle cx="${sx(result.knee[x]).toFixed(1)}" cy="${sy(result.knee[y]).toFixed(1)}" r="7" fill="none" stroke="#c53030" stroke-width="2"/>`;
  return s;
}

/** The front as an SVG document (three projections, knee ringed in red). */
export function paretoSvg(result: ParetoResult, title = 'Pareto front'): string {
  const width = 3 * W;
  const head = `${esc(title)} — ${result.front.length} points, hypervolume ${result.hypervolume.toPrecision(4)} (normalised ${result.hypervolumeNormalised.toFixed(3)}) vs reference [${result.reference.map((v) => v.toPrecision(4)).join(', ')}]`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H + 30}" font-family="sans-serif">` +
    `<text x="10" y="18" font-size="13">${head}</text><g transform="translate(0,24)">` +
    panel(result, 'R', 'L', 0) + panel(result, 'R', 'F', W) + panel(result, 'L', 'F', 2 * W) + '</g></svg>\n';
}
