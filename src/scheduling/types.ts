// The nouns of the scheduling API: what a caller hands in (Cluster, Workload, NetworkModel,
// Weights) and what comes back (Placement). Shapes follow the Kubernetes objects they stand for
// (node allocatable, taints, tolerations, affinity, topology spread, PodDisruptionBudget) so a
// k8s adapter can map fields one to one, but nothing here imports or needs Kubernetes. All
// inputs are plain JSON-compatible objects; validate.ts checks them and names the bad field.

/** A Kubernetes quantity: "500m", "2Gi", "1.5", "1e3", or a plain non-negative number. */
export type Quantity = string | number;

/** A taint's effect; NoSchedule and NoExecute filter, PreferNoSchedule is soft. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** A node taint `key=value:effect`. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** A pod toleration; an empty key with operator Exists tolerates every taint. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: TaintEffect;
}

/** A node-selector operator, as in Kubernetes. */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** One match expression over node labels; Gt/Lt take one integer value. */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values?: readonly string[];
}

/** A conjunction of match expressions. */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
}

/** Node affinity: `required` terms are OR-ed (each an AND); `preferred` terms carry weights 1..100. */
export interface NodeAffinity {
  readonly required?: readonly NodeSelectorTerm[];
  readonly preferred?: readonly { readonly weight: number; readonly preference: NodeSelectorTerm }[];
}

/** Keep this service's pods out of topology domains holding pods of `services` (default: itself). */
export interface PodAntiAffinityTerm {
  readonly topologyKey: string;
  readonly services?: readonly string[];
}

/** Required terms are hard; preferred terms are soft with a weight 1..100. */
export interface PodAntiAffinity {
  readonly required?: readonly PodAntiAffinityTerm[];
  readonly preferred?: readonly (PodAntiAffinityTerm & { readonly weight: number })[];
}

/** Spread this service's pods over the domains of `topologyKey` with at most `maxSkew` difference. */
export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
}

