/**
 * Calendar dates as `YYYY-MM-DD` strings.
 *
 * Deadlines in this domain are counted in whole calendar days in Denmark, never in instants, so dates travel
 * as plain strings and all arithmetic is integer day counts (no Date, no time zone), so a DST weekend can
 * never shift a deadline.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the year/month/day triple names a real day in the proleptic Gregorian calendar. */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a well-formed `YYYY-MM-DD` string naming a real date (so `2026-02-31` is false). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return m !== null && isValidCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Throws a RangeError naming the argument, so a bad date from a caller fails loudly instead of drifting. */
export function assertIsoDate(value: string, name = 'date'): void {
  if (!isIsoDate(value)) throw new RangeError(`${name} must be a real date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** Formats a year/month/day triple as `YYYY-MM-DD` (no validation). */
export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Days since 1970-01-01 (negative before) for a civil date, by pure integer arithmetic (H. Hinnant's
 * days_from_civil): no Date objects, so no local-time surprises and fast enough for day-by-day loops.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}: [year, month, day]. */
export function civilFromDays(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Days since 1970-01-01 for an ISO date; throws on a malformed or impossible date. */
export function toEpochDay(date: string): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || !isValidCalendarDate(y, mo, d)) {
    throw new RangeError(`date must be a real date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return daysFromCivil(y, mo, d);
}

/** Inverse of {@link toEpochDay}. */
export function fromEpochDay(epochDay: number): string {
  const [year, month, day] = civilFromDays(epochDay);
  if (year < 0 || year > 9999) throw new RangeError(`date out of range (year ${year})`);
  return formatIsoDate(year, month, day);
}

/** ISO weekday of an epoch day: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** `date` moved by `n` calendar days (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/** Calendar days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function calendarDaysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

/** Compares two ISO dates; their string order is their chronological order, checked for well-formedness. */
export function compareIsoDates(a: string, b: string): number {
  assertIsoDate(a, 'a');
  assertIsoDate(b, 'b');
  return a < b ? -1 : a > b ? 1 : 0;
}

export type DateParseResult = { ok: true; date: string } | { ok: false; reason: 'format' | 'date' };

const DANISH_DATE = /^(\d{1,2})([-./])(\d{1,2})\2(\d{4})$/;

/**
 * Parses the date forms Danish ledger exports use: `YYYY-MM-DD`, `DD-MM-YYYY`, `DD.MM.YYYY`, `DD/MM/YYYY`
 * (day first, never the US month-first order). An impossible date such as 31-02-2026 is `date`, not `format`,
 * so an import can say which one went wrong.
 */
export function parseDanishDate(input: string): DateParseResult {
  const s = input.trim();
  const iso = ISO_DATE.exec(s);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    return isValidCalendarDate(y, m, d) ? { ok: true, date: formatIsoDate(y, m, d) } : { ok: false, reason: 'date' };
  }
  const dk = DANISH_DATE.exec(s);
  if (!dk) return { ok: false, reason: 'format' };
  const [d, m, y] = [Number(dk[1]), Number(dk[3]), Number(dk[4])];
  return isValidCalendarDate(y, m, d) ? { ok: true, date: formatIsoDate(y, m, d) } : { ok: false, reason: 'date' };
}
