// Messages between the page (main.ts) and the engine's Web Worker (worker.ts). Plain data only
// (structured clone): names, numbers and typed arrays.

/** Which instance to schedule. */
export type InputSpec =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'generated'; readonly pods: number; readonly nodes: number; readonly zones: number; readonly seed: number }
  | { readonly kind: 'manifest'; readonly text: string };

/** A run request: the instance and the pimc knobs the page exposes. */
export interface RunRequest {
  readonly type: 'run';
  readonly input: InputSpec;
  readonly seed: number;
  readonly replicas: number;
  readonly sweeps: number;
}

/** Energy terms of a placement (EnergyBreakdown). */
export interface Energy { readonly H: number; readonly R: number; readonly L: number; readonly F: number; readonly C: number; readonly Chard: number; readonly nodesUsed: number; readonly unplaced: number }

/** One node of the map: its zone, capacity use, stranded share of its free cpu, and its pods. */
export interface NodeView {
  readonly name: string;
  readonly zone: string;
  readonly gpu: boolean;
  /** Requested / allocatable of cpu and memory. */
  readonly cpu: number;
  readonly memory: number;
  /** Share of the node's free cpu and memory no pod of the workload could use (0 when empty). */
  readonly stranded: number;
  /** Service index of each pod on the node. */
  readonly pods: readonly number[];
}

/** A placement drawn as a map. */
export interface MapView {
  readonly label: string;
  readonly energy: Energy;
  readonly feasible: boolean;
  readonly nodes: readonly NodeView[];
  /** Heaviest node pairs of call-graph traffic: [node a, node b, share of the heaviest]. */
  readonly edges: readonly (readonly [number, number, number])[];
  readonly crossZoneTraffic: number;
}

/** A point of the Pareto front (non-dominated in R, L, F), how pareto() found it, and its map. */
export interface ParetoPoint {
  readonly R: number;
  readonly L: number;
  readonly F: number;
  readonly source: string;
  readonly knee: boolean;
  readonly map: MapView;
}

/** QAOA probabilities of every bitstring at one depth p. */
export interface QaoaLayer { readonly p: number; readonly probs: Float64Array; readonly expectedCut: number; readonly ratio: number }

/** Worker → page. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly backend: string; readonly simd: boolean; readonly loadMs: number }
  | { readonly type: 'instance'; readonly pods: number; readonly nodes: number; readonly zones: readonly string[]; readonly services: readonly string[]; readonly report: string }
  | { readonly type: 'example'; readonly text: string }
  | { readonly type: 'trace'; readonly sweep: number; readonly H: Float64Array }
  | { readonly type: 'placement'; readonly map: MapView; readonly assignment: Readonly<Record<string, string>>; readonly options: unknown; readonly liveMatches: boolean; readonly ms: number; readonly stats: Readonly<Record<string, unknown>> }
  | { readonly type: 'baseline'; readonly map: MapView }
  | { readonly type: 'pareto'; readonly points: readonly ParetoPoint[]; readonly method: string; readonly options: unknown }
  | { readonly type: 'qaoa'; readonly n: number; readonly edges: readonly (readonly [number, number])[]; readonly maxCut: number; readonly layers: readonly QaoaLayer[] }
  | { readonly type: 'done'; readonly ms: number }
  | { readonly type: 'error'; readonly message: string };
