/**
 * Cell rules of an arrears snapshot row, shared by the CSV and JSON readers. Pure and synchronous.
 *
 * The readers hand over one value per column in {@link COLUMN_KEYS} order: strings from CSV; from JSON also
 * numbers, booleans, arrays and whatever else a client sent (a wrong type is rejected with the field named).
 * A row with any error is rejected and every error is reported, in column order.
 */
import { cprBirthYear, isValidCalendarDate, parseCpr, parseDanishDate, parseDanishMoney } from '@forebyg/domain';
import { ARREARS_COLUMNS, COLUMN_KEYS, type ColumnKey } from './columns.js';
import type { ArrearsRow, RowError, RowErrorReason } from './types.js';

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

/** Dates outside this range are typing errors (and year 0 would not even fit a PostgreSQL date). */
const MIN_DATE = '1900-01-01';
const MAX_DATE = '2199-12-31';
const MAX_CHILDREN = 99;

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

// Characters PostgreSQL text cannot hold (NUL), lone UTF-16 surrogates (unencodable), the replacement
// character a decoder leaves for bytes that were not valid in the detected encoding, and mojibake: UTF-8 read
// as Windows-1252 turns "ø" into "Ã¸", "Å" into "Ã…", a no-break space into "Â " (an "Ã"/"Â" followed by what
// 0x80-0xBF decode to), which no real name or address contains.
const BAD_TEXT =
  /[\u0000\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[ÂÃ][\u00a0-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]/;
const ENCODING_DAMAGE = /\uFFFD|[ÂÃ][^\u0000-\u009f]/;
const UNPRINTABLE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CR = /\r\n?/g;
const PHONE_NOISE = /[\s\-().\/\u00a0]/g;
const PHONE_DK = /^(?:\+45|0045|45)?(\d{8})$/;
const PHONE_INTL = /^(?:\+|00)(\d{7,15})$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const POSTAL = /^(?:dk[-\s]?)?(\d{4})$/i;
const COUNT = /^\d{1,3}$/;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['yes', true],
  ['ja', true],
  ['true', true],
  ['1', true],
  ['y', true],
  ['j', true],
  ['no', false],
  ['nej', false],
  ['false', false],
  ['0', false],
  ['n', false],
]);

/** Report-safe form of a cell: at most 100 characters, no control characters or lone surrogates. */
export function safeValue(s: string): string {
  const cut = s.length > 100 ? s.slice(0, 100) : s;
  return cut.replace(UNPRINTABLE, '\uFFFD');
}

// The row being validated. validateValues is synchronous and never re-entered, so one shared scratch state
// saves an allocation per row.
let line = 0;
let errors: RowError[] | null = null;

