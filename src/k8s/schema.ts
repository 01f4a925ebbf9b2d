// The fields the loader knows, per kind, for reporting everything else. A schema maps a field
// name to: 'use' (read and mapped), 'skip' (known, no effect on placement: images, probes,
// status, …), a nested schema, or a one-element array holding the schema of each item. Keys
// under maps (labels, annotations, requests) are not walked. Only 'unknown' fields (not in the
// schema at all: typos, newer APIs) are reported by the walker; features that matter for
// placement but are not modelled are reported by mapping.ts where it reads them.

import type { LoadReport } from './report.js';

/** A field schema. */
export type Schema = { readonly [field: string]: 'use' | 'skip' | Schema | readonly [Schema] };

const META: Schema = {
  name: 'use', namespace: 'use', labels: 'use', annotations: 'use', uid: 'use', ownerReferences: 'use',
  generateName: 'skip', resourceVersion: 'skip', generation: 'skip', creationTimestamp: 'skip', managedFields: 'skip',
  finalizers: 'skip', deletionTimestamp: 'use', deletionGracePeriodSeconds: 'skip', selfLink: 'skip',
};

const CONTAINER: Schema = {
  name: 'skip', image: 'skip', command: 'skip', args: 'skip', workingDir: 'skip', ports: 'use', env: 'skip', envFrom: 'skip',
  resources: { requests: 'use', limits: 'use', claims: 'use' }, volumeMounts: 'skip', volumeDevices: 'skip',
  livenessProbe: 'skip', readinessProbe: 'skip', startupProbe: 'skip', lifecycle: 'skip', terminationMessagePath: 'skip',
  terminationMessagePolicy: 'skip', imagePullPolicy: 'skip', securityContext: 'skip', stdin: 'skip', stdinOnce: 'skip',
  tty: 'skip', restartPolicy: 'use', resizePolicy: 'skip',
};

/** PodSpec. */
export const POD_SPEC: Schema = {
  containers: [CONTAINER], initContainers: [CONTAINER], ephemeralContainers: 'skip', overhead: 'use', nodeSelector: 'use',
  tolerations: 'use', affinity: { nodeAffinity: 'use', podAntiAffinity: 'use', podAffinity: 'use' },
  topologySpreadConstraints: 'use', priority: 'use', priorityClassName: 'use', schedulingGates: 'use', nodeName: 'use',
  schedulerName: 'skip', restartPolicy: 'skip', terminationGracePeriodSeconds: 'skip', activeDeadlineSeconds: 'skip',
  dnsPolicy: 'skip', dnsConfig: 'skip', serviceAccountName: 'skip', serviceAccount: 'skip', automountServiceAccountToken: 'skip',
  hostNetwork: 'skip', hostPID: 'skip', hostIPC: 'skip', hostUsers: 'skip', shareProcessNamespace: 'skip', securityContext: 'skip',
  imagePullSecrets: 'skip', hostname: 'skip', subdomain: 'skip', setHostnameAsFQDN: 'skip', readinessGates: 'skip',
  runtimeClassName: 'skip', enableServiceLinks: 'skip', preemptionPolicy: 'skip', os: 'skip', volumes: 'skip',
  hostAliases: 'skip', resourceClaims: 'use', resources: 'use',
};

const TEMPLATE: Schema = { metadata: META, spec: POD_SPEC };
const TOP = { apiVersion: 'skip', kind: 'skip', metadata: META, status: 'skip' } as const;

/** Schemas per kind. */
export const SCHEMAS: Readonly<Record<string, Schema>> = {
  Node: { ...TOP, spec: { taints: 'use', unschedulable: 'use', podCIDR: 'skip', podCIDRs: 'skip', providerID: 'skip', externalID: 'skip', configSource: 'skip' }, status: 'use' },
  Pod: { ...TOP, spec: POD_SPEC, status: 'use' },
  Deployment: { ...TOP, spec: { replicas: 'use', selector: 'use', template: TEMPLATE, strategy: 'skip', minReadySeconds: 'skip', revisionHistoryLimit: 'skip', progressDeadlineSeconds: 'skip', paused: 'skip' } },
  StatefulSet: { ...TOP, spec: { replicas: 'use', selector: 'use', template: TEMPLATE, serviceName: 'skip', podManagementPolicy: 'skip', updateStrategy: 'skip', revisionHistoryLimit: 'skip', volumeClaimTemplates: 'skip', minReadySeconds: 'skip', persistentVolumeClaimRetentionPolicy: 'skip', ordinals: 'skip' } },
  ReplicaSet: { ...TOP, spec: { replicas: 'use', selector: 'use', template: TEMPLATE, minReadySeconds: 'skip' } },
  DaemonSet: { ...TOP, spec: { selector: 'use', template: TEMPLATE, updateStrategy: 'skip', minReadySeconds: 'skip', revisionHistoryLimit: 'skip' } },
  PodDisruptionBudget: { ...TOP, spec: { selector: 'use', minAvailable: 'use', maxUnavailable: 'use', unhealthyPodEvictionPolicy: 'skip' } },
  PriorityClass: { ...TOP, value: 'use', globalDefault: 'use', description: 'skip', preemptionPolicy: 'skip' },
  AppGroup: { ...TOP, spec: { numMembers: 'skip', topologySortingAlgorithm: 'skip', workloads: [{ workload: 'use', dependencies: 'use' }] } },
  NetworkTopology: { ...TOP, spec: { configmapName: 'skip', weights: 'use' } },
};

/** Reports every field of `value` that `schema` does not know, as kind 'unknown'. */
export function reportUnknown(schema: Schema, value: unknown, path: string, report: LoadReport, ref: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue; // client-node model objects carry every field, set or not
    const at = path === '' ? k : `${path}.${k}`;
    const s = schema[k];
    if (s === undefined) {
      report.add('unknown', ref, at, 'field not recognised; ignored');
    } else if (Array.isArray(s)) {
      if (Array.isArray(v)) v.forEach((item, i) => reportUnknown(s[0], item, `${at}[${i}]`, report, ref));
    } else if (typeof s === 'object') {
      reportUnknown(s as Schema, v, at, report, ref);
    }
  }
}
