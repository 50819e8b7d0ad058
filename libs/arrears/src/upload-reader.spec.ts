import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { UploadCipher, UploadUnreadableError } from './upload-cipher.js';
import { copyRows, openChunks } from './upload-reader.js';

type Row = (Buffer | null)[];

/** A binary COPY stream as PostgreSQL writes it: signature, flags, header extension, rows, trailer. */
function copyStream(rows: Row[], extension = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')];
  const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  parts.push(int32(0), int32(extension.length), extension);
  for (const row of rows) {
    parts.push(int16(row.length));
    for (const value of row) parts.push(value === null ? int32(-1) : Buffer.concat([int32(value.length), value]));
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}

async function* pieces(...bufs: Buffer[]): AsyncGenerator<Buffer> {
  for (const b of bufs) yield b;
}

/** The stream cut at the given offsets. */
function cut(stream: Buffer, at: number[]): Buffer[] {
  const points = [0, ...[...new Set(at)].filter((n) => n > 0 && n < stream.length).sort((a, b) => a - b), stream.length];
  return points.slice(1).map((end, i) => stream.subarray(points[i], end));
}

/** Everything a generator yields, copied as it comes (a row's values are valid only until the next row). */
async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const copy = (x: unknown): unknown => (Buffer.isBuffer(x) ? Buffer.from(x) : Array.isArray(x) ? x.map(copy) : x);
  const out: T[] = [];
  for await (const x of gen) out.push(copy(x) as T);
  return out;
}

const seqOf = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

const ROWS: Row[] = [
  [seqOf(0), Buffer.from('k1'), Buffer.from('Lejemålsnr;CPR\r\nE-100;010190-1234\r\n')],
  [seqOf(1), null, Buffer.from('plaintext of an old chunk')],
  [seqOf(2), Buffer.from('k1'), Buffer.alloc(0)],
];

