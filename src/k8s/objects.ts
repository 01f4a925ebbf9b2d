// Reading Kubernetes objects from text: JSON, YAML, multi-document YAML (`---`), and `List`
// kinds (`kind: List`, `NodeList`, `PodList`, … as `kubectl get -o yaml` prints them) are all
// flattened into one array of objects. Uses the `yaml` package (YAML 1.2, no dependencies, no
// Node API), so this file is safe for any runtime.

import { parseAllDocuments } from 'yaml';

/** Any Kubernetes object as parsed JSON (apiVersion, kind, metadata, spec, status, …). */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Flattens one parsed document: a List's items (recursively), a single object, or nothing for null. */
export function flattenObjects(doc: unknown, where: string, out: KubeObject[] = []): KubeObject[] {
  if (doc === null || doc === undefined) return out;
  if (Array.isArray(doc)) {
    doc.forEach((d, i) => flattenObjects(d, `${where}[${i}]`, out));
    return out;
  }
  if (!isObject(doc)) throw new TypeError(`${where} must be a Kubernetes object or a List, got ${typeof doc}`);
  if (typeof doc.kind !== 'string' || doc.kind === '') throw new TypeError(`${where}.kind must be a non-empty string`);
  if (doc.kind === 'List' || (doc.kind.endsWith('List') && Array.isArray(doc.items))) {
    if (!Array.isArray(doc.items)) throw new TypeError(`${where}.items must be an array (kind ${doc.kind})`);
    const itemKind = doc.kind === 'List' ? undefined : doc.kind.slice(0, -4);
    doc.items.forEach((item, i) => {
      // API lists (NodeList, PodList) omit kind on their items.
      const withKind = itemKind !== undefined && isObject(item) && item.kind === undefined ? { kind: itemKind, ...item } : item;
      flattenObjects(withKind, `${where}.items[${i}]`, out);
    });
    return out;
  }
  out.push(doc as KubeObject);
  return out;
}

/** Parses JSON or (multi-document) YAML text into a flat array of objects; errors name `source`. */
export function parseObjects(text: string, source = 'input'): KubeObject[] {
  if (typeof text !== 'string') throw new TypeError(`${source} must be a string`);
  if (/^\s*[{[]/.test(text)) {
    try {
      return flattenObjects(JSON.parse(text), source);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      // Not JSON after all: YAML is a superset, fall through for a YAML error message.
    }
  }
  const docs = parseAllDocuments(text);
  const out: KubeObject[] = [];
  (Array.isArray(docs) ? docs : [docs]).forEach((d, i) => {
    if (d.errors.length > 0) throw new SyntaxError(`${source}: document ${i + 1}: ${d.errors[0].message.split('\n')[0]}`);
    flattenObjects(d.toJS(), `${source}#${i + 1}`, out);
  });
  return out;
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects). */
export function objectRef(o: KubeObject): string {
  const ns = typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace : 'default';
  const name = o.metadata?.name ?? '<unnamed>';
  return CLUSTER_SCOPED.has(o.kind) ? `${o.kind} ${name}` : `${o.kind} ${ns}/${name}`;
}

const CLUSTER_SCOPED = new Set(['Node', 'PriorityClass', 'NetworkTopology', 'Namespace', 'StorageClass', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);
