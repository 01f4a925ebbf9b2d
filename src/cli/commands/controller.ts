// `qsched controller`: the batch controller (src/k8s/controller.ts) against the API server,
// with /metrics and /healthz on --metrics-port.

import { once } from 'node:events';
import { createServer } from 'node:http';
import { BatchController, DEFAULT_GATE } from '../../k8s/controller.js';
import { SOLVER_NAMES } from '../../scheduling/solvers/index.js';
import { choiceFlag, type Command, intFlag, UsageError } from '../command.js';
import { readManifestFiles } from './k8s.js';

export const controllerCommand: Command = {
  name: 'controller',
  summary: 'batch controller: jointly place pods gated by qsched.io/batch, pin them, release the gate',
  help: `qsched controller [--gate ${DEFAULT_GATE}] [--max-batch 50] [--window-ms 2000] [--objects FILE]...
                  [--solver S] [--time-limit MS] [--seed S] [--metrics-port 9090] [--log-level info]

  --gate NAME       scheduling gate that marks pods for qsched (default ${DEFAULT_GATE})
  --max-batch N     solve as soon as N gated pods wait (default 50)
  --window-ms MS    else solve MS after the first gated pod of a batch arrived (default 2000)
  --objects FILE    AppGroup / NetworkTopology / PriorityClass / PodDisruptionBudget manifests
                    to use in every batch (repeatable)
  --solver S        ${SOLVER_NAMES.join(' | ')} (default sa)
  --time-limit MS   solver budget per batch (default 1000)
  --metrics-port P  /metrics and /healthz (default 9090; 0 = off)`,
  options: {
    gate: { type: 'string', default: DEFAULT_GATE },
    'max-batch': { type: 'string', default: '50' },
    'window-ms': { type: 'string', default: '2000' },
    objects: { type: 'string', multiple: true },
    solver: { type: 'string', default: 'sa' },
    'time-limit': { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'metrics-port': { type: 'string', default: '9090' },
    'log-level': { type: 'string', default: 'info' },
  },
  async run({ values }) {
    const maxBatch = intFlag('max-batch', values['max-batch'], 1, 100_000);
    const windowMs = intFlag('window-ms', values['window-ms'], 0, 3_600_000);
    const solver = choiceFlag('solver', values.solver, SOLVER_NAMES);
    const timeLimitMs = intFlag('time-limit', values['time-limit'], 1, 3_600_000);
    const seed = intFlag('seed', values.seed, 0, 0xffffffff);
    const metricsPort = intFlag('metrics-port', values['metrics-port'], 0, 65535);
    const objects = readManifestFiles((values.objects as string[] | undefined) ?? []);
    // Heavy modules load only when the command runs (see extender.ts).
    const [{ kubeControllerApi, loadKubeConfig }, { createLogger }, { QschedMetrics }] = await Promise.all([import('../../k8s/kube.js'), import('../../k8s/log.js'), import('../../k8s/metrics.js')]);
    const logger = createLogger({ level: String(values['log-level']) });
    const metrics = new QschedMetrics({ defaultMetrics: true });
    let controller: BatchController;
    try {
      controller = new BatchController(kubeControllerApi(loadKubeConfig()), { gate: String(values.gate), maxBatch, windowMs, objects, schedule: { solver, timeLimitMs, seed }, metrics, logger });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const server = metricsPort > 0 ? createServer((req, res) => {
      if (req.url === '/metrics') {
        metrics.registry.metrics().then((t) => { res.writeHead(200, { 'Content-Type': metrics.registry.contentType }); res.end(t); }, () => { res.writeHead(500); res.end(); });
      } else if (req.url === '/healthz' || req.url === '/readyz') {
        res.writeHead(200); res.end('ok');
      } else {
        res.writeHead(404); res.end();
      }
    }).listen(metricsPort) : undefined;
    const ac = new AbortController();
    const running = controller.run(ac.signal);
    logger.info({ gate: controller.gate, maxBatch, windowMs }, 'controller running');
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    ac.abort();
    await running;
    server?.close();
    return 0;
  },
};
