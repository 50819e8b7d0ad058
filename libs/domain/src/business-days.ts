/**
 * Danish business days (hverdage) for counting legal and practical deadlines.
 *
 * Holidays come from `date-holidays` (country DK), keeping only its `public` type. For DK that is Nytårsdag,
 * Skærtorsdag, Langfredag, Påskedag, 2. påskedag, Store Bededag (only up to 2023: the package marks it
 * "prior to 2024", matching its abolition from 2024), Kristi himmelfartsdag, Pinsedag, 2. pinsedag, Juledag and
 * 2. juledag. The package lists Grundlovsdag (5 June) and Juleaftensdag (24 Dec) only as observances and has no
 * Nytårsaftensdag (31 Dec) at all. We add all three as non-business days: banks and most offices (including the
 * administration and the lawyers who act on a case) are closed, and lejeloven already treats Grundlovsdag like a
 * Saturday for rent time limits. For 24 and 31 December this goes beyond the strict legal rule, but only ever
 * moves a deadline later, so a påkrav or termination timed by it is never too early.
 * 1 May, Fastelavn and Mors dag stay business days (observances, not days off by law or general agreement).
 * The Friday after Kristi himmelfartsdag is a common day off but not a holiday, so it stays a business day.
 */
import Holidays from 'date-holidays';
import { assertIsoDate, civilFromDays, fromEpochDay, toEpochDay, weekdayOfEpochDay } from './calendar-date.js';

export interface DanishHoliday {
  date: string;
  name: string;
}

/** Days off by general practice that date-holidays does not type as public (see the file comment). */
const OFFICE_CLOSED_DAYS: readonly { monthDay: string; name: string }[] = [
  { monthDay: '06-05', name: 'Grundlovsdag' },
  { monthDay: '12-24', name: 'Juleaftensdag' },
  { monthDay: '12-31', name: 'Nytårsaftensdag' },
];

let calendar: Holidays | undefined;
interface YearHolidays {
  list: readonly DanishHoliday[];
  /** The same days as epoch days, for the day-counting loops. */
  days: ReadonlySet<number>;
}
const holidayCache = new Map<number, YearHolidays>();

function holidaysFor(year: number): YearHolidays {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  calendar ??= new Holidays('DK');
  const byDate = new Map<string, string>();
  for (const h of calendar.getHolidays(year) || []) {
    // `date` is "YYYY-MM-DD hh:mm:ss" in local Danish time; the calendar date is the first ten characters.
    if (h.type === 'public') byDate.set(h.date.slice(0, 10), h.name);
  }
  for (const d of OFFICE_CLOSED_DAYS) {
    const date = `${String(year).padStart(4, '0')}-${d.monthDay}`;
    if (!byDate.has(date)) byDate.set(date, d.name);
  }
  const list = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, name]) => Object.freeze({ date, name }));
  const entry = { list: Object.freeze(list), days: new Set([...byDate.keys()].map(toEpochDay)) };
  holidayCache.set(year, entry);
  return entry;
}

/** The days that are not business days in `year` besides weekends, sorted by date. Cached per year. */
export function danishHolidays(year: number): DanishHoliday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`year must be 1-9999, got ${year}`);
  return holidaysFor(year).list.map((h) => ({ ...h }));
}

function isBusinessEpochDay(epochDay: number): boolean {
  if (weekdayOfEpochDay(epochDay) >= 6) return false;
  return !holidaysFor(civilFromDays(epochDay)[0]).days.has(epochDay);
}

/** Monday-Friday and not a Danish holiday or office-closed day. */
export function isBusinessDay(date: string): boolean {
  return isBusinessEpochDay(toEpochDay(date));
}

/** `date` itself if it is a business day, otherwise the next one (the Danish rule for a time limit's last day). */
export function nextBusinessDayOnOrAfter(date: string): string {
  let d = toEpochDay(date);
  while (!isBusinessEpochDay(d)) d++;
  return fromEpochDay(d);
}

/**
 * `date` moved by `n` business days. n = 0 returns `date` unchanged (even on a weekend: moving by nothing is
 * no move; use {@link nextBusinessDayOnOrAfter} to roll forward). n > 0 gives the n-th business day after
 * `date`, n < 0 the |n|-th business day before it; `date` itself is never counted.
 */
export function addBusinessDays(date: string, n: number): string {
  let d = toEpochDay(date);
  if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    d += step;
    if (isBusinessEpochDay(d)) left--;
  }
  return fromEpochDay(d);
}

/**
 * Business days after `from` up to and including `to` (so Friday → Monday is 1). When `to` is before `from`
 * the count is the same interval the other way round, negated: it is antisymmetric and additive
 * (between(a,b) + between(b,c) = between(a,c)), which keeps "days left" and "days overdue" consistent.
 */
export function businessDaysBetween(from: string, to: string): number {
  assertIsoDate(from, 'from');
  assertIsoDate(to, 'to');
  if (to < from) return -businessDaysBetween(to, from) || 0; // `|| 0`: never a -0
  // Arithmetic rather than a day-by-day walk: the risk list computes this for every open case.
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  const span = end - start;
  let weekdays = Math.floor(span / 7) * 5; // any 7 consecutive days hold 5 weekdays
  for (let d = start + span - (span % 7) + 1; d <= end; d++) if (weekdayOfEpochDay(d) <= 5) weekdays++;
  let holidays = 0;
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const d of holidaysFor(year).days) if (d > start && d <= end && weekdayOfEpochDay(d) <= 5) holidays++;
  }
  return weekdays - holidays;
}

const copenhagenDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in Copenhagen at the instant `now`. Servers run in UTC, where 23:30 UTC is already
 * tomorrow in Denmark (00:30 CET / 01:30 CEST); deadlines follow the Danish date.
 */
export function todayInCopenhagen(now: Date = new Date()): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('now is an invalid Date');
  const parts = Object.fromEntries(copenhagenDate.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
