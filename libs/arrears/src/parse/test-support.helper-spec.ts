/** Helpers for the parse specs (named *-spec.ts so the app builds leave them out): in-memory byte sources and collecting generator output. */
import iconv from 'iconv-lite';
import type { ArrearsRow, CsvItem, JsonItem, RowError } from './types.js';

/** The bytes as an async source, cut into pieces of `size` bytes (default: one piece). */
export async function* bytesOf(data: Buffer | string, size?: number): AsyncGenerator<Buffer> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const step = size ?? Math.max(buf.length, 1);
  for (let i = 0; i < buf.length; i += step) yield buf.subarray(i, i + step);
}

/** The bytes cut at the given offsets (sorted, deduplicated, out-of-range ones ignored). */
export async function* bytesCutAt(buf: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < buf.length))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of points) {
    yield buf.subarray(prev, p);
    prev = p;
  }
  yield buf.subarray(prev);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export const cp1252 = (text: string): Buffer => iconv.encode(text, 'windows-1252');
export const utf8Bom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

type Item = CsvItem | JsonItem;

export const rowsOf = (items: Item[]): ArrearsRow[] => items.flatMap((i) => (i.kind === 'row' ? [i.row] : []));

export const errorsOf = (items: Item[]): RowError[] => items.flatMap((i) => (i.kind === 'rejected' ? i.errors : []));

/** line:column:reason for every error, compact for assertions. */
export const errorKeys = (items: Item[]): string[] => errorsOf(items).map((e) => `${e.line}:${e.column ?? '-'}:${e.reason}`);

export const kinds = (items: Item[]): string[] => items.map((i) => i.kind);

/** The last item, which must be `end` or `fatal`. */
export function lastItem<T extends Item>(items: T[]): T {
  const last = items[items.length - 1];
  if (!last) throw new Error('no items');
  return last;
}
