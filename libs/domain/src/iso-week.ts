/**
 * ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday), the unit of the weekly escalation:
 * "one message per caseworker per ISO week". 2026 has a week 53 (28 December 2026 to 3 January 2027).
 */
import { addCalendarDays, assertIsoDate, isoWeekday } from './calendar-date.js';

/** The ISO week of a calendar date, as `YYYY-Www` (e.g. `2026-W53`). */
export function isoWeekOf(date: string): string {
  assertIsoDate(date, 'date');
  // The Thursday of the same week decides the week-year.
  const thursday = addCalendarDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week1Monday = addCalendarDays(jan4, 1 - isoWeekday(jan4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${week1Monday}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week given as `YYYY-Www`. */
export function mondayOfIsoWeek(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`not an ISO week: ${JSON.stringify(week)}`);
  const jan4 = `${m[1]}-01-04`;
  const week1Monday = addCalendarDays(jan4, 1 - isoWeekday(jan4));
  const monday = addCalendarDays(week1Monday, (Number(m[2]) - 1) * 7);
  if (isoWeekOf(monday) !== week) throw new RangeError(`no such ISO week: ${week}`);
  return monday;
}

/** The ISO week before `week`. */
export function previousIsoWeek(week: string): string {
  return isoWeekOf(addCalendarDays(mondayOfIsoWeek(week), -7));
}
