// Boundary checks for the scheduling inputs. Every message names the field with its path
// (`workload.services[3].replicas must be an integer >= 0, got -1`); TypeError for a wrong
// type, RangeError for a wrong value, as in src/validate.ts whose helpers we reuse. After these
// pass, compile.ts, the checker and the baselines assume well-formed input and never re-check.
// resolveNumbers fills the numeric option objects (weights, penalties, network); the options
// of schedule() itself are checked in options.ts.

import { checkFinite, checkInteger, checkOneOf, checkOptions } from '../validate.js';
import { quantityUnits } from './quantity.js';
import { type Cluster, MAX_DEVICES, type Workload } from './types.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
const PERCENT = /^(0|[1-9][0-9]*)%$/;

/** `name.key` or `name["key/with.dots"]`. */
export function field(name: string, key: string): string {
  return IDENT.test(key) ? `${name}.${key}` : `${name}[${JSON.stringify(key)}]`;
}

function what(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return typeof value;
}

function checkObject(name: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${name} must be an object, got ${what(value)}`);
  return value as Record<string, unknown>;
}

function checkArray(name: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array, got ${what(value)}`);
  return value;
}

function checkString(name: string, value: unknown, nonEmpty = true): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${what(value)}`);
  if (nonEmpty && value.length === 0) throw new RangeError(`${name} must be a non-empty string`);
  return value;
}

function checkBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${what(value)}`);
}

function checkLabels(name: string, value: unknown): void {
  if (value === undefined) return;
  const labels = checkObject(name, value);
  for (const [k, v] of Object.entries(labels)) checkString(field(name, k), v, false);
}

function checkResources(name: string, value: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (value === undefined) return out;
  for (const [resource, q] of Object.entries(checkObject(name, value))) {
    if (resource.length === 0) throw new RangeError(`${name} has an empty resource name`);
    out.set(resource, quantityUnits(field(name, resource), q, resource));
  }
  return out;
}

function checkUnique(name: string, seen: Map<string, string>, key: string, where: string): void {
  const first = seen.get(key);
  if (first !== undefined) throw new RangeError(`${name} duplicates ${first} (${JSON.stringify(key)})`);
  seen.set(key, where);
}

/** Checks a Cluster deeply; returns it typed. */
export function validateCluster(cluster: unknown, name = 'cluster'): Cluster {
  const c = checkObject(name, cluster);
  if (c.rackLabel !== undefined) checkString(`${name}.rackLabel`, c.rackLabel);
  const nodes = checkArray(`${name}.nodes`, c.nodes);
  if (nodes.length === 0) throw new RangeError(`${name}.nodes must not be empty`);
  const seen = new Map<string, string>();
  nodes.forEach((raw, i) => {
    const at = `${name}.nodes[${i}]`;
    const node = checkObject(at, raw);
    checkUnique(`${at}.name`, seen, checkString(`${at}.name`, node.name), `${at}.name`);
    const alloc = checkResources(`${at}.allocatable`, checkObject(`${at}.allocatable`, node.allocatable));
    if (node.devices !== undefined) {
      for (const [resource, count] of Object.entries(checkObject(`${at}.devices`, node.devices))) {
        const fn = field(`${at}.devices`, resource);
        if (!alloc.has(resource)) throw new RangeError(`${fn} names a resource the node's allocatable lacks`);
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_DEVICES) {
          throw new RangeError(`${fn} must be an integer device count in [1, ${MAX_DEVICES}], got ${what(count)}`);
        }
      }
    }
    checkLabels(`${at}.labels`, node.labels);
    checkBoolean(`${at}.unschedulable`, node.unschedulable);
    if (node.cost !== undefined && checkFinite(`${at}.cost`, node.cost) <= 0) {
      throw new RangeError(`${at}.cost must be > 0, got ${node.cost as number}`);
    }
    if (node.taints !== undefined) {
      checkArray(`${at}.taints`, node.taints).forEach((t, k) => {
        const tn = `${at}.taints[${k}]`;
        const taint = checkObject(tn, t);
        checkString(`${tn}.key`, taint.key);
        if (taint.value !== undefined) checkString(`${tn}.value`, taint.value, false);
        checkOneOf(`${tn}.effect`, taint.effect, EFFECTS);
      });
    }
  });
  return cluster as Cluster;
}

