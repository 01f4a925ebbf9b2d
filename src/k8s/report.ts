// What the Kubernetes loader could not map one to one. Nothing is dropped silently: every field
// the loader does not recognise, every scheduling feature qsched does not model and every
// approximation it makes lands here, with the object and the field path.

/** unknown: a field the loader does not recognise (a typo, or a newer API); unsupported: a
 * scheduling feature qsched does not model (dropped); approximated: mapped, but not exactly. */
export type ReportKind = 'unknown' | 'unsupported' | 'approximated' | 'ignored';

/** One finding of the loader. */
export interface ReportEntry {
  readonly kind: ReportKind;
  /** `Kind namespace/name` of the object. */
  readonly object: string;
  /** Field path inside the object, e.g. `spec.template.spec.affinity.podAffinity`. */
  readonly path: string;
  readonly message: string;
}

/** Collects findings; `entries` keeps insertion order. */
export class LoadReport {
  readonly entries: ReportEntry[] = [];

  add(kind: ReportKind, object: string, path: string, message: string): void {
    this.entries.push({ kind, object, path, message });
  }

  /** Entries of one kind. */
  of(kind: ReportKind): ReportEntry[] {
    return this.entries.filter((e) => e.kind === kind);
  }

  /** Counts per kind. */
  summary(): Record<ReportKind, number> {
    const out: Record<ReportKind, number> = { unknown: 0, unsupported: 0, approximated: 0, ignored: 0 };
    for (const e of this.entries) out[e.kind]++;
    return out;
  }

  /** One line per entry. */
  format(): string {
    return this.entries.map((e) => `${e.kind.padEnd(12)} ${e.object}${e.path ? ` ${e.path}` : ''}: ${e.message}`).join('\n');
  }
}
