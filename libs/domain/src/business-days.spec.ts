import fc from 'fast-check';
import {
  addBusinessDays,
  businessDaysBetween,
  danishHolidays,
  isBusinessDay,
  nextBusinessDayOnOrAfter,
  todayInCopenhagen,
} from './business-days.js';
import { addCalendarDays, isoWeekday } from './calendar-date.js';

const dateArb = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('danishHolidays', () => {
  it('2026: the full list, in date order', () => {
    expect(danishHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Nytårsdag' },
      { date: '2026-04-02', name: 'Skærtorsdag' },
      { date: '2026-04-03', name: 'Langfredag' },
      { date: '2026-04-05', name: 'Påskedag' },
      { date: '2026-04-06', name: 'Anden påskedag' },
      { date: '2026-05-14', name: 'Kristi Himmelfartsdag' },
      { date: '2026-05-24', name: 'Pinsedag' },
      { date: '2026-05-25', name: 'Anden Pinsedag' },
      { date: '2026-06-05', name: 'Grundlovsdag' },
      { date: '2026-12-24', name: 'Juleaftensdag' },
      { date: '2026-12-25', name: 'Juledag' },
      { date: '2026-12-26', name: 'Anden Juledag' },
      { date: '2026-12-31', name: 'Nytårsaftensdag' },
    ]);
  });

  it('2027: Easter on 28 March moves the Easter-based days', () => {
    const dates = danishHolidays(2027).map((h) => h.date);
    expect(dates).toEqual([
      '2027-01-01',
      '2027-03-25',
      '2027-03-26',
      '2027-03-28',
      '2027-03-29',
      '2027-05-06',
      '2027-05-16',
      '2027-05-17',
      '2027-06-05',
      '2027-12-24',
      '2027-12-25',
      '2027-12-26',
      '2027-12-31',
    ]);
  });

  it('Store Bededag counts up to 2023 and not from 2024 (abolished)', () => {
    expect(danishHolidays(2023)).toContainEqual({ date: '2023-05-05', name: 'Store Bededag' });
    expect(isBusinessDay('2023-05-05')).toBe(false);
    for (const year of [2024, 2025, 2026, 2027, 2030]) {
      expect(danishHolidays(year).map((h) => h.name)).not.toContain('Store Bededag');
    }
    // Where it would have fallen (4th Friday after Easter): ordinary business days now.
    expect(isBusinessDay('2024-04-26')).toBe(true);
    expect(isBusinessDay('2025-05-16')).toBe(true);
    expect(isBusinessDay('2026-05-01')).toBe(true); // also 1 May: an observance, not a day off
  });

  it('observances are not holidays: 1 May, Fastelavn, Mors dag', () => {
    const names = danishHolidays(2026).map((h) => h.name);
    for (const n of ['1. maj', 'Fastelavn', 'Mors Dag']) expect(names).not.toContain(n);
    expect(isBusinessDay('2026-02-16')).toBe(true); // Fastelavn Monday
  });

  it('returns copies: mutating the result does not change the cache', () => {
    const a = danishHolidays(2026);
    a.pop();
    a[0]!.name = 'changed';
    expect(danishHolidays(2026)).toHaveLength(13);
    expect(danishHolidays(2026)[0]!.name).toBe('Nytårsdag');
  });

  it('rejects impossible years', () => {
    expect(() => danishHolidays(2026.5)).toThrow(RangeError);
    expect(() => danishHolidays(0)).toThrow(RangeError);
  });

  it('keeps the public name when an added day coincides with a holiday (2006: Grundlovsdag = 2. pinsedag)', () => {
    const june5 = danishHolidays(2006).filter((h) => h.date === '2006-06-05');
    expect(june5).toEqual([{ date: '2006-06-05', name: 'Anden Pinsedag' }]);
  });

  it('property: every year has the Easter-based days in place, the added days, and sorted unique dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), (year) => {
        const list = danishHolidays(year);
        const dates = list.map((h) => h.date);
        expect([...new Set(dates)].sort()).toEqual(dates);
        const byName = new Map(list.map((h) => [h.name, h.date]));
        const easter = byName.get('Påskedag')!;
        expect(isoWeekday(easter)).toBe(7);
        expect(byName.get('Skærtorsdag')).toBe(addCalendarDays(easter, -3));
        expect(byName.get('Langfredag')).toBe(addCalendarDays(easter, -2));
        expect(byName.get('Anden påskedag')).toBe(addCalendarDays(easter, 1));
        expect(byName.get('Kristi Himmelfartsdag')).toBe(addCalendarDays(easter, 39));
        expect(byName.get('Pinsedag')).toBe(addCalendarDays(easter, 49));
        expect(byName.get('Anden Pinsedag')).toBe(addCalendarDays(easter, 50));
        expect(byName.get('Store Bededag')).toBe(year <= 2023 ? addCalendarDays(easter, 26) : undefined);
        // Exactly these days and no others (coinciding ones collapse into one entry).
        const fixed = ['01-01', '06-05', '12-24', '12-25', '12-26', '12-31'].map((md) => `${year}-${md}`);
        const moving = [-3, -2, 0, 1, 39, 49, 50, ...(year <= 2023 ? [26] : [])].map((n) => addCalendarDays(easter, n));
        expect(dates).toEqual([...new Set([...fixed, ...moving])].sort());
      }),
      { numRuns: 20 },
    );
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2026-04-01', true], // Wednesday before Easter
    ['2026-04-02', false], // Skærtorsdag
    ['2026-04-03', false], // Langfredag
    ['2026-04-04', false], // Saturday
    ['2026-04-05', false], // Påskedag
    ['2026-04-06', false], // 2. påskedag
    ['2026-04-07', true],
    ['2026-05-14', false], // Kristi himmelfartsdag
    ['2026-05-15', true], // the Friday after: many offices close, but not a holiday
    ['2026-05-25', false], // 2. pinsedag
    ['2026-06-05', false], // Grundlovsdag (office practice)
    ['2026-12-23', true],
    ['2026-12-24', false], // Juleaftensdag (office practice)
    ['2026-12-28', true],
    ['2026-12-31', false], // Nytårsaftensdag (office practice)
    ['2027-01-01', false],
    ['2027-01-04', true],
    ['2026-03-28', false], // Saturday
    ['2026-03-29', false], // Sunday (DST starts)
    ['2026-03-30', true],
  ])('%s → %s', (date, expected) => {
    expect(isBusinessDay(date)).toBe(expected);
  });

  it('throws on malformed dates', () => {
    expect(() => isBusinessDay('2026-02-30')).toThrow(RangeError);
    expect(() => isBusinessDay('30-03-2026')).toThrow(RangeError);
  });
});