function checkTerm(name: string, value: unknown): void {
  const term = checkObject(name, value);
  checkArray(`${name}.matchExpressions`, term.matchExpressions).forEach((r, k) => {
    const rn = `${name}.matchExpressions[${k}]`;
    const req = checkObject(rn, r);
    checkString(`${rn}.key`, req.key);
    const op = checkOneOf(`${rn}.operator`, req.operator, OPERATORS);
    const values = req.values === undefined ? [] : checkArray(`${rn}.values`, req.values);
    values.forEach((v, j) => checkString(`${rn}.values[${j}]`, v, false));
    if ((op === 'In' || op === 'NotIn') && values.length === 0) throw new RangeError(`${rn}.values must not be empty for operator ${op}`);
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) throw new RangeError(`${rn}.values must be empty for operator ${op}`);
    if ((op === 'Gt' || op === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(values[0] as string))) {
      throw new RangeError(`${rn}.values must hold exactly one integer for operator ${op}`);
    }
  });
}

function checkIntOrPercent(name: string, value: unknown): void {
  if (typeof value === 'string') {
    const m = PERCENT.exec(value);
    if (m === null || Number(m[1]) > 100) throw new RangeError(`${name} must be an integer >= 0 or a percentage "0%".."100%", got ${what(value)}`);
  } else {
    checkInteger(name, value, 0);
  }
}

function checkServiceRefs(name: string, value: unknown, known: ReadonlySet<string>): void {
  if (value === undefined) return;
  checkArray(name, value).forEach((s, k) => {
    const sn = `${name}[${k}]`;
    if (!known.has(checkString(sn, s))) throw new RangeError(`${sn} names an unknown service ${JSON.stringify(s)}`);
  });
}

