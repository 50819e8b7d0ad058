/**
 * The columns of an arrears snapshot (spec: shared/spec/arrears-import.md, "Columns") and header matching.
 *
 * A header cell matches a column when its normalised form equals the normalised form of the column key, its
 * JSON (camelCase) name or one of its Danish aliases. Normalising makes the match forgiving in the ways ledger
 * exports differ: case, surrounding space, a BOM, Unicode composition (macOS writes "å" as a + ring), the
 * Danish letters spelt out (æ → ae, ø → oe, å → aa) and the separators space, "_", "-" and "." (so
 * "Tenancy number", "tenancy-number", "tenancyNumber", "Lejemålsnr." and "lejemaalsnr" are all one column).
 */

export const COLUMN_KEYS = [
  'tenancy_number',
  'department_code',
  'address',
  'unit',
  'postal_code',
  'tenant_name',
  'tenant_cpr',
  'phone',
  'email',
  'monthly_rent',
  'arrears_amount',
  'oldest_unpaid_due_date',
  'demand_sent_date',
  'termination_date',
  'court_filed_date',
  'eviction_date',
  'children_in_household',
  'payment_agreement',
] as const;

export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface ArrearsColumn {
  key: ColumnKey;
  /** Other accepted header names, as the spec lists them (matching also applies the normalisation above). */
  aliases: string[];
  required: boolean;
  /** The field name in the JSON form. */
  jsonName: string;
}

const col = (key: ColumnKey, jsonName: string, aliases: string[], required = false): ArrearsColumn => ({
  key,
  aliases,
  required,
  jsonName,
});

export const ARREARS_COLUMNS: readonly ArrearsColumn[] = Object.freeze([
  col('tenancy_number', 'tenancyNumber', ['lejemaalsnr', 'lejemålsnr'], true),
  col('department_code', 'departmentCode', ['afdeling', 'afdelingsnr'], true),
  col('address', 'address', ['adresse']),
  col('unit', 'unit', ['lejlighed']),
  col('postal_code', 'postalCode', ['postnr']),
  col('tenant_name', 'tenantName', ['lejer', 'navn']),
  col('tenant_cpr', 'tenantCpr', ['cpr', 'cpr_nr']),
  col('phone', 'phone', ['telefon', 'tlf']),
  col('email', 'email', ['e-mail', 'mail']),
  col('monthly_rent', 'monthlyRent', ['husleje']),
  col('arrears_amount', 'arrearsAmount', ['restance', 'restancebeloeb', 'restancebeløb'], true),
  col('oldest_unpaid_due_date', 'oldestUnpaidDueDate', ['aeldste_forfald', 'ældste_forfald']),
  col('demand_sent_date', 'demandSentDate', ['paakrav_dato', 'påkrav_dato']),
  col('termination_date', 'terminationDate', ['ophaevelse_dato', 'ophævelse_dato']),
  col('court_filed_date', 'courtFiledDate', ['fogedret_dato']),
  col('eviction_date', 'evictionDate', ['udsaettelse_dato', 'udsættelse_dato']),
  col('children_in_household', 'childrenInHousehold', ['boern', 'børn']),
  col('payment_agreement', 'paymentAgreement', ['afdragsordning']),
]);

export const REQUIRED_COLUMNS: readonly ColumnKey[] = ARREARS_COLUMNS.filter((c) => c.required).map((c) => c.key);

const SEPARATORS = /[\s_\-.\u00a0]+/g;
const DANISH = /[æøå]/g;
const SPELLED: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa' };

/** The comparison form of a header name (see the file comment). */
export function normaliseHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(DANISH, (c) => SPELLED[c]!)
    .replace(SEPARATORS, '');
}

const BY_NAME = new Map<string, ColumnKey>();
for (const c of ARREARS_COLUMNS) {
  for (const name of [c.key, c.jsonName, ...c.aliases]) {
    const n = normaliseHeaderName(name);
    const taken = BY_NAME.get(n);
    if (taken !== undefined && taken !== c.key) throw new Error(`header alias ${name} is ambiguous`);
    BY_NAME.set(n, c.key);
  }
}

/** The column a header cell names, or null for an unknown column. */
export function matchArrearsColumn(headerName: string): ColumnKey | null {
  return BY_NAME.get(normaliseHeaderName(headerName)) ?? null;
}

/** Position of each column in {@link COLUMN_KEYS} (the order of the value arrays the validator takes). */
export const COLUMN_INDEX: Readonly<Record<ColumnKey, number>> = Object.freeze(
  Object.fromEntries(COLUMN_KEYS.map((k, i) => [k, i])) as Record<ColumnKey, number>,
);
