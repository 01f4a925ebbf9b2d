// Pasted Kubernetes manifests → an instance. Needs the Kubernetes mapping layer (src/k8s), which
// has not landed yet: until it does, the page hides the manifest input and this refuses.

import type { Cluster, Workload } from '../../src/edge.js';

/** Whether the manifest input is available in this build. */
export const MANIFEST_INPUT = false;

/** The cluster and workload of pasted manifests (Nodes, Deployments, ...). */
export function manifestInstance(_text: string): { cluster: Cluster; workload: Workload } {
  throw new Error('the manifest input needs src/k8s, which is not in this build');
}
