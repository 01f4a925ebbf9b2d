// Boundary checks shared by every public function. Each names the field it checks in the
// message (`options.reads must be a positive integer`), throws TypeError for a wrong type and
// RangeError for a wrong value. Kernels behind these checks assume valid input.

type TypedArrayCtor =
  | Int8ArrayConstructor | Uint8ArrayConstructor | Int32ArrayConstructor
  | Uint32ArrayConstructor | Float64ArrayConstructor;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return article(value.constructor.name);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return typeof value;
}

function article(noun: string): string {
  return `${/^[AEIO]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** `value` must be a finite number. */
export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
  return value;
}

/** `value` must be an integer in [min, max]. */
export function checkInteger(name: string, value: unknown, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${describe(value)}`);
  if (value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name} must be an integer ${range}, got ${value}`);
  }
  return value;
}

/** A seed is an integer in [0, 2^32 - 1]. */
export function checkSeed(name: string, value: unknown): number {
  return checkInteger(name, value, 0, 0xffffffff);
}

/** `value` must be an instance of the typed array `ctor`, of `length` elements when given. */
export function checkTypedArray<C extends TypedArrayCtor>(name: string, value: unknown, ctor: C, length?: number): InstanceType<C> {
  if (!(value instanceof ctor)) throw new TypeError(`${name} must be ${article(ctor.name)}, got ${describe(value)}`);
  if (length !== undefined && (value as ArrayLike<number>).length !== length) {
    throw new RangeError(`${name} must have length ${length}, got ${(value as ArrayLike<number>).length}`);
  }
  return value as InstanceType<C>;
}

/** Every element of `values` must be finite. */
export function checkAllFinite(name: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${name}[${i}] must be finite, got ${values[i]}`);
  }
}

/** `value` must be one of `choices`. */
export function checkOneOf<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new (typeof value === 'string' ? RangeError : TypeError)(
      `${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`,
    );
  }
  return value as T;
}

/** `value` must be a plain object (or undefined, which reads as {}). */
export function checkOptions(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}
