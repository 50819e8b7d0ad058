/**
 * Splits decoded CSV text into records, incrementally: text goes in as it arrives, records come out with the
 * physical line they start on. Memory holds the current chunk and at most one unfinished record.
 *
 * Dialect (spec "Formats a real file arrives in"):
 * - Delimiter `;` or `,`, whichever occurs more often outside quotes in the header (`;` on a tie), unless an
 *   Excel `sep=;` / `sep=,` line before the header names it.
 * - Line breaks LF or CRLF, or lone CR (old Mac Excel), decided by the header's line break.
 * - A field starting with `"` (after optional spaces) is quoted: it may hold the delimiter, line breaks and
 *   `""` for a quote, and may only be followed by spaces and then a delimiter or line break. A quote inside an
 *   unquoted field is an ordinary character (`3" rør`).
 * - Empty lines, and lines with nothing but delimiters and spaces, are skipped.
 *
 * Broken records never stop the scan. A record with broken quoting (text after a closing quote, or a quote
 * never closed) is reported as `malformed` at its first line, and a record spanning more than `maxRecordChars`
 * characters (line breaks excluded from neither) as `too_long`; in both cases scanning resumes at the line after
 * the record's first line, so one stray quote costs one line, not the rest of the file. The decision depends
 * only on the text, never on how it was chunked.
 */

import { CR, LF, SPACE, TAB } from './csv-chars.js';
import { HEADER_TOO_LONG, sepLine, sniffHeader } from './csv-header.js';
import { MALFORMED, NEED_MORE, TOO_LONG, scanQuotedRecord, unquote } from './csv-quoting.js';

/** What {@link CsvScanner.next} found; the details are in the scanner's `fields`, `recordLine` and `brokenReason`. */
export const SCAN_NONE = 0;
export const SCAN_RECORD = 1;
export const SCAN_BROKEN = 2;
export type ScanResult = typeof SCAN_NONE | typeof SCAN_RECORD | typeof SCAN_BROKEN;

export type HeaderScan =
  { kind: 'header'; fields: string[]; line: number; delimiter: ';' | ',' } | { kind: 'none' } | { kind: 'unreadable'; detail: string };

const NONE = Number.POSITIVE_INFINITY;

export class CsvScanner {
  private buf = '';
  private pos = 0;
  /** Physical line number at `pos`. */
  private line = 1;
  private delim = ';';
  private delimCode = 59;
  private eol = '\n';
  private eolCode = LF;
  /** Index of the next `"` at or after pos in buf (NONE: no more in buf; -1: not looked up yet). */
  private nextQuote = -1;
  /** Discarding the rest of an over-long line; scanning resumes at `line` after the next line break. */
  private skipping = false;
  private headerDone = false;
  /** Set by an Excel `sep=` line before the header. */
  private forcedDelimiter: ';' | ',' | null = null;
  /** The record (or broken record) found by the last `next()`. */
  fields: string[] = [];
  recordLine = 0;
  brokenReason: 'malformed_record' | 'too_long' = 'malformed_record';

  constructor(private readonly maxRecordChars: number) {}

  /** Physical lines seen so far (after the end: lines in the file). */
  get lines(): number {
    return this.buf.length > this.pos ? this.line : this.line - 1;
  }

  append(text: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.nextQuote = -1;
    if (this.skipping) {
      const e = this.buf.indexOf(this.eol);
      if (e < 0) {
        this.buf = '';
        return;
      }
      this.skipping = false;
      this.pos = e + 1;
    }
  }

  /**
   * Reads the header record (skipping blank lines before it, including lines of only delimiters) and fixes the
   * delimiter and line break. Returns null when more text is needed (never when `final`).
   */
  scanHeader(final: boolean): HeaderScan | null {
    for (;;) {
      const r = this.scanHeaderOnce(final);
      if (r === null || r.kind !== 'header' || r.fields.some((f) => f.trim() !== '')) {
        if (r !== null && r.kind === 'header') this.headerDone = true;
        return r;
      }
    }
  }

  private scanHeaderOnce(final: boolean): HeaderScan | null {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    // Blank lines before the header.
    for (;;) {
      let j = i;
      while (j < n && (buf.charCodeAt(j) === SPACE || buf.charCodeAt(j) === TAB)) j++;
      if (j >= n) {
        if (!final) return this.keep(i);
        return { kind: 'none' };
      }
      const c = buf.charCodeAt(j);
      if (c === LF) i = j + 1;
      else if (c === CR) {
        if (j + 1 >= n && !final) return this.keep(i);
        i = buf.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
      } else if ((c === 115 || c === 83) && this.forcedDelimiter === null && j === i) {
        // Excel's "sep=;" line names the delimiter and precedes the header.
        const sep = sepLine(buf, i, final);
        if (sep === null) return this.keep(i);
        if (sep === false) break;
        this.forcedDelimiter = sep.delimiter;
        i = sep.next;
      } else break;
      this.line++;
    }
    const dialect = sniffHeader(buf, i, final, this.maxRecordChars);
    if (dialect === null) return this.keep(i);
    if (dialect === HEADER_TOO_LONG) return { kind: 'unreadable', detail: 'the header line is too long' };
    if (dialect.eol !== null) this.eol = dialect.eol;
    this.eolCode = this.eol.charCodeAt(0);
    this.delim = this.forcedDelimiter ?? dialect.delimiter;
    this.delimCode = this.delim.charCodeAt(0);
    this.pos = i;
    const line = this.line;
    const r = this.scanQuoted(i, final);
    if (r === NEED_MORE) return this.keep(i);
    if (r === TOO_LONG) return { kind: 'unreadable', detail: 'the header line is too long' };
    if (r === MALFORMED) return { kind: 'unreadable', detail: 'the header has broken quoting' };
    this.advance(i, r);
    return { kind: 'header', fields: this.fields, line, delimiter: this.delim as ';' | ',' };
  }

