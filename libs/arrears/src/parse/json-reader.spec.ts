import { readArrearsJson, type JsonItem, type ReadJsonOptions } from './index.js';
import { bytesOf, collect, errorKeys, kinds, lastItem, rowsOf, utf8Bom } from './test-support.helper-spec.js';

const parse = (data: string | Buffer, opts?: ReadJsonOptions, chunk?: number): Promise<JsonItem[]> =>
  collect(readArrearsJson(bytesOf(data, chunk), opts));

/** Parses in one chunk and one byte per chunk, asserts both agree, returns the items. */
async function parseBoth(data: string | Buffer, opts?: ReadJsonOptions): Promise<JsonItem[]> {
  const whole = await parse(data, opts);
  expect(await parse(data, opts, 1)).toEqual(whole);
  return whole;
}

const row = (n: number, extra: Record<string, unknown> = {}) => ({
  tenancyNumber: `L${n}`,
  departmentCode: 'A1',
  arrearsAmount: '100,00',
  ...extra,
});

describe('readArrearsJson', () => {
  it('reads a snapshot: meta before the rows, rows in order with their index as line, then end', async () => {
    const body = JSON.stringify({
      source: ' Ledger X ',
      asOf: '2026-06-01',
      departments: ['A1', 'A2', 'A1', 7],
      rows: [
        row(1, {
          address: 'Ærøvej 7',
          unit: '3. tv',
          postalCode: '8000',
          tenantName: ['Åse Ørsted', 'Bo Ærø'],
          tenantCpr: '010203-4567',
          phone: '+45 12 34 56 78',
          email: 'aase@example.dk',
          monthlyRent: 7845,
          arrearsAmount: 12345.67,
          oldestUnpaidDueDate: '2026-01-01',
          demandSentDate: '15.01.2026',
          terminationDate: null,
          courtFiledDate: '2026-03-01',
          evictionDate: '2026-04-01',
          childrenInHousehold: 2,
          paymentAgreement: true,
        }),
        row(2, { arrearsAmount: '1.234,56' }),
        row(3, { arrearsAmount: '1234.56', tenantName: 'Søren; Åse' }),
      ],
    });
    const items = await parseBoth(body);
    expect(kinds(items)).toEqual(['meta', 'row', 'row', 'row', 'end']);
    expect(items[0]).toEqual({ kind: 'meta', source: 'Ledger X', asOf: '2026-06-01', departments: ['A1', 'A2', '7'] });
    expect(rowsOf(items)[0]).toEqual({
      line: 1,
      tenancyNumber: 'L1',
      departmentCode: 'A1',
      address: 'Ærøvej 7',
      unit: '3. tv',
      postalCode: '8000',
      tenantNames: ['Åse Ørsted', 'Bo Ærø'],
      tenantCpr: '0102034567',
      phone: '+4512345678',
      email: 'aase@example.dk',
      monthlyRentOre: 784500,
      arrearsOre: 1234567,
      oldestUnpaidDueDate: '2026-01-01',
      demandSentDate: '2026-01-15',
      terminationDate: null,
      courtFiledDate: '2026-03-01',
      evictionDate: '2026-04-01',
      childrenInHousehold: 2,
      paymentAgreement: true,
    });
    expect(rowsOf(items).map((r) => [r.line, r.arrearsOre, r.tenantNames])).toEqual([
      [1, 1234567, ['Åse Ørsted', 'Bo Ærø']],
      [2, 123456, []],
      [3, 123456, ['Søren', 'Åse']],
    ]);
    expect(lastItem(items)).toEqual({
      kind: 'end',
      records: 3,
      rows: 3,
      rejected: 0,
      meta: { source: 'Ledger X', asOf: '2026-06-01', departments: ['A1', 'A2', '7'] },
    });
  });

  it('meta keys after rows: a meta item when rows begin and a complete one after the last row', async () => {
    const items = await parseBoth(`{"source":"s","rows":[${JSON.stringify(row(1))}],"asOf":"01-06-2026","departments":["A1"]}`);
    expect(items).toEqual([
      { kind: 'meta', source: 's' },
      expect.objectContaining({ kind: 'row' }),
      { kind: 'meta', source: 's', asOf: '2026-06-01', departments: ['A1'] },
      { kind: 'end', records: 1, rows: 1, rejected: 0, meta: { source: 's', asOf: '2026-06-01', departments: ['A1'] } },
    ]);
  });

  it('an empty rows array is a valid, empty snapshot', async () => {
    const items = await parseBoth('{"departments":["A1"],"rows":[]}');
    expect(items).toEqual([
      { kind: 'meta', departments: ['A1'] },
      { kind: 'end', records: 0, rows: 0, rejected: 0, meta: { departments: ['A1'] } },
    ]);
  });

  it('rejects rows one by one: wrong types with the field named, bad values, non-objects; valid rows pass', async () => {
    const body = JSON.stringify({
      rows: [
        row(1),
        { tenancyNumber: 'L2', departmentCode: { code: 'A1' }, arrearsAmount: -3 },
        'L3',
        row(4, { arrearsAmount: 0.1 + 0.2, evictionDate: '31-02-2026' }),
        null,
        row(6, { tenantCpr: 3202901233 }),
        row(7),
      ],
    });
    const items = await parseBoth(body);
    expect(rowsOf(items).map((r) => r.line)).toEqual([1, 7]);
    expect(errorKeys(items)).toEqual([
      '2:department_code:invalid_type',
      '2:arrears_amount:negative_amount',
      '3:-:not_an_object',
      '4:arrears_amount:invalid_money',
      '4:eviction_date:impossible_date',
      '5:-:not_an_object',
      '6:tenant_cpr:invalid_type',
    ]);
    expect(lastItem(items)).toMatchObject({ kind: 'end', records: 7, rows: 2, rejected: 5 });
  });

  it('handles escapes, unicode and whitespace anywhere, a BOM, and escaped key names', async () => {
    const body = `\r\n { "\\u0072ows" : [\n  {"tenancyNumber":"L\\"1\\\\","departmentCode":"A\\u00e61","arrearsAmount":"1\\u00a0234,56","address":"\\u00c6r\\u00f8 \\ud83d\\ude00 \\/ }]"} ,\n\t{"tenancyNumber":"L2","departmentCode":"A","arrearsAmount":5} ] } \n`;
    for (const data of [body, utf8Bom(body)]) {
      const rows = rowsOf(await parseBoth(data));
      expect(rows.map((r) => [r.tenancyNumber, r.departmentCode, r.arrearsOre, r.address])).toEqual([
        ['L"1\\', 'Aæ1', 123456, 'Ærø 😀 / }]'],
        ['L2', 'A', 500, null],
      ]);
    }
  });

  it('ignores unknown top-level keys whatever their value', async () => {
    const items = await parseBoth(`{"x":{"rows":[1,2]},"y":[[{"a":"]"}]],"z":-1.5e3,"w":"}","rows":[${JSON.stringify(row(1))}],"v":null}`);
    expect(kinds(items)).toEqual(['meta', 'row', 'end']);
  });

  it.each([
    ['', 'empty_file'],
    ['   \n', 'empty_file'],
    ['[]', 'not_an_object'],
    ['"rows"', 'not_an_object'],
    ['42', 'not_an_object'],
    ['null', 'not_an_object'],
    ['{}', 'rows_missing'],
    ['{"source":"s"}', 'rows_missing'],
    ['{"rows":{}}', 'rows_not_array'],
    ['{"rows":null}', 'rows_not_array'],
    ['{"rows":[],"rows":[]}', 'duplicate_key'],
    ['{"asOf":"2026-01-01","asOf":"2026-01-02","rows":[]}', 'duplicate_key'],
    ['{"asOf":"2026-02-30","rows":[]}', 'invalid_meta'],
    ['{"asOf":20260101,"rows":[]}', 'invalid_meta'],
    ['{"source":{"a":1},"rows":[]}', 'invalid_meta'],
    ['{"departments":"A1","rows":[]}', 'invalid_meta'],
    ['{"departments":["A1",""],"rows":[]}', 'invalid_meta'],
    ['{"departments":[{"code":"A1"}],"rows":[]}', 'invalid_meta'],
    ['<html>', 'invalid_json'],
    ['{rows:[]}', 'invalid_json'],
    ["{'rows':[]}", 'invalid_json'],
    ['{"rows":[]', 'invalid_json'],
    ['{"rows":[{"tenancyNumber":"L1"', 'invalid_json'],
    ['{"rows":[{"a":1},]}', 'invalid_json'],
    ['{"rows":[{"a":1} {"a":2}]}', 'invalid_json'],
    ['{"rows":[{"a":tru}]}', 'invalid_json'],
    ['{"rows":[{"a":1]}]}', 'invalid_json'],
    ['{"rows":[{"a":"x\ny"}]}', 'invalid_json'],
    ['{"rows":[]} x', 'invalid_json'],
    ['{"rows":[]}{}', 'invalid_json'],
    ['{"rows":[],}', 'invalid_json'],
    ['{"x" 1,"rows":[]}', 'invalid_json'],
    ['{"x":01,"rows":[]}', 'invalid_json'],
    ['{"x":[1,,2],"rows":[]}', 'invalid_json'],
    ['{"r\\ows":[]}', 'invalid_json'],
  ])('%j → fatal %s', async (body, reason) => {
    const items = await parseBoth(body);
    expect(lastItem(items)).toMatchObject({ kind: 'fatal', reason });
    expect(items.filter((i) => i.kind === 'fatal')).toHaveLength(1);
  });

  it('a body cut off after some rows: the rows so far, then fatal invalid_json (the caller discards the snapshot)', async () => {
    const full = JSON.stringify({ rows: [row(1), row(2), row(3)] });
    const items = await parseBoth(full.slice(0, full.lastIndexOf('{') + 5));
    expect(kinds(items)).toEqual(['meta', 'row', 'row', 'fatal']);
    expect(lastItem(items)).toMatchObject({ reason: 'invalid_json', detail: 'the text ends before the object is closed' });
  });

  it('an element longer than maxRowChars is rejected as too_long without being held', async () => {
    const body = JSON.stringify({ rows: [row(1), row(2, { address: 'x'.repeat(500) }), row(3)] });
    const items = await parseBoth(body, { maxRowChars: 200 });
    expect(errorKeys(items)).toEqual(['2:-:too_long']);
    expect(rowsOf(items).map((r) => r.line)).toEqual([1, 3]);
  });

  it('invalid UTF-8 bytes in a value reject that row (invalid_encoding)', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"rows":[{"tenancyNumber":"L1","departmentCode":"A1","arrearsAmount":1,"address":"S', 'utf8'),
      Buffer.from([0xf8]),
      Buffer.from('n"}]}', 'utf8'),
    ]);
    expect(errorKeys(await parseBoth(bytes))).toEqual(['1:address:invalid_encoding']);
  });

  it('any chunking gives the same items', async () => {
    const body = Buffer.from(
      JSON.stringify({ source: 'Å', rows: [row(1, { address: 'Ærø "x" \\ y' }), 5, row(3, { arrearsAmount: 12.5 })], asOf: '2026-01-01' }),
    );
    const whole = await parse(body);
    for (const size of [1, 2, 3, 5, 13, 64]) expect(await parse(body, undefined, size)).toEqual(whole);
  });

  it('streams a large body with rows in order', async () => {
    const rows = 50_000;
    async function* big(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"source":"big","rows":[');
      let batch = '';
      for (let i = 0; i < rows; i++) {
        batch += (i ? ',' : '') + JSON.stringify(row(i, { arrearsAmount: i / 4 }));
        if (batch.length > 50_000) {
          yield Buffer.from(batch);
          batch = '';
        }
      }
      yield Buffer.from(batch + ']}');
    }
    let n = 0;
    for await (const item of readArrearsJson(big())) {
      if (item.kind === 'row') expect(item.row.line).toBe(++n);
      else if (item.kind === 'end') expect(item).toMatchObject({ records: rows, rows });
      else expect(item.kind).toBe('meta');
    }
    expect(n).toBe(rows);
  });

  it('an error from the input propagates', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"rows":[');
      throw new Error('aborted');
    }
    await expect(collect(readArrearsJson(failing()))).rejects.toThrow('aborted');
  });
});
