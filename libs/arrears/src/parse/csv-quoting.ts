/**
 * Quoted fields, for CsvScanner: the character-by-character scan of a record that may hold quoted fields
 * (delimiters and line breaks inside quotes, `""` for a quote, broken quoting), and `unquote`, which lets the
 * scanner's fast path (split the line at every delimiter) handle the simply quoted fields without it.
 */
import { CR, LF, QUOTE, SPACE, TAB } from './csv-chars.js';

// What scanQuotedRecord returns when it found no record; a record is a positive number.
/** The record does not end in the text so far. */
export const NEED_MORE = -1;
/** Broken quoting: text after a closing quote, or (at the end) a quote never closed. */
export const MALFORMED = -2;
/** The record spans more than the longest record allowed. */
export const TOO_LONG = -3;

/**
 * Scans one record that may contain quoted fields, from `start`, with the file's delimiter and line break (char
 * codes; `eol` LF also takes CRLF). Puts its fields in `out.fields` and returns the index just past its line
 * break (or the end of the text when `final`), or NEED_MORE / MALFORMED / TOO_LONG (`out` untouched).
 */
export function scanQuotedRecord(
  out: { fields: string[] },
  buf: string,
  start: number,
  final: boolean,
  max: number,
  delim: number,
  eol: number,
): number {
  const n = buf.length;
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
      out.fields = fields;
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
      out.fields = fields;
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
    out.fields = fields;
    return k + 1;
  }
}

const VALID_QUOTED = /^(?:[^"]|"")*$/;
const DOUBLED = /""/g;

/**
 * Turns the pieces of a line split at every delimiter into field values, when each piece is either unquoted
 * or one whole quoted field (`"..."` with optional spaces around, inner quotes doubled). Returns false when a
 * piece is not, i.e. a quoted field held a delimiter or line break, or the quoting is broken: the caller then
 * scans the record with scanQuotedRecord, which gives the same values for the pieces accepted here.
 */
export function unquote(pieces: string[]): boolean {
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
