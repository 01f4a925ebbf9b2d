// The extender's verbs as a function of (verb, body text) → (status, JSON body), independent of
// HTTP so tests can replay and fuzz it in process; server.ts puts it behind node:http.
//
//   filter      ExtenderArgs → ExtenderFilterResult (same mode as the request)
//   prioritize  ExtenderArgs → HostPriorityList, scores 0–10
//   bind        ExtenderBindingArgs → ExtenderBindingResult; creates the Binding through the
//               injected binder (the API server), or records it only (offline snapshot mode)
//   preempt     ExtenderPreemptionArgs → ExtenderPreemptionResult: keeps the candidate nodes
//               qsched's filter accepts for the pod once that node's victims are gone, with
//               their victims as MetaVictims
//
// Malformed JSON or shapes → 400 with a message; no snapshot yet → 503 (kube-scheduler treats any
// non-200 as an extender error and retries the pod later). Decisions are synchronous and
// bounded; bind races the API call against the latency budget.

import { trace, SpanStatusCode } from '@opentelemetry/api';
import type { Decider } from './decide.js';
import { decisionId } from './ids.js';
import type { Logger } from './log.js';
import type { QschedMetrics } from './metrics.js';
import { filterResult, parseBindingArgs, parseExtenderArgs, parsePreemptionArgs, preemptionResult, WireError } from './wire.js';

/** The verbs served. */
export const VERBS = ['filter', 'prioritize', 'bind', 'preempt'] as const;
export type Verb = (typeof VERBS)[number];

/** Creates the Binding of a pod to a node through the API server. */
export type Binder = (binding: { podName: string; podNamespace: string; podUID: string; node: string }, signal: AbortSignal) => Promise<void>;

/** Options of the extender core. */
export interface ExtenderCoreOptions {
  /** The current decider, undefined while no snapshot is loaded. */
  readonly decider: () => Decider | undefined;
  readonly binder?: Binder;
  /** Latency budget in ms (default 1000, below kube-scheduler's 5 s extender timeout). */
  readonly budgetMs?: number;
  readonly metrics?: QschedMetrics;
  readonly logger?: Logger;
}

/** A response: HTTP status and a JSON-serialisable body. */
export interface CoreResponse {
  readonly status: number;
  readonly body: unknown;
}

const tracer = trace.getTracer('qsched-extender');

function podName(pod: { metadata?: { namespace?: string; name?: string } }): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

/** The extender's decisions over HTTP-free inputs. */
export class ExtenderCore {
  readonly #opts: ExtenderCoreOptions;
  readonly budgetMs: number;

  constructor(options: ExtenderCoreOptions) {
    this.#opts = options;
    const budget = options.budgetMs ?? 1000;
    if (typeof budget !== 'number' || !(budget > 0)) throw new RangeError(`options.budgetMs must be a number > 0, got ${String(budget)}`);
    this.budgetMs = budget;
  }

  /** Answers one call; never rejects. */
  async respond(verb: Verb, text: string): Promise<CoreResponse> {
    const started = performance.now();
    const id = decisionId();
    const log = this.#opts.logger?.child({ decision: id, verb });
    const res = await tracer.startActiveSpan(`extender.${verb}`, async (span) => {
      try {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (err) {
          throw new WireError(`request body is not valid JSON: ${(err as Error).message}`);
        }
        const decider = this.#opts.decider();
        if (decider === undefined) return { status: 503, body: { Error: 'qsched extender: no cluster snapshot loaded yet' } };
        const out = await this.#decide(verb, body, decider, log, span.setAttribute.bind(span));
        span.setStatus({ code: SpanStatusCode.OK });
        return out;
      } catch (err) {
        const bad = err instanceof WireError || err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError;
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        if (!bad) log?.error({ err }, 'extender decision failed');
        else log?.debug({ error: (err as Error).message }, 'bad request');
        return { status: bad ? 400 : 500, body: { Error: `qsched extender: ${(err as Error).message}` } };
      } finally {
        span.end();
      }
    });
    const seconds = (performance.now() - started) / 1000;
    const m = this.#opts.metrics;
    m?.decisionSeconds.observe({ verb }, seconds);
    m?.requests.inc({ verb, code: String(res.status) });
    if (seconds * 1000 > this.budgetMs) {
      m?.budgetExceeded.inc({ verb });
      log?.warn({ ms: seconds * 1000, budgetMs: this.budgetMs }, 'answer exceeded the latency budget');
    }
    return res;
  }

  async #decide(verb: Verb, body: unknown, d: Decider, log: Logger | undefined, attr: (k: string, v: string | number) => unknown): Promise<CoreResponse> {
    switch (verb) {
      case 'filter': {
        const args = parseExtenderArgs(body);
        attr('qsched.pod', podName(args.pod));
        const v = d.filter(args.pod as Record<string, unknown>, args.names);
        log?.info({ pod: podName(args.pod), candidates: args.names.length, rejected: Object.keys(v.failed).length + Object.keys(v.unresolvable).length, mode: args.nodeCacheCapable ? 'NodeNames' : 'Nodes' }, 'filter');
        return { status: 200, body: filterResult(args, v.passed, v.failed, v.unresolvable) };
      }
      case 'prioritize': {
        const args = parseExtenderArgs(body);
        attr('qsched.pod', podName(args.pod));
        const scores = d.prioritize(args.pod as Record<string, unknown>, args.names);
        log?.debug({ pod: podName(args.pod), scores }, 'prioritize');
        return { status: 200, body: scores };
      }
      case 'bind': {
        const b = parseBindingArgs(body);
        const pod = `${b.podNamespace}/${b.podName}`;
        attr('qsched.pod', pod);
        const binder = this.#opts.binder;
        if (binder !== undefined) {
          const ac = new AbortController();
          const timer = setTimeout(() => ac.abort(new Error(`bind did not finish within ${this.budgetMs} ms`)), this.budgetMs);
          try {
            await Promise.race([binder(b, ac.signal), new Promise((_, reject) => ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true }))]);
          } catch (err) {
            log?.warn({ pod, node: b.node, error: (err as Error).message }, 'bind failed');
            return { status: 200, body: { Error: `qsched extender: bind ${pod} to ${b.node}: ${(err as Error).message}` } };
          } finally {
            clearTimeout(timer);
          }
        }
        d.recordBinding(b.podNamespace, b.podName, b.podUID, b.node);
        this.#opts.metrics?.moves.inc({ source: binder !== undefined ? 'extender-bind' : 'extender-bind-offline' });
        log?.info({ pod, node: b.node, offline: binder === undefined }, 'bind');
        return { status: 200, body: { Error: '' } };
      }
      case 'preempt': {
        const args = parsePreemptionArgs(body);
        attr('qsched.pod', podName(args.pod));
        const nodes = [...args.victims.keys()];
        const ok = new Set(nodes.filter((n) => d.filter(args.pod as Record<string, unknown>, [n], args.victims.get(n)?.uids).passed.length === 1));
        log?.info({ pod: podName(args.pod), candidates: nodes.length, kept: ok.size }, 'preempt');
        return { status: 200, body: preemptionResult(args, (n) => ok.has(n)) };
      }
    }
  }
}