describe('copyRows', () => {
  it('parses whole rows with their fields, nulls and empty values', async () => {
    expect(await collect(copyRows(pieces(copyStream(ROWS)), 3))).toEqual(ROWS);
    expect(await collect(copyRows(pieces(copyStream([])), 3))).toEqual([]);
  });

  it('gives the same rows however the stream is cut: at every byte boundary, and into single bytes', async () => {
    const stream = copyStream(ROWS, Buffer.from('ext'));
    for (let at = 1; at < stream.length; at++) {
      expect(await collect(copyRows(pieces(...cut(stream, [at])), 3))).toEqual(ROWS);
    }
    const bytes = [...stream].map((b) => Buffer.from([b]));
    expect(await collect(copyRows(pieces(...bytes), 3))).toEqual(ROWS);
  });

  it('gives the same rows for random values cut at random places', async () => {
    const row = fc.tuple(fc.nat(10_000), fc.option(fc.constantFrom('k1', 'k2027a')), fc.uint8Array({ maxLength: 3000 }));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 6 }), fc.array(fc.nat(20_000), { maxLength: 12 }), async (values, at) => {
        const rows: Row[] = values.map(([seq, key, data]) => [seqOf(seq), key === null ? null : Buffer.from(key), Buffer.from(data)]);
        const stream = copyStream(rows);
        expect(await collect(copyRows(pieces(...cut(stream, at)), 3))).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('assembles a value that spans pieces in one scratch buffer, reused row after row, and slices one that does not', async () => {
    const big = randomBytes(100_000);
    const stream = copyStream([[seqOf(0), null, big]]);
    const [[, , whole]] = await collect(copyRows(pieces(stream), 3));
    expect(whole!.equals(big)).toBe(true);
    const [[, , spanning]] = await collect(copyRows(pieces(...cut(stream, [50, 5000, 60_000])), 3));
    expect(spanning!.equals(big)).toBe(true);
    const two = copyStream([
      [seqOf(0), null, big],
      [seqOf(1), null, big.subarray(0, 70_000)],
    ]);
    const backing = new Set<ArrayBufferLike>();
    for await (const [, , value] of copyRows(pieces(...cut(two, [30, 40_000, 100_040, 100_100])), 3)) backing.add(value!.buffer);
    expect(backing.size).toBe(1);
  });

  it('refuses what is not a complete binary COPY of the expected shape', async () => {
    const stream = copyStream(ROWS);
    await expect(collect(copyRows(pieces(Buffer.from('tenancy_number;arrears\nE-1;100\n')), 3))).rejects.toThrow(/not a binary COPY/);
    await expect(collect(copyRows(pieces(stream.subarray(0, stream.length - 1)), 3))).rejects.toThrow(/ended before/);
    await expect(collect(copyRows(pieces(stream.subarray(0, 40)), 3))).rejects.toThrow(/ended before/);
    await expect(collect(copyRows(pieces(stream), 2))).rejects.toThrow(/3 fields, expected 2/);
  });
});

describe('openChunks', () => {
  const keys = [{ id: 'k1', key: randomBytes(32) }];
  const cipher = new UploadCipher({ cprKeys: keys });
  const importId = '11111111-2222-4333-8444-555555555555';
  const plain = [Buffer.from('Lejemålsnr;CPR\r\n'), Buffer.from('E-100;010190-1234\r\n'), Buffer.from('E-101;020290-2345\r\n')];
  const sealedRows = (id = importId): Row[] =>
    plain.map((p, seq) => {
      const s = cipher.seal(id, seq, p);
      return [seqOf(seq), Buffer.from(s.keyId), s.data];
    });
  const total = plain.reduce((n, p) => n + p.length, 0);
  async function* rowsOf(rows: Row[]): AsyncGenerator<Row> {
    for (const r of rows) yield r;
  }
  const read = (rows: Row[], expected?: number, c = cipher) => collect(openChunks(rowsOf(rows), importId, c, expected));

  it('decrypts each chunk at its place and passes legacy plaintext chunks (no key id) through', async () => {
    expect(Buffer.concat(await read(sealedRows(), total)).equals(Buffer.concat(plain))).toBe(true);
    const mixed: Row[] = [sealedRows()[0]!, [seqOf(1), null, plain[1]!], sealedRows()[2]!];
    expect(Buffer.concat(await read(mixed, total)).equals(Buffer.concat(plain))).toBe(true);
  });

  it('refuses chunks swapped, moved from another import, altered, missing, cut short or under an unknown key', async () => {
    const rows = sealedRows();
    const swapped: Row[] = [rows[0]!, [seqOf(1), rows[2]![1]!, rows[2]![2]!], [seqOf(2), rows[1]![1]!, rows[1]![2]!]];
    await expect(read(swapped)).rejects.toThrow(/chunk 1 failed its integrity check/);
    const foreign = sealedRows('99999999-2222-4333-8444-555555555555');
    await expect(read([rows[0]!, foreign[1]!, rows[2]!])).rejects.toThrow(UploadUnreadableError);
    const altered = Buffer.from(rows[1]![2]!);
    altered[altered.length - 1]! ^= 1;
    await expect(read([rows[0]!, [seqOf(1), rows[1]![1]!, altered], rows[2]!])).rejects.toThrow(/chunk 1 failed/);
    await expect(read([rows[0]!, rows[2]!])).rejects.toThrow(/chunk 1 of the stored upload is missing/);
    await expect(read(rows.slice(0, 2), total)).rejects.toThrow(/has \d+ of its \d+ bytes/);
    const rotatedAway = new UploadCipher({ cprKeys: [{ id: 'k2', key: randomBytes(32) }] });
    await expect(read(rows, total, rotatedAway)).rejects.toThrow(/key k1, which CPR_ENCRYPTION_KEYS no longer lists/);
  });

  it('yields nothing of a chunk whose tag does not verify', async () => {
    const rows = sealedRows();
    const altered = Buffer.from(rows[0]![2]!);
    altered[40]! ^= 1;
    const seen: Buffer[] = [];
    await expect(
      (async () => {
        for await (const b of openChunks(rowsOf([[seqOf(0), rows[0]![1]!, altered]]), importId, cipher)) seen.push(b);
      })(),
    ).rejects.toThrow(UploadUnreadableError);
    expect(seen).toEqual([]);
  });

  it('reads chunks of an older key after rotation', async () => {
    const rotated = new UploadCipher({ cprKeys: [{ id: 'k2', key: randomBytes(32) }, ...keys] });
    expect(Buffer.concat(await read(sealedRows(), total, rotated)).equals(Buffer.concat(plain))).toBe(true);
    expect(rotated.seal(importId, 0, plain[0]!).keyId).toBe('k2');
  });
});
