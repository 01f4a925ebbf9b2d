// Kubernetes objects → scheduling types: the built-in example's manifests (examples/k8s/
// builtin.yaml, Deployments, Nodes, PDBs, an AppGroup) schedule to the same placement as the
// typed API; unknown fields and unmodelled features are reported; label selectors, List kinds,
// effective requests, fixed pods (DaemonSets, pods of no workload), PDBs, priorities and the
// NetworkTopology CRD map as documented in src/k8s/mapping.ts; bad input names the field.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toManifests } from '../src/k8s/export.js';
import { checkLabelSelector, selectorMatches } from '../src/k8s/labels.js';
import { loadManifests, mapObjects } from '../src/k8s/mapping.js';
import { parseObjects } from '../src/k8s/objects.js';
import { builtinExample } from '../src/scheduling/examples.js';
import { schedule } from '../src/scheduling/schedule.js';

const EXAMPLE = fileURLToPath(new URL('../examples/k8s/builtin.yaml', import.meta.url));
const OPTS = { solver: 'sa', seed: 7, timeLimitMs: 120_000, params: { sweeps: 40 } };

describe('the built-in example as manifests', () => {
  it('examples/k8s/builtin.yaml is what `qsched k8s export` writes today', () => {
    const { cluster, workload } = builtinExample();
    const text = readFileSync(EXAMPLE, 'utf8');
    expect(parseObjects(text, 'builtin.yaml')).toEqual(toManifests(cluster, workload));
  });

  it('loads with nothing unknown and schedules to the same placement as the typed API', async () => {
    const { cluster, workload } = builtinExample();
    const mapped = loadManifests(readFileSync(EXAMPLE, 'utf8'), 'builtin.yaml');
    expect(mapped.report.of('unknown')).toEqual([]);
    expect(mapped.report.of('unsupported')).toEqual([]);
    expect(mapped.report.entries.map((e) => e.message)).toEqual(['call rates are taken from minBandwidth (1 where absent)']);
    expect(mapped.cluster.nodes.map((n) => n.name)).toEqual(cluster.nodes.map((n) => n.name));
    expect(mapped.workload.services.map((s) => `${s.name}×${s.replicas}`)).toEqual(workload.services.map((s) => `${s.name}×${s.replicas}`));
    expect(mapped.workload.edges?.length).toBe(workload.edges?.length);
    const typed = await schedule(cluster, workload, OPTS);
    const fromK8s = await schedule(mapped.cluster, mapped.workload, OPTS);
    expect(typed.manifest.stats.stoppedBy).toBe('steps');
    expect(fromK8s.assignment).toEqual(typed.assignment);
    expect(fromK8s.energy).toEqual(typed.energy);
    expect(Object.keys(fromK8s.assignment).length).toBe(workload.services.reduce((a, s) => a + s.replicas, 0));
  }, 120_000);
});

