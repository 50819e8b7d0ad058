/**
 * readArrearsJson: a JSON snapshot `{ "source"?, "asOf"?, "departments"?, "rows": [ {...}, ... ] }` streamed
 * into items: `meta` (when `rows` begins, with the keys seen before it; again after the last row if more meta
 * keys follow `rows`), one `row` or `rejected` per element of `rows` in order, then `end` (which carries the
 * final meta); or a `fatal` item, after which nothing follows. A fatal item can come after rows (e.g. the body
 * is cut off half way): the caller must then discard the snapshot.
 *
 * How it streams: a small state machine walks the top-level object and finds where each element of `rows`
 * starts and ends (tracking strings, escapes and nesting); each element's text alone goes to JSON.parse. So
 * memory holds the current chunk and one element, and JSON.parse (native, strict) validates every element.
 * Elements longer than `maxRowChars` are rejected as `too_long` without being held (or validated).
 * stream-json is not used: it is ESM-only and the jest setup here loads node_modules as CommonJS; and the
 * element-at-a-time JSON.parse is several times faster than assembling objects from tokens.
 */
import { TextDecoder } from 'node:util';
import { parseDanishDate } from '@forebyg/domain';
import type { ByteSource, JsonItem, RowError, SnapshotMeta } from './types.js';
import { lastRowErrors, safeValue, validateJsonElement } from './validate.js';

export type ReadJsonOptions = {
  /** Longest element of `rows`, in characters; longer ones are rejected as `too_long`. Default 262,144. */
  maxRowChars?: number;
};

const SLICE = 64 * 1024;
const MAX_META_CHARS = 1024 * 1024;
const MAX_KEY_CHARS = 1024;

// Where the walk is in the top-level object.
const S_START = 0; // before the top-level value
const S_KEY_OR_CLOSE = 1; // after `{`
const S_KEY = 2; // after `,`
const S_IN_KEY = 3;
const S_COLON = 4;
const S_VALUE = 5;
const S_AFTER_VALUE = 6;
const S_ELEMENT_OR_CLOSE = 7; // after `rows: [`
const S_ELEMENT = 8; // after `,` in rows
const S_AFTER_ELEMENT = 9;
const S_IN_VALUE = 10; // inside a value being delimited (an element of rows, or another top-level value)
const S_DONE = 11; // after the closing `}`

// Kinds of the value being delimited.
const V_CONTAINER = 1;
const V_STRING = 2;
const V_SCALAR = 3;

const NONE = Number.POSITIVE_INFINITY;

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
const isScalarChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 43 || c === 45 || c === 46;

export async function* readArrearsJson(input: ByteSource, opts: ReadJsonOptions = {}): AsyncGenerator<JsonItem> {
  const reader = new JsonReader(opts.maxRowChars !== undefined && opts.maxRowChars > 0 ? opts.maxRowChars : 256 * 1024);
  const decoder = new TextDecoder('utf-8');
  const out = reader.out;
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    for (let off = 0; off < chunk.length; off += SLICE) {
      reader.guard(() => reader.push(decoder.decode(chunk.subarray(off, Math.min(off + SLICE, chunk.length)), { stream: true })));
      for (let k = 0; k < out.length; k++) yield out[k]!;
      out.length = 0;
      if (reader.finished) return;
    }
  }
  reader.guard(() => {
    reader.push(decoder.decode());
    reader.end();
  });
  for (let k = 0; k < out.length; k++) yield out[k]!;
}

class JsonReader {
  readonly out: JsonItem[] = [];
  finished = false;
  private state = S_START;
  private offset = 0; // characters before the current chunk
  private key = '';
  private keyParts = '';
  private keyEscape = false;
  private readonly metaSeen = new Set<string>();
  private readonly meta: SnapshotMeta = {};
  private rowsSeen = false;
  private metaAfterRows = false;
  // The value being delimited.
  private target: 'row' | 'meta' = 'row';
  private vKind = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private captured = '';
  private oversized = false;
  // Counts.
  private index = 0;
  private rows = 0;
  private rejected = 0;

  constructor(private readonly maxRowChars: number) {}

  guard(step: () => void): void {
    if (this.finished) return;
    try {
      step();
    } catch (e) {
      this.fatal('unreadable', `parser error: ${safeValue(String(e))}`);
    }
  }

  private fatal(reason: (JsonItem & { kind: 'fatal' })['reason'], detail?: string): void {
    if (this.finished) return;
    this.out.push(detail === undefined ? { kind: 'fatal', reason } : { kind: 'fatal', reason, detail });
    this.finished = true;
  }

