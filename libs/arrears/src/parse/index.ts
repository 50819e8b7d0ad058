/**
 * Parsing layer of the arrears import (spec: shared/spec/arrears-import.md): CSV and JSON snapshots in,
 * validated rows and per-row rejections out, streaming. Pure: no database, no Nest.
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
