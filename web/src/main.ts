// The demo page: reads the inputs, sends runs to the engine's Web Worker, and draws what comes
// back as it arrives. State for tests and the curious: window.qschedDemo (status, the schedule
// options used and the placement), so a browser test can compare with Node for the same seed.

import { energyChart, energyTable, paretoChart, placementMap, qaoaBars } from './draw.js';
import type { InputSpec, MapView, ParetoPoint, RunRequest, WorkerMessage } from './protocol.js';

interface DemoState {
  status: 'loading' | 'running' | 'done' | 'error';
  backend?: string;
  error?: string;
  options?: unknown;
  input?: InputSpec;
  placement?: { assignment: Readonly<Record<string, string>>; energy: MapView['energy']; feasible: boolean; liveMatches: boolean };
  pareto?: { options: unknown; front: { R: number; L: number; F: number; source: string }[]; knee: number };
  runs: number;
}

const state: DemoState = { status: 'loading', runs: 0 };
(window as unknown as { qschedDemo: DemoState }).qschedDemo = state;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const val = (id: string) => Number($<HTMLInputElement>(id).value);

let services: readonly string[] = [];
let trace: { sweep: number; H: Float64Array }[] = [];
let pimc: MapView | undefined;
let baseline: MapView | undefined;
let pareto: readonly ParetoPoint[] = [];
let selected = -1;
let frame = 0;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

function setStatus(text: string, kind: 'ok' | 'busy' | 'bad' = 'ok') {
  const s = $('status');
  s.textContent = text;
  s.className = `pill ${kind}`;
}

function input(): InputSpec {
  const kind = (document.querySelector('input[name="input"]:checked') as HTMLInputElement).value;
  if (kind === 'generated') return { kind, pods: val('pods'), nodes: val('nodes'), zones: val('zones'), seed: val('gseed') };
  if (kind === 'manifest') return { kind, text: $<HTMLTextAreaElement>('manifest').value };
  return { kind: 'builtin' };
}

function start() {
  trace = [];
  pimc = baseline = undefined;
  pareto = [];
  selected = -1;
  for (const id of ['map', 'baseline-map', 'pareto', 'terms', 'qaoa', 'live-note', 'pareto-note']) $(id).innerHTML = '';
  $('energy').innerHTML = energyChart([]);
  const req: RunRequest = { type: 'run', input: input(), seed: val('seed'), replicas: val('replicas'), sweeps: val('sweeps') };
  state.status = 'running';
  state.input = req.input;
  state.placement = undefined;
  state.pareto = undefined;
  setStatus('annealing…', 'busy');
  $<HTMLButtonElement>('run').disabled = true;
  worker.postMessage(req);
}

function drawEnergy() {
  frame = 0;
  $('energy').innerHTML = energyChart(trace);
}

function drawMaps() {
  const shown = selected >= 0 ? pareto[selected].map : pimc;
  if (shown) {
    $('map-title').textContent = selected >= 0 ? shown.label : 'Placement (pimc, WASM placement kernel)';
    $('map').innerHTML = placementMap(shown, services);
    $('show-pimc').hidden = selected < 0;
  }
  if (baseline) $('baseline-map').innerHTML = placementMap(baseline, services);
  const cols = [shown, baseline].filter((m): m is MapView => m !== undefined);
  if (cols.length > 0) $('terms').innerHTML = energyTable(cols);
}

function drawPareto() {
  if (pareto.length === 0) return;
  $('pareto').innerHTML = paretoChart(pareto, baseline && { R: baseline.energy.R, L: baseline.energy.L }, selected);
}

worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      state.backend = m.backend;
      $('backend').textContent = `${m.backend}${m.simd ? '' : ' (no SIMD here)'} · WASM loaded in ${m.loadMs.toFixed(0)} ms`;
      if (state.status === 'loading') {
        state.status = 'done';
        setStatus('ready');
        start();
      }
      break;
    case 'instance':
      services = m.services;
      $('instance').textContent = `${m.pods} pods · ${m.services.length} services · ${m.nodes} nodes · zones ${m.zones.join(', ')}${m.report ? ` · ${m.report}` : ''}`;
      break;
    case 'example':
      if ($<HTMLTextAreaElement>('manifest').value.trim() === '') $<HTMLTextAreaElement>('manifest').value = m.text;
      break;
    case 'trace':
      trace.push({ sweep: m.sweep, H: m.H });
      if (frame === 0) frame = requestAnimationFrame(drawEnergy);
      break;
    case 'placement':
      pimc = m.map;
      state.options = m.options;
      state.placement = { assignment: m.assignment, energy: m.map.energy, feasible: m.map.feasible, liveMatches: m.liveMatches };
      $('live-note').textContent = `${m.liveMatches ? '✓ the live run and schedule() give the same placement' : '✗ the live run and schedule() differ'} · schedule() ${m.ms.toFixed(0)} ms · ${m.stats.sweeps} sweeps, ${m.stats.replicas} replicas, ${m.stats.reheats} reheats`;
      drawEnergy();
      drawMaps();
      setStatus('baseline, Pareto front, QAOA…', 'busy');
      break;
    case 'baseline':
      baseline = m.map;
      drawMaps();
      break;
    case 'pareto':
      pareto = m.points;
      state.pareto = { options: m.options, front: m.points.map(({ R, L, F, source }) => ({ R, L, F, source })), knee: m.points.findIndex((p) => p.knee) };
      $('pareto-note').textContent = m.method;
      drawPareto();
      break;
    case 'qaoa':
      $('qaoa').innerHTML = qaoaBars(m.n, m.edges, m.maxCut, m.layers);
      break;
    case 'done':
      state.status = 'done';
      state.runs++;
      setStatus(`done in ${(m.ms / 1000).toFixed(1)} s`);
      $<HTMLButtonElement>('run').disabled = false;
      break;
    case 'error':
      state.status = 'error';
      state.error = m.message;
      setStatus(m.message, 'bad');
      $<HTMLButtonElement>('run').disabled = false;
      break;
  }
});

$('pareto').addEventListener('click', (e) => {
  const g = (e.target as Element).closest('[data-index]');
  if (!g) return;
  selected = Number(g.getAttribute('data-index'));
  drawMaps();
  drawPareto();
});
$('show-pimc').addEventListener('click', () => {
  selected = -1;
  drawMaps();
  drawPareto();
});
$('run').addEventListener('click', start);
for (const id of ['pods', 'nodes', 'zones', 'gseed', 'replicas', 'sweeps']) {
  const el = $<HTMLInputElement>(id);
  const out = $(`${id}-v`);
  const show = () => (out.textContent = el.value);
  el.addEventListener('input', show);
  show();
}
for (const r of document.querySelectorAll<HTMLInputElement>('input[name="input"]')) {
  r.addEventListener('change', () => {
    $('generated-inputs').hidden = input().kind !== 'generated';
    $('manifest-inputs').hidden = input().kind !== 'manifest';
    if (input().kind === 'manifest' && $<HTMLTextAreaElement>('manifest').value.trim() === '') worker.postMessage({ type: 'example' });
  });
}
$('energy').innerHTML = energyChart([]);
setStatus('loading WASM…', 'busy');
