import { readArrearsCsv, type CsvItem, type ReadCsvOptions } from './index.js';
import { bytesOf, collect, cp1252, errorKeys, errorsOf, kinds, lastItem, rowsOf, utf8Bom } from './test-support.helper-spec.js';

const parse = (data: string | Buffer, opts?: ReadCsvOptions, chunk?: number): Promise<CsvItem[]> =>
  collect(readArrearsCsv(bytesOf(data, chunk), opts));

/** Parses one chunk and one byte per chunk, asserts both agree, returns the items. */
async function parseBoth(data: string | Buffer, opts?: ReadCsvOptions): Promise<CsvItem[]> {
  const whole = await parse(data, opts);
  expect(await parse(data, opts, 1)).toEqual(whole);
  return whole;
}

const header = (items: CsvItem[]) => {
  const h = items[0];
  if (h?.kind !== 'header') throw new Error(`expected a header item, got ${JSON.stringify(h)}`);
  return h;
};

const DANISH = 'Søren Ærø Åsø ÆØÅ æøå';

describe('readArrearsCsv: encodings', () => {
  const text = `lejemålsnr;afdeling;adresse;lejer;restance\r\nL1;A1;Ærøvej 7, Østerbro;${DANISH};1.234,56\r\nL2;A1;Åboulevarden 1;Åse Ørsted;0\r\n`;

  it.each([
    ['UTF-8 without BOM', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', utf8Bom(text), 'utf-8'],
    ['Windows-1252', cp1252(text), 'windows-1252'],
  ])('%s: æøåÆØÅ decode exactly, in headers and cells', async (_name, bytes, encoding) => {
    const items = await parseBoth(bytes);
    expect(header(items)).toMatchObject({
      encoding,
      delimiter: ';',
      columns: ['tenancy_number', 'department_code', 'address', 'tenant_name', 'arrears_amount'],
    });
    const rows = rowsOf(items);
    expect(rows.map((r) => [r.address, r.tenantNames])).toEqual([
      ['Ærøvej 7, Østerbro', [DANISH]],
      ['Åboulevarden 1', ['Åse Ørsted']],
    ]);
    expect(lastItem(items)).toEqual({ kind: 'end', encoding, records: 2, rows: 2, rejected: 0, lines: 3 });
  });

  it('ISO-8859-1 bytes (the same as Windows-1252 for letters) decode exactly', async () => {
    const bytes = Buffer.from(`tenancy_number;department_code;arrears_amount;address\nL1;A1;1;${DANISH}\n`, 'latin1');
    expect(rowsOf(await parseBoth(bytes))[0]!.address).toBe(DANISH);
  });

  it('decides for Windows-1252 when the first non-ASCII byte comes after the first 64 KiB', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `L${i};A1;100,00;Plain street ${i}`).join('\n');
    const csv = `tenancy_number;department_code;arrears_amount;address\n${filler}\nLX;A1;5;${DANISH}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(70_000);
    for (const [bytes, encoding] of [
      [cp1252(csv), 'windows-1252'],
      [Buffer.from(csv, 'utf8'), 'utf-8'],
    ] as const) {
      const items = await parseBoth(bytes);
      expect(header(items).encoding).toBe('utf-8'); // undecided at the header: plain ASCII so far
      const rows = rowsOf(items);
      expect(rows).toHaveLength(3001);
      expect(rows[3000]).toMatchObject({ line: 3002, tenancyNumber: 'LX', address: DANISH });
      expect(lastItem(items)).toMatchObject({ kind: 'end', encoding });
    }
  });

  it('a multi-byte UTF-8 character cut by every possible chunk edge decodes exactly', async () => {
    const bytes = Buffer.from(`tenancy_number;department_code;arrears_amount;address\nL1;A1;1;€ ${DANISH} 😀\n`, 'utf8');
    const whole = await parse(bytes);
    expect(rowsOf(whole)[0]!.address).toBe(`€ ${DANISH} 😀`);
    for (const size of [2, 3, 5, 7]) expect(await parse(bytes, undefined, size)).toEqual(whole);
  });

  it('a file mixing UTF-8 and Windows-1252 rows: the majority decides, the other rows are rejected (invalid_encoding), never mojibake', async () => {
    const head = 'tenancy_number;department_code;arrears_amount;address\n';
    const utf8Rows = Buffer.from(`${head}L1;A1;1;Søren Ærø\nL2;A1;1;Åse Østergård\n`, 'utf8');
    const cpRow = (n: string) => cp1252(`${n};A1;1;Søn\n`);
    const mostlyUtf8 = Buffer.concat([utf8Rows, cpRow('L3')]);
    let items = await parseBoth(mostlyUtf8);
    expect(lastItem(items)).toMatchObject({ kind: 'end', encoding: 'utf-8' });
    expect(rowsOf(items).map((r) => r.address)).toEqual(['Søren Ærø', 'Åse Østergård']);
    expect(errorsOf(items)).toEqual([{ line: 4, column: 'address', reason: 'invalid_encoding', tenancyNumber: 'L3' }]);

    const mostlyCp1252 = Buffer.concat([cp1252(`${head}L1;A1;1;Søren Ærø Åse Østergård\n`), Buffer.from('L2;A1;1;Søn\n', 'utf8')]);
    items = await parseBoth(mostlyCp1252);
    expect(lastItem(items)).toMatchObject({ kind: 'end', encoding: 'windows-1252' });
    expect(rowsOf(items).map((r) => r.address)).toEqual(['Søren Ærø Åse Østergård']);
    expect(errorsOf(items)).toEqual([{ line: 3, column: 'address', reason: 'invalid_encoding', tenancyNumber: 'L2' }]);
  });

  it('a UTF-8 file with a stray invalid byte after the first 64 KiB: that row is rejected (invalid_encoding)', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `L${i};A1;1;Ærøvej ${i}`).join('\n');
    const bytes = Buffer.concat([
      Buffer.from(`tenancy_number;department_code;arrears_amount;address\n${filler}\nLX;A1;1;`, 'utf8'),
      Buffer.from([0x53, 0xf8, 0x6e, 0x0a]),
    ]);
    const items = await parseBoth(bytes);
    expect(rowsOf(items)).toHaveLength(3000);
    expect(errorsOf(items)).toEqual([{ line: 3002, column: 'address', reason: 'invalid_encoding', tenancyNumber: 'LX' }]);
  });

  it('refuses UTF-16 with a clear reason', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('tenancy_number;department_code;arrears_amount\n', 'utf16le')]);
    expect(await parseBoth(bytes)).toEqual([{ kind: 'fatal', reason: 'unreadable', detail: expect.stringContaining('UTF-16') }]);
  });
});

describe('readArrearsCsv: dialect', () => {
  it.each([';', ','])('detects the delimiter %s from the header and reads quoted delimiters', async (d) => {
    const other = d === ';' ? ',' : ';';
    const csv = [
      ['tenancy_number', 'department_code', 'arrears_amount', 'address'].join(d),
      ['L1', 'A1', '"1.234,56"', `"Vej 1${d} 2${other} 3"`].join(d),
    ].join('\n');
    const items = await parseBoth(csv);
    expect(header(items).delimiter).toBe(d);
    expect(rowsOf(items)[0]).toMatchObject({ arrearsOre: 123456, address: `Vej 1${d} 2${other} 3` });
  });

  it('reads doubled quotes, line breaks inside quotes, spaces around quoted fields, and quotes inside unquoted fields', async () => {
    const csv =
      'tenancy_number;department_code;arrears_amount;address;tenant_name\r\n' +
      'L1;A1;10;"Vej ""Lange"" 1\r\n3. tv";"Ib ""Bo"" Hansen; Eva"\r\n' +
      'L2;A1;10; "Vej 2" ;Pia 3" rør\r\n' +
      'L3;A1;10;"";""\r\n';
    const rows = rowsOf(await parseBoth(csv));
    expect(rows.map((r) => [r.line, r.address, r.tenantNames])).toEqual([
      [2, 'Vej "Lange" 1\n3. tv', ['Ib "Bo" Hansen', 'Eva']],
      [4, 'Vej 2', ['Pia 3" rør']],
      [5, null, []],
    ]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR (old Mac Excel)', '\r'],
  ])('reads %s line endings, with and without a final line break', async (_name, eol) => {
    const lines = ['tenancy_number;department_code;arrears_amount', 'L1;A1;1', 'L2;A1;2'];
    for (const csv of [lines.join(eol), lines.join(eol) + eol]) {
      const items = await parseBoth(csv);
      expect(rowsOf(items).map((r) => [r.line, r.tenancyNumber, r.arrearsOre])).toEqual([
        [2, 'L1', 100],
        [3, 'L2', 200],
      ]);
      expect(lastItem(items)).toMatchObject({ kind: 'end', records: 2, lines: 3 });
    }
  });

  it('honours an Excel "sep=" line before the header', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const items = await parseBoth(['sep=,', 'tenancy_number,department_code,arrears_amount,address', 'L1,A1,"1,50",Vej 1; 2'].join(eol));
      expect(header(items)).toMatchObject({ delimiter: ',', line: 2 });
      expect(rowsOf(items)[0]).toMatchObject({ line: 3, arrearsOre: 150, address: 'Vej 1; 2' });
    }
    expect(await parseBoth('SEP=;')).toEqual([{ kind: 'fatal', reason: 'empty_file' }]);
  });

  it('reads header names with quotes inside, and skips lines of only delimiters above the header', async () => {
    const items = await parseBoth(
      ';;;\r\n,,\r\ntenancy_number;Adresse "privat";department_code;"Restance ""kr""";arrears_amount\r\nL1;x;A1;y;2\r\n',
    );
    expect(header(items)).toMatchObject({ line: 3, unknownColumns: ['Adresse "privat"', 'Restance "kr"'] });
    expect(rowsOf(items)[0]).toMatchObject({ line: 4, arrearsOre: 200 });
  });

  it('skips blank lines (empty, spaces, only delimiters) and keeps physical line numbers', async () => {
    const csv = '\n  \ntenancy_number;department_code;arrears_amount\n\nL1;A1;1\n   \n;;\n ; ; \nL2;A1;2\n\n';
    const items = await parseBoth(csv);
    expect(header(items).line).toBe(3);
    expect(rowsOf(items).map((r) => [r.line, r.tenancyNumber])).toEqual([
      [5, 'L1'],
      [9, 'L2'],
    ]);
    expect(lastItem(items)).toMatchObject({ records: 2, lines: 10 });
  });

  it('numbers lines from where each record starts, also after multi-line records (CRLF and LF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const csv = [
        'tenancy_number;department_code;arrears_amount;address',
        'L1;A1;1;"two',
        'lines"',
        'L2;A1;-1;x',
        'L3;A1;1;"three',
        '',
        'lines"',
        '',
        'L4;A1;abc;x',
        'L5;"A',
        '1";1;x',
      ].join(eol);
      const items = await parseBoth(csv);
      expect(rowsOf(items).map((r) => [r.line, r.tenancyNumber, r.address])).toEqual([
        [2, 'L1', 'two\nlines'],
        [5, 'L3', 'three\n\nlines'],
        [10, 'L5', 'x'],
      ]);
      expect(errorKeys(items)).toEqual(['4:arrears_amount:negative_amount', '9:arrears_amount:invalid_money']);
      expect(rowsOf(items)[2]!.departmentCode).toBe('A\n1');
    }
  });
});

describe('readArrearsCsv: header', () => {
  it('matches English and Danish names, with or without æøå, in any case, with spaces, hyphens or underscores', async () => {
    const names = [
      '\uFEFFTenancy number',
      'AFDELINGSNR',
      'Adresse',
      'lejlighed',
      'Post-nr',
      'Navn',
      'CPR-nr',
      'Tlf',
      'E-mail',
      'Husleje',
      'Restancebeløb',
      'ældste forfald',
      'påkrav-dato',
      'Ophaevelse_dato',
      'Fogedret dato',
      'udsættelse_dato',
      'Børn',
      'Afdragsordning',
    ];
    const items = await parseBoth(names.join(';') + '\nL1;A1;Vej 1;st. tv;2100;Bo;010190-1234;12345678;a@b.dk;5000;1;;;;;;0;nej\n');
    expect(header(items)).toMatchObject({
      columns: [
        'tenancy_number',
        'department_code',
        'address',
        'unit',
        'postal_code',
        'tenant_name',
        'tenant_cpr',
        'phone',
        'email',
        'monthly_rent',
        'arrears_amount',
        'oldest_unpaid_due_date',
        'demand_sent_date',
        'termination_date',
        'court_filed_date',
        'eviction_date',
        'children_in_household',
        'payment_agreement',
      ],
      unknownColumns: [],
    });
    expect(rowsOf(items)).toHaveLength(1);
  });

  it('reports unknown columns once, in file order, and ignores their cells', async () => {
    const items = await parseBoth('Note;tenancy_number;Note;department_code;Kontakt;arrears_amount;\nx;L1;y;A1;z;1;\n');
    expect(header(items).unknownColumns).toEqual(['Note', 'Kontakt']);
    expect(rowsOf(items)).toHaveLength(1);
  });

  it('refuses a column named twice (also by two of its aliases)', async () => {
    for (const h of ['tenancy_number;department_code;arrears_amount;restance', 'lejemålsnr;afdeling;restance;lejemaalsnr']) {
      const items = await parseBoth(`${h}\nL1;A1;1;2\n`);
      expect(items).toEqual([{ kind: 'fatal', reason: 'duplicate_column', detail: expect.any(String) }]);
    }
  });

  it('refuses a file without the required columns, naming them', async () => {
    const items = await parseBoth('adresse;lejer;afdeling\nVej 1;Bo;A1\n');
    expect(items).toEqual([
      { kind: 'fatal', reason: 'missing_columns', missing: ['tenancy_number', 'arrears_amount'], detail: 'tenancy_number, arrears_amount' },
    ]);
  });

  it('empty file: no bytes, only a BOM, only blank lines', async () => {
    for (const data of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), '\r\n\r\n  \n']) {
      expect(await parseBoth(data)).toEqual([{ kind: 'fatal', reason: 'empty_file' }]);
    }
  });

  it('header only: a header item and an end item with no records (not fatal: an empty snapshot)', async () => {
    for (const data of ['tenancy_number;department_code;arrears_amount', 'tenancy_number;department_code;arrears_amount\r\n\r\n;;\r\n']) {
      const items = await parseBoth(data);
      expect(kinds(items)).toEqual(['header', 'end']);
      expect(lastItem(items)).toMatchObject({ kind: 'end', records: 0, rows: 0, rejected: 0 });
    }
  });

  it('a header with broken quoting or far too long is unreadable', async () => {
    expect(await parseBoth('"tenancy_number"x;department_code\nL1;A1\n')).toEqual([
      { kind: 'fatal', reason: 'unreadable', detail: expect.any(String) },
    ]);
    expect(await parseBoth('x'.repeat(300) + '\n', { maxLineBytes: 100 })).toEqual([
      { kind: 'fatal', reason: 'unreadable', detail: 'the header line is too long' },
    ]);
    expect(await parseBoth('"tenancy_number;' + 'x'.repeat(300), { maxLineBytes: 100 })).toEqual([
      { kind: 'fatal', reason: 'unreadable', detail: 'the header line is too long' },
    ]);
  });

  it('a binary file is unreadable or missing its columns, never an exception', async () => {
    const items = await parseBoth(Buffer.from([0x00, 0x01, 0x02, 0x3b, 0x00, 0x0a, 0x41, 0x0a]));
    expect(items).toEqual([{ kind: 'fatal', reason: 'unreadable', detail: 'not a text file' }]);
  });
});

describe('readArrearsCsv: rejections', () => {
  const H =
    'tenancy_number;department_code;arrears_amount;address;tenant_cpr;postal_code;email;children_in_household;payment_agreement;eviction_date;monthly_rent';

  it('reports every reason with its line and column (in the canonical column order), and keeps the valid rows', async () => {
    const csv = [
      H,
      'L1;A1;1;;;;;;;;',
      ';A1;1;;;;;;;;', // 3 required
      'L3;;x;;;;;;;;', // 4 required + invalid_money
      'L4;A1;-1,00;;;;;;;;', // 5 negative_amount
      'L5;A1;1;;0101901234;210;a@;-1;måske;31-02-2026;-5', // 6 many
      'L6;A1;1;;3213901234;;;;;2026/01/01;', // 7 invalid_cpr_date, invalid_date
      'L7;A1;1;;12-34;;;;;;', // 8 invalid_cpr
      'L8;A1;1', // 9 wrong_field_count
      'L9;A1;1;"Vej" 9;;;;;;;', // 10 malformed_record
      `L10;A1;1;${'x'.repeat(201)};;;;;;;`, // 11 too_long
      'L11;A1;1;;;;;;;1800-01-01;', // 12 date_out_of_range
      'L12;A1;1;;;;;;;;', // 13 fine
      'L13;A1;1;"Vej', // 14-15: a multi-line record
      '1";;;;;;;',
      'L14;A1;1;Vej\u00001;;;;;;;', // 16 invalid_text, after the multi-line record
      'L15;A1;1;;;;;;;;', // 17 fine
    ].join('\n');
    const items = await parseBoth(csv);
    expect(rowsOf(items).map((r) => r.line)).toEqual([2, 13, 14, 17]);
    expect(errorKeys(items)).toEqual([
      '3:tenancy_number:required',
      '4:department_code:required',
      '4:arrears_amount:invalid_money',
      '5:arrears_amount:negative_amount',
      '6:postal_code:invalid_postal_code',
      '6:email:invalid_email',
      '6:monthly_rent:negative_amount',
      '6:eviction_date:impossible_date',
      '6:children_in_household:invalid_integer',
      '6:payment_agreement:invalid_boolean',
      '7:tenant_cpr:invalid_cpr_date',
      '7:eviction_date:invalid_date',
      '8:tenant_cpr:invalid_cpr',
      '9:-:wrong_field_count',
      '10:-:malformed_record',
      '11:address:too_long',
      '12:eviction_date:date_out_of_range',
      '16:address:invalid_text',
    ]);
    expect(lastItem(items)).toMatchObject({ kind: 'end', records: 15, rows: 4, rejected: 11 });
  });

  it('error values: the tenancy number and non-personal cells, never CPR, names, address, phone or email', async () => {
    const csv =
      'tenancy_number;department_code;arrears_amount;tenant_cpr;tenant_name;email;phone;address\nL1;A1;-5;3213901234;;x@;12;' +
      'v'.repeat(201);
    const errors = errorsOf(await parseBoth(csv));
    expect(errors).toEqual([
      { line: 2, column: 'address', reason: 'too_long', tenancyNumber: 'L1' },
      { line: 2, column: 'tenant_cpr', reason: 'invalid_cpr_date', tenancyNumber: 'L1' },
      { line: 2, column: 'phone', reason: 'invalid_phone', tenancyNumber: 'L1' },
      { line: 2, column: 'email', reason: 'invalid_email', tenancyNumber: 'L1' },
      { line: 2, column: 'arrears_amount', reason: 'negative_amount', value: '-5', tenancyNumber: 'L1' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('3213901234');
  });

  it('wrong_field_count carries the number of fields found; a rejected record does not stop the file', async () => {
    const items = await parseBoth('tenancy_number;department_code;arrears_amount\nL1;A1;1;extra\nL2;A1\nL3;A1;3\n');
    expect(errorsOf(items)).toEqual([
      { line: 2, column: null, reason: 'wrong_field_count', value: '4' },
      { line: 3, column: null, reason: 'wrong_field_count', value: '2' },
    ]);
    expect(rowsOf(items).map((r) => r.tenancyNumber)).toEqual(['L3']);
  });

  it('an unclosed quote costs its own line only: the lines after it are read again as records', async () => {
    const csv = 'tenancy_number;department_code;arrears_amount;address\nL1;A1;1;"never closed\nL2;A1;2;x\nL3;A1;3;y\n';
    const items = await parseBoth(csv);
    expect(errorKeys(items)).toEqual(['2:-:malformed_record']);
    expect(rowsOf(items).map((r) => [r.line, r.tenancyNumber])).toEqual([
      [3, 'L2'],
      [4, 'L3'],
    ]);
  });

  it('text after a closing quote is malformed; the next line is read normally', async () => {
    const csv = 'tenancy_number;department_code;arrears_amount;address\r\nL1;A1;1;"a"b\r\nL2;A1;2;"ok"\r\n';
    const items = await parseBoth(csv);
    expect(errorKeys(items)).toEqual(['2:-:malformed_record']);
    expect(rowsOf(items).map((r) => [r.line, r.address])).toEqual([[3, 'ok']]);
  });

  it('records longer than maxLineBytes are rejected as too_long and skipped without being held', async () => {
    const opts = { maxLineBytes: 60 };
    const csv = [
      'tenancy_number;department_code;arrears_amount;address',
      `L1;A1;1;${'x'.repeat(100)}`,
      'L2;A1;2;ok',
      `L3;A1;3;"${'y'.repeat(30)}`,
      `${'z'.repeat(40)}"`,
      'L4;A1;4;ok',
    ].join('\n');
    const items = await parseBoth(csv, opts);
    expect(errorKeys(items)).toEqual(['2:-:too_long', '4:-:too_long', '5:-:wrong_field_count']);
    expect(rowsOf(items).map((r) => r.line)).toEqual([3, 6]);
  });
});

