// Pod anti-affinity terms and topology spread constraints, flattened for the kernel (the layout
// is documented in compile.ts).
//
// Anti-affinity is symmetric in effect (kube-scheduler checks the incoming pod's terms and the
// terms of pods already placed), so a term of s against t becomes one unordered pair term
// {s, t} at a level; duplicates merge (hard: once; soft: weights add). Its violation is the
// number of conflicting pod pairs sharing a domain: Σ_D C(n_s(D), 2) for s = t, else
// Σ_D n_s(D)·n_t(D). A spread constraint selects its own service's pods; its eligible domains
// are those holding a node the service's nodeSelector/required affinity accepts (Kubernetes'
// nodeAffinityPolicy: Honor, nodeTaintsPolicy: Ignore); violation = max(0, max − min − maxSkew)
// over eligible domains.

import type { Topology } from './topology.js';
import type { Workload } from './types.js';

/** The constraint part of the CompiledProblem. */
export interface ConstraintArrays {
  readonly antiA: Int32Array;
  readonly antiB: Int32Array;
  readonly antiLevel: Int32Array;
  readonly antiWeight: Float64Array;
  readonly antiHard: Uint8Array;
  readonly antiPtr: Int32Array;
  readonly antiIdx: Int32Array;
  readonly spreadService: Int32Array;
  readonly spreadLevel: Int32Array;
  readonly spreadMaxSkew: Int32Array;
  readonly spreadHard: Uint8Array;
  readonly spreadEligOffset: Int32Array;
  readonly spreadElig: Uint8Array;
  readonly spreadDomains: Int32Array;
  readonly spreadHistOffset: Int32Array;
  readonly spreadPtr: Int32Array;
  readonly spreadIdx: Int32Array;
}

interface AntiTerm { a: number; b: number; level: number; hard: boolean; weight: number }
interface SpreadTerm { s: number; level: number; maxSkew: number; hard: boolean }

function csrBy(S: number, count: number, owners: (k: number) => number[]): { ptr: Int32Array; idx: Int32Array } {
  const lists: number[][] = Array.from({ length: S }, () => []);
  for (let k = 0; k < count; k++) for (const s of owners(k)) lists[s].push(k);
  const ptr = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) ptr[s + 1] = ptr[s] + lists[s].length;
  const idx = new Int32Array(ptr[S]);
  lists.forEach((l, s) => idx.set(l, ptr[s]));
  return { ptr, idx };
}

/** Flattens anti-affinity and spread; `selects[s][n]` tells whether service s's selection accepts node n. */
export function buildConstraints(workload: Workload, serviceStart: Int32Array, topology: Topology, selects: readonly (readonly boolean[])[]): ConstraintArrays {
  const services = workload.services;
  const S = services.length;
  const index = new Map(services.map((s, i) => [s.name, i]));
  const size = (s: number) => serviceStart[s + 1] - serviceStart[s];

  const anti = new Map<string, AntiTerm>();
  services.forEach((svc, s) => {
    const add = (topologyKey: string, targets: readonly string[] | undefined, hard: boolean, weight: number) => {
      const level = topology.levelFor(topologyKey);
      for (const name of targets ?? [svc.name]) {
        const t = index.get(name) as number;
        if (size(s) === 0 || size(t) === 0) continue;
        const a = Math.min(s, t);
        const b = Math.max(s, t);
        const key = `${a},${b},${level},${hard}`;
        const term = anti.get(key);
        if (term === undefined) anti.set(key, { a, b, level, hard, weight });
        else if (!hard) term.weight += weight;
      }
    };
    for (const t of svc.podAntiAffinity?.required ?? []) add(t.topologyKey, t.services, true, 1);
    for (const t of svc.podAntiAffinity?.preferred ?? []) add(t.topologyKey, t.services, false, t.weight / 100);
  });
  const antiTerms = [...anti.values()];

  const spreadTerms: SpreadTerm[] = [];
  services.forEach((svc, s) => {
    if (size(s) === 0) return;
    for (const c of svc.topologySpreadConstraints ?? []) {
      spreadTerms.push({ s, level: topology.levelFor(c.topologyKey), maxSkew: c.maxSkew, hard: c.whenUnsatisfiable === 'DoNotSchedule' });
    }
  });
  const KS = spreadTerms.length;
  const spreadEligOffset = new Int32Array(KS + 1);
  const spreadHistOffset = new Int32Array(KS + 1);
  spreadTerms.forEach((t, k) => {
    spreadEligOffset[k + 1] = spreadEligOffset[k] + topology.counts[t.level];
    spreadHistOffset[k + 1] = spreadHistOffset[k] + size(t.s) + 1;
  });
  const spreadElig = new Uint8Array(spreadEligOffset[KS]);
  const spreadDomains = new Int32Array(KS);
  spreadTerms.forEach((t, k) => {
    const ids = topology.ids[t.level];
    for (let n = 0; n < ids.length; n++) {
      if (ids[n] >= 0 && selects[t.s][n] && spreadElig[spreadEligOffset[k] + ids[n]] === 0) {
        spreadElig[spreadEligOffset[k] + ids[n]] = 1;
        spreadDomains[k]++;
      }
    }
  });

  const antiCsr = csrBy(S, antiTerms.length, (k) => (antiTerms[k].a === antiTerms[k].b ? [antiTerms[k].a] : [antiTerms[k].a, antiTerms[k].b]));
  const spreadCsr = csrBy(S, KS, (k) => [spreadTerms[k].s]);
  return {
    antiA: Int32Array.from(antiTerms, (t) => t.a),
    antiB: Int32Array.from(antiTerms, (t) => t.b),
    antiLevel: Int32Array.from(antiTerms, (t) => t.level),
    antiWeight: Float64Array.from(antiTerms, (t) => t.weight),
    antiHard: Uint8Array.from(antiTerms, (t) => (t.hard ? 1 : 0)),
    antiPtr: antiCsr.ptr,
    antiIdx: antiCsr.idx,
    spreadService: Int32Array.from(spreadTerms, (t) => t.s),
    spreadLevel: Int32Array.from(spreadTerms, (t) => t.level),
    spreadMaxSkew: Int32Array.from(spreadTerms, (t) => t.maxSkew),
    spreadHard: Uint8Array.from(spreadTerms, (t) => (t.hard ? 1 : 0)),
    spreadEligOffset, spreadElig, spreadDomains, spreadHistOffset,
    spreadPtr: spreadCsr.ptr,
    spreadIdx: spreadCsr.idx,
  };
}
