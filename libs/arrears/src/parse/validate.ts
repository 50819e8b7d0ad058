/**
 * Cell rules of an arrears snapshot row, shared by the CSV and JSON readers. Pure and synchronous.
 *
 * The readers hand over one value per column in {@link COLUMN_KEYS} order: strings from CSV; from JSON also
 * numbers, booleans, arrays and whatever else a client sent (a wrong type is rejected with the field named).
 * A row with any error is rejected and every error is reported, in column order. The rules per field family are
 * in cells/; this file assembles the row.
 */
import { ARREARS_COLUMNS, COLUMN_KEYS, type ColumnKey } from './columns.js';
import type { ArrearsRow, RowError } from './types.js';
import { beginRow, endRow, required, typeName } from './cells/cell.js';
import { date } from './cells/dates.js';
import { bool, count } from './cells/household.js';
import { cpr, email, phone } from './cells/identity.js';
import { money } from './cells/money.js';
import { MAX_LENGTH, names, postalCode, text } from './cells/text.js';

export { safeValue } from './cells/cell.js';
export { kronerNumberToOre, plainMoney } from './cells/money.js';
export { MAX_LENGTH } from './cells/text.js';

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
  beginRow(rowLine);
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

  const errs = endRow();
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