describe('readArrearsCsv: money, dates and other cell forms', () => {
  it.each([
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1.234,56', 123456],
    ['1 234,56', 123456],
    ['1234', 123400],
    ['1.234', 123400],
    ['1234,5', 123450],
    ['1.234,56 kr.', 123456],
    ['kr. 1.234,56', 123456],
    ['DKK 1 234,56', 123456],
    ['1234,56 DKK', 123456],
    ['1.234,-', 123400],
    ['0', 0],
    ['0,00', 0],
  ])('money %s → %i øre (comma-delimited file, quoted)', async (text, ore) => {
    const items = await parseBoth(`tenancy_number,department_code,arrears_amount,monthly_rent\nL1,A1,"${text}","${text}"\n`);
    expect(rowsOf(items)[0]).toMatchObject({ arrearsOre: ore, monthlyRentOre: ore });
  });

  it.each(['2026-03-05', '05-03-2026', '05.03.2026', '05/03/2026', '5.3.2026'])('date %s → 2026-03-05', async (text) => {
    const items = await parseBoth(`tenancy_number;department_code;arrears_amount;demand_sent_date\nL1;A1;1;${text}\n`);
    expect(rowsOf(items)[0]!.demandSentDate).toBe('2026-03-05');
  });

  it('reads every column of a complete row', async () => {
    const csv =
      'lejemålsnr;afdeling;adresse;lejlighed;postnr;lejer;cpr;telefon;e-mail;husleje;restance;ældste_forfald;påkrav_dato;ophævelse_dato;fogedret_dato;udsættelse_dato;børn;afdragsordning\n' +
      '12-345;A7;Ærøgade 3;3. tv;8000;"Åse Ørsted; Bo Ærø";010203-4567;+45 12 34 56 78;aase@example.dk;7.845,00;12.345,67;01-01-2026;15.01.2026;2026-02-01;01/03/2026;2026-04-01;2;Ja\n';
    const items = await parseBoth(cp1252(csv));
    expect(rowsOf(items)).toEqual([
      {
        line: 2,
        tenancyNumber: '12-345',
        departmentCode: 'A7',
        address: 'Ærøgade 3',
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
        terminationDate: '2026-02-01',
        courtFiledDate: '2026-03-01',
        evictionDate: '2026-04-01',
        childrenInHousehold: 2,
        paymentAgreement: true,
      },
    ]);
  });
});

