import fc from 'fast-check';
import { readArrearsCsv, readArrearsJson, type CsvItem, type JsonItem } from './index.js';
import { cuts, dialect, encode, expectedRow, gap, onlyColumns, rowCells, toCsv, toJson } from './snapshot-arbitraries.helper-spec.js';
import { bytesCutAt, collect, rowsOf } from './test-support.helper-spec.js';

const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n) });

/** Items end with exactly one `end` or `fatal`, and `end` counts what came before it. */
function wellFormed(items: (CsvItem | JsonItem)[]): void {
  const last = items[items.length - 1];
  expect(last && (last.kind === 'end' || last.kind === 'fatal')).toBe(true);
  expect(items.filter((i) => i.kind === 'end' || i.kind === 'fatal')).toHaveLength(1);
  if (last?.kind === 'end') {
    const rows = items.filter((i) => i.kind === 'row').length;
    const rejected = items.filter((i) => i.kind === 'rejected').length;
    expect(last).toMatchObject({ rows, rejected, records: rows + rejected });
  }
}

describe('properties: a valid snapshot in any allowed form parses back to the same rows', () => {
  it('CSV: encoding × delimiter × line ending × BOM × quoting × header names × money/date/phone/CPR forms × chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(rowCells, gap), { maxLength: 12 }), dialect, cuts, async (rowsAndGaps, d, cutPoints) => {
        const rows = rowsAndGaps.map(([r]) => r);
        const { text, lines, total } = toCsv(
          rows,
          rowsAndGaps.map(([, g]) => g),
          d,
        );
        const bytes = encode(text, d);
        const items = await collect(
          readArrearsCsv(
            bytesCutAt(
              bytes,
              cutPoints.map((c) => c % (bytes.length + 1)),
            ),
          ),
        );
        const nonAscii = /[^\x00-\x7f]/.test(text);
        const encoding = d.encoding === 'windows-1252' && nonAscii ? 'windows-1252' : 'utf-8';
        expect(items[0]).toEqual({
          kind: 'header',
          encoding,
          delimiter: d.delimiter,
          line: 1,
          columns: d.columns.map((c) => c.key),
          unknownColumns: [],
        });
        expect(items.filter((i) => i.kind === 'rejected' || i.kind === 'fatal')).toEqual([]);
        const keys = d.columns.map((c) => c.key);
        expect(rowsOf(items)).toEqual(rows.map((r, i) => expectedRow(onlyColumns(r, keys), lines[i]!)));
        expect(items[items.length - 1]).toEqual({
          kind: 'end',
          encoding,
          records: rows.length,
          rows: rows.length,
          rejected: 0,
          lines: total,
        });
      }),
      runs(300),
    );
  });

  it('JSON: money as numbers or strings, names as arrays or strings, meta before or after rows, any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowCells, { maxLength: 12 }),
        fc.record({ nullForEmpty: fc.boolean(), metaFirst: fc.boolean(), indent: fc.boolean() }),
        cuts,
        async (rows, opts, cutPoints) => {
          const bytes = Buffer.from(toJson(rows, opts), 'utf8');
          const items = await collect(
            readArrearsJson(
              bytesCutAt(
                bytes,
                cutPoints.map((c) => c % (bytes.length + 1)),
              ),
            ),
          );
          expect(items.filter((i) => i.kind === 'rejected' || i.kind === 'fatal')).toEqual([]);
          expect(rowsOf(items)).toEqual(rows.map((r, i) => expectedRow(r, i + 1)));
          const meta = { source: 'Ledger', asOf: '2026-06-01', departments: ['A1'] };
          expect(items[items.length - 1]).toEqual({ kind: 'end', records: rows.length, rows: rows.length, rejected: 0, meta });
        },
      ),
      runs(200),
    );
  });
});