function fail(column: ColumnKey, reason: RowErrorReason, value?: string): null {
  const e: RowError = { line, column, reason };
  if (value !== undefined && VALUE_REPORTABLE.has(column)) e.value = safeValue(value);
  (errors ??= []).push(e);
  return null;
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

function wrongType(column: ColumnKey, v: unknown): null {
  (errors ??= []).push({ line, column, reason: 'invalid_type', value: typeName(v) });
  return null;
}

/** The trimmed string of a cell, null when empty; numbers only where `integers` allows them (JSON ids). */
function cell(v: unknown, column: ColumnKey, integers: boolean): string | null {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? null : s;
  }
  if (v === undefined || v === null) return null;
  if (integers && typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return wrongType(column, v);
}

function checkText(s: string, column: ColumnKey, max: number): string | null {
  if (s.length > max) return fail(column, 'too_long', s);
  if (BAD_TEXT.test(s)) return fail(column, ENCODING_DAMAGE.test(s) ? 'invalid_encoding' : 'invalid_text', s);
  return s.includes('\r') ? s.replace(CR, '\n') : s;
}

function text(v: unknown, column: ColumnKey, max: number, integers = false): string | null {
  const s = cell(v, column, integers);
  return s === null ? null : checkText(s, column, max);
}

function names(v: unknown): string[] {
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

/**
 * The common money forms without regexes: `1234`, `1234.56`, `1234,56`, `1.234,56`, `1 234,56`, `1.234`
 * (Danish thousands). Returns øre, or -1 for anything else (which then goes to the domain's parseDanishMoney).
 * Gives the same result as parseDanishMoney for every string it accepts.
 */
export function plainMoney(s: string): number {
  const n = s.length;
  let i = 0;
  let kr = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    kr = kr * 10 + (c - 48);
    i++;
  }
  const lead = i;
  if (lead === 0 || lead > 13) return -1;
  if (i === n) return kr * 100;
  let sep = s.charCodeAt(i);
  // Thousands groups: "." or " " followed by exactly three digits, after a lead of 1-3 digits not starting with 0.
  if (
    (sep === 46 || sep === 32) &&
    lead <= 3 &&
    s.charCodeAt(0) !== 48 &&
    n - i >= 4 &&
    isGroup(s, i + 1) &&
    (i + 4 === n || !isDigit(s, i + 4))
  ) {
    const groupSep = sep;
    let groups = 0;
    while (i < n && s.charCodeAt(i) === groupSep && i + 4 <= n && isGroup(s, i + 1) && (i + 4 === n || !isDigit(s, i + 4))) {
      kr = kr * 1000 + (s.charCodeAt(i + 1) - 48) * 100 + (s.charCodeAt(i + 2) - 48) * 10 + (s.charCodeAt(i + 3) - 48);
      i += 4;
      if (++groups > 3) return -1; // larger amounts: parseDanishMoney checks the range
    }
    if (i === n) return kr * 100;
    sep = s.charCodeAt(i);
    if (sep !== 44) return -1; // after thousands groups only a decimal comma may follow
  } else if (sep !== 44 && sep !== 46) {
    return -1;
  }
  const decimals = n - i - 1;
  if (decimals < 1 || decimals > 2) return -1;
  if (!isDigit(s, i + 1) || (decimals === 2 && !isDigit(s, i + 2))) return -1;
  const d1 = s.charCodeAt(i + 1) - 48;
  const d2 = decimals === 2 ? s.charCodeAt(i + 2) - 48 : 0;
  return kr * 100 + d1 * 10 + d2;
}

const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const isGroup = (s: string, i: number): boolean => isDigit(s, i) && isDigit(s, i + 1) && isDigit(s, i + 2);

/**
 * Kroner as a JSON number to øre, exactly: accepted only when the number's shortest decimal form has at most
 * two decimals (so 1234.5 and 0.29 pass, 0.1 + 0.2 = 0.30000000000000004 does not). Checked without strings:
 * `ore / 100 === n` holds exactly when n is the double nearest to a decimal with two places. Amounts of 10^13
 * kroner and more are refused (their øre would not be safe integers).
 */
export function kronerNumberToOre(n: number): number | null {
  if (!(Math.abs(n) < 1e13)) return null; // also NaN and ±Infinity
  const ore = Math.round(n * 100);
  if (ore / 100 !== n) return null;
  return ore === 0 ? 0 : ore; // no -0
}

function money(v: unknown, column: ColumnKey): number | null {
  let ore: number;
  let shown: string;
  if (typeof v === 'number') {
    shown = String(v);
    const r = kronerNumberToOre(v);
    if (r === null) return fail(column, 'invalid_money', shown);
    ore = r;
  } else {
    const s = cell(v, column, false);
    if (s === null) return null;
    shown = s;
    const fast = plainMoney(s);
    if (fast >= 0) ore = fast;
    else {
      const r = parseDanishMoney(s);
      if (!r.ok) {
        // Some ledgers (SAP among them) write a credit with the minus last: "1.234,56-".
        const credit = s.endsWith('-') && !s.endsWith(',-') && parseDanishMoney(s.slice(0, -1));
        return fail(column, credit && credit.ok && credit.ore > 0 ? 'negative_amount' : 'invalid_money', s);
      }
      ore = r.ore;
    }
  }
  return ore < 0 ? fail(column, 'negative_amount', shown) : ore;
}

function date(v: unknown, column: ColumnKey): string | null {
  const s = cell(v, column, false);
  if (s === null) return null;
  let iso: string;
  const y4 = s.length === 10 ? isoOrDanish(s) : 0;
  if (y4 !== 0) {
    // 1: YYYY-MM-DD, 2: DD?MM?YYYY with one separator of - . /
    const y = y4 === 1 ? num4(s, 0) : num4(s, 6);
    const m = y4 === 1 ? num2(s, 5) : num2(s, 3);
    const d = y4 === 1 ? num2(s, 8) : num2(s, 0);
    if (!isValidCalendarDate(y, m, d)) return fail(column, 'impossible_date', s);
    iso = y4 === 1 ? s : `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;
  } else {
    const r = parseDanishDate(s);
    if (!r.ok) return fail(column, r.reason === 'date' ? 'impossible_date' : 'invalid_date', s);
    iso = r.date;
  }
  return iso < MIN_DATE || iso > MAX_DATE ? fail(column, 'date_out_of_range', s) : iso;
}

const num2 = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
const num4 = (s: string, i: number): number => num2(s, i) * 100 + num2(s, i + 2);

/** For a 10-character string: 1 if shaped YYYY-MM-DD, 2 if DD-MM-YYYY (or with . or /), else 0. */
function isoOrDanish(s: string): number {
  const c2 = s.charCodeAt(2);
  const c4 = s.charCodeAt(4);
  let shape: number;
  if (c4 === 45 && s.charCodeAt(7) === 45) shape = 1;
  else if ((c2 === 45 || c2 === 46 || c2 === 47) && s.charCodeAt(5) === c2) shape = 2;
  else return 0;
  for (let i = 0; i < 10; i++) {
    if (shape === 1 ? i === 4 || i === 7 : i === 2 || i === 5) continue;
    if (!isDigit(s, i)) return 0;
  }
  return shape;
}

function cpr(v: unknown): string | null {
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

function allDigits(s: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (!isDigit(s, i)) return false;
  return true;
}

function phone(v: unknown): string | null {
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

function email(v: unknown): string | null {
  const s = text(v, 'email', MAX_LENGTH.email);
  if (s === null) return null;
  return EMAIL.test(s) ? s : fail('email', 'invalid_email');
}

function postalCode(v: unknown): string | null {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1 && v <= 9999) return String(v).padStart(4, '0');
    return fail('postal_code', 'invalid_postal_code', String(v));
  }
  const s = cell(v, 'postal_code', false);
  if (s === null) return null;
  const m = POSTAL.exec(s);
  return m ? m[1]! : fail('postal_code', 'invalid_postal_code', s);
}

function count(v: unknown): number | null {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v <= MAX_CHILDREN) return v;
    return fail('children_in_household', 'invalid_integer', String(v));
  }
  const s = cell(v, 'children_in_household', false);
  if (s === null) return null;
  const n = COUNT.test(s) ? Number(s) : -1;
  return n >= 0 && n <= MAX_CHILDREN ? n : fail('children_in_household', 'invalid_integer', s);
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (v === 1 || v === 0) return v === 1;
    return fail('payment_agreement', 'invalid_boolean', String(v));
  }
  const s = cell(v, 'payment_agreement', false);
  if (s === null) return null;
  const b = BOOLEANS.get(s.length <= 5 ? s.toLowerCase() : '');
  return b === undefined ? fail('payment_agreement', 'invalid_boolean', s) : b;
}

function required<T>(value: T | null, v: unknown, column: ColumnKey): T | null {
  // Only "required" when the cell was empty; a cell that failed its own rule already has its error.
  if (value === null && (v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))) {
    fail(column, 'required');
  }
  return value;
}

export type ValidationResult = { row: ArrearsRow | null; errors: RowError[] };

/** Validates one record given as values in {@link COLUMN_KEYS} order (see the file comment). */
export function validateValues(values: ArrayLike<unknown>, rowLine: number): ValidationResult {
  const row = validateRow(values, rowLine);
  return row !== null ? { row, errors: [] } : { row: null, errors: lastErrors };
}

let lastErrors: RowError[] = [];

/** The errors of the last row {@link validateRow} rejected. */
export function lastRowErrors(): RowError[] {
  return lastErrors;
}

/** As {@link validateValues}, without the result wrapper (the readers' hot path); errors via lastRowErrors(). */
export function validateRow(values: ArrayLike<unknown>, rowLine: number): ArrearsRow | null {
  line = rowLine;
  errors = null;
  const tenancyNumber = required(text(values[0], 'tenancy_number', MAX_LENGTH.tenancy_number, true), values[0], 'tenancy_number');
  const departmentCode = required(text(values[1], 'department_code', MAX_LENGTH.department_code, true), values[1], 'department_code');
  const address = text(values[2], 'address', MAX_LENGTH.address);
  const unit = text(values[3], 'unit', MAX_LENGTH.unit, true);
  const postal = postalCode(values[4]);
  const tenantNames = names(values[5]);
  const tenantCpr = cpr(values[6]);
  const phoneNumber = phone(values[7]);
  const mail = email(values[8]);
  const monthlyRentOre = money(values[9], 'monthly_rent');
  const arrearsOre = required(money(values[10], 'arrears_amount'), values[10], 'arrears_amount');
  const oldestUnpaidDueDate = date(values[11], 'oldest_unpaid_due_date');
  const demandSentDate = date(values[12], 'demand_sent_date');
  const terminationDate = date(values[13], 'termination_date');
  const courtFiledDate = date(values[14], 'court_filed_date');
  const evictionDate = date(values[15], 'eviction_date');
  const childrenInHousehold = count(values[16]);
  const paymentAgreement = bool(values[17]);

  const errs = errors as RowError[] | null;
  errors = null;
  if (errs !== null) {
    if (tenancyNumber !== null) for (const e of errs) e.tenancyNumber = tenancyNumber;
    lastErrors = errs;
    return null;
  }
  return {
    line: rowLine,
    tenancyNumber: tenancyNumber!,
    departmentCode: departmentCode!,
    address,
    unit,
    postalCode: postal,
    tenantNames,
    tenantCpr,
    phone: phoneNumber,
    email: mail,
    monthlyRentOre,
    arrearsOre: arrearsOre!,
    oldestUnpaidDueDate,
    demandSentDate,
    terminationDate,
    courtFiledDate,
    evictionDate,
    childrenInHousehold,
    paymentAgreement,
  };
}

/** Validates one CSV-style record: cells by column key, as strings (missing or empty optional cells are null). */
export function validateRecord(fields: Partial<Record<ColumnKey, string>>, line: number): ValidationResult {
  const values: (string | undefined)[] = COLUMN_KEYS.map((k) => fields[k]);
  return validateValues(values, line);
}

const JSON_NAMES = ARREARS_COLUMNS.map((c) => c.jsonName);

/** Validates one element of a JSON snapshot's `rows` (camelCase fields; see the spec's JSON section). */
export function validateJsonRow(element: unknown, line: number): ValidationResult {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) {
    return { row: null, errors: [{ line, column: null, reason: 'not_an_object', value: typeName(element) }] };
  }
  const obj = element as Record<string, unknown>;
  const values = JSON_NAMES.map((name) => (Object.hasOwn(obj, name) ? obj[name] : undefined));
  return validateValues(values, line);
}

const jsonValues: unknown[] = new Array<unknown>(JSON_NAMES.length);

/** As {@link validateJsonRow} for the JSON reader's hot path: the row, or null with errors via lastRowErrors(). */
export function validateJsonElement(element: unknown, line: number): ArrearsRow | null {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) {
    lastErrors = [{ line, column: null, reason: 'not_an_object', value: typeName(element) }];
    return null;
  }
  const obj = element as Record<string, unknown>;
  for (let i = 0; i < JSON_NAMES.length; i++) {
    const name = JSON_NAMES[i]!;
    jsonValues[i] = Object.hasOwn(obj, name) ? obj[name] : undefined;
  }
  return validateRow(jsonValues, line);
}