/** A PodDisruptionBudget: exactly one of minAvailable / maxUnavailable, an integer or "N%". */
export interface DisruptionBudget {
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

/** One microservice: `replicas` identical pods named `<name>-0`, `<name>-1`, … */
export interface Service {
  readonly name: string;
  readonly replicas: number;
  /** Requests per resource (cpu, memory, nvidia.com/gpu, …); placement uses requests, as kube-scheduler does. */
  readonly requests?: Readonly<Record<string, Quantity>>;
  /** Limits are validated (>= requests) and carried, not used for placement. */
  readonly limits?: Readonly<Record<string, Quantity>>;
  /** Higher priority is placed first by the constructive baselines (PrioritySort). */
  readonly priority?: number;
  /** Critical services pay the fault term F for replicas sharing a node, rack or zone. */
  readonly critical?: boolean;
  readonly tolerations?: readonly Toleration[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly nodeAffinity?: NodeAffinity;
  readonly podAntiAffinity?: PodAntiAffinity;
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  readonly disruptionBudget?: DisruptionBudget;
}

/** A call-graph edge: `from` calls `to` at rate `weight` (e.g. requests per second). */
export interface CallEdge {
  readonly from: string;
  readonly to: string;
  readonly weight: number;
}

/** The services to place and their call graph (cycles and self-loops allowed). */
export interface Workload {
  readonly services: readonly Service[];
  readonly edges?: readonly CallEdge[];
}

/** A node: allocatable resources, labels (topology comes from the standard labels), taints, optional cost. */
export interface ClusterNode {
  readonly name: string;
  readonly allocatable: Readonly<Record<string, Quantity>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  /** Cordoned; acts as the taint node.kubernetes.io/unschedulable:NoSchedule, as in Kubernetes. */
  readonly unschedulable?: boolean;
  /** Cost per node (any unit, e.g. $/h); normalised to mean 1 over the cluster. Default 1. */
  readonly cost?: number;
  /**
   * Device-granular resources: resource name → number of devices its allocatable is split into
   * equally (e.g. `{ 'alibaba.com/gpu-milli': 8 }` with allocatable 8000: eight GPUs of 1000).
   * A request q of such a resource, with device size D, takes part of ONE device when q ≤ D
   * (GPU sharing: a device with at least q left) and ceil(q / D) whole free devices when q > D.
   * Honoured by reschedule (hard), the checker (exact packing) and schedule's result (devices
   * are allocated after solving; a node whose pods do not pack is a `devices` violation). At
   * most 32 devices per resource and node.
   */
  readonly devices?: Readonly<Record<string, number>>;
}

/** The nodes to place on; `rackLabel` overrides the rack label key (default RACK_LABEL). */
export interface Cluster {
  readonly nodes: readonly ClusterNode[];
  readonly rackLabel?: string;
}

/** One-way network latency in milliseconds by the closest level two pods share. */
export interface NetworkModel {
  readonly sameNode: number;
  readonly sameRack: number;
  readonly sameZone: number;
  readonly crossZone: number;
  readonly crossRegion: number;
}

/** The weights of H = λ1·R + λ2·L + λ3·F + μ·C. */
export interface Weights {
  /** λ1, resource fragmentation plus node cost. */
  readonly resource: number;
  /** λ2, traffic-weighted network latency. */
  readonly latency: number;
  /** λ3, failure-domain exposure: critical replicas sharing domains, and whole services in one domain. */
  readonly fault: number;
  /**
   * φ_node, inside F: weight of Σ over nodes of W(D)², W(D) = the services with every pod on
   * node D (those one failure of D takes down entirely; energy.ts). Default 0.5: enough that pimc
   * never loses to the kube-like greedy on single-node blast radius, at no measured cost in
   * nodes, p99 or cross-zone traffic (bench/scheduling.ts).
   */
  readonly exposure: number;
  /**
   * φ_zone, the same over zones (every service, one-pod ones included: the worst zone's blast
   * radius is set by how evenly the services whole in a zone, one-pod services above all, are
   * spread over zones). Default 0.75. Measured on the built-in example and 20 generated instances
   * (bench/scheduling.ts, pimc against the kube-like greedy): at 0 pimc piles services into one
   * zone (cross-zone traffic −74%, median p99 −28%) and a zone failure takes ~54% of the services
   * against greedy's ~12% (worse on 21 of 21); at 0.75 it never loses to greedy on zone blast
   * radius (worst and mean, 0 of 21) and still uses fewer nodes (−30%) and has a lower p99 on
   * every instance, but the median p99 gain drops to ~7%. Set 0 when latency matters more than
   * surviving a zone failure.
   */
  readonly zoneExposure: number;
  /** μ, violated constraints. */
  readonly constraint: number;
}

/** Weights inside C, per unit of violation (see energy.ts); `soft` scales every preference. */
export interface Penalties {
  readonly capacity: number;
  readonly antiAffinity: number;
  readonly spread: number;
  readonly taint: number;
  readonly nodeAffinity: number;
  readonly unplaced: number;
  readonly soft: number;
}

/** Most devices of one resource a node may declare (ClusterNode.devices). */
export const MAX_DEVICES = 32;

/** The hostname label; defaults to the node name when a node lacks it. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
/**
 * The rack label. Kubernetes has no well-known rack label; we follow the `topology.kubernetes.io/`
 * prefix of zone and region. Override per cluster with `cluster.rackLabel`.
 */
export const RACK_LABEL = 'topology.kubernetes.io/rack';
/** The well-known zone label. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** The well-known region label. */
export const REGION_LABEL = 'topology.kubernetes.io/region';

/**
 * Default latencies (ms). Same node is loopback through the pod network (~50 µs); same rack is one
 * top-of-rack switch hop (~0.2 ms round trips in a mesh sidecar path); same zone crosses the
 * spine (~0.5 ms); cross zone is the ~1–2 ms inter-AZ RTT cloud providers quote; cross region is
 * tens of ms (30 ms is a near-region pair). Overridable per call.
 */
export const DEFAULT_NETWORK: NetworkModel = Object.freeze({
  sameNode: 0.05, sameRack: 0.2, sameZone: 0.5, crossZone: 2, crossRegion: 30,
});

/**
 * Default weights. The terms are normalised (energy.ts) so one node, one unit of mean call
 * latency per edge and one critical replica collision are each worth about 1; μ = 100 makes any
 * hard violation cost more than any single move can gain elsewhere.
 */
export const DEFAULT_WEIGHTS: Weights = Object.freeze({ resource: 1, latency: 1, fault: 1, constraint: 100, exposure: 0.5, zoneExposure: 0.75 });

/** Default penalties inside C: every hard violation unit counts 1, preferences 0.01 (1 after μ). */
export const DEFAULT_PENALTIES: Penalties = Object.freeze({
  capacity: 1, antiAffinity: 1, spread: 1, taint: 1, nodeAffinity: 1, unplaced: 1, soft: 0.01,
});

/** One broken rule in a placement, as the checker or a solver reports it. */
export interface Violation {
  /** capacity | devices | taint | nodeSelector | nodeAffinity | antiAffinity | spread | unplaced | unknownPod | unknownNode | pdb | filter */
  readonly constraint: string;
  readonly pod?: string;
  readonly service?: string;
  readonly node?: string;
  readonly detail: string;
  /** True for preferences (ScheduleAnyway, preferred anti-affinity): reported, never infeasible. */
  readonly soft?: boolean;
}

/** The independent checker's verdict: feasible iff no hard violation. */
export interface CheckResult {
  readonly feasible: boolean;
  readonly violations: readonly Violation[];
}

/** Energy terms of one assignment (see energy.ts for the definitions). */
export interface EnergyBreakdown {
  readonly H: number;
  readonly R: number;
  readonly L: number;
  readonly F: number;
  readonly C: number;
  /** The hard part of C (C minus preferences). */
  readonly Chard: number;
  readonly nodesUsed: number;
  readonly unplaced: number;
}

/** Why one pod sits where it does: its share of each term and the nodes it could not use. */
export interface PodExplanation {
  readonly pod: string;
  readonly service: string;
  readonly node: string | null;
  /** This pod's shares; summed over pods they give the totals of the breakdown. */
  readonly terms: { readonly R: number; readonly L: number; readonly F: number };
  /** Violations this pod is part of (hard and soft). */
  readonly violations: readonly string[];
  /** Static filters: reason → the nodes it excludes (taint, nodeAffinity, resources, topologyLabel). */
  readonly excluded: Readonly<Record<string, readonly string[]>>;
}

/** Everything needed to reproduce a placement. */
export interface Manifest {
  readonly solver: string;
  readonly seed: number;
  readonly engineVersion: string;
  readonly options: {
    readonly weights: Weights;
    readonly penalties: Penalties;
    readonly network: NetworkModel;
    readonly timeLimitMs: number;
    readonly workers: number;
    readonly params: Readonly<Record<string, unknown>>;
  };
  readonly stats: Readonly<Record<string, number | string | boolean>>;
}

/**
 * The result of `schedule`. `feasible: false` means: do not bind. Then `blocking` says why,
 * `unplaced` lists pods without a node, and `assignment` holds only what the solver placed.
 */
export interface Placement {
  readonly feasible: boolean;
  readonly assignment: Readonly<Record<string, string>>;
  readonly unplaced: readonly string[];
  readonly blocking: readonly Violation[];
  readonly check: CheckResult;
  readonly energy: EnergyBreakdown;
  readonly pods: readonly PodExplanation[];
  /** Device indices per pod and device-granular resource (ClusterNode.devices); present when some node declares devices. */
  readonly devices?: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
  /** Wall time of the whole call (snapshot to decode), ms. */
  readonly latencyMs: number;
  readonly manifest: Manifest;
}
