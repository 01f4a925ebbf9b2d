// Pareto fronts over (R, L, F): the sweep, the archive measures and the SVG plot.
export { pareto, simplexGrid } from './pareto.js';
export type { ParetoOptions, ParetoPoint, ParetoResult } from './pareto.js';
export { dominates, hypervolume, kneeIndex, nonDominated } from './archive.js';
export type { Objectives } from './archive.js';
export { annealScalarised } from './anneal.js';
export type { Scalarisation } from './anneal.js';
export { paretoSvg } from './svg.js';