  private invalid(at: number, what: string): void {
    this.fatal('invalid_json', `${what} at character ${this.offset + at + 1}`);
  }

  push(s: string): void {
    const n = s.length;
    let i = 0;
    let bs = -1; // next backslash at or after i (NONE: none left in s)
    while (i < n && !this.finished) {
      const state = this.state;
      if (state === S_IN_VALUE) {
        const start = i;
        // Delimit the value; `end` is the index just past it, or -1 when it goes on past this chunk.
        let end = -1;
        if (this.vKind === V_SCALAR) {
          while (i < n && isScalarChar(s.charCodeAt(i))) i++;
          if (i < n) end = i;
        } else {
          while (i < n) {
            if (this.inString) {
              if (this.escape) {
                this.escape = false;
                i++;
                continue;
              }
              const q = s.indexOf('"', i);
              if (bs !== NONE && bs < i) {
                const b = s.indexOf('\\', i);
                bs = b < 0 ? NONE : b;
              }
              if (bs < (q < 0 ? n : q)) {
                this.escape = true;
                i = bs + 1;
                continue;
              }
              if (q < 0) {
                i = n;
                break;
              }
              i = q + 1;
              this.inString = false;
              if (this.vKind === V_STRING) {
                end = i;
                break;
              }
              continue;
            }
            const c = s.charCodeAt(i++);
            if (c === 34) this.inString = true;
            else if (c === 123 || c === 91) this.depth++;
            else if (c === 125 || c === 93) {
              if (--this.depth === 0) {
                end = i;
                break;
              }
            }
          }
        }
        this.capture(s, start, end < 0 ? n : end);
        if (end >= 0) this.valueDone(end);
        continue;
      }
      const c = s.charCodeAt(i);
      if (state === S_IN_KEY) {
        // Keys are short: character by character, keeping the raw text for JSON.parse.
        if (this.keyEscape) this.keyEscape = false;
        else if (c === 92) this.keyEscape = true;
        else if (c === 34) {
          this.keyDone(i);
          i++;
          continue;
        }
        if (this.keyParts.length < MAX_KEY_CHARS) this.keyParts += s[i];
        i++;
        continue;
      }
      if (isWs(c)) {
        i++;
        continue;
      }
      i++;
      switch (state) {
        case S_START:
          if (c === 123) this.state = S_KEY_OR_CLOSE;
          else if (c === 91 || c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110) {
            this.fatal('not_an_object', 'the body must be a JSON object with "rows"');
          } else this.invalid(i - 1, 'not JSON');
          break;
        case S_KEY_OR_CLOSE:
        case S_KEY:
          if (c === 34) {
            this.state = S_IN_KEY;
            this.keyParts = '';
          } else if (c === 125 && state === S_KEY_OR_CLOSE) this.state = S_DONE;
          else this.invalid(i - 1, 'expected a key');
          break;
        case S_COLON:
          if (c === 58) this.state = S_VALUE;
          else this.invalid(i - 1, 'expected ":"');
          break;
        case S_VALUE:
          this.valueStart(c, i - 1);
          break;
        case S_AFTER_VALUE:
          if (c === 44) this.state = S_KEY;
          else if (c === 125) this.state = S_DONE;
          else this.invalid(i - 1, 'expected "," or "}"');
          break;
        case S_ELEMENT_OR_CLOSE:
        case S_ELEMENT:
          if (c === 93 && state === S_ELEMENT_OR_CLOSE) this.rowsEnd();
          else this.beginValue('row', c, i - 1);
          break;
        case S_AFTER_ELEMENT:
          if (c === 44) this.state = S_ELEMENT;
          else if (c === 93) this.rowsEnd();
          else this.invalid(i - 1, `expected "," or "]" after row ${this.index}`);
          break;
        case S_DONE:
          this.invalid(i - 1, 'text after the end of the object');
          break;
      }
      // A value starting here is delimited from its first character on.
      if (this.state === S_IN_VALUE) i--;
    }
    this.offset += n;
  }

  end(): void {
    if (this.finished) return;
    if (this.state === S_START) return this.fatal('empty_file');
    if (this.state !== S_DONE) return this.fatal('invalid_json', 'the text ends before the object is closed');
    if (!this.rowsSeen) return this.fatal('rows_missing', 'the object has no "rows"');
    if (this.metaAfterRows) this.out.push({ kind: 'meta', ...this.meta });
    this.out.push({ kind: 'end', records: this.index, rows: this.rows, rejected: this.rejected, meta: { ...this.meta } });
    this.finished = true;
  }

