// Prometheus metrics of the extender and the batch controller (prom-client). Each instance owns
// its Registry — no global registry, so tests and two servers in one process never collide.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EnergyBreakdown } from '../scheduling/types.js';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The metric set; `registry.metrics()` renders the text format for /metrics. */
export class QschedMetrics {
  readonly registry = new Registry();
  /** qsched_extender_decision_seconds{verb}: time to answer one extender call. */
  readonly decisionSeconds: Histogram<'verb'>;
  /** qsched_extender_requests_total{verb,code}. */
  readonly requests: Counter<'verb' | 'code'>;
  /** qsched_batch_decision_seconds: one controller batch, collect → patches sent. */
  readonly batchSeconds: Histogram;
  /** qsched_batch_pods: pods per batch. */
  readonly batchPods: Histogram;
  /** qsched_solves_total{source,result}: joint solves (extender replans, controller batches). */
  readonly solves: Counter<'source' | 'result'>;
  /** qsched_infeasible_total{source}: pods qsched could not place. */
  readonly infeasible: Counter<'source'>;
  /** qsched_plan_energy{term}: H, R, L, F, C of the current plan. */
  readonly energy: Gauge<'term'>;
  /** qsched_moves_applied_total{source}: placements applied (extender binds, controller pod patches). */
  readonly moves: Counter<'source'>;
  /** qsched_pool_utilisation{resource}: requested / allocatable over the node pool under the current plan. */
  readonly utilisation: Gauge<'resource'>;
  /** qsched_budget_exceeded_total{verb}: answers slower than the latency budget. */
  readonly budgetExceeded: Counter<'verb'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.decisionSeconds = new Histogram({ name: 'qsched_extender_decision_seconds', help: 'Time to answer one extender call', labelNames: ['verb'], buckets: LATENCY_BUCKETS, registers });
    this.requests = new Counter({ name: 'qsched_extender_requests_total', help: 'Extender calls by verb and HTTP status', labelNames: ['verb', 'code'], registers });
    this.batchSeconds = new Histogram({ name: 'qsched_batch_decision_seconds', help: 'Time of one controller batch, solve to patches sent', buckets: LATENCY_BUCKETS, registers });
    this.batchPods = new Histogram({ name: 'qsched_batch_pods', help: 'Pods per controller batch', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], registers });
    this.solves = new Counter({ name: 'qsched_solves_total', help: 'Joint solves', labelNames: ['source', 'result'], registers });
    this.infeasible = new Counter({ name: 'qsched_infeasible_total', help: 'Pods qsched could not place', labelNames: ['source'], registers });
    this.energy = new Gauge({ name: 'qsched_plan_energy', help: 'Energy terms of the current plan (H = λ1·R + λ2·L + λ3·F + μ·C)', labelNames: ['term'], registers });
    this.moves = new Counter({ name: 'qsched_moves_applied_total', help: 'Placements applied', labelNames: ['source'], registers });
    this.utilisation = new Gauge({ name: 'qsched_pool_utilisation', help: 'Requested over allocatable across the node pool, current plan', labelNames: ['resource'], registers });
    this.budgetExceeded = new Counter({ name: 'qsched_budget_exceeded_total', help: 'Extender answers slower than the latency budget', labelNames: ['verb'], registers });
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry });
  }

  /** Publishes a plan's energy terms and pool utilisation. */
  setPlan(energy: EnergyBreakdown, utilisation: Readonly<Record<string, number>>): void {
    for (const term of ['H', 'R', 'L', 'F', 'C'] as const) this.energy.set({ term }, energy[term]);
    for (const [resource, u] of Object.entries(utilisation)) this.utilisation.set({ resource }, u);
  }
}