describe('properties: no input makes the readers throw, and chunking never changes the result', () => {
  const csvish = fc
    .array(
      fc.constantFrom(
        'tenancy_number;department_code;arrears_amount\n',
        'L1;A1;1',
        ';',
        ',',
        '"',
        '""',
        '\n',
        '\r\n',
        '\r',
        ' ',
        'æ',
        'Ø',
        '1,5',
        'x',
      ),
      {
        maxLength: 60,
      },
    )
    .map((parts) => parts.join(''));
  const csvBytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
    csvish.map((s) => Buffer.from('tenancy_number;department_code;arrears_amount;address\n' + s, 'utf8')),
    csvish.map((s) => encode('lejemålsnr,afdeling,restance\r\n' + s, { encoding: 'windows-1252' } as never)),
  );

  it('CSV: arbitrary bytes end in rows, rejections and end, or a fatal item; cut anywhere, the items are the same', async () => {
    await fc.assert(
      fc.asyncProperty(csvBytes, cuts, fc.constantFrom(undefined, 8, 20, 64), async (bytes, cutPoints, maxLineBytes) => {
        const buf = Buffer.from(bytes);
        const opts = { maxLineBytes };
        const whole = await collect(readArrearsCsv(bytesCutAt(buf, []), opts));
        wellFormed(whole);
        expect(
          await collect(
            readArrearsCsv(
              bytesCutAt(
                buf,
                cutPoints.map((c) => c % (buf.length + 1)),
              ),
              opts,
            ),
          ),
        ).toEqual(whole);
      }),
      runs(500),
    );
  });

  it('CSV: one byte per chunk gives the same items as one chunk', async () => {
    await fc.assert(
      fc.asyncProperty(csvBytes, async (bytes) => {
        const buf = Buffer.from(bytes);
        const whole = await collect(readArrearsCsv(bytesCutAt(buf, [])));
        const cutsEverywhere = Array.from({ length: buf.length }, (_, i) => i);
        expect(await collect(readArrearsCsv(bytesCutAt(buf, cutsEverywhere)))).toEqual(whole);
      }),
      runs(150),
    );
  });

  const jsonish = fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        ',',
        ':',
        '"',
        '\\',
        '"rows"',
        '"asOf"',
        '"a"',
        '1',
        '-0.5',
        'true',
        'null',
        ' ',
        '\n',
        'æ',
        '\\u00e6',
        '"tenancyNumber":"L1"',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));
  const jsonBytes = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
    jsonish.map((s) => Buffer.from(s, 'utf8')),
    jsonish.map((s) => Buffer.from('{"rows":[' + s, 'utf8')),
    fc.json().map((s) => Buffer.from(s, 'utf8')),
    fc.json().map((s) => Buffer.from(`{"source":"s","rows":[${s},${s}]}`, 'utf8')),
  );

  it('JSON: arbitrary bytes end in rows, rejections and end, or a fatal item; cut anywhere, the items are the same', async () => {
    await fc.assert(
      fc.asyncProperty(jsonBytes, cuts, fc.constantFrom(undefined, 10), async (bytes, cutPoints, maxRowChars) => {
        const buf = Buffer.from(bytes);
        const whole = await collect(readArrearsJson(bytesCutAt(buf, []), { maxRowChars }));
        wellFormed(whole);
        const cut = await collect(
          readArrearsJson(
            bytesCutAt(
              buf,
              cutPoints.map((c) => c % (buf.length + 1)),
            ),
            { maxRowChars },
          ),
        );
        expect(cut).toEqual(whole);
      }),
      runs(500),
    );
  });

  it('JSON: a document JSON.parse accepts is never reported as invalid_json', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), fc.json(), async (a, b) => {
        for (const doc of [a, `{"x":${a},"rows":[${a},${b}],"y":${b}}`]) {
          const items = await collect(readArrearsJson(bytesCutAt(Buffer.from(doc, 'utf8'), [])));
          wellFormed(items);
          expect(items.find((i) => i.kind === 'fatal' && i.reason === 'invalid_json')).toBeUndefined();
        }
      }),
      runs(300),
    );
  });
});
