/**
 * ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday) as `YYYY-Www`, the unit of the weekly
 * escalation. 2026 has a week 53 (28-12-2026 to 03-01-2027). Mirrors libs/domain's iso-week for the browser.
 */
import { addDays, todayIso } from './dates';

const WEEK = /^(\d{4})-W(\d{2})$/;

/** 1 = Monday … 7 = Sunday, for a YYYY-MM-DD date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The ISO week of a calendar date (YYYY-MM-DD). */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${week1Monday}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (YYYY-MM-DD) of a week, or null when `week` is not an existing ISO week. */
export function mondayOfIsoWeek(week: string): string | null {
  const m = WEEK.exec(week);
  if (!m) return null;
  const jan4 = `${m[1]}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const monday = addDays(week1Monday, (Number(m[2]) - 1) * 7);
  return isoWeekOf(monday) === week ? monday : null;
}

export function isIsoWeek(value: string): boolean {
  return mondayOfIsoWeek(value) !== null;
}

/** `weeks` weeks after `week` (negative: before). */
export function addWeeks(week: string, weeks: number): string {
  const monday = mondayOfIsoWeek(week);
  if (!monday) throw new RangeError(`not an ISO week: ${week}`);
  return isoWeekOf(addDays(monday, weeks * 7));
}

/** This week on the Copenhagen calendar. */
export function currentIsoWeek(now: Date = new Date()): string {
  return isoWeekOf(todayIso(now));
}

/** The parts of a week for display: number, week-year, Monday and Sunday (YYYY-MM-DD). */
export function weekParts(week: string): { year: number; number: number; monday: string; sunday: string } | null {
  const monday = mondayOfIsoWeek(week);
  if (!monday) return null;
  return { year: Number(week.slice(0, 4)), number: Number(week.slice(6)), monday, sunday: addDays(monday, 6) };
}
