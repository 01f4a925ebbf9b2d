// Pasted Kubernetes manifests → an instance, through the Kubernetes mapping layer (src/k8s:
// Nodes, Deployments, StatefulSets, Pods, PDBs, PriorityClasses, AppGroup call graphs, …), and
// an example to paste: a small generated instance written back as manifests.

import { stringify } from 'yaml';
import { generateInstance, type Cluster, type NetworkModel, type Workload } from '../../src/edge.js';
import { toManifests } from '../../src/k8s/export.js';
import { loadManifests } from '../../src/k8s/mapping.js';

/** The cluster, workload and network of pasted manifests, and what the mapping approximated or ignored. */
export function manifestInstance(text: string): { cluster: Cluster; workload: Workload; network?: Partial<NetworkModel>; report: string } {
  if (text.trim() === '') throw new RangeError('the manifest box is empty: paste Nodes and workloads (YAML or JSON)');
  const m = loadManifests(text, 'pasted manifests');
  const counts = Object.entries(m.report.summary()).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return { cluster: m.cluster, workload: m.workload, network: m.network, report: counts.length > 0 ? `mapping: ${counts.join(', ')}` : '' };
}

/** A small instance (36 pods, 8 nodes, 2 zones) as multi-document YAML. */
export function exampleManifests(): string {
  const { cluster, workload } = generateInstance({ pods: 36, nodes: 8, zones: 2, gpu: false, seed: 11 });
  return toManifests(cluster, workload).map((o) => stringify(o)).join('---\n');
}
