import fc from 'fast-check';
import { addCalendarDays, isoWeekday } from './calendar-date.js';
import { isoWeekOf, mondayOfIsoWeek, previousIsoWeek } from './iso-week.js';

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday
    ['2026-03-29', '2026-W13'], // DST starts (Sunday)
    ['2026-10-25', '2026-W43'], // DST ends (Sunday)
    ['2026-12-28', '2026-W53'], // Monday of week 53
    ['2027-01-03', '2026-W53'], // Sunday of week 53, already 2027
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'], // a Monday that belongs to next year's week 1
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('week 53 of 2026 starts on 28 December and is followed by 2027-W01; 2025 has no week 53', () => {
    expect(mondayOfIsoWeek('2026-W53')).toBe('2026-12-28');
    expect(previousIsoWeek('2027-W01')).toBe('2026-W53');
    expect(() => mondayOfIsoWeek('2025-W53')).toThrow(RangeError);
  });

  it('property: every day of a week maps to it, and its Monday round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (n) => {
        const date = addCalendarDays('1980-01-01', n);
        const week = isoWeekOf(date);
        const monday = mondayOfIsoWeek(week);
        expect(isoWeekday(monday)).toBe(1);
        expect(addCalendarDays(monday, isoWeekday(date) - 1)).toBe(date);
      }),
    );
  });
});