describe('readArrearsCsv: streaming', () => {
  it('gives the same items for one chunk, one byte per chunk and odd chunk sizes', async () => {
    const csv = cp1252(
      'lejemålsnr;afdeling;restance;adresse\r\n\r\nL1;A1;1.234,56;"Ærø\r\nvej"\r\nL2;A1;-1;"a""b"\r\nL3;A1;1;"x"y\r\nL4;A1;2;Øst\r\n',
    );
    const whole = await parse(csv);
    for (const size of [1, 2, 3, 7, 64]) expect(await parse(csv, undefined, size)).toEqual(whole);
  });

  it('an error from the input propagates; nothing else does', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      // More than the 64 KiB the decoder looks at before it decides the encoding and lets text through.
      yield Buffer.from('tenancy_number;department_code;arrears_amount\n' + 'L1;A1;1\n'.repeat(10_000));
      throw new Error('socket closed');
    }
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of readArrearsCsv(failing())) seen.push(item.kind);
      })(),
    ).rejects.toThrow('socket closed');
    expect(seen.slice(0, 2)).toEqual(['header', 'row']);
    expect(seen).not.toContain('end');
  });

  it('a consumer may stop early; the input is closed', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from('tenancy_number;department_code;arrears_amount\n');
        for (let i = 0; ; i++) yield Buffer.from(`L${i};A1;1\n`);
      } finally {
        closed = true;
      }
    }
    let rows = 0;
    for await (const item of readArrearsCsv(source())) if (item.kind === 'row' && ++rows === 10) break;
    expect(closed).toBe(true);
  });

  it('reads a large file streamed in pieces, in order', async () => {
    const rows = 50_000;
    async function* big(): AsyncGenerator<Buffer> {
      yield Buffer.from('tenancy_number;department_code;arrears_amount;address\n');
      let batch = '';
      for (let i = 0; i < rows; i++) {
        batch += `L${i};A${i % 7};${i},50;"Vej ${i}; Ærø"\n`;
        if (batch.length > 50_000) {
          yield Buffer.from(batch);
          batch = '';
        }
      }
      yield Buffer.from(batch);
    }
    let n = 0;
    let last = 0;
    for await (const item of readArrearsCsv(big())) {
      if (item.kind !== 'row') continue;
      expect(item.row.line).toBe(last === 0 ? 2 : last + 1);
      last = item.row.line;
      n++;
    }
    expect(n).toBe(rows);
  });
});
