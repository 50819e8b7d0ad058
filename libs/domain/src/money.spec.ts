import fc from 'fast-check';
import { addOre, formatDanishMoney, kronerToOre, parseDanishMoney, sumOre } from './money.js';

describe('parseDanishMoney', () => {
  it.each([
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1.234,56', 123456],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456], // non-breaking space from Excel
    ['1\u202f234,56', 123456], // narrow no-break space
    ['1234', 123400],
    ['1.234', 123400], // Danish thousands separator
    ['1.234.567', 123456700],
    ['1.234.567,89', 123456789],
    ['1 234 567', 123456700],
    ['1 234.56', 123456],
    ['1234.5', 123450],
    ['1234,5', 123450],
    ['0,05', 5],
    ['0.5', 50],
    ['0', 0],
    ['007', 700],
    ['-12,50', -1250],
    ['+12,50', 1250],
    ['\u221212,50', -1250], // typographic minus
    ['kr. 1.234,56', 123456],
    ['kr 1.234,56', 123456],
    ['kr.1234', 123400],
    ['KR. 10', 1000],
    ['1.234,56 kr.', 123456],
    ['1.234,56 kr', 123456],
    ['1.234,56kr.', 123456],
    ['DKK 1234.56', 123456],
    ['1234.56 DKK', 123456],
    ['1234,56 dkk', 123456],
    ['-kr. 12,50', -1250],
    ['kr. -12,50', -1250],
    ['-12,50 kr.', -1250],
    ['1.234,-', 123400],
    ['1.234,- kr.', 123400],
    ['  42  ', 4200],
    ['90.071.992.547.409,91', Number.MAX_SAFE_INTEGER],
  ])('%j → %i øre', (input, ore) => {
    expect(parseDanishMoney(input)).toEqual({ ok: true, ore });
  });

  it('returns 0, not -0, for a negative zero', () => {
    const r = parseDanishMoney('-0,00');
    expect(r.ok && Object.is(r.ore, 0)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['kr.', 'format'],
    ['abc', 'format'],
    ['12a', 'format'],
    ['1,2,3', 'format'],
    ['12.345.6', 'format'],
    ['1.234.56', 'format'],
    ['12 34', 'format'], // a stray space is not a thousands group
    ['1  234', 'format'],
    ['1.23', 'ok'], // sanity: 1.23 is a decimal point (2 digits)
    ['1234,567', 'too_many_decimals'],
    ['1234.5678', 'too_many_decimals'],
    ['1,234.56', 'ambiguous'], // English grouping
    ['1.234 567', 'format'],
    ['1 234.567', 'ambiguous'],
    [',50', 'format'],
    ['.50', 'format'],
    ['12,', 'format'],
    ['12.', 'format'],
    ['0.500', 'format'], // "0.500" as thousands makes no sense; refuse rather than read 500 kr.
    ['01.234', 'format'],
    ['--12', 'format'],
    ['12-', 'format'],
    ['kr. 12 kr.', 'format'],
    ['krone 12', 'format'],
    ['1e5', 'format'],
    ['Infinity', 'format'],
    ['90.071.992.547.409,92', 'out_of_range'],
    ['99999999999999999999', 'out_of_range'],
  ])('%j → %s', (input, reason) => {
    const r = parseDanishMoney(input);
    if (reason === 'ok') expect(r.ok).toBe(true);
    else expect(r).toEqual({ ok: false, reason });
  });

  it('rejects non-strings without throwing', () => {
    expect(parseDanishMoney(12 as unknown as string)).toEqual({ ok: false, reason: 'format' });
  });

  it('property: parse(format(ore)) round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ore) => {
        expect(parseDanishMoney(formatDanishMoney(ore))).toEqual({ ok: true, ore });
      }),
    );
  });

  it('property: plain "k,oo" and "k.oo" forms parse exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), fc.integer({ min: 0, max: 99 }), (kr, ore) => {
        const o = String(ore).padStart(2, '0');
        expect(parseDanishMoney(`${kr},${o}`)).toEqual({ ok: true, ore: kr * 100 + ore });
        expect(parseDanishMoney(`${kr}.${o}`)).toEqual({ ok: true, ore: kr * 100 + ore });
      }),
    );
  });
});

describe('formatDanishMoney', () => {
  it.each([
    [0, '0,00 kr.'],
    [5, '0,05 kr.'],
    [100, '1,00 kr.'],
    [123456, '1.234,56 kr.'],
    [-123456, '-1.234,56 kr.'],
    [-5, '-0,05 kr.'],
    [100000000, '1.000.000,00 kr.'],
    [99999, '999,99 kr.'],
    [Number.MAX_SAFE_INTEGER, '90.071.992.547.409,91 kr.'],
  ])('%i → %s', (ore, text) => {
    expect(formatDanishMoney(ore)).toBe(text);
  });

  it('refuses fractions of an øre and unsafe numbers', () => {
    expect(() => formatDanishMoney(1.5)).toThrow(RangeError);
    expect(() => formatDanishMoney(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => formatDanishMoney(Number.NaN)).toThrow(RangeError);
  });
});

describe('addOre / sumOre', () => {
  it('adds exactly', () => {
    expect(addOre(10, 20)).toBe(30);
    expect(addOre(-10, 5)).toBe(-5);
    expect(sumOre([])).toBe(0);
    expect(sumOre([1, 2, 3, -4])).toBe(2);
  });

  it('throws when an operand or the result is not a safe integer', () => {
    expect(() => addOre(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
    expect(() => addOre(0.5, 1)).toThrow(RangeError);
    expect(() => addOre(1, Number.NaN)).toThrow(RangeError);
    expect(() => sumOre([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumOre([-Number.MAX_SAFE_INTEGER, -1])).toThrow(RangeError);
    expect(() => sumOre([1, 2.5])).toThrow(/list\[1\]/);
  });

  it('sums exactly even when an intermediate total passes the safe range', () => {
    expect(sumOre([Number.MAX_SAFE_INTEGER, 2, -2])).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('property: sumOre equals the exact BigInt sum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 })), (list) => {
        const exact = list.reduce((s, v) => s + BigInt(v), 0n);
        expect(sumOre(list)).toBe(Number(exact));
      }),
    );
  });
});

describe('kronerToOre', () => {
  it.each([
    [1234.56, 123456],
    [1234.5, 123450],
    [1.234, null], // three decimals: refused, never read as 1.234 kr.
    [0.1 + 0.2, null],
    [-12.5, -1250],
    [0, 0],
    [1e21, null],
    [Number.NaN, null],
  ])('%d → %s', (kroner, ore) => {
    if (ore === null) expect(() => kronerToOre(kroner)).toThrow(RangeError);
    else expect(kronerToOre(kroner)).toBe(ore);
  });

  it('-0 becomes 0', () => {
    expect(Object.is(kronerToOre(-0), 0)).toBe(true);
  });
});
