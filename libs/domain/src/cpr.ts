/**
 * Danish CPR numbers (personnummer): `DDMMYY-SSSS`.
 *
 * No modulus-11 check: since 2007 the CPR office issues numbers that fail it, so a mod-11 check would reject
 * real people. What we can check is the shape and that the date part is a real birth date, with the century
 * taken from the 7th digit as the CPR office defines it.
 */
import { formatIsoDate, isValidCalendarDate } from './calendar-date.js';

export type CprParseResult =
  { ok: true; cpr: string /* 10 digits, no dash */; birthDate: string /* YYYY-MM-DD */ } | { ok: false; reason: 'format' | 'date' };

// One optional separator between the date part and the serial: dash, space or non-breaking space
// (spreadsheets and word processors turn spaces into NBSP).
const CPR_SHAPE = /^(\d{6})[- \u00a0]?(\d{4})$/;

/**
 * The birth year from the two-digit year and the 7th digit (first digit of the serial), per the CPR office:
 * 0-3 → 1900s; 4 and 9 → 2000s if YY ≤ 36, else 1900s; 5-8 → 2000s if YY ≤ 57, else 1800s.
 */
export function cprBirthYear(yy: number, seventhDigit: number): number {
  if (seventhDigit <= 3) return 1900 + yy;
  if (seventhDigit === 4 || seventhDigit === 9) return (yy <= 36 ? 2000 : 1900) + yy;
  return (yy <= 57 ? 2000 : 1800) + yy;
}

/** Parses a CPR number written as `DDMMYY-SSSS`, `DDMMYYSSSS` or `DDMMYY SSSS`, with surrounding whitespace. */
export function parseCpr(input: string): CprParseResult {
  if (typeof input !== 'string') return { ok: false, reason: 'format' };
  const m = CPR_SHAPE.exec(input.trim());
  if (!m) return { ok: false, reason: 'format' };
  return fromDigits(m[1]!, m[2]!);
}

function fromDigits(datePart: string, serial: string): CprParseResult {
  const day = Number(datePart.slice(0, 2));
  const month = Number(datePart.slice(2, 4));
  const yy = Number(datePart.slice(4, 6));
  const year = cprBirthYear(yy, Number(serial[0]));
  if (!isValidCalendarDate(year, month, day)) return { ok: false, reason: 'date' };
  return { ok: true, cpr: datePart + serial, birthDate: formatIsoDate(year, month, day) };
}

function parseOrThrow(cpr: string): string {
  const r = parseCpr(cpr);
  // The message never echoes the input: it may be a real CPR number with a typo.
  if (!r.ok) throw new RangeError(`invalid CPR number (${r.reason})`);
  return r.cpr;
}

/** `DDMMYY-SSSS` from any accepted form; throws on an invalid number. */
export function formatCpr(cpr: string): string {
  const digits = parseOrThrow(cpr);
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

/** `DDMMYY-XXXX`: the form shown to staff until an audited reveal. Throws on an invalid number. */
export function maskCpr(cpr: string): string {
  return `${parseOrThrow(cpr).slice(0, 6)}-XXXX`;
}

// Candidates inside free text: 10 digits, or 6 + separator + 4, not glued to further digits (so account
// numbers and long ids are not split into false hits).
const CPR_IN_TEXT = /(?<!\d)(\d{6})[- \u00a0]?(\d{4})(?!\d)/g;

/**
 * Whether free text contains something that looks like a CPR number (the shape plus a real date part).
 * Used to keep CPR numbers out of logs; the date check keeps ordinary 10-digit numbers with impossible dates
 * (e.g. most phone-like or order numbers starting 9x) from tripping it, but any real-looking one counts.
 */
export function containsCpr(text: string): boolean {
  for (const m of text.matchAll(CPR_IN_TEXT)) {
    if (fromDigits(m[1]!, m[2]!).ok) return true;
  }
  return false;
}

/** Replaces every CPR-like number in free text (same rule as {@link containsCpr}) with `replacement`. */
export function redactCpr(text: string, replacement = '[CPR]'): string {
  return text.replace(CPR_IN_TEXT, (match: string, datePart: string, serial: string) =>
    fromDigits(datePart, serial).ok ? replacement : match,
  );
}
