// `qsched extender`: serves kube-scheduler's extender protocol (filter, prioritize, bind,
// preempt) plus /healthz, /readyz and /metrics. Cluster state comes from the API server
// (informers; in-cluster config or $KUBECONFIG) or, with --snapshot, from manifest files
// (offline; bind then only records the binding unless --bind is given).

import { once } from 'node:events';
import { kubeBinder, loadKubeConfig, watchCluster } from '../../k8s/kube.js';
import { createLogger } from '../../k8s/log.js';
import { QschedMetrics } from '../../k8s/metrics.js';
import { mapObjects } from '../../k8s/mapping.js';
import { PlanKeeper } from '../../k8s/plans.js';
import { createExtenderServer } from '../../k8s/server.js';
import { SOLVER_NAMES } from '../../scheduling/solvers/index.js';
import { choiceFlag, type Command, intFlag, UsageError } from '../command.js';
import { readManifestFiles } from './k8s.js';

export const extenderCommand: Command = {
  name: 'extender',
  summary: 'serve the kube-scheduler extender protocol (filter, prioritize, bind, preempt) with metrics',
  help: `qsched extender --port P [--host H] [--url-prefix /] [--snapshot FILE]... [--bind]
                [--budget-ms 1000] [--solver S] [--time-limit MS] [--seed S] [--replan-s 60]
                [--body-limit BYTES] [--log-level info]

  --port P          listen port (default 8888)
  --host H          listen address (default 0.0.0.0)
  --url-prefix P    path prefix of the verbs, as urlPrefix in KubeSchedulerConfiguration (default /)
  --snapshot FILE   offline: cluster objects from manifests (repeatable); default: watch the API server
  --bind            create Bindings through the API server (kubeconfig / in-cluster)
  --budget-ms MS    latency budget of an answer (default 1000; kube-scheduler waits 5 s)
  --solver S        joint solver of the background plan: ${SOLVER_NAMES.join(' | ')} (default sa)
  --time-limit MS   budget of one background solve (default 2000)
  --replan-s S      re-solve at least every S seconds (default 60; cluster changes re-solve too)
  --body-limit B    largest request body in bytes (default 16777216)`,
  options: {
    port: { type: 'string', default: '8888' },
    host: { type: 'string', default: '0.0.0.0' },
    'url-prefix': { type: 'string', default: '/' },
    snapshot: { type: 'string', multiple: true },
    bind: { type: 'boolean', default: false },
    'budget-ms': { type: 'string', default: '1000' },
    solver: { type: 'string', default: 'sa' },
    'time-limit': { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    'replan-s': { type: 'string', default: '60' },
    'body-limit': { type: 'string', default: String(16 * 1024 * 1024) },
    'log-level': { type: 'string', default: 'info' },
  },
  async run({ values }) {
    const port = intFlag('port', values.port, 0, 65535);
    const budgetMs = intFlag('budget-ms', values['budget-ms'], 1, 60_000);
    const solver = choiceFlag('solver', values.solver, SOLVER_NAMES);
    const timeLimitMs = intFlag('time-limit', values['time-limit'], 1, 3_600_000);
    const seed = intFlag('seed', values.seed, 0, 0xffffffff);
    const replanS = intFlag('replan-s', values['replan-s'], 1, 86_400);
    const bodyLimit = intFlag('body-limit', values['body-limit'], 1024, 1 << 30);
    // Loaded here, not at the top: @kubernetes/client-node, pino and prom-client add about a
    // second to every qsched start otherwise (measured 1.3 s vs 0.2 s to import src/k8s).
    const [{ kubeBinder, loadKubeConfig, watchCluster }, { createLogger }, { QschedMetrics }, { createExtenderServer }] = await Promise.all([
      import('../../k8s/kube.js'), import('../../k8s/log.js'), import('../../k8s/metrics.js'), import('../../k8s/server.js'),
    ]);
    const logger = createLogger({ level: String(values['log-level']) });
    const metrics = new QschedMetrics({ defaultMetrics: true });
    const snapshots = (values.snapshot as string[] | undefined) ?? [];
    const offline = snapshots.length > 0;
    const keeper = new PlanKeeper({
      decider: { solver, timeLimitMs, seed },
      logger,
      onSnapshot: (mapped, d) => {
        metrics.setPlan(d.energy(), d.utilisation());
        logger.info({ nodes: mapped.cluster.nodes.length, workloads: mapped.workload.services.length, bound: mapped.bound.length, fixed: mapped.fixed.length, report: mapped.report.summary() }, 'snapshot loaded');
        for (const e of mapped.report.entries.filter((x) => x.kind !== 'ignored').slice(0, 50)) logger.info({ report: e }, 'not mapped one to one');
      },
      onPlan: (d, p) => {
        metrics.solves.inc({ source: 'extender', result: p.feasible ? 'feasible' : 'infeasible' });
        if (!p.feasible) metrics.infeasible.inc({ source: 'extender' }, p.unplaced.length);
        metrics.setPlan(d.energy(), d.utilisation());
        logger.info({ solver: p.manifest.solver, feasible: p.feasible, H: p.energy.H, ms: p.latencyMs }, 'plan adopted');
      },
    });
    const ac = new AbortController();
    const kc = offline && values.bind !== true ? undefined : loadKubeConfig();
    if (offline) {
      const objects = readManifestFiles(snapshots);
      try {
        mapObjects(objects); // fail now, naming the field, rather than serve 503 forever
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      keeper.update(objects);
    }
    else await watchCluster(kc!, (objects) => keeper.update(objects), ac.signal, { logger });
    const timer = setInterval(() => keeper.replan(), replanS * 1000);
    const server = createExtenderServer({ decider: () => keeper.current, binder: values.bind === true ? kubeBinder(kc!) : undefined, budgetMs, metrics, logger, urlPrefix: String(values['url-prefix']), bodyLimit });
    server.listen(port, String(values.host));
    await once(server, 'listening');
    const addr = server.address();
    logger.info({ address: addr, urlPrefix: values['url-prefix'], offline, bind: values.bind === true }, 'extender listening');
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    logger.info('shutting down');
    clearInterval(timer);
    ac.abort();
    keeper.stop();
    server.close();
    server.closeAllConnections();
    return 0;
  },
};