describe('addBusinessDays', () => {
  it.each([
    // across Easter 2026
    ['2026-04-01', 1, '2026-04-07'],
    ['2026-04-01', 2, '2026-04-08'],
    ['2026-03-31', 2, '2026-04-07'],
    ['2026-04-07', -1, '2026-04-01'],
    // Easter 2027 coincides with the start of DST (28 March)
    ['2027-03-24', 1, '2027-03-30'],
    ['2027-03-30', -1, '2027-03-24'],
    // Christmas and New Year 2026/27
    ['2026-12-23', 1, '2026-12-28'],
    ['2026-12-30', 1, '2027-01-04'],
    ['2027-01-04', -1, '2026-12-30'],
    ['2026-12-22', 5, '2027-01-04'], // 23, 28, 29, 30 Dec, 4 Jan
    // weekends
    ['2026-03-27', 1, '2026-03-30'], // Fri → Mon over the DST weekend
    ['2026-10-23', 1, '2026-10-26'], // Fri → Mon over the end of DST
    ['2026-03-28', 1, '2026-03-30'], // Saturday start
    ['2026-03-30', -1, '2026-03-27'],
    ['2026-03-29', -1, '2026-03-27'], // Sunday start
    // Kristi himmelfart and pinse 2026
    ['2026-05-13', 1, '2026-05-15'],
    ['2026-05-22', 1, '2026-05-26'],
    ['2026-06-04', 1, '2026-06-08'], // Grundlovsdag on a Friday
    // zero: no move, even on a non-business day
    ['2026-04-03', 0, '2026-04-03'],
    ['2026-04-07', 0, '2026-04-07'],
    // longer spans
    ['2026-01-01', 20, '2026-01-29'],
  ])('%s %i → %s', (date, n, expected) => {
    expect(addBusinessDays(date, n)).toBe(expected);
  });

  it('rejects a fractional count', () => {
    expect(() => addBusinessDays('2026-04-01', 1.5)).toThrow(RangeError);
  });

  it('property: for n ≠ 0 the result is a business day and exactly |n| business days away', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -60, max: 60 }).filter((n) => n !== 0),
        (d, n) => {
          const r = addBusinessDays(d, n);
          expect(isBusinessDay(r)).toBe(true);
          if (n > 0) expect(businessDaysBetween(d, r)).toBe(n);
          // Going back: the |n| business days in [r, d) — the same as between(r, d) when d is a business day.
          if (n < 0 && isBusinessDay(d)) expect(businessDaysBetween(d, r)).toBe(n);
          expect(n > 0 ? r > d : r < d).toBe(true);
        },
      ),
    );
  });

  it('property: from a business day, +n then -n returns to the start', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (d0, n) => {
        const d = nextBusinessDayOnOrAfter(d0);
        expect(addBusinessDays(addBusinessDays(d, n), -n)).toBe(d);
      }),
    );
  });
});