function checkService(at: string, s: Record<string, unknown>, known: ReadonlySet<string>): void {
  checkInteger(`${at}.replicas`, s.replicas, 0);
  const requests = checkResources(`${at}.requests`, s.requests);
  const limits = checkResources(`${at}.limits`, s.limits);
  for (const [resource, limit] of limits) {
    const request = requests.get(resource);
    if (request !== undefined && limit < request) throw new RangeError(`${field(`${at}.limits`, resource)} must be >= ${field(`${at}.requests`, resource)}`);
  }
  if (s.priority !== undefined) checkInteger(`${at}.priority`, s.priority);
  checkBoolean(`${at}.critical`, s.critical);
  checkLabels(`${at}.nodeSelector`, s.nodeSelector);
  if (s.tolerations !== undefined) {
    checkArray(`${at}.tolerations`, s.tolerations).forEach((t, k) => {
      const tn = `${at}.tolerations[${k}]`;
      const tol = checkObject(tn, t);
      if (tol.key !== undefined) checkString(`${tn}.key`, tol.key, false);
      const op = tol.operator === undefined ? 'Equal' : checkOneOf(`${tn}.operator`, tol.operator, ['Equal', 'Exists'] as const);
      if (tol.value !== undefined) checkString(`${tn}.value`, tol.value, false);
      if (op === 'Exists' && tol.value !== undefined && tol.value !== '') throw new RangeError(`${tn}.value must be empty for operator Exists`);
      if (op === 'Equal' && (tol.key === undefined || tol.key === '')) throw new RangeError(`${tn}.key must be set for operator Equal`);
      if (tol.effect !== undefined) checkOneOf(`${tn}.effect`, tol.effect, EFFECTS);
    });
  }
  if (s.nodeAffinity !== undefined) {
    const na = checkObject(`${at}.nodeAffinity`, s.nodeAffinity);
    if (na.required !== undefined) checkArray(`${at}.nodeAffinity.required`, na.required).forEach((t, k) => checkTerm(`${at}.nodeAffinity.required[${k}]`, t));
    if (na.preferred !== undefined) {
      checkArray(`${at}.nodeAffinity.preferred`, na.preferred).forEach((p, k) => {
        const pn = `${at}.nodeAffinity.preferred[${k}]`;
        const pref = checkObject(pn, p);
        checkInteger(`${pn}.weight`, pref.weight, 1, 100);
        checkTerm(`${pn}.preference`, pref.preference);
      });
    }
  }
  if (s.podAntiAffinity !== undefined) {
    const pa = checkObject(`${at}.podAntiAffinity`, s.podAntiAffinity);
    for (const kind of ['required', 'preferred'] as const) {
      if (pa[kind] === undefined) continue;
      checkArray(`${at}.podAntiAffinity.${kind}`, pa[kind]).forEach((t, k) => {
        const tn = `${at}.podAntiAffinity.${kind}[${k}]`;
        const term = checkObject(tn, t);
        checkString(`${tn}.topologyKey`, term.topologyKey);
        checkServiceRefs(`${tn}.services`, term.services, known);
        if (kind === 'preferred') checkInteger(`${tn}.weight`, term.weight, 1, 100);
      });
    }
  }
  if (s.topologySpreadConstraints !== undefined) {
    checkArray(`${at}.topologySpreadConstraints`, s.topologySpreadConstraints).forEach((c, k) => {
      const cn = `${at}.topologySpreadConstraints[${k}]`;
      const tsc = checkObject(cn, c);
      checkInteger(`${cn}.maxSkew`, tsc.maxSkew, 1);
      checkString(`${cn}.topologyKey`, tsc.topologyKey);
      checkOneOf(`${cn}.whenUnsatisfiable`, tsc.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway'] as const);
    });
  }
  if (s.disruptionBudget !== undefined) {
    const pdb = checkObject(`${at}.disruptionBudget`, s.disruptionBudget);
    if ((pdb.minAvailable === undefined) === (pdb.maxUnavailable === undefined)) {
      throw new RangeError(`${at}.disruptionBudget must set exactly one of minAvailable, maxUnavailable`);
    }
    if (pdb.minAvailable !== undefined) checkIntOrPercent(`${at}.disruptionBudget.minAvailable`, pdb.minAvailable);
    if (pdb.maxUnavailable !== undefined) checkIntOrPercent(`${at}.disruptionBudget.maxUnavailable`, pdb.maxUnavailable);
  }
}

/** Checks a Workload deeply (names unique, edges and anti-affinity refer to known services); returns it typed. */
export function validateWorkload(workload: unknown, name = 'workload'): Workload {
  const w = checkObject(name, workload);
  const services = checkArray(`${name}.services`, w.services);
  const seen = new Map<string, string>();
  const objects = services.map((raw, i) => {
    const at = `${name}.services[${i}]`;
    const s = checkObject(at, raw);
    checkUnique(`${at}.name`, seen, checkString(`${at}.name`, s.name), `${at}.name`);
    return s;
  });
  const known = new Set(seen.keys());
  objects.forEach((s, i) => checkService(`${name}.services[${i}]`, s, known));
  if (w.edges !== undefined) {
    checkArray(`${name}.edges`, w.edges).forEach((e, k) => {
      const en = `${name}.edges[${k}]`;
      const edge = checkObject(en, e);
      for (const end of ['from', 'to'] as const) {
        if (!known.has(checkString(`${en}.${end}`, edge[end]))) throw new RangeError(`${en}.${end} names an unknown service ${JSON.stringify(edge[end])}`);
      }
      if (checkFinite(`${en}.weight`, edge.weight) < 0) throw new RangeError(`${en}.weight must be >= 0, got ${edge.weight as number}`);
    });
  }
  return workload as Workload;
}

/** Reads an optional object of non-negative finite numbers over `defaults`, rejecting unknown keys. */
export function resolveNumbers<T extends object>(name: string, value: unknown, defaults: T): T {
  const given = checkOptions(name, value);
  const out: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const [k, v] of Object.entries(given)) {
    if (!(k in out)) throw new RangeError(`${name}.${k} is not a known field (expected one of ${Object.keys(out).join(', ')})`);
    if (v === undefined) continue;
    if (checkFinite(`${name}.${k}`, v) < 0) throw new RangeError(`${name}.${k} must be >= 0, got ${v as number}`);
    out[k] = v as number;
  }
  return Object.freeze(out) as T;
}
