// Kubernetes quantities: valid forms parse to exact scheduler units (milli-units, bytes for
// memory-like resources, rounded up as Kubernetes rounds); anything else is rejected with a
// message that names the field.

import { describe, expect, it } from 'vitest';
import { formatUnits, parseQuantity, quantityUnits } from '../src/scheduling/quantity.js';

describe('quantity parsing', () => {
  it('reads the forms Kubernetes accepts', () => {
    const cases: [unknown, number][] = [
      ['500m', 0.5], ['2Gi', 2 * 2 ** 30], ['1.5', 1.5], ['1e3', 1000], ['100M', 1e8], ['1Ki', 1024], ['1E', 1e18],
      ['1E-3', 0.001], ['1e+2', 100], ['.5', 0.5], ['5.', 5], ['+1', 1], ['0', 0], ['1.5Gi', 1.5 * 2 ** 30], ['250u', 0.00025],
      ['3n', 3e-9], ['12k', 12000], ['7T', 7e12], [2, 2], [0.25, 0.25], [1e21, 1e21],
    ];
    for (const [text, value] of cases) expect(parseQuantity('q', text), String(text)).toBe(value);
  });

  it('converts to exact integer units, rounding up like MilliValue/Value', () => {
    expect(quantityUnits('q', '500m', 'cpu')).toBe(500);
    expect(quantityUnits('q', '0.1', 'cpu')).toBe(100); // exact decimal, not 0.1 * 1000 in floating point
    expect(quantityUnits('q', 0.7, 'cpu')).toBe(700);
    expect(quantityUnits('q', '1.5', 'cpu')).toBe(1500);
    expect(quantityUnits('q', '1e3', 'cpu')).toBe(1_000_000);
    expect(quantityUnits('q', '0.0001', 'cpu')).toBe(1); // below 1m rounds up to 1m
    expect(quantityUnits('q', '2Gi', 'memory')).toBe(2147483648);
    expect(quantityUnits('q', '100M', 'memory')).toBe(100_000_000);
    expect(quantityUnits('q', '1Ki', 'ephemeral-storage')).toBe(1024);
    expect(quantityUnits('q', '1.5', 'memory')).toBe(2);
    expect(quantityUnits('q', '500m', 'nvidia.com/gpu')).toBe(500); // a fractional GPU share
    expect(quantityUnits('q', '0.25', 'nvidia.com/gpu')).toBe(250);
    expect(quantityUnits('q', '1Gi', 'hugepages-2Mi')).toBe(2 ** 30);
    expect(quantityUnits('q', '-0', 'cpu')).toBe(0);
  });

  it('rejects malformed quantities with a message naming the field', () => {
    const bad: [unknown, RegExp, ErrorConstructor][] = [
      ['2GG', /^requests\.cpu must be a quantity like "500m", "2Gi" or "1\.5" \(unknown suffix "GG"\), got the string "2GG"$/, RangeError],
      ['', /requests\.cpu must be a quantity .* \(empty\), got the string ""/, RangeError],
      ['1.5.2', /\(not a number with an optional suffix\), got the string "1\.5\.2"/, RangeError],
      ['abc', /got the string "abc"/, RangeError],
      ['1e', /unknown suffix "e"/, RangeError],
      ['1K', /unknown suffix "K"/, RangeError],
      ['1ki', /unknown suffix "ki"/, RangeError],
      ['Gi', /\(no digits\)/, RangeError],
      ['.', /\(no digits\)/, RangeError],
      ['1 Gi', /not a number with an optional suffix/, RangeError],
      ['1m3', /unknown suffix "m3"/, RangeError],
      ['-1', /^requests\.cpu must be a non-negative quantity, got the string "-1"$/, RangeError],
      [-2, /^requests\.cpu must be a non-negative quantity, got -2$/, RangeError],
      [NaN, /^requests\.cpu must be a finite quantity, got NaN$/, RangeError],
      [Infinity, /must be a finite quantity, got Infinity/, RangeError],
      [null, /^requests\.cpu must be a quantity string or a number, got null$/, TypeError],
      [true, /must be a quantity string or a number, got boolean/, TypeError],
      ['1e99999', /exponent out of range/, RangeError],
      ['1e30', /^requests\.cpu is too large/, RangeError],
    ];
    for (const [value, message, type] of bad) {
      let caught: unknown;
      try { quantityUnits('requests.cpu', value, 'cpu'); } catch (e) { caught = e; }
      expect(caught, String(value)).toBeInstanceOf(type);
      expect((caught as Error).message, String(value)).toMatch(message);
    }
  });

  it('formats units back to readable quantities', () => {
    expect(formatUnits(1500, 'cpu')).toBe('1500m');
    expect(formatUnits(2000, 'cpu')).toBe('2');
    expect(formatUnits(2 * 2 ** 30, 'memory')).toBe('2Gi');
    expect(formatUnits(1000, 'memory')).toBe('1000');
  });
});
