/**
 * Parsing layer of the arrears import (spec: shared/spec/arrears-import.md): CSV and JSON snapshots in,
 * validated rows and per-row rejections out, streaming. Pure: no database, no Nest.
 *
 * Contract for the caller:
 * - `readArrearsCsv(bytes)` yields `header`, then `row` / `rejected` in file order, then `end`; or `fatal`
 *   (possibly after some rows), after which nothing follows and the snapshot must not be applied.
 *   Empty file → `fatal: empty_file`. Header only → `header` + `end` with `records: 0` (a valid, empty snapshot:
 *   with explicit departments it clears their arrears). Text is held back until the first 64 KiB have been
 *   seen (encoding detection), so small files produce everything at the end.
 * - `readArrearsJson(bytes)` yields `meta` (when `rows` begins), `row` / `rejected`, possibly a second `meta`
 *   (when meta keys follow `rows`), then `end` carrying the final meta; or `fatal`.
 * - `line`: CSV, the physical line where the record starts (header = line 1, blank lines and line breaks
 *   inside quotes counted); JSON, the 1-based index in `rows`.
 * - A rejected row lists all its errors in canonical column order; `value` only for non-personal columns.
 * - Not checked here (needs the whole snapshot or the database): the same tenancy twice (`duplicate_tenancy`)
 *   and unknown departments (`unknown_department`); both codes are in ROW_ERROR_REASONS for the caller.
 * - Memory: the current chunk plus one record; rows are never collected. Cell strings may be slices of a
 *   chunk's text, so keep rows only as long as a batch needs them.
 * - Nothing in the input makes a reader throw; an error from the input iterable itself propagates.
 */
export { ARREARS_COLUMNS, COLUMN_KEYS, REQUIRED_COLUMNS, matchArrearsColumn, normaliseHeaderName } from './columns.js';
export type { ArrearsColumn, ColumnKey } from './columns.js';
export { ROW_ERROR_REASONS } from './types.js';
export type {
  ArrearsRow,
  ByteSource,
  CsvEncoding,
  CsvFatalReason,
  CsvItem,
  JsonFatalReason,
  JsonItem,
  RowError,
  RowErrorReason,
  SnapshotMeta,
} from './types.js';
export { MAX_LENGTH, kronerNumberToOre, validateJsonRow, validateRecord, validateValues } from './validate.js';
export type { ValidationResult } from './validate.js';
export { DEFAULT_MAX_LINE, readArrearsCsv } from './csv-reader.js';
export type { ReadCsvOptions } from './csv-reader.js';
export { readArrearsJson } from './json-reader.js';
export type { ReadJsonOptions } from './json-reader.js';
