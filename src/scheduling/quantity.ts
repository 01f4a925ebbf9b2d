// Kubernetes resource quantities ("500m", "2Gi", "1.5", "1e3", "100M", "1Ki"), parsed with the
// grammar of k8s.io/apimachinery's resource.ParseQuantity:
//   <quantity> ::= <sign?> <digits> [. <digits>] <suffix>
//   <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | "" | k | M | G | T | P | E | (e|E)<signed int>
// Two deliberate differences: a string with no digit at all ("." or "+") is rejected where k8s
// quietly reads 0, and negative quantities are rejected because a request or capacity cannot be.
//
// The scheduler works in integers so that sums of requests are exact in float64 and an
// incremental energy never drifts from a full one: cpu and every extended resource in
// milli-units (as k8s's MilliValue, rounded up), memory-like resources (memory,
// ephemeral-storage, storage, hugepages-*) in bytes (as k8s's Value, rounded up). The arithmetic
// is done on BigInt from the decimal digits, so "0.1" is exactly 100 milli-units.

const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)$/;
const EXPONENT = /^[eE]([+-]?[0-9]+)$/;
const MAX_UNITS = BigInt(Number.MAX_SAFE_INTEGER);

/** A parsed quantity: value = (negative ? -1 : 1) · digits · 10^exp10 · 2^exp2, exactly. */
export interface QuantityParts {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly exp10: number;
  readonly exp2: number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function formatError(name: string, value: unknown, why: string): RangeError {
  return new RangeError(`${name} must be a quantity like "500m", "2Gi" or "1.5" (${why}), got ${describe(value)}`);
}

/** Splits a quantity into exact parts; throws TypeError/RangeError naming `name`. */
export function quantityParts(name: string, value: unknown): QuantityParts {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite quantity, got ${describe(value)}`);
    text = String(value); // shortest round-trip decimal, so 0.1 reads as "0.1"
  } else if (typeof value === 'string') {
    text = value;
  } else {
    throw new TypeError(`${name} must be a quantity string or a number, got ${describe(value)}`);
  }
  if (text.length === 0) throw formatError(name, value, 'empty');
  const m = SHAPE.exec(text);
  if (m === null) throw formatError(name, value, 'not a number with an optional suffix');
  const [, sign, whole, fraction = '', suffix] = m;
  if (whole.length + fraction.length === 0) throw formatError(name, value, 'no digits');
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix in BINARY_SUFFIX) exp2 = BINARY_SUFFIX[suffix];
  else if (suffix in DECIMAL_SUFFIX) exp10 += DECIMAL_SUFFIX[suffix];
  else {
    const e = EXPONENT.exec(suffix);
    if (e === null) throw formatError(name, value, `unknown suffix ${JSON.stringify(suffix)}`);
    const k = Number(e[1]);
    if (Math.abs(k) > 1000) throw formatError(name, value, 'exponent out of range');
    exp10 += k;
  }
  return { negative: sign === '-', digits: BigInt(whole + fraction), exp10, exp2 };
}

/** The value of a quantity as a float64 in base units (cores, bytes, GPUs). */
export function parseQuantity(name: string, value: unknown): number {
  const q = quantityParts(name, value);
  const v = Number(`${q.digits}e${q.exp10}`) * 2 ** q.exp2;
  return q.negative ? -v : v;
}

/** Whether a resource is counted in bytes (memory-like) rather than milli-units. */
export function isByteResource(resource: string): boolean {
  return resource === 'memory' || resource === 'ephemeral-storage' || resource === 'storage' || resource.startsWith('hugepages-');
}

/**
 * A non-negative quantity as an integer in the scheduler's units for `resource` (bytes for
 * memory-like resources, milli-units otherwise), rounded up as Kubernetes rounds.
 */
export function quantityUnits(name: string, value: unknown, resource: string): number {
  const q = quantityParts(name, value);
  if (q.negative && q.digits !== 0n) throw new RangeError(`${name} must be a non-negative quantity, got ${describe(value)}`);
  const exp10 = q.exp10 + (isByteResource(resource) ? 0 : 3);
  let n = q.digits * 2n ** BigInt(q.exp2);
  if (exp10 >= 0) {
    if (exp10 > 40 && n !== 0n) throw new RangeError(`${name} is too large, got ${describe(value)}`);
    n *= 10n ** BigInt(exp10);
  } else if (-exp10 > 60) {
    n = n === 0n ? 0n : 1n; // far below one unit: rounds up to one unit
  } else {
    const d = 10n ** BigInt(-exp10);
    n = (n + d - 1n) / d;
  }
  if (n > MAX_UNITS) throw new RangeError(`${name} is too large, got ${describe(value)}`);
  return Number(n);
}

/** Formats an amount in scheduler units back to a readable quantity ("1500m", "2Gi", "3"). */
export function formatUnits(units: number, resource: string): string {
  if (isByteResource(resource)) {
    for (const [suffix, shift] of [['Ei', 60], ['Pi', 50], ['Ti', 40], ['Gi', 30], ['Mi', 20], ['Ki', 10]] as const) {
      const size = 2 ** shift;
      if (units >= size && units % size === 0) return `${units / size}${suffix}`;
    }
    return String(units);
  }
  return units % 1000 === 0 ? String(units / 1000) : `${units}m`;
}