describe('reporting', () => {
  const text = `
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {zone: a}, annotations: {qsched.io/cost: "cheap"}}
spec: {taints: [{key: k, value: v, effect: NoSchedule}], unschedulable: false, podCIDR: 10.0.0.0/24}
status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110", ephemeral-storage: 20Gi}, nodeInfo: {}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replcas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: nginx
        resurces: {requests: {cpu: 1}}
        ports: [{containerPort: 80, hostPort: 8080}]
      affinity:
        podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: []}
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [n1]}]}]
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: nothing}}}
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: other}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: b}
`;
  it('unknown fields, unsupported features and approximations each get an entry with the path', () => {
    const m = loadManifests(text);
    const entries = m.report.entries.map((e) => `${e.kind} ${e.object} ${e.path}`);
    expect(entries).toEqual(expect.arrayContaining([
      'unknown Deployment default/web spec.replcas',
      'unknown Deployment default/web spec.template.spec.containers[0].resurces',
      'unsupported Deployment default/web spec.template.spec.affinity.podAffinity',
      'approximated Deployment default/web spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0]',
      'unsupported Deployment default/web spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]',
      'unsupported Deployment default/web spec.template.spec.topologySpreadConstraints[0]',
      'unsupported Deployment default/web spec.template.spec.containers[0].ports[0].hostPort',
      'ignored ConfigMap default/cfg ',
      'ignored Node n1 metadata.annotations["qsched.io/cost"]',
      'ignored Node * status.allocatable',
    ]));
    expect(m.report.entries.find((e) => e.path === 'status.allocatable')?.message).toMatch(/ephemeral-storage, pods/);
    // The misspelt replicas field leaves the default of 1; the typo'd resources leave no requests.
    expect(m.workload.services[0]).toMatchObject({ name: 'web', replicas: 1 });
    expect(m.workload.services[0].requests).toBeUndefined();
    expect(m.workload.services[0].nodeAffinity?.required?.[0].matchExpressions).toEqual([{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }]);
    expect(m.cluster.nodes[0]).toEqual({ name: 'n1', allocatable: { cpu: '2', memory: '4Gi' }, labels: { zone: 'a' }, taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] });
    expect(m.report.summary().unknown).toBe(2);
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  it.each([
    [{}, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'db' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, false],
  ])('%j → %s', (sel, want) => {
    expect(selectorMatches(checkLabelSelector('s', sel), labels)).toBe(want);
  });
  it('a null selector matches nothing; bad selectors name the field', () => {
    expect(selectorMatches(checkLabelSelector('s', null), labels)).toBe(false);
    expect(() => checkLabelSelector('sel', { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(/sel.matchExpressions\[0\].operator must be one of In, NotIn, Exists, DoesNotExist/);
    expect(() => checkLabelSelector('sel', { matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(/sel.matchExpressions\[0\].values must not be empty/);
    expect(() => checkLabelSelector('sel', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toThrow(/values must be empty for operator Exists/);
    expect(() => checkLabelSelector('sel', { matchLabels: { a: 1 } })).toThrow(TypeError);
  });
});

describe('objects and mapping rules', () => {
  it('reads JSON, multi-document YAML, kind List and typed lists whose items lack kind', () => {
    const node = { metadata: { name: 'n' }, status: { allocatable: { cpu: '1' } } };
    expect(parseObjects(JSON.stringify({ kind: 'NodeList', items: [node, node] })).map((o) => o.kind)).toEqual(['Node', 'Node']);
    expect(parseObjects(stringify({ kind: 'List', items: [{ kind: 'Node', ...node }, { kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'p' } }] }] })).map((o) => o.kind)).toEqual(['Node', 'Pod']);
    expect(parseObjects('---\nkind: Node\nmetadata: {name: a}\n---\n---\nkind: Node\nmetadata: {name: b}\n').map((o) => o.metadata?.name)).toEqual(['a', 'b']);
    expect(() => parseObjects('kind: Node\n  bad: [', 'f.yaml')).toThrow(/f.yaml: document 1/);
    expect(() => parseObjects('[1]', 'f.json')).toThrow(/f.json\[0\] must be a Kubernetes object/);
    expect(() => parseObjects('{"metadata":{}}', 'f.json')).toThrow(/f.json.kind must be a non-empty string/);
  });

  const cluster = `
kind: Node
metadata: {name: n1, labels: {role: web}}
status: {allocatable: {cpu: "4", memory: 8Gi}}
---
kind: Node
metadata: {name: n2, labels: {role: gpu}}
spec: {taints: [{key: gpu, effect: NoSchedule}]}
status: {allocatable: {cpu: "4", memory: 8Gi}}
---
kind: PriorityClass
apiVersion: scheduling.k8s.io/v1
metadata: {name: high}
value: 1000
---
kind: PriorityClass
apiVersion: scheduling.k8s.io/v1
metadata: {name: normal}
value: 10
globalDefault: true
---
kind: DaemonSet
apiVersion: apps/v1
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, resources: {requests: {cpu: 100m, memory: 100Mi}}}]}
---
kind: StatefulSet
apiVersion: apps/v1
metadata: {name: db, namespace: data}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      priorityClassName: high
      initContainers:
      - {name: init, resources: {requests: {cpu: "2"}}}
      - {name: side, restartPolicy: Always, resources: {requests: {cpu: 100m}}}
      containers:
      - {name: a, resources: {requests: {cpu: 500m}, limits: {cpu: "1", memory: 1Gi}}}
      - {name: b, resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {cpu: 500m, memory: 512Mi}}}
      overhead: {cpu: 50m}
---
kind: PodDisruptionBudget
apiVersion: policy/v1
metadata: {name: db, namespace: data}
spec: {minAvailable: 1, selector: {matchExpressions: [{key: app, operator: In, values: [db]}]}}
---
kind: Pod
apiVersion: v1
metadata: {name: db-0, namespace: data, uid: u0, labels: {app: db}}
spec: {nodeName: n1, containers: [{name: a}]}
status: {phase: Running}
---
kind: Pod
apiVersion: v1
metadata: {name: stray, namespace: default}
spec: {nodeName: n1, containers: [{name: a, resources: {requests: {cpu: "1", memory: 1Gi}}}]}
---
kind: Pod
apiVersion: v1
metadata: {name: done, namespace: default}
spec: {nodeName: n1, containers: [{name: a, resources: {requests: {cpu: "3"}}}]}
status: {phase: Succeeded}
---
apiVersion: networktopology.diktyo.x-k8s.io/v1alpha1
kind: NetworkTopology
metadata: {name: net}
spec:
  weights:
  - name: UserDefined
    topologyList:
    - topologyKey: topology.kubernetes.io/zone
      originList:
      - {origin: a, costList: [{destination: b, networkCost: 3}, {destination: c, networkCost: 5}]}
    - topologyKey: topology.kubernetes.io/region
      originList:
      - {origin: r1, costList: [{destination: r2, networkCost: 40}]}
`;
  it('requests, priorities, PDBs, fixed pods, DaemonSets and NetworkTopology', () => {
    const m = loadManifests(cluster);
    const db = m.workload.services[0];
    // Σ containers 750m (+ sidecar 100m + overhead 50m) vs init 2 + sidecar: max(850m, 2100m) + 50m.
    // A container's request defaults to its limit (a: memory 1Gi). The cpu limits (1500m) fall
    // below the effective request the init container sets, so no cpu limit is carried.
    expect(db).toEqual({ name: 'data/db', replicas: 2, priority: 1000, requests: { cpu: '2150m', memory: '1280Mi' }, limits: { memory: '1536Mi' }, disruptionBudget: { minAvailable: 1 } });
    expect(m.bound).toEqual([{ namespace: 'data', name: 'db-0', uid: 'u0', service: 0, node: 'n1' }]);
    // n1: the stray pod (1 cpu, 1Gi) and the agent (100m, 100Mi) are fixed; n2's taint keeps the agent off.
    expect(m.fixed.map((f) => `${f.ref}@${f.node}`)).toEqual(['Pod default/stray@n1', 'DaemonSet kube-system/agent@n1']);
    expect(m.cluster.nodes.map((n) => n.allocatable)).toEqual([{ cpu: '2900m', memory: '7068Mi' }, { cpu: '4', memory: '8Gi' }]);
    expect(m.report.entries.some((e) => e.object === 'Pod default/done' && e.kind === 'ignored')).toBe(true);
    expect(m.network).toEqual({ crossZone: 4, crossRegion: 40 });
  });

  it('pending pods without a loaded workload are grouped by owner; the filter picks which', () => {
    const pods = ['a', 'b', 'c'].map((x, i) => ({
      kind: 'Pod', metadata: { name: `web-5f7c-${x}`, namespace: 'default', uid: `u${i}`, labels: { app: 'web', 'pod-template-hash': '5f7c' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5f7c', controller: true }] },
      spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] },
    }));
    const nodes = [{ kind: 'Node', metadata: { name: 'n' }, status: { allocatable: { cpu: '1' } } }];
    const m = mapObjects([...nodes, ...pods], { pendingFilter: (p) => p.metadata?.name !== 'web-5f7c-c' });
    expect(m.workload.services).toEqual([{ name: 'web', replicas: 2, requests: { cpu: '100m' } }]);
    expect(m.services[0]).toMatchObject({ kind: 'Deployment', objectName: 'web' });
    expect(m.pending.map((p) => `${p.name}→${p.replica}`)).toEqual(['web-5f7c-a→0', 'web-5f7c-b→1']);
  });

  it('errors name the object and the field', () => {
    expect(() => loadManifests('kind: Deployment\nmetadata: {name: x}\nspec: {replicas: -1}\n')).toThrow(/Deployment default\/x spec.replicas must be an integer >= 0/);
    expect(() => loadManifests('kind: Node\nmetadata: {name: n}\nstatus: {allocatable: {cpu: lots}}\n')).toThrow(/Node n status.allocatable\["cpu"\]/);
    expect(() => loadManifests('kind: Node\nmetadata: {}\n')).toThrow(/metadata.name must be a non-empty string/);
    expect(() => loadManifests('kind: Deployment\nmetadata: {name: x}\nspec: {template: {spec: {tolerations: [{operator: Maybe}]}}}\n')).toThrow(/tolerations\[0\].operator must be Equal or Exists/);
  });
});

describe('examples/k8s', () => {
  const dir = fileURLToPath(new URL('../examples/k8s/', import.meta.url));
  it('every manifest parses; the gated workload maps without unknown fields; the scheduler config matches the server', () => {
    for (const f of ['gated-deployment.yaml', 'deploy/rbac.yaml', 'deploy/extender.yaml', 'deploy/controller.yaml', 'deploy/scheduler-config.yaml']) {
      expect(parseObjects(readFileSync(`${dir}${f}`, 'utf8'), f).length, f).toBeGreaterThan(0);
    }
    const gated = loadManifests(readFileSync(`${dir}gated-deployment.yaml`, 'utf8'));
    expect(gated.report.of('unknown')).toEqual([]);
    expect(gated.workload.services[0]).toMatchObject({ name: 'checkout', replicas: 3, critical: true });
    const [config] = parseObjects(readFileSync(`${dir}deploy/scheduler-config.yaml`, 'utf8'));
    const ext = (config.extenders as Record<string, unknown>[])[0];
    expect(new URL(ext.urlPrefix as string).pathname).toBe('/scheduler');
    expect([ext.filterVerb, ext.prioritizeVerb, ext.preemptVerb]).toEqual(['filter', 'prioritize', 'preempt']);
    const [deployment] = parseObjects(readFileSync(`${dir}deploy/extender.yaml`, 'utf8'));
    const args = ((deployment.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0].args);
    expect(args.slice(0, 1)).toEqual(['extender']);
    expect(args[args.indexOf('--url-prefix') + 1]).toBe('/scheduler');
  });
});