  private keep(i: number): null {
    this.pos = i;
    return null;
  }

  /**
   * Scans the next record into `fields`/`recordLine` (or a broken one into `recordLine`/`brokenReason`).
   * SCAN_NONE when the buffer is used up (more text needed, or the end when `final`). Blank lines are skipped
   * here; records of only empty fields are left to the caller.
   */
  next(final: boolean): ScanResult {
    if (!this.headerDone) throw new Error('scanHeader first');
    const buf = this.buf;
    const n = buf.length;
    for (;;) {
      if (this.skipping) return SCAN_NONE;
      const start = this.pos;
      if (start >= n) return SCAN_NONE;
      const c = buf.charCodeAt(start);
      if (c === this.eolCode) {
        this.pos++;
        this.line++;
        continue;
      }
      if (c === CR && this.eolCode === LF) {
        if (start + 1 >= n) {
          if (!final) return SCAN_NONE;
          this.pos++;
          continue;
        }
        if (buf.charCodeAt(start + 1) === LF) {
          this.pos += 2;
          this.line++;
          continue;
        }
      }
      const line = this.line;
      const nl = buf.indexOf(this.eol, start);
      if (this.nextQuote !== NONE && this.nextQuote < start) {
        const q = buf.indexOf('"', start);
        this.nextQuote = q < 0 ? NONE : q;
      }
      const lineEnd = nl < 0 ? n : nl;
      if (lineEnd - start > this.maxRecordChars) return this.broken('too_long', start, final);
      if (nl >= 0 || final) {
        // Fast path: split the line at every delimiter, then undo the quoting of fields that are simply
        // quoted. Anything else (a delimiter or line break inside quotes, broken quoting) is left to scanQuoted.
        let contentEnd = lineEnd;
        if (this.eolCode === LF && contentEnd > start && buf.charCodeAt(contentEnd - 1) === CR) contentEnd--;
        const fields = buf.slice(start, contentEnd).split(this.delim);
        if (this.nextQuote >= contentEnd || unquote(fields)) {
          this.pos = nl < 0 ? n : nl + 1;
          this.line++;
          this.fields = fields;
          this.recordLine = line;
          return SCAN_RECORD;
        }
      } else if (this.nextQuote === NONE) {
        return SCAN_NONE;
      }
      const r = this.scanQuoted(start, final);
      if (r === NEED_MORE) return SCAN_NONE;
      if (r === MALFORMED) return this.broken('malformed_record', start, final);
      if (r === TOO_LONG) return this.broken('too_long', start, final);
      this.advance(start, r);
      this.recordLine = line;
      return SCAN_RECORD;
    }
  }

  /** Reports the record at `start` as broken and moves to the line after its first line. */
  private broken(reason: 'malformed_record' | 'too_long', start: number, final: boolean): ScanResult {
    this.recordLine = this.line;
    this.brokenReason = reason;
    const e = this.buf.indexOf(this.eol, start);
    if (e >= 0) {
      this.pos = e + 1;
    } else if (final) {
      this.pos = this.buf.length;
    } else {
      this.skipping = true;
      this.buf = '';
      this.pos = 0;
    }
    this.line++;
    return SCAN_BROKEN;
  }

  /** Moves past a record scanned from `start` to `end`, counting the line breaks inside it. */
  private advance(start: number, end: number): void {
    let lines = 0;
    for (let k = this.buf.indexOf(this.eol, start); k >= 0 && k < end; k = this.buf.indexOf(this.eol, k + 1)) lines++;
    // A record ending at the end of the text without a line break still occupied its last line.
    const last = end > start ? this.buf.charCodeAt(end - 1) : -1;
    if (last !== this.eolCode) lines++;
    this.pos = end;
    this.line += lines;
  }

  /** scanQuotedRecord (csv-quoting.ts) from `start` with this file's dialect, into `fields`. */
  private scanQuoted(start: number, final: boolean): number {
    return scanQuotedRecord(this, this.buf, start, final, this.maxRecordChars, this.delimCode, this.eolCode);
  }
}
