// Topology levels: dense domain ids per node for the distance hierarchy and for every
// topologyKey a constraint uses.
//
// Levels 0..3 are the hierarchy node ⊂ rack ⊂ zone ⊂ region used by the latency term L and
// the fault term F. They are nested by construction: a rack's id is keyed by (zone id, rack
// label), a zone's by (region id, zone label), so "rack r1" in two zones are two racks. A
// missing label reads as one shared "unlabelled" value at its level (an unlabelled cluster is
// one region, one zone, one rack), which keeps the nesting and the distance model sensible.
//
// Constraint levels follow Kubernetes instead: domains are the raw label values of the
// topologyKey, and a node lacking the key is in no domain (id -1): it neither conflicts under
// anti-affinity nor counts for spread, and DoNotSchedule spread filters it out. A constraint key
// reuses a hierarchy level when its raw partition is the same (the usual case), else it gets
// its own level ≥ 4.

import { nodeLabels } from './selectors.js';
import type { Cluster } from './types.js';
import { HOSTNAME_LABEL, RACK_LABEL, REGION_LABEL, ZONE_LABEL } from './types.js';

/** Domain ids per level; `levelFor(key)` adds constraint levels on demand. */
export class Topology {
  readonly n: number;
  /** Label key of each level (levels 0..3: hostname, rack, zone, region). */
  readonly keys: string[] = [];
  /** Per level: domain id of each node (Int32Array of n), -1 when the node lacks the key. */
  readonly ids: Int32Array[] = [];
  /** Per level: number of domains. */
  readonly counts: number[] = [];
  /** Per level: a display name for each domain. */
  readonly names: string[][] = [];
  readonly #labels: Readonly<Record<string, string>>[];
  readonly #byKey = new Map<string, number>();

  constructor(cluster: Cluster) {
    const rackLabel = cluster.rackLabel ?? RACK_LABEL;
    this.n = cluster.nodes.length;
    this.#labels = cluster.nodes.map(nodeLabels);
    const region = this.#dense((i) => this.#labels[i][REGION_LABEL] ?? '');
    const zone = this.#dense((i) => `${region.ids[i]}\u0000${this.#labels[i][ZONE_LABEL] ?? ''}`);
    const rack = this.#dense((i) => `${zone.ids[i]}\u0000${this.#labels[i][rackLabel] ?? ''}`);
    const node = this.#dense((i) => String(i));
    const labelOf = (key: string) => (i: number) => this.#labels[i][key] ?? '(unlabelled)';
    this.#push(HOSTNAME_LABEL, node.ids, node.count, cluster.nodes.map((nd) => nd.name));
    this.#push(rackLabel, rack.ids, rack.count, this.#names(rack.ids, rack.count, labelOf(rackLabel)));
    this.#push(ZONE_LABEL, zone.ids, zone.count, this.#names(zone.ids, zone.count, labelOf(ZONE_LABEL)));
    this.#push(REGION_LABEL, region.ids, region.count, this.#names(region.ids, region.count, labelOf(REGION_LABEL)));
  }

  /** The level for a constraint's topologyKey, creating a raw-label level when no hierarchy level matches. */
  levelFor(key: string): number {
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    const raw = new Map<string, number>();
    const ids = new Int32Array(this.n);
    const names: string[] = [];
    for (let i = 0; i < this.n; i++) {
      const v = this.#labels[i][key];
      if (v === undefined) { ids[i] = -1; continue; }
      let id = raw.get(v);
      if (id === undefined) { id = raw.size; raw.set(v, id); names.push(v); }
      ids[i] = id;
    }
    for (let level = 0; level < 4; level++) {
      if (this.keys[level] === key && samePartition(ids, this.ids[level])) {
        this.#byKey.set(key, level);
        return level;
      }
    }
    this.#byKey.set(key, this.keys.length);
    this.#push(key, ids, raw.size, names);
    return this.keys.length - 1;
  }

  #push(key: string, ids: Int32Array, count: number, names: string[]): void {
    this.keys.push(key);
    this.ids.push(ids);
    this.counts.push(count);
    this.names.push(names);
  }

  #dense(keyOf: (i: number) => string): { ids: Int32Array; count: number } {
    const seen = new Map<string, number>();
    const ids = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const k = keyOf(i);
      let id = seen.get(k);
      if (id === undefined) { id = seen.size; seen.set(k, id); }
      ids[i] = id;
    }
    return { ids, count: seen.size };
  }

  #names(ids: Int32Array, count: number, label: (i: number) => string): string[] {
    const names = new Array<string>(count).fill('');
    for (let i = 0; i < this.n; i++) if (names[ids[i]] === '') names[ids[i]] = label(i);
    return names;
  }
}

/** Whether two id arrays induce the same partition with no node missing from the first. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0) return false;
    const x = ab.get(a[i]);
    const y = ba.get(b[i]);
    if ((x !== undefined && x !== b[i]) || (y !== undefined && y !== a[i])) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}
