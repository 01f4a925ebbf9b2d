// Kubernetes label selectors (metav1.LabelSelector): matchLabels AND matchExpressions with
// In / NotIn / Exists / DoesNotExist. Semantics of k8s.io/apimachinery labels.Selector: an empty
// selector ({}) matches everything, a null selector matches nothing; NotIn and DoesNotExist
// match objects lacking the key. Inputs are validated here (TypeError/RangeError naming the
// field) because selectors arrive from manifests and extender requests.

/** A LabelSelector requirement. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

const OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks a LabelSelector's shape; returns it typed (null/undefined stay as they are). */
export function checkLabelSelector(name: string, value: unknown): LabelSelector | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new TypeError(`${name} must be an object`);
  if (value.matchLabels !== undefined && value.matchLabels !== null) {
    if (!isObject(value.matchLabels)) throw new TypeError(`${name}.matchLabels must be an object`);
    for (const [k, v] of Object.entries(value.matchLabels)) if (typeof v !== 'string') throw new TypeError(`${name}.matchLabels[${JSON.stringify(k)}] must be a string`);
  }
  if (value.matchExpressions !== undefined && value.matchExpressions !== null) {
    if (!Array.isArray(value.matchExpressions)) throw new TypeError(`${name}.matchExpressions must be an array`);
    value.matchExpressions.forEach((r: unknown, i: number) => {
      const at = `${name}.matchExpressions[${i}]`;
      if (!isObject(r)) throw new TypeError(`${at} must be an object`);
      if (typeof r.key !== 'string' || r.key === '') throw new TypeError(`${at}.key must be a non-empty string`);
      if (typeof r.operator !== 'string' || !OPS.includes(r.operator)) throw new RangeError(`${at}.operator must be one of ${OPS.join(', ')}, got ${JSON.stringify(r.operator)}`);
      const values = r.values ?? [];
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new TypeError(`${at}.values must be an array of strings`);
      if ((r.operator === 'In' || r.operator === 'NotIn') && values.length === 0) throw new RangeError(`${at}.values must not be empty for operator ${r.operator}`);
      if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && values.length > 0) throw new RangeError(`${at}.values must be empty for operator ${r.operator}`);
    });
  }
  return value as LabelSelector;
}

/** Whether `labels` satisfy a (checked) selector; undefined (null) matches nothing. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (selector === undefined) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In': if (!has || !values.includes(l[r.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[r.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
    }
  }
  return true;
}

/** A selector in kubectl's string form (`app=web,tier in (a,b)`), for logs and reports. */
export function formatSelector(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '<none>';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${(r.values ?? []).join(',')})`);
  }
  return parts.length === 0 ? '<everything>' : parts.join(',');
}
