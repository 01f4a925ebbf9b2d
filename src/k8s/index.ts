// Kubernetes integration: manifests and API lists in (objects → mapping → the scheduling types,
// with a report of everything not mapped one to one), a scheduler extender and a batch
// controller out, with Prometheus metrics and JSON logs. Only kube.ts talks to an API server;
// only server.ts, metrics.ts, log.ts and kube.ts need Node.

export { parseObjects, flattenObjects, objectRef } from './objects.js';
export type { KubeObject } from './objects.js';
export { checkLabelSelector, selectorMatches, formatSelector } from './labels.js';
export type { LabelSelector, LabelSelectorRequirement } from './labels.js';
export { LoadReport } from './report.js';
export type { ReportEntry, ReportKind } from './report.js';
export { mapObjects, loadManifests, COST_ANNOTATION } from './mapping.js';
export type { MappedCluster, MapOptions, ServiceSource, BoundPod, PendingPod, FixedPod } from './mapping.js';
export { CRITICAL_ANNOTATION, GPU_SHARE_ANNOTATION, GPU_RESOURCE, podResources } from './podspec.js';
export { toManifests } from './export.js';
export type { ExportOptions } from './export.js';
export { Decider, podKey } from './decide.js';
export { PlanKeeper } from './plans.js';
export type { PlanKeeperOptions } from './plans.js';
export type { DeciderOptions, FilterVerdict, HostScore } from './decide.js';
export { WireError, parseExtenderArgs, parseBindingArgs, parsePreemptionArgs, filterResult, preemptionResult } from './wire.js';
export type { ExtenderArgs, PreemptionArgs } from './wire.js';
export { ExtenderCore, VERBS } from './extender.js';
export type { Binder, CoreResponse, ExtenderCoreOptions, Verb } from './extender.js';
export { createExtenderServer, extenderHandler, normalisePrefix } from './server.js';
export type { ExtenderServerOptions } from './server.js';
export { BatchController, DEFAULT_GATE, DECISION_ANNOTATION, pinnedTerms } from './controller.js';
export type { BatchOutcome, ControllerApi, ControllerOptions, WatchEventType } from './controller.js';
export { QschedMetrics } from './metrics.js';
export { createLogger } from './log.js';
export { decisionId } from './ids.js';
export type { Logger } from './log.js';
export { loadKubeConfig, kubeControllerApi, kubeBinder, watchCluster } from './kube.js';
