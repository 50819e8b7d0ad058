/**
 * Text cells of an arrears row: tenancy number, department code, address, unit and tenant names (length limits,
 * damaged encodings, characters PostgreSQL cannot store), and the postal code.
 */
import type { ColumnKey } from '../columns.js';
import { cell, fail, wrongType } from './cell.js';

export const MAX_LENGTH = {
  tenancy_number: 100,
  department_code: 50,
  address: 200,
  unit: 50,
  tenant_name: 200,
  tenant_name_cell: 1000,
  email: 254,
  phone: 30,
} as const;

// Characters PostgreSQL text cannot hold (NUL), lone UTF-16 surrogates (unencodable), the replacement
// character a decoder leaves for bytes that were not valid in the detected encoding, and mojibake: UTF-8 read
// as Windows-1252 turns "ø" into "Ã¸", "Å" into "Ã…", a no-break space into "Â " (an "Ã"/"Â" followed by what
// 0x80-0xBF decode to), which no real name or address contains.
const BAD_TEXT =
  /[\u0000\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[ÂÃ][\u00a0-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]/;
const ENCODING_DAMAGE = /\uFFFD|[ÂÃ][^\u0000-\u009f]/;
const CR = /\r\n?/g;
const POSTAL = /^(?:dk[-\s]?)?(\d{4})$/i;

function checkText(s: string, column: ColumnKey, max: number): string | null {
  if (s.length > max) return fail(column, 'too_long', s);
  if (BAD_TEXT.test(s)) return fail(column, ENCODING_DAMAGE.test(s) ? 'invalid_encoding' : 'invalid_text', s);
  return s.includes('\r') ? s.replace(CR, '\n') : s;
}

export function text(v: unknown, column: ColumnKey, max: number, integers = false): string | null {
  const s = cell(v, column, integers);
  return s === null ? null : checkText(s, column, max);
}

export function names(v: unknown): string[] {
  let parts: string[];
  if (Array.isArray(v)) {
    if (!v.every((n) => typeof n === 'string')) return wrongType('tenant_name', v) ?? [];
    let total = 0;
    for (const n of v as string[]) total += n.length + 1;
    if (total > MAX_LENGTH.tenant_name_cell) return fail('tenant_name', 'too_long') ?? [];
    parts = v;
  } else {
    const s = cell(v, 'tenant_name', false);
    if (s === null) return [];
    if (s.length > MAX_LENGTH.tenant_name_cell) return fail('tenant_name', 'too_long') ?? [];
    parts = s.includes(';') ? s.split(';') : [s];
  }
  const out: string[] = [];
  for (const p of parts) {
    const n = p.trim();
    if (n === '') continue;
    const checked = checkText(n, 'tenant_name', MAX_LENGTH.tenant_name);
    if (checked === null) return [];
    out.push(checked);
  }
  return out;
}

export function postalCode(v: unknown): string | null {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1 && v <= 9999) return String(v).padStart(4, '0');
    return fail('postal_code', 'invalid_postal_code', String(v));
  }
  const s = cell(v, 'postal_code', false);
  if (s === null) return null;
  const m = POSTAL.exec(s);
  return m ? m[1]! : fail('postal_code', 'invalid_postal_code', s);
}
