import type { ColumnKey } from './columns.js';

/** One valid row of a snapshot, normalised: money in integer øre, dates as `YYYY-MM-DD`, empty optional cells null. */
export type ArrearsRow = {
  /** CSV: physical line where the record starts (header = line 1). JSON: 1-based index in `rows`. */
  line: number;
  tenancyNumber: string;
  departmentCode: string;
  address: string | null;
  unit: string | null;
  postalCode: string | null;
  /** Empty when the cell is empty. */
  tenantNames: string[];
  /** 10 digits, DDMMYYSSSS. */
  tenantCpr: string | null;
  /** `+45` and 8 digits for a Danish number; `+` and the digits for a foreign one written with +/00. */
  phone: string | null;
  email: string | null;
  monthlyRentOre: number | null;
  arrearsOre: number;
  oldestUnpaidDueDate: string | null;
  demandSentDate: string | null;
  terminationDate: string | null;
  courtFiledDate: string | null;
  evictionDate: string | null;
  childrenInHousehold: number | null;
  paymentAgreement: boolean | null;
};

/**
 * Why a row (or one of its cells) was rejected. Stable codes: the import's error list stores them and the UI
 * translates them. `duplicate_tenancy` and `unknown_department` are not produced by the parser (they need the
 * whole snapshot or the database) but belong to the same list so staging and apply report them alike.
 */
export const ROW_ERROR_REASONS = [
  'required',
  'invalid_money',
  'negative_amount',
  'invalid_date',
  'impossible_date',
  'date_out_of_range',
  'invalid_cpr',
  'invalid_cpr_date',
  'invalid_postal_code',
  'invalid_phone',
  'invalid_email',
  'invalid_integer',
  'invalid_boolean',
  'invalid_type',
  'invalid_text',
  'invalid_encoding',
  'too_long',
  'malformed_record',
  'wrong_field_count',
  'not_an_object',
  'duplicate_tenancy',
  'unknown_department',
] as const;

export type RowErrorReason = (typeof ROW_ERROR_REASONS)[number];

export type RowError = {
  line: number;
  /** Canonical column key, or null for a whole-record problem. */
  column: ColumnKey | null;
  reason: RowErrorReason;
  /**
   * The offending cell (trimmed, at most 100 characters, control characters replaced), only for columns that
   * hold no personal data: never for CPR, names, address, unit, phone or email. For `wrong_field_count` it is
   * the number of fields found; for `invalid_type` the JSON type found.
   */
  value?: string;
  /** The row's tenancy number when it could be read, so staff can find the tenancy the error is about. */
  tenancyNumber?: string;
};

export type CsvEncoding = 'utf-8' | 'windows-1252';

/**
 * `unreadable`: UTF-16, a binary file, a header with broken quoting or longer than maxLineBytes (or, never
 * expected, a bug of the parser: reported rather than thrown). There is no `header_only`: a file with a header
 * and no records is a valid, empty snapshot and ends with an `end` item whose `records` is 0.
 */
export type CsvFatalReason = 'empty_file' | 'missing_columns' | 'duplicate_column' | 'unreadable';

export type CsvItem =
  | {
      kind: 'header';
      /**
       * The encoding as decided when the header was read. A file whose first 64 KiB are plain ASCII is reported
       * as 'utf-8' here and decided for good at its first non-ASCII character; the `end` item has the final word.
       */
      encoding: CsvEncoding;
      delimiter: ';' | ',';
      line: number;
      /** Recognised columns in file order. */
      columns: ColumnKey[];
      /** Header cells that name no column, as written (trimmed, each reported once, empty cells left out). */
      unknownColumns: string[];
    }
  | { kind: 'row'; row: ArrearsRow }
  | { kind: 'rejected'; errors: RowError[] }
  | {
      /** Always the last item of a file that could be read; a header-only file is an `end` with `records: 0`. */
      kind: 'end';
      encoding: CsvEncoding;
      /** Data records read (rows + rejected); blank lines do not count. */
      records: number;
      rows: number;
      rejected: number;
      /** Physical lines in the file. */
      lines: number;
    }
  | { kind: 'fatal'; reason: CsvFatalReason; detail?: string; missing?: ColumnKey[] };

export type SnapshotMeta = { source?: string; asOf?: string; departments?: string[] };

export type JsonFatalReason =
  | 'empty_file'
  | 'invalid_json'
  | 'not_an_object'
  | 'rows_missing'
  | 'rows_not_array'
  | 'duplicate_key'
  | 'invalid_meta'
  /** A bug of the parser itself (never expected): reported rather than thrown. */
  | 'unreadable';

export type JsonItem =
  | ({ kind: 'meta' } & SnapshotMeta)
  | { kind: 'row'; row: ArrearsRow }
  | { kind: 'rejected'; errors: RowError[] }
  | { kind: 'end'; records: number; rows: number; rejected: number; meta: SnapshotMeta }
  | { kind: 'fatal'; reason: JsonFatalReason; detail?: string };

export type ByteSource = AsyncIterable<Buffer | Uint8Array>;
