/**
 * Streaming decoder for CSV uploads: UTF-8 (with or without BOM) or Windows-1252 (which covers ISO-8859-1's
 * letters), decided from the bytes, so æøåÆØÅ come out right either way.
 *
 * Rule (deterministic: the same bytes give the same text however they are chunked):
 * 1. A UTF-8 BOM means UTF-8. A UTF-16 BOM is reported as unsupported.
 * 2. Otherwise the first 64 KiB decide, if they hold a non-ASCII byte: UTF-8 when they hold at least as many
 *    valid non-ASCII UTF-8 sequences as bytes that are not valid UTF-8, else Windows-1252. Danish text in
 *    Windows-1252 is practically never valid UTF-8 ("ø" is 0xF8, not a UTF-8 byte at all; "æ"/"å", 0xE6/0xE5,
 *    would need two continuation bytes after them), so a clean file is never in doubt; the majority only
 *    matters for a file that mixes both, where it keeps the larger part readable.
 * 3. If the first 64 KiB are plain ASCII (identical in both encodings), the decision waits for the first
 *    non-ASCII byte: a valid UTF-8 sequence there means UTF-8, anything else Windows-1252.
 * Bytes that are invalid in the chosen encoding become U+FFFD, and UTF-8 bytes read as Windows-1252 become
 * sequences like "Ã¸": the validator rejects both as `invalid_encoding` rather than storing a garbled name.
 */
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import type { CsvEncoding } from './types.js';

export const DETECT_WINDOW = 64 * 1024;

/** Length of the UTF-8 sequence at `i` if valid (1-4), 0 if invalid, -1 if cut off by `end`. */
export function utf8SequenceAt(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0)
      lo = 0xa0; // no overlong forms
    else if (b === 0xed) hi = 0x9f; // no UTF-16 surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f; // nothing past U+10FFFF
  } else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return -1;
    const c = bytes[i + k]!;
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0;
  }
  return need + 1;
}

function firstNonAscii(bytes: Uint8Array, from = 0): number {
  for (let i = from; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/**
 * Counts, in bytes[from..], the valid non-ASCII UTF-8 sequences and the bytes that start no valid sequence.
 * A sequence cut off at the end counts as valid unless `atEnd`.
 */
function utf8Evidence(bytes: Uint8Array, from: number, atEnd: boolean): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = from;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceAt(bytes, i, bytes.length);
    if (len > 0) {
      valid++;
      i += len;
    } else if (len < 0 && !atEnd) {
      valid++;
      break;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

export class CsvDecoder {
  private mode: 'detect' | 'pending' | CsvEncoding = 'detect';
  private head: Uint8Array[] = [];
  private headLength = 0;
  /** Pending mode: the start of a non-ASCII sequence cut off by a chunk edge. */
  private stash: Uint8Array | null = null;
  private utf8: TextDecoder | null = null;
  private cp1252: ReturnType<typeof iconv.getDecoder> | null = null;
  /** Set when the bytes are in an encoding this decoder does not read (a UTF-16 BOM). */
  unsupported: string | null = null;

  /** The encoding decided so far ('utf-8' while nothing but ASCII has been seen). */
  get encoding(): CsvEncoding {
    return this.mode === 'windows-1252' ? 'windows-1252' : 'utf-8';
  }

  write(chunk: Uint8Array): string {
    if (chunk.length === 0) return '';
    if (this.mode !== 'detect') return this.decode(chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    return this.headLength >= DETECT_WINDOW ? this.decide(false) : '';
  }

  end(): string {
    let text = this.mode === 'detect' ? this.decide(true) : '';
    if (this.mode === 'pending' && this.stash !== null) {
      // A non-ASCII sequence cut off by the end of the file is not UTF-8.
      const stash = this.stash;
      this.stash = null;
      this.mode = 'windows-1252';
      text += this.decode(stash);
    }
    if (this.utf8 !== null) text += this.utf8.decode();
    if (this.cp1252 !== null) text += this.cp1252.end() ?? '';
    return text;
  }

  private decide(atEnd: boolean): string {
    const all = Buffer.concat(this.head);
    this.head = [];
    if (all.length >= 2 && ((all[0] === 0xff && all[1] === 0xfe) || (all[0] === 0xfe && all[1] === 0xff))) {
      this.unsupported = 'UTF-16 text; save the file as CSV in UTF-8 or Windows-1252';
      this.mode = 'windows-1252';
      return '';
    }
    if (all.length >= 3 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf) {
      this.mode = 'utf-8';
    } else {
      const window = all.subarray(0, DETECT_WINDOW);
      const p = firstNonAscii(window);
      if (p < 0) this.mode = 'pending';
      else {
        const { valid, invalid } = utf8Evidence(window, p, atEnd && all.length <= DETECT_WINDOW);
        this.mode = valid >= invalid ? 'utf-8' : 'windows-1252';
      }
    }
    return this.decode(all);
  }

  private decode(bytes: Uint8Array): string {
    if (this.mode === 'utf-8') {
      // The default (ignoreBOM: false) drops a leading BOM.
      this.utf8 ??= new TextDecoder('utf-8');
      return this.utf8.decode(bytes, { stream: true });
    }
    if (this.mode === 'windows-1252') {
      this.cp1252 ??= iconv.getDecoder('windows-1252');
      return this.cp1252.write(asBuffer(bytes));
    }
    // pending: everything so far was ASCII
    if (this.stash !== null) {
      const joined = new Uint8Array(this.stash.length + bytes.length);
      joined.set(this.stash);
      joined.set(bytes, this.stash.length);
      this.stash = null;
      bytes = joined;
    }
    if (isAscii(bytes)) return asBuffer(bytes).toString('latin1');
    const p = firstNonAscii(bytes);
    const ascii = asBuffer(bytes.subarray(0, p)).toString('latin1');
    const len = utf8SequenceAt(bytes, p, bytes.length);
    if (len < 0) {
      this.stash = bytes.slice(p);
      return ascii;
    }
    this.mode = len > 0 ? 'utf-8' : 'windows-1252';
    return ascii + this.decode(bytes.subarray(p));
  }
}
