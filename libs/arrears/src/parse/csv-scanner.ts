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

/** What {@link CsvScanner.next} found; the details are in the scanner's `fields`, `recordLine` and `brokenReason`. */
export const SCAN_NONE = 0;
export const SCAN_RECORD = 1;
export const SCAN_BROKEN = 2;
export type ScanResult = typeof SCAN_NONE | typeof SCAN_RECORD | typeof SCAN_BROKEN;

export type HeaderScan =
  { kind: 'header'; fields: string[]; line: number; delimiter: ';' | ',' } | { kind: 'none' } | { kind: 'unreadable'; detail: string };

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;
const NONE = Number.POSITIVE_INFINITY;

// Results of scanning one quoted record; a positive number is the index just past the record's line break.
const NEED_MORE = -1;
const MALFORMED = -2;
const TOO_LONG = -3;

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
        const after = this.sepLine(i, final);
        if (after === null) return this.keep(i);
        if (after < 0) break;
        i = after;
      } else break;
      this.line++;
    }
    // Find the header's end (first line break outside quotes) and count the candidate delimiters outside
    // quotes. A quote opens a quoted name only at the start of a name, as the record scanner reads it.
    let semicolons = 0;
    let commas = 0;
    let inQuotes = false;
    let nameStart = true;
    let end = -1;
    for (let k = i; k < n; k++) {
      if (k - i > this.maxRecordChars) return { kind: 'unreadable', detail: 'the header line is too long' };
      const c = buf.charCodeAt(k);
      if (inQuotes) {
        if (c === QUOTE) {
          if (k + 1 >= n && !final) return this.keep(i);
          if (buf.charCodeAt(k + 1) === QUOTE) k++;
          else inQuotes = false;
        }
        continue;
      }
      if (c === QUOTE && nameStart) inQuotes = true;
      else if (c === 59 || c === 44) {
        if (c === 59) semicolons++;
        else commas++;
        nameStart = true;
        continue;
      } else if (c === LF || c === CR) {
        if (c === CR && k + 1 >= n && !final) return this.keep(i);
        this.eol = c === CR && buf.charCodeAt(k + 1) !== LF ? '\r' : '\n';
        end = k;
        break;
      }
      if (c !== SPACE && c !== TAB) nameStart = false;
    }
    if (end < 0) {
      if (!final) return this.keep(i);
      if (n - i > this.maxRecordChars) return { kind: 'unreadable', detail: 'the header line is too long' };
    }
    this.eolCode = this.eol.charCodeAt(0);
    this.delim = this.forcedDelimiter ?? (commas > semicolons ? ',' : ';');
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

  /** For a `sep=;` / `sep=,` line at i: the index after its line break; -1 if it is not one; null: need more text. */
  private sepLine(i: number, final: boolean): number | null {
    const buf = this.buf;
    const n = buf.length;
    if (n - i < 6 && !final) return null;
    const d = buf.charAt(i + 4);
    if (buf.slice(i, i + 4).toLowerCase() !== 'sep=' || (d !== ';' && d !== ',')) return -1;
    let k = i + 5;
    while (k < n && (buf.charCodeAt(k) === SPACE || buf.charCodeAt(k) === TAB)) k++;
    if (k >= n && !final) return null;
    const c = k < n ? buf.charCodeAt(k) : LF;
    if (c !== LF && c !== CR) return -1;
    if (c === CR && k + 1 >= n && !final) return null;
    this.forcedDelimiter = d;
    return c === CR && buf.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
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

  /**
   * Scans one record that may contain quoted fields, from `start`. Fills `this.fields` and returns the index
   * just past its line break (or the end of the text when `final`), or NEED_MORE / MALFORMED / TOO_LONG.
   */
  private scanQuoted(start: number, final: boolean): number {
    const buf = this.buf;
    const n = buf.length;
    const max = this.maxRecordChars;
    const delim = this.delimCode;
    const eol = this.eolCode;
    const crlf = eol === LF;
    // The record's span (start to its line break, or to the end of the text) decides "too long". Every exit
    // below keeps that rule whether or not the whole record is in the buffer: when it is not, the span is at
    // least what the buffer holds.
    const moreOrTooLong = n - start > max ? TOO_LONG : NEED_MORE;
    const fields: string[] = [];
    let i = start;
    for (;;) {
      let j = i;
      while (j < n && (buf.charCodeAt(j) === SPACE || buf.charCodeAt(j) === TAB)) j++;
      if (j < n && buf.charCodeAt(j) === QUOTE) {
        let value = '';
        let k = j + 1;
        let m: number;
        for (;;) {
          const q = buf.indexOf('"', k);
          if (q < 0) return final ? (n - start > max ? TOO_LONG : MALFORMED) : moreOrTooLong;
          if (q - start > max) return TOO_LONG;
          if (q + 1 >= n && !final) return moreOrTooLong;
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(k, q + 1);
            k = q + 2;
            continue;
          }
          value += buf.slice(k, q);
          m = q + 1;
          break;
        }
        while (m < n && (buf.charCodeAt(m) === SPACE || buf.charCodeAt(m) === TAB)) m++;
        fields.push(value);
        let lineBreak: number; // index of the record's line break (n at the end of the text)
        let end: number; // index just past it
        if (m >= n) {
          if (!final) return moreOrTooLong;
          lineBreak = end = n;
        } else {
          const c = buf.charCodeAt(m);
          if (c === delim) {
            i = m + 1;
            continue;
          }
          if (c === eol) {
            lineBreak = m;
            end = m + 1;
          } else if (c === CR && crlf && m + 1 >= n) {
            if (!final) return moreOrTooLong;
            lineBreak = end = n;
          } else if (c === CR && crlf && buf.charCodeAt(m + 1) === LF) {
            lineBreak = m + 1;
            end = m + 2;
          } else {
            return m - start > max ? TOO_LONG : MALFORMED;
          }
        }
        if (lineBreak - start > max) return TOO_LONG;
        this.fields = fields;
        return end;
      }
      // Unquoted field: up to the delimiter or the line break.
      let k = i;
      while (k < n) {
        const c = buf.charCodeAt(k);
        if (c === delim || c === eol) break;
        k++;
      }
      if (k >= n) {
        if (!final) return moreOrTooLong;
        if (n - start > max) return TOO_LONG;
        fields.push(buf.slice(i, n));
        this.fields = fields;
        return n;
      }
      if (buf.charCodeAt(k) === delim) {
        fields.push(buf.slice(i, k));
        i = k + 1;
        continue;
      }
      if (k - start > max) return TOO_LONG;
      const contentEnd = crlf && k > i && buf.charCodeAt(k - 1) === CR ? k - 1 : k;
      fields.push(buf.slice(i, contentEnd));
      this.fields = fields;
      return k + 1;
    }
  }
}

const VALID_QUOTED = /^(?:[^"]|"")*$/;
const DOUBLED = /""/g;

/**
 * Turns the pieces of a line split at every delimiter into field values, when each piece is either unquoted
 * or one whole quoted field (`"..."` with optional spaces around, inner quotes doubled). Returns false when a
 * piece is not, i.e. a quoted field held a delimiter or line break, or the quoting is broken: the caller then
 * scans the record character by character, which gives the same values for the pieces accepted here.
 */
function unquote(pieces: string[]): boolean {
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p]!;
    let a = 0;
    while (a < piece.length && (piece.charCodeAt(a) === SPACE || piece.charCodeAt(a) === TAB)) a++;
    if (a >= piece.length || piece.charCodeAt(a) !== QUOTE) continue;
    let b = piece.length - 1;
    while (b > a && (piece.charCodeAt(b) === SPACE || piece.charCodeAt(b) === TAB)) b--;
    if (b === a || piece.charCodeAt(b) !== QUOTE) return false;
    const inner = piece.slice(a + 1, b);
    if (inner.includes('"')) {
      if (!VALID_QUOTED.test(inner)) return false;
      pieces[p] = inner.replace(DOUBLED, '"');
    } else {
      pieces[p] = inner;
    }
  }
  return true;
}
