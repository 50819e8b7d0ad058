/**
 * Danish display formats: dates as dd-mm-yyyy in Europe/Copenhagen,
 * money as "1.234,56 kr." from an amount in øre (integer).
 */

const TIME_ZONE = 'Europe/Copenhagen';

const dateParts = new Intl.DateTimeFormat('da-DK', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const dateTimeParts = new Intl.DateTimeFormat('da-DK', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(date)) out[part.type] = part.value;
  return out;
}

function toDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2024-03-05T10:00:00Z" -> "05-03-2024" (in Europe/Copenhagen). Empty string for null/invalid. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const dateOnly = DATE_ONLY.exec(iso);
  if (dateOnly) return `${dateOnly[3]}-${dateOnly[2]}-${dateOnly[1]}`;
  const date = toDate(iso);
  if (!date) return '';
  const p = parts(dateParts, date);
  return `${p.day}-${p.month}-${p.year}`;
}

/** "2024-03-05T10:07:00Z" -> "05-03-2024 11:07" (in Europe/Copenhagen). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = toDate(iso);
  if (!date) return '';
  const p = parts(dateTimeParts, date);
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.day}-${p.month}-${p.year} ${hour}:${p.minute}`;
}

const krFormat = new Intl.NumberFormat('da-DK', {
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
  useGrouping: true,
});

/** 123456 (øre) -> "1.234,56 kr."; -5000 -> "-50,00 kr." */
export function formatMoney(ore: number | null | undefined): string {
  if (ore === null || ore === undefined || !Number.isFinite(ore)) return '';
  const whole = Math.round(ore);
  const negative = whole < 0;
  const abs = Math.abs(whole);
  const kroner = Math.floor(abs / 100);
  const rest = abs % 100;
  // Intl may use other group separators (e.g. U+00A0/U+202F in some locales/ICU versions); normalise to ".".
  const grouped = krFormat.format(kroner).replace(/[^\d]/g, '.');
  return `${negative ? '-' : ''}${grouped},${String(rest).padStart(2, '0')} kr.`;
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/**
 * "for 5 minutter siden" / "5 minutes ago" for a moment less than a day ago, in the UI language; null for older
 * (or future) moments, which are shown as dd-mm-yyyy HH:MM instead.
 */
export function formatTimeAgo(iso: string | null | undefined, language: string, now: Date = new Date()): string | null {
  if (!iso) return null;
  const date = toDate(iso);
  if (!date) return null;
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < -60 || seconds >= 86_400) return null;
  const lang = language === 'en' ? 'en' : 'da';
  let rtf = relativeFormats.get(lang);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    relativeFormats.set(lang, rtf);
  }
  if (seconds < 60) return rtf.format(0, 'second');
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute');
  return rtf.format(-Math.floor(seconds / 3600), 'hour');
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

/** "mandag" / "Monday": the weekday of a moment in Europe/Copenhagen, in the UI language. */
export function formatWeekday(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  const date = toDate(iso);
  if (!date) return '';
  const lang = language === 'en' ? 'en-GB' : 'da-DK';
  let format = weekdayFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, weekday: 'long' });
    weekdayFormats.set(lang, format);
  }
  return format.format(date);
}
