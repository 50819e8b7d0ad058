/**
 * Password rules for staff accounts, following NIST SP 800-63B: length and a blocklist instead of composition
 * rules (which push people to "Sommer2024!"). Staff accounts see CPR numbers and debts, so the minimum is 12.
 */
import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase or manager-generated password; the bound keeps hashing cost predictable. */
export const PASSWORD_MAX_LENGTH = 256;
/** Email local parts and name parts shorter than this are too ordinary to block ("ole" is in many words). */
export const PERSONAL_INFO_MIN_PART = 4;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_personal_info';
export type PasswordCheckResult = { ok: true } | { ok: false; reasons: PasswordProblem[] };
export interface PasswordContext {
  email?: string;
  name?: string;
}

const normalise = (s: string): string => s.normalize('NFC').toLocaleLowerCase('da');
// People dress up a common word with a year and a symbol ("Velkommen2024!"); compare the word underneath.
const stripDecoration = (s: string): string => s.replace(/[^\p{L}]+$/u, '');

const COMMON = new Set<string>();
for (const p of COMMON_PASSWORDS) {
  const n = normalise(p);
  COMMON.add(n);
  const base = stripDecoration(n);
  if (base.length > 0) COMMON.add(base);
}

function isTooCommon(lower: string): boolean {
  if (COMMON.has(lower)) return true;
  const base = stripDecoration(lower);
  if (base.length > 0 && COMMON.has(base)) return true;
  // Digit-only entries have no letters to strip back to: "123456" + "654321" is still "123456" plus decoration.
  for (const entry of COMMON) {
    if (entry.length >= 5 && lower.startsWith(entry) && !/\p{L}/u.test(lower.slice(entry.length))) return true;
  }
  // A single repeated character ("aaaaaaaaaaaa") or a straight run of digits is guessed first by any cracker.
  const chars = [...lower];
  if (new Set(chars).size === 1) return true;
  return /^\d+$/.test(lower) && chars.every((c, i) => i === 0 || Number(c) === (Number(chars[i - 1]) + 1) % 10);
}

/** Parts of the person's own details that must not appear in their password. */
function personalParts(context: PasswordContext | undefined): string[] {
  const parts: string[] = [];
  const local = context?.email?.split('@')[0];
  if (local) {
    parts.push(local);
    // "jens.hansen@..." → also "jens" and "hansen": the whole local part is rarely typed verbatim.
    parts.push(...local.split(/[._+\-]+/));
  }
  if (context?.name) parts.push(...context.name.split(/[\s\-]+/));
  return parts.map(normalise).filter((p) => [...p].length >= PERSONAL_INFO_MIN_PART);
}

/** Checks a new password; lists every problem so the form can show them all at once. */
export function checkPassword(password: string, context?: PasswordContext): PasswordCheckResult {
  const reasons: PasswordProblem[] = [];
  // Count code points, not UTF-16 units, so "æøå" and emoji count as one character each.
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) reasons.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) reasons.push('too_long');
  const lower = normalise(password);
  if (isTooCommon(lower)) reasons.push('too_common');
  if (personalParts(context).some((part) => lower.includes(part))) reasons.push('contains_personal_info');
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