  private keyDone(at: number): void {
    this.state = S_COLON;
    if (this.keyParts.length >= MAX_KEY_CHARS) {
      this.key = ''; // no key we know is that long
      return;
    }
    let key: unknown;
    try {
      key = JSON.parse(`"${this.keyParts}"`);
    } catch {
      return this.invalid(at, 'invalid key');
    }
    this.key = String(key);
  }

  private valueStart(c: number, at: number): void {
    const key = this.key;
    if (key === 'rows') {
      if (this.rowsSeen) return this.fatal('duplicate_key', 'rows');
      if (c !== 91) return this.fatal('rows_not_array', '"rows" must be an array');
      this.rowsSeen = true;
      this.out.push({ kind: 'meta', ...this.meta });
      this.state = S_ELEMENT_OR_CLOSE;
      return;
    }
    if (key === 'source' || key === 'asOf' || key === 'departments') {
      if (this.metaSeen.has(key)) return this.fatal('duplicate_key', key);
      this.metaSeen.add(key);
      if (this.rowsSeen) this.metaAfterRows = true;
    }
    this.beginValue('meta', c, at);
  }

  private beginValue(target: 'row' | 'meta', c: number, at: number): void {
    this.target = target;
    this.captured = '';
    this.oversized = false;
    this.inString = false;
    this.escape = false;
    this.depth = 0;
    if (c === 123 || c === 91) this.vKind = V_CONTAINER;
    else if (c === 34) this.vKind = V_STRING;
    else if (isScalarChar(c)) this.vKind = V_SCALAR;
    else return this.invalid(at, target === 'row' ? `row ${this.index + 1} is not a JSON value` : 'expected a value');
    this.state = S_IN_VALUE;
  }

  private capture(s: string, from: number, to: number): void {
    if (this.oversized) return;
    const limit = this.target === 'row' ? this.maxRowChars : MAX_META_CHARS;
    if (this.captured.length + (to - from) > limit) {
      this.oversized = true;
      this.captured = '';
      return;
    }
    this.captured = this.captured === '' ? s.slice(from, to) : this.captured + s.slice(from, to);
  }

  private valueDone(at: number): void {
    const text = this.captured;
    const oversized = this.oversized;
    this.captured = '';
    if (this.target === 'row') {
      this.state = S_AFTER_ELEMENT;
      const line = ++this.index;
      if (oversized) return this.reject([{ line, column: null, reason: 'too_long' }]);
      let element: unknown;
      try {
        element = JSON.parse(text);
      } catch {
        return this.invalid(at, `row ${line} is not valid JSON`);
      }
      const row = validateJsonElement(element, line);
      if (row !== null) {
        this.rows++;
        this.out.push({ kind: 'row', row });
      } else this.reject(lastRowErrors());
      return;
    }
    this.state = S_AFTER_VALUE;
    if (oversized) {
      if (this.metaSeen.has(this.key)) this.fatal('invalid_meta', `${this.key} is too long`);
      return; // an unknown key's huge value is skipped unread
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.invalid(at, `the value of a top-level key is not valid JSON`);
    }
    this.setMeta(this.key, value);
  }

  private setMeta(key: string, value: unknown): void {
    if (value === null) return;
    if (key === 'source') {
      const s = typeof value === 'string' ? value.trim() : '';
      if (s === '' || s.length > 200 || /[\u0000-\u001f\uFFFD]/.test(s)) return this.fatal('invalid_meta', 'source');
      this.meta.source = s;
    } else if (key === 'asOf') {
      const d = typeof value === 'string' ? parseDanishDate(value) : null;
      if (d === null || !d.ok) return this.fatal('invalid_meta', 'asOf');
      this.meta.asOf = d.date;
    } else if (key === 'departments') {
      const list: string[] = [];
      const ok =
        Array.isArray(value) &&
        value.length <= 10_000 &&
        value.every((v) => {
          const s = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : '';
          if (s === '' || s.length > 50 || /[\u0000-\u001f\uFFFD]/.test(s)) return false;
          if (!list.includes(s)) list.push(s);
          return true;
        });
      if (!ok) return this.fatal('invalid_meta', 'departments');
      this.meta.departments = list;
    }
  }

  private rowsEnd(): void {
    this.state = S_AFTER_VALUE;
  }

  private reject(errors: RowError[]): void {
    this.rejected++;
    this.out.push({ kind: 'rejected', errors });
  }
}
