/** The cells that identify or reach a person: CPR number, phone and e-mail (their values are never reported). */
import { cprBirthYear, isValidCalendarDate, parseCpr } from '@forebyg/domain';
import { allDigits, cell, fail, num2 } from './cell.js';
import { MAX_LENGTH, text } from './text.js';

const PHONE_NOISE = /[\s\-().\/\u00a0]/g;
const PHONE_DK = /^(?:\+45|0045|45)?(\d{8})$/;
const PHONE_INTL = /^(?:\+|00)(\d{7,15})$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function cpr(v: unknown): string | null {
  const s = cell(v, 'tenant_cpr', false);
  if (s === null) return null;
  // The two usual forms, DDMMYYSSSS and DDMMYY-SSSS, checked directly; other forms go to parseCpr.
  const dashed = s.length === 11 && s.charCodeAt(6) === 45;
  if ((s.length === 10 || dashed) && allDigits(s, 0, 6) && allDigits(s, dashed ? 7 : 6, 4)) {
    const serial = dashed ? 7 : 6;
    const year = cprBirthYear(num2(s, 4), s.charCodeAt(serial) - 48);
    if (!isValidCalendarDate(year, num2(s, 2), num2(s, 0))) return fail('tenant_cpr', 'invalid_cpr_date');
    return dashed ? s.slice(0, 6) + s.slice(7) : s;
  }
  const r = parseCpr(s);
  if (r.ok) return r.cpr;
  return fail('tenant_cpr', r.reason === 'date' ? 'invalid_cpr_date' : 'invalid_cpr');
}

export function phone(v: unknown): string | null {
  const s = cell(v, 'phone', true);
  if (s === null) return null;
  if (s.length > MAX_LENGTH.phone) return fail('phone', 'too_long');
  if (s.length === 8 && allDigits(s, 0, 8)) return '+45' + s;
  const compact = s.replace(PHONE_NOISE, '');
  const dk = PHONE_DK.exec(compact);
  if (dk) return '+45' + dk[1]!;
  const intl = PHONE_INTL.exec(compact);
  // A +45 number that is not 8 digits is a typo, not a foreign number.
  if (intl && !intl[1]!.startsWith('45')) return '+' + intl[1]!;
  return fail('phone', 'invalid_phone');
}

export function email(v: unknown): string | null {
  const s = text(v, 'email', MAX_LENGTH.email);
  if (s === null) return null;
  return EMAIL.test(s) ? s : fail('email', 'invalid_email');
}
