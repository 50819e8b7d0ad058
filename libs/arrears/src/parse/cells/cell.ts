/**
 * What every cell rule of an arrears row builds on: the row's error list (reported per column, with the value only
 * where it identifies no person), reading a cell as a trimmed string, the "required" check, and digit helpers.
 */
import type { ColumnKey } from '../columns.js';
import type { RowError, RowErrorReason } from '../types.js';

/** Columns whose values may appear in error reports: they identify no person. */
const VALUE_REPORTABLE: ReadonlySet<ColumnKey> = new Set<ColumnKey>([
  'tenancy_number',
  'department_code',
  'postal_code',
  'monthly_rent',
  'arrears_amount',
  'oldest_unpaid_due_date',
  'demand_sent_date',
  'termination_date',
  'court_filed_date',
  'eviction_date',
  'children_in_household',
  'payment_agreement',
]);

const UNPRINTABLE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Report-safe form of a cell: at most 100 characters, no control characters or lone surrogates. */
export function safeValue(s: string): string {
  const cut = s.length > 100 ? s.slice(0, 100) : s;
  return cut.replace(UNPRINTABLE, '\uFFFD');
}

// The row being validated. validateRow is synchronous and never re-entered, so one shared scratch state
// saves an allocation per row.
let line = 0;
let errors: RowError[] | null = null;

/** Starts collecting the errors of the row on this line. */
export function beginRow(rowLine: number): void {
  line = rowLine;
  errors = null;
}

/** The errors collected since {@link beginRow}, null when there were none. */
export function endRow(): RowError[] | null {
  const errs = errors;
  errors = null;
  return errs;
}

/** Records an error of the current row; the value is kept (made report-safe) only for reportable columns. */
export function fail(column: ColumnKey, reason: RowErrorReason, value?: string): null {
  const e: RowError = { line, column, reason };
  if (value !== undefined && VALUE_REPORTABLE.has(column)) e.value = safeValue(value);
  (errors ??= []).push(e);
  return null;
}

/** `array`, `null` or the `typeof` of a value, for type errors. */
export function typeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** A cell of a type the column never takes (JSON): the error names the type, never the value. */
export function wrongType(column: ColumnKey, v: unknown): null {
  (errors ??= []).push({ line, column, reason: 'invalid_type', value: typeName(v) });
  return null;
}

/** The trimmed string of a cell, null when empty; numbers only where `integers` allows them (JSON ids). */
export function cell(v: unknown, column: ColumnKey, integers: boolean): string | null {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? null : s;
  }
  if (v === undefined || v === null) return null;
  if (integers && typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return wrongType(column, v);
}

/** Reports `required` for an empty cell of a required column. */
export function required<T>(value: T | null, v: unknown, column: ColumnKey): T | null {
  // Only "required" when the cell was empty; a cell that failed its own rule already has its error.
  if (value === null && (v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))) {
    fail(column, 'required');
  }
  return value;
}

/** Whether the character at i is an ASCII digit. */
export const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** Whether `count` characters from `from` are all ASCII digits. */
export function allDigits(s: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (!isDigit(s, i)) return false;
  return true;
}

/** The two ASCII digits at i as a number (unchecked). */
export const num2 = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
