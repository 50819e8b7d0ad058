/**
 * readArrearsCsv: bytes of a CSV snapshot in, items out (header, then rows and rejections in file order, then
 * `end`; or a `fatal` item after which nothing follows). Streaming with bounded memory: the current chunk,
 * at most one unfinished record and the decoder's detection window (64 KiB).
 *
 * Nothing in the input makes the generator throw; only an error raised by `input` itself propagates.
 */
import { COLUMN_KEYS, REQUIRED_COLUMNS, matchArrearsColumn, type ColumnKey } from './columns.js';
import { CsvDecoder } from './decode.js';
import { CsvScanner, SCAN_BROKEN, SCAN_NONE } from './csv-scanner.js';
import type { ByteSource, CsvItem, RowError } from './types.js';
import { lastRowErrors, safeValue, validateRow } from './validate.js';

export type ReadCsvOptions = {
  /**
   * Longest record accepted, in characters (≈ bytes), from its first character to its line break; a quoted
   * record spanning several lines counts whole. Longer records are rejected as `too_long`. Default 65,536.
   */
  maxLineBytes?: number;
};

export const DEFAULT_MAX_LINE = 64 * 1024;
/** Input is processed in pieces of at most this many bytes, so one huge chunk does not make one huge batch. */
const SLICE = 64 * 1024;

export async function* readArrearsCsv(input: ByteSource, opts: ReadCsvOptions = {}): AsyncGenerator<CsvItem> {
  const maxLine = opts.maxLineBytes !== undefined && opts.maxLineBytes > 0 ? Math.floor(opts.maxLineBytes) : DEFAULT_MAX_LINE;
  const reader = new CsvReader(maxLine);
  const out = reader.out;
  for await (const piece of input) {
    // A stream with an encoding set yields strings; take them as UTF-8 rather than fail.
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    for (let off = 0; off < chunk.length; off += SLICE) {
      reader.write(chunk.subarray(off, Math.min(off + SLICE, chunk.length)));
      for (let k = 0; k < out.length; k++) yield out[k]!;
      out.length = 0;
      if (reader.finished) return;
    }
  }
  reader.end();
  for (let k = 0; k < out.length; k++) yield out[k]!;
}

class CsvReader {
  readonly out: CsvItem[] = [];
  finished = false;
  private readonly decoder = new CsvDecoder();
  private readonly scanner: CsvScanner;
  private header = false;
  /** For each field position of a record: the column's index in COLUMN_KEYS, or -1 for an unknown column. */
  private columnOf: Int8Array = new Int8Array(0);
  private readonly values: (string | undefined)[] = new Array<string | undefined>(COLUMN_KEYS.length);
  private records = 0;
  private rows = 0;
  private rejected = 0;

  constructor(maxLine: number) {
    this.scanner = new CsvScanner(maxLine);
  }

  write(bytes: Uint8Array): void {
    this.guard(() => {
      const text = this.decoder.write(bytes);
      if (this.decoder.unsupported !== null) return this.fatal({ kind: 'fatal', reason: 'unreadable', detail: this.decoder.unsupported });
      if (text !== '') this.scan(text, false);
    });
  }

  end(): void {
    this.guard(() => {
      const text = this.decoder.end();
      if (this.decoder.unsupported !== null) return this.fatal({ kind: 'fatal', reason: 'unreadable', detail: this.decoder.unsupported });
      this.scan(text, true);
      if (this.finished) return;
      this.out.push({
        kind: 'end',
        encoding: this.decoder.encoding,
        records: this.records,
        rows: this.rows,
        rejected: this.rejected,
        lines: this.scanner.lines,
      });
      this.finished = true;
    });
  }

  /** A bug of ours must not escape as an exception either: it ends the file as unreadable. */
  private guard(step: () => void): void {
    if (this.finished) return;
    try {
      step();
    } catch (e) {
      this.fatal({ kind: 'fatal', reason: 'unreadable', detail: `parser error: ${safeValue(String(e))}` });
    }
  }

  private fatal(item: CsvItem & { kind: 'fatal' }): void {
    this.out.push(item);
    this.finished = true;
  }

  private scan(text: string, final: boolean): void {
    const sc = this.scanner;
    sc.append(text);
    if (!this.header) {
      const h = sc.scanHeader(final);
      if (h === null) return;
      if (h.kind === 'none') return this.fatal({ kind: 'fatal', reason: 'empty_file' });
      if (h.kind === 'unreadable') return this.fatal({ kind: 'fatal', reason: 'unreadable', detail: h.detail });
      if (!this.readHeader(h.fields, h.line, h.delimiter)) return;
      this.header = true;
    }
    for (;;) {
      const r = sc.next(final);
      if (r === SCAN_NONE) return;
      if (r === SCAN_BROKEN) {
        this.records++;
        this.reject([{ line: sc.recordLine, column: null, reason: sc.brokenReason }]);
      } else {
        this.record(sc.fields, sc.recordLine);
      }
    }
  }

  private readHeader(fields: string[], line: number, delimiter: ';' | ','): boolean {
    if (fields.some((f) => f.includes('\u0000'))) {
      this.fatal({ kind: 'fatal', reason: 'unreadable', detail: 'not a text file' });
      return false;
    }
    const columnOf = new Int8Array(fields.length).fill(-1);
    const columns: ColumnKey[] = [];
    const unknown: string[] = [];
    const seen = new Map<ColumnKey, string>();
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i]!.trim();
      const key = matchArrearsColumn(name);
      if (key === null) {
        const shown = safeValue(name);
        if (shown !== '' && !unknown.includes(shown)) unknown.push(shown);
        continue;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const detail = `${key}: "${safeValue(earlier)}" and "${safeValue(name)}"`;
        this.fatal({ kind: 'fatal', reason: 'duplicate_column', detail });
        return false;
      }
      seen.set(key, name);
      columns.push(key);
      columnOf[i] = COLUMN_KEYS.indexOf(key);
    }
    const missing = REQUIRED_COLUMNS.filter((k) => !seen.has(k));
    if (missing.length > 0) {
      this.fatal({ kind: 'fatal', reason: 'missing_columns', missing, detail: missing.join(', ') });
      return false;
    }
    this.columnOf = columnOf;
    this.out.push({ kind: 'header', encoding: this.decoder.encoding, delimiter, line, columns, unknownColumns: unknown });
    return true;
  }

  private record(fields: string[], line: number): void {
    if (isBlank(fields)) return;
    this.records++;
    const columnOf = this.columnOf;
    if (fields.length !== columnOf.length) {
      return this.reject([{ line, column: null, reason: 'wrong_field_count', value: String(fields.length) }]);
    }
    const values = this.values;
    values.fill(undefined);
    for (let i = 0; i < fields.length; i++) {
      const c = columnOf[i]!;
      if (c >= 0) values[c] = fields[i];
    }
    const row = validateRow(values, line);
    if (row !== null) {
      this.rows++;
      this.out.push({ kind: 'row', row });
    } else {
      this.reject(lastRowErrors());
    }
  }

  private reject(errors: RowError[]): void {
    this.rejected++;
    this.out.push({ kind: 'rejected', errors });
  }
}

/** A record of nothing but empty or blank fields (`;;;;` as spreadsheets write empty rows) counts as a blank line. */
function isBlank(fields: string[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.length !== 0 && f.trim() !== '') return false;
  }
  return true;
}
