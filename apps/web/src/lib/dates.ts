/** Calendar dates (YYYY-MM-DD) on the Europe/Copenhagen calendar. */

const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Copenhagen as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return isoDay.format(now);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * `months` calendar months after `iso`, keeping the day of the month where it exists and using the last day
 * otherwise (31-01 + 1 month = 28-02 or 29-02).
 */
export function addMonths(iso: string, months: number): string {
  const m = DATE.exec(iso);
  if (!m) throw new RangeError(`not a date: ${iso}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), lastDay);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `days` calendar days after `iso`. */
export function addDays(iso: string, days: number): string {
  const m = DATE.exec(iso);
  if (!m) throw new RangeError(`not a date: ${iso}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}
