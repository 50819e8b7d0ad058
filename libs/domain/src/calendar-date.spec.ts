import fc from 'fast-check';
import {
  addCalendarDays,
  assertIsoDate,
  calendarDaysBetween,
  compareIsoDates,
  formatIsoDate,
  fromEpochDay,
  isIsoDate,
  isLeapYear,
  isValidCalendarDate,
  isoWeekday,
  parseDanishDate,
  toEpochDay,
} from './calendar-date.js';

/** Arbitrary real dates 1900-2100 as ISO strings. */
const isoDateArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('isValidCalendarDate / isLeapYear', () => {
  it.each([
    [2024, 2, 29, true],
    [2023, 2, 29, false],
    [2000, 2, 29, true], // divisible by 400
    [1900, 2, 29, false], // divisible by 100, not 400
    [2026, 2, 28, true],
    [2026, 4, 31, false],
    [2026, 4, 30, true],
    [2026, 12, 31, true],
    [2026, 13, 1, false],
    [2026, 0, 1, false],
    [2026, 1, 0, false],
    [2026, 1, 1.5, false],
  ])('%i-%i-%s → %s', (y, m, d, expected) => {
    expect(isValidCalendarDate(y, m, d)).toBe(expected);
  });

  it('leap years', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
  });
});

describe('isIsoDate / assertIsoDate', () => {
  it('accepts real dates and rejects impossible or malformed ones', () => {
    expect(isIsoDate('2026-04-02')).toBe(true);
    for (const bad of ['2026-02-31', '2026-4-2', '02-04-2026', '2026-04-02T00:00', '', ' 2026-04-02', 20260402, null]) {
      expect(isIsoDate(bad)).toBe(false);
    }
  });

  it('assertIsoDate names the argument', () => {
    expect(() => assertIsoDate('2026-02-30', 'today')).toThrow(/today must be a real date/);
    expect(() => assertIsoDate('2026-02-28')).not.toThrow();
  });
});

describe('addCalendarDays / calendarDaysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addCalendarDays('2026-04-02', 0)).toBe('2026-04-02');
    expect(addCalendarDays('2026-03-20', 14)).toBe('2026-04-03');
  });

  it('is not affected by the DST weekends (whole days in UTC)', () => {
    expect(addCalendarDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addCalendarDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addCalendarDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(calendarDaysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(calendarDaysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it('handles years below 100 without the Date.UTC 19xx trap', () => {
    expect(addCalendarDays('0050-01-01', 1)).toBe('0050-01-02');
  });

  it('rejects bad input', () => {
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-02-01', 1.5)).toThrow(RangeError);
    expect(() => addCalendarDays('9999-12-31', 1)).toThrow(/out of range/);
  });

  it('between is negative when to is earlier', () => {
    expect(calendarDaysBetween('2026-04-10', '2026-04-02')).toBe(-8);
  });

  it('property: between(d, add(d, n)) = n and add is invertible', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const e = addCalendarDays(d, n);
        expect(calendarDaysBetween(d, e)).toBe(n);
        expect(addCalendarDays(e, -n)).toBe(d);
        expect(isIsoDate(e)).toBe(true);
      }),
    );
  });
});

describe('toEpochDay / fromEpochDay', () => {
  it('counts from 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    expect(toEpochDay('2000-03-01')).toBe(11017);
    expect(fromEpochDay(20544)).toBe('2026-04-01');
    expect(() => toEpochDay('2026-02-29')).toThrow(RangeError);
  });

  it('property: agrees with Date.UTC and round-trips', () => {
    fc.assert(
      fc.property(isoDateArb, (d) => {
        const e = toEpochDay(d);
        expect(e).toBe(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
        expect(fromEpochDay(e)).toBe(d);
      }),
    );
  });
});

describe('isoWeekday / compareIsoDates', () => {
  it('knows the weekdays', () => {
    expect(isoWeekday('2026-04-06')).toBe(1); // Monday (2. påskedag)
    expect(isoWeekday('2026-04-03')).toBe(5); // Good Friday
    expect(isoWeekday('2026-04-05')).toBe(7); // Easter Sunday
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('1969-12-28')).toBe(7);
  });

  it('property: agrees with Date#getUTCDay', () => {
    fc.assert(
      fc.property(isoDateArb, (d) => {
        expect(isoWeekday(d) % 7).toBe(new Date(`${d}T00:00:00Z`).getUTCDay());
      }),
    );
  });

  it('compares chronologically', () => {
    expect(compareIsoDates('2026-01-02', '2026-01-10')).toBe(-1);
    expect(compareIsoDates('2026-01-10', '2026-01-02')).toBe(1);
    expect(compareIsoDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(() => compareIsoDates('x', '2026-01-10')).toThrow(RangeError);
  });

  it('formatIsoDate pads', () => {
    expect(formatIsoDate(2026, 4, 2)).toBe('2026-04-02');
    expect(formatIsoDate(50, 1, 1)).toBe('0050-01-01');
  });
});

describe('parseDanishDate', () => {
  it.each([
    ['2026-04-02', '2026-04-02'],
    ['02-04-2026', '2026-04-02'],
    ['02.04.2026', '2026-04-02'],
    ['02/04/2026', '2026-04-02'],
    ['2.4.2026', '2026-04-02'],
    ['  29-02-2024 ', '2024-02-29'],
  ])('%s → %s', (input, date) => {
    expect(parseDanishDate(input)).toEqual({ ok: true, date });
  });

  it.each([
    ['31-02-2026', 'date'],
    ['2026-02-31', 'date'],
    ['29.02.2023', 'date'],
    ['02-04/2026', 'format'], // mixed separators
    ['02-04-26', 'format'], // two-digit year: century unknowable
    ['April 2, 2026', 'format'],
    ['', 'format'],
  ])('%s → %s', (input, reason) => {
    expect(parseDanishDate(input)).toEqual({ ok: false, reason });
  });
});
