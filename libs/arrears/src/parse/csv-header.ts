/**
 * The dialect of a CSV file, read from what precedes its first record (spec "Formats a real file arrives in"):
 * an Excel `sep=;` / `sep=,` line that names the delimiter, and the header line itself, whose line break fixes the
 * file's line break and whose delimiters outside quotes decide between `;` and `,` when no `sep=` line named one.
 * Used by CsvScanner.scanHeader, which then scans the header as a record.
 */
import { CR, LF, QUOTE, SPACE, TAB } from './csv-chars.js';

/** An Excel `sep=` line: the delimiter it names, and the index just past its line break. */
export interface SepLine {
  delimiter: ';' | ',';
  next: number;
}

/**
 * For an Excel `sep=;` / `sep=,` line at i: what it names, or false if it is not one; null when more text is
 * needed to tell (never when `final`).
 */
export function sepLine(buf: string, i: number, final: boolean): SepLine | false | null {
  const n = buf.length;
  if (n - i < 6 && !final) return null;
  const d = buf.charAt(i + 4);
  if (buf.slice(i, i + 4).toLowerCase() !== 'sep=' || (d !== ';' && d !== ',')) return false;
  let k = i + 5;
  while (k < n && (buf.charCodeAt(k) === SPACE || buf.charCodeAt(k) === TAB)) k++;
  if (k >= n && !final) return null;
  const c = k < n ? buf.charCodeAt(k) : LF;
  if (c !== LF && c !== CR) return false;
  if (c === CR && k + 1 >= n && !final) return null;
  return { delimiter: d, next: c === CR && buf.charCodeAt(k + 1) === LF ? k + 2 : k + 1 };
}

/** What the header line at some index says about the file's dialect. */
export interface HeaderDialect {
  /** `;` unless `,` occurs more often outside quotes. */
  delimiter: ';' | ',';
  /** The header's line break (`\r` for a lone CR, else `\n`); null when the text ends before one. */
  eol: '\n' | '\r' | null;
}

/** The header line (from its start to its line break) is longer than the longest record allowed. */
export const HEADER_TOO_LONG = 'too_long';

/**
 * Finds the end of the header line starting at `i` (its first line break outside quotes) and counts the
 * candidate delimiters outside quotes. A quote opens a quoted name only at the start of a name, as the record
 * scanner reads it. Null when more text is needed (never when `final`).
 */
export function sniffHeader(buf: string, i: number, final: boolean, maxRecordChars: number): HeaderDialect | typeof HEADER_TOO_LONG | null {
  const n = buf.length;
  let semicolons = 0;
  let commas = 0;
  let inQuotes = false;
  let nameStart = true;
  let eol: '\n' | '\r' | null = null;
  for (let k = i; k < n; k++) {
    if (k - i > maxRecordChars) return HEADER_TOO_LONG;
    const c = buf.charCodeAt(k);
    if (inQuotes) {
      if (c === QUOTE) {
        if (k + 1 >= n && !final) return null;
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
      if (c === CR && k + 1 >= n && !final) return null;
      eol = c === CR && buf.charCodeAt(k + 1) !== LF ? '\r' : '\n';
      break;
    }
    if (c !== SPACE && c !== TAB) nameStart = false;
  }
  if (eol === null) {
    if (!final) return null;
    if (n - i > maxRecordChars) return HEADER_TOO_LONG;
  }
  return { delimiter: commas > semicolons ? ',' : ';', eol };
}