describe('businessDaysBetween', () => {
  it.each([
    ['2026-04-01', '2026-04-07', 1], // Easter: only Tuesday counts
    ['2026-04-01', '2026-04-01', 0],
    ['2026-03-27', '2026-03-30', 1], // Fri → Mon
    ['2026-03-27', '2026-03-29', 0], // Fri → Sun
    ['2026-12-23', '2027-01-04', 4], // 28, 29, 30 Dec and 4 Jan
    ['2027-01-04', '2026-12-23', -4],
    ['2026-05-13', '2026-05-26', 7], // 15, 18-22, 26 May (14th and 25th off)
    // 261 weekdays in 2026 minus 10 holidays on weekdays (1/1, 2/4, 3/4, 6/4, 14/5, 25/5, 5/6, 24/12, 25/12, 31/12)
    ['2026-01-01', '2026-12-31', 251],
  ])('%s → %s = %i', (from, to, expected) => {
    expect(businessDaysBetween(from, to)).toBe(expected);
  });

  it('property: equals a naive day-by-day count', () => {
    const naive = (from: string, to: string): number => {
      let n = 0;
      for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isBusinessDay(d)) n++;
      return n;
    };
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 400 }), (a, x) => {
        const b = addCalendarDays(a, x);
        expect(businessDaysBetween(a, b)).toBe(naive(a, b));
      }),
      { numRuns: 100 },
    );
  });

  it('property: antisymmetric and additive', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -90, max: 90 }), fc.integer({ min: -90, max: 90 }), (a, x, y) => {
        const b = addCalendarDays(a, x);
        const c = addCalendarDays(b, y);
        expect(businessDaysBetween(b, a) + businessDaysBetween(a, b)).toBe(0);
        expect(Object.is(businessDaysBetween(b, a), -0)).toBe(false);
        expect(businessDaysBetween(a, b) + businessDaysBetween(b, c)).toBe(businessDaysBetween(a, c));
      }),
    );
  });

  it('property: never more than the calendar days, and 5 per full week without holidays at most', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), (a, x) => {
        const n = businessDaysBetween(a, addCalendarDays(a, x));
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThanOrEqual(x);
        expect(n).toBeLessThanOrEqual(Math.ceil((x * 5) / 7) + 1);
      }),
    );
  });
});

describe('nextBusinessDayOnOrAfter', () => {
  it.each([
    ['2026-04-02', '2026-04-07'],
    ['2026-04-07', '2026-04-07'],
    ['2026-12-24', '2026-12-28'],
    ['2026-12-31', '2027-01-04'],
    ['2026-06-05', '2026-06-08'],
  ])('%s → %s', (d, expected) => {
    expect(nextBusinessDayOnOrAfter(d)).toBe(expected);
  });
});

describe('todayInCopenhagen', () => {
  it.each([
    // winter time (CET, UTC+1)
    ['2026-01-15T22:59:59.999Z', '2026-01-15'],
    ['2026-01-15T23:00:00.000Z', '2026-01-16'],
    // the night DST starts (29 March 2026, 01:00 UTC)
    ['2026-03-28T22:59:59Z', '2026-03-28'],
    ['2026-03-28T23:30:00Z', '2026-03-29'], // 00:30 CET
    ['2026-03-29T21:59:59Z', '2026-03-29'], // 23:59 CEST
    ['2026-03-29T22:00:00Z', '2026-03-30'], // 00:00 CEST
    // summer time (CEST, UTC+2)
    ['2026-06-30T21:59:59.999Z', '2026-06-30'],
    ['2026-06-30T22:00:00.000Z', '2026-07-01'],
    // the night DST ends (25 October 2026, 01:00 UTC)
    ['2026-10-24T21:59:59Z', '2026-10-24'],
    ['2026-10-24T22:00:00Z', '2026-10-25'], // 00:00 CEST
    ['2026-10-25T22:59:59Z', '2026-10-25'], // 23:59 CET
    ['2026-10-25T23:00:00Z', '2026-10-26'],
    // New Year's Eve in UTC is already New Year in Copenhagen
    ['2026-12-31T23:30:00Z', '2027-01-01'],
  ])('%s → %s', (instant, expected) => {
    expect(todayInCopenhagen(new Date(instant))).toBe(expected);
  });

  it('defaults to now and rejects an invalid Date', () => {
    expect(todayInCopenhagen()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(() => todayInCopenhagen(new Date('nope'))).toThrow(RangeError);
  });
});
