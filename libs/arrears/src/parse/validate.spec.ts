import fc from 'fast-check';
import { parseDanishMoney } from '@forebyg/domain';
import {
  ARREARS_COLUMNS,
  COLUMN_KEYS,
  REQUIRED_COLUMNS,
  kronerNumberToOre,
  matchArrearsColumn,
  validateJsonRow,
  validateRecord,
  type ColumnKey,
  type RowError,
} from './index.js';
import { plainMoney } from './validate.js';

const base = { tenancy_number: 'L1', department_code: 'A1', arrears_amount: '100' } as const;

/** The row for the base cells plus `cells`, or the errors as "column:reason". */
function check(cells: Partial<Record<ColumnKey, string>>, line = 7) {
  const r = validateRecord({ ...base, ...cells }, line);
  return r.row ?? r.errors.map((e) => `${e.column}:${e.reason}`);
}

const only = (cells: Partial<Record<ColumnKey, string>>) => validateRecord(cells, 3).errors;

describe('columns', () => {
  it('lists the columns of the spec with their Danish aliases; three are required', () => {
    expect(ARREARS_COLUMNS.map((c) => c.key)).toEqual([...COLUMN_KEYS]);
    expect(REQUIRED_COLUMNS).toEqual(['tenancy_number', 'department_code', 'arrears_amount']);
    expect(ARREARS_COLUMNS.find((c) => c.key === 'tenancy_number')!.aliases).toEqual(['lejemaalsnr', 'lejemålsnr']);
    for (const c of ARREARS_COLUMNS) {
      for (const name of [c.key, c.jsonName, ...c.aliases]) expect(matchArrearsColumn(name)).toBe(c.key);
    }
  });

  it.each([
    ['Tenancy number', 'tenancy_number'],
    ['TENANCY-NUMBER', 'tenancy_number'],
    ['  Lejemålsnr  ', 'tenancy_number'],
    ['\uFEFFlejemaalsnr', 'tenancy_number'],
    ['Lejema\u030alsnr', 'tenancy_number'], // å decomposed, as macOS writes it
    ['tenancyNumber', 'tenancy_number'],
    ['påkrav-dato', 'demand_sent_date'],
    ['Påkrav dato', 'demand_sent_date'],
    ['PAAKRAV_DATO', 'demand_sent_date'],
    ['Restancebeløb', 'arrears_amount'],
    ['E-mail', 'email'],
    ['Cpr-nr.', 'tenant_cpr'],
    ['Ældste forfald', 'oldest_unpaid_due_date'],
    ['Udsættelse-dato', 'eviction_date'],
    ['BØRN', 'children_in_household'],
    ['note', null],
    ['', null],
    ['lejemål', null],
  ])('header %j → %s', (name, key) => {
    expect(matchArrearsColumn(name)).toBe(key);
  });
});

describe('validateRecord', () => {
  it('accepts the three required cells alone; empty optional cells are null', () => {
    expect(check({ address: '', unit: '  ', tenant_name: '' })).toEqual({
      line: 7,
      tenancyNumber: 'L1',
      departmentCode: 'A1',
      address: null,
      unit: null,
      postalCode: null,
      tenantNames: [],
      tenantCpr: null,
      phone: null,
      email: null,
      monthlyRentOre: null,
      arrearsOre: 10000,
      oldestUnpaidDueDate: null,
      demandSentDate: null,
      terminationDate: null,
      courtFiledDate: null,
      evictionDate: null,
      childrenInHousehold: null,
      paymentAgreement: null,
    });
  });

  it('reports every missing required cell, blank counting as missing', () => {
    expect(only({})).toEqual([
      { line: 3, column: 'tenancy_number', reason: 'required' },
      { line: 3, column: 'department_code', reason: 'required' },
      { line: 3, column: 'arrears_amount', reason: 'required' },
    ]);
    expect(only({ tenancy_number: ' ', department_code: 'A', arrears_amount: '\u00a0' }).map((e) => e.column)).toEqual([
      'tenancy_number',
      'arrears_amount',
    ]);
  });

  it('trims cells', () => {
    expect(check({ tenancy_number: '  L 1 ', address: ' Vej 1 ' })).toMatchObject({ tenancyNumber: 'L 1', address: 'Vej 1' });
  });

  it.each([
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1.234,56', 123456],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456],
    ['1.234.567,89', 123456789],
    ['1234', 123400],
    ['1.234', 123400],
    ['1234.5', 123450],
    ['1234,5', 123450],
    ['1.234,56 kr.', 123456],
    ['1.234,56 kr', 123456],
    ['kr. 1.234,56', 123456],
    ['DKK 1234.56', 123456],
    ['1234,56 DKK', 123456],
    ['1.234,-', 123400],
    ['0', 0],
    ['0,00', 0],
    ['-0,00', 0],
    ['007', 700],
  ])('money %j → %i øre', (text, ore) => {
    expect(check({ arrears_amount: text, monthly_rent: text })).toMatchObject({ arrearsOre: ore, monthlyRentOre: ore });
  });

  it.each(['abc', '1,2,3', '1,234.56', '12.34.5', '1.2345', '1,234', 'kr.', '--1', '1e3', '0x10', '12 34'])(
    'money %j is invalid_money',
    (text) => {
      expect(check({ arrears_amount: text })).toEqual(['arrears_amount:invalid_money']);
    },
  );

  it('a negative amount (a credit) is rejected as negative_amount, for arrears and rent', () => {
    expect(check({ arrears_amount: '-1,00', monthly_rent: '-5' })).toEqual([
      'monthly_rent:negative_amount',
      'arrears_amount:negative_amount',
    ]);
    expect(check({ arrears_amount: 'kr. -12,50' })).toEqual(['arrears_amount:negative_amount']);
    expect(check({ arrears_amount: '1.234,56-' })).toEqual(['arrears_amount:negative_amount']); // trailing minus (SAP)
    expect(check({ arrears_amount: '-' })).toEqual(['arrears_amount:invalid_money']);
    expect(validateRecord({ ...base, arrears_amount: '-12,50' }, 1).errors[0]!.value).toBe('-12,50');
  });

  it.each([
    ['2026-03-05', '2026-03-05'],
    ['05-03-2026', '2026-03-05'],
    ['05.03.2026', '2026-03-05'],
    ['05/03/2026', '2026-03-05'],
    ['5-3-2026', '2026-03-05'],
    ['29-02-2024', '2024-02-29'],
    [' 2026-12-31 ', '2026-12-31'],
  ])('date %j → %s', (text, iso) => {
    const r = check({
      oldest_unpaid_due_date: text,
      demand_sent_date: text,
      termination_date: text,
      court_filed_date: text,
      eviction_date: text,
    });
    expect(r).toMatchObject({
      oldestUnpaidDueDate: iso,
      demandSentDate: iso,
      terminationDate: iso,
      courtFiledDate: iso,
      evictionDate: iso,
    });
  });

  it.each([
    ['31-02-2026', 'impossible_date'],
    ['2026-02-29', 'impossible_date'],
    ['29.02.2025', 'impossible_date'],
    ['2026-13-01', 'impossible_date'],
    ['00/01/2026', 'impossible_date'],
    ['2026/03/05', 'invalid_date'],
    ['03-05-26', 'invalid_date'],
    ['5. marts 2026', 'invalid_date'],
    ['05-03.2026', 'invalid_date'],
    ['1899-12-31', 'date_out_of_range'],
    ['0000-01-01', 'date_out_of_range'],
    ['01-01-2200', 'date_out_of_range'],
  ])('date %j → %s', (text, reason) => {
    expect(check({ eviction_date: text })).toEqual([`eviction_date:${reason}`]);
    expect(validateRecord({ ...base, eviction_date: text }, 1).errors[0]).toMatchObject({ value: text.trim() });
  });

  it('CPR: DDMMYY-SSSS or 10 digits with a real date part, no modulus-11; errors never carry the number', () => {
    expect(check({ tenant_cpr: '010190-1233' })).toMatchObject({ tenantCpr: '0101901233' });
    expect(check({ tenant_cpr: '0101901233' })).toMatchObject({ tenantCpr: '0101901233' });
    expect(check({ tenant_cpr: '010190 1233' })).toMatchObject({ tenantCpr: '0101901233' });
    expect(check({ tenant_cpr: '290200-4000' })).toMatchObject({ tenantCpr: '2902004000' }); // 2000 is a leap year
    for (const bad of ['0101901', '01019012333', 'abcdefghij', '010190--1233', '0101-901233']) {
      expect(check({ tenant_cpr: bad })).toEqual(['tenant_cpr:invalid_cpr']);
    }
    for (const bad of ['3202901233', '310490-1233', '2902011233', '0013901233']) {
      expect(check({ tenant_cpr: bad })).toEqual(['tenant_cpr:invalid_cpr_date']);
    }
    const e = validateRecord({ ...base, tenant_cpr: '3202901233' }, 1).errors[0]!;
    expect(e).toEqual({ line: 1, column: 'tenant_cpr', reason: 'invalid_cpr_date', tenancyNumber: 'L1' });
  });

  it('postal code: 4 digits (DK- prefix tolerated)', () => {
    expect(check({ postal_code: '2100' })).toMatchObject({ postalCode: '2100' });
    expect(check({ postal_code: '0800' })).toMatchObject({ postalCode: '0800' });
    expect(check({ postal_code: 'DK-8000' })).toMatchObject({ postalCode: '8000' });
    for (const bad of ['210', '21000', 'abcd', '2100 København'])
      expect(check({ postal_code: bad })).toEqual(['postal_code:invalid_postal_code']);
  });

  it('tenant names: one, or several separated by ";"; empty parts dropped', () => {
    expect(check({ tenant_name: 'Åse Ørsted' })).toMatchObject({ tenantNames: ['Åse Ørsted'] });
    expect(check({ tenant_name: ' Åse Ørsted ; Bo Ærø;; ' })).toMatchObject({ tenantNames: ['Åse Ørsted', 'Bo Ærø'] });
    expect(check({ tenant_name: 'x'.repeat(201) })).toEqual(['tenant_name:too_long']);
    expect(check({ tenant_name: 'ab;'.repeat(400) })).toEqual(['tenant_name:too_long']);
  });

  it('phone: Danish numbers with or without +45/0045 and spaces; foreign numbers with + or 00', () => {
    for (const p of [
      '12345678',
      '12 34 56 78',
      '+45 12 34 56 78',
      '+4512345678',
      '004512345678',
      '4512345678',
      '1234-5678',
      '(+45) 1234 5678',
    ]) {
      expect(check({ phone: p })).toMatchObject({ phone: '+4512345678' });
    }
    expect(check({ phone: '+46 70 123 45 67' })).toMatchObject({ phone: '+46701234567' });
    expect(check({ phone: '0046701234567' })).toMatchObject({ phone: '+46701234567' });
    for (const bad of ['1234567', '+45 1234567', '+45 123456789', 'ring efter kl. 16', '+', '1'.repeat(31)]) {
      expect(check({ phone: bad })).toEqual([bad.length > 30 ? 'phone:too_long' : 'phone:invalid_phone']);
    }
  });

  it('email', () => {
    expect(check({ email: 'aase.oersted@example.dk' })).toMatchObject({ email: 'aase.oersted@example.dk' });
    expect(check({ email: 'åse@ærø.dk' })).toMatchObject({ email: 'åse@ærø.dk' });
    for (const bad of ['aase', 'a@b', '@b.dk', 'a b@c.dk', 'a@b..dk', 'a@@b.dk', 'a@b.dk.'])
      expect(check({ email: bad })).toEqual(['email:invalid_email']);
    expect(check({ email: `${'a'.repeat(250)}@b.dk` })).toEqual(['email:too_long']);
  });

  it('children: an integer ≥ 0', () => {
    expect(check({ children_in_household: '0' })).toMatchObject({ childrenInHousehold: 0 });
    expect(check({ children_in_household: ' 3 ' })).toMatchObject({ childrenInHousehold: 3 });
    for (const bad of ['-1', '1.5', '2,0', 'to', '1000', '1e1'])
      expect(check({ children_in_household: bad })).toEqual(['children_in_household:invalid_integer']);
  });

  it.each([
    ['yes', true],
    ['YES', true],
    ['Ja', true],
    ['1', true],
    ['true', true],
    ['True', true],
    ['no', false],
    ['NEJ', false],
    ['0', false],
    ['false', false],
  ])('payment agreement %j → %s', (text, value) => {
    expect(check({ payment_agreement: text })).toMatchObject({ paymentAgreement: value });
  });

  it('payment agreement: anything else is invalid_boolean', () => {
    for (const bad of ['måske', '2', 'yess', 'x']) expect(check({ payment_agreement: bad })).toEqual(['payment_agreement:invalid_boolean']);
  });

  it('too_long for text cells past their limits', () => {
    expect(check({ tenancy_number: 'x'.repeat(101) })).toEqual(['tenancy_number:too_long']);
    expect(check({ department_code: 'x'.repeat(51) })).toEqual(['department_code:too_long']);
    expect(check({ address: 'x'.repeat(201) })).toEqual(['address:too_long']);
    expect(check({ unit: 'x'.repeat(51) })).toEqual(['unit:too_long']);
    expect(check({ address: 'x'.repeat(200), unit: 'x'.repeat(50) })).toMatchObject({ unit: 'x'.repeat(50) });
  });

  it('text PostgreSQL cannot store or that shows a decoding problem is rejected', () => {
    expect(check({ address: 'Vej\u00001' })).toEqual(['address:invalid_text']);
    expect(check({ address: 'Vej \uD800 1' })).toEqual(['address:invalid_text']);
    expect(check({ tenant_name: 'S\uFFFDren' })).toEqual(['tenant_name:invalid_encoding']);
    expect(check({ address: 'SÃ¸ndergade' })).toEqual(['address:invalid_encoding']); // UTF-8 read as Windows-1252
    expect(check({ address: 'Ã…boulevarden' })).toEqual(['address:invalid_encoding']);
    expect(check({ address: 'São Paulo-vej 😀' })).toMatchObject({ address: 'São Paulo-vej 😀' });
  });

  it('line breaks inside a cell are kept, as LF', () => {
    expect(check({ address: 'Vej 1\r\n3. tv' })).toMatchObject({ address: 'Vej 1\n3. tv' });
  });

  it('reports all errors of a row at once, with the tenancy number when it is valid', () => {
    const r = validateRecord({ tenancy_number: 'L9', arrears_amount: 'x', postal_code: '1', children_in_household: '-2' }, 12);
    expect(r.row).toBeNull();
    expect(r.errors).toEqual<RowError[]>([
      { line: 12, column: 'department_code', reason: 'required', tenancyNumber: 'L9' },
      { line: 12, column: 'postal_code', reason: 'invalid_postal_code', value: '1', tenancyNumber: 'L9' },
      { line: 12, column: 'arrears_amount', reason: 'invalid_money', value: 'x', tenancyNumber: 'L9' },
      { line: 12, column: 'children_in_household', reason: 'invalid_integer', value: '-2', tenancyNumber: 'L9' },
    ]);
  });

  it('error values are shortened and stripped of control characters', () => {
    const e = validateRecord({ ...base, arrears_amount: `x\u0000${'9'.repeat(200)}` }, 1).errors[0]!;
    expect(e.value).toHaveLength(100);
    expect(e.value).not.toContain('\u0000');
  });
});

describe('validateJsonRow', () => {
  const row = { tenancyNumber: 'L1', departmentCode: 'A1', arrearsAmount: '1.234,56' };

  it('reads camelCase fields; money as number (kroner) or string', () => {
    expect(validateJsonRow({ ...row, arrearsAmount: 1234.56, monthlyRent: '7845.00' }, 1).row).toMatchObject({
      arrearsOre: 123456,
      monthlyRentOre: 784500,
    });
    expect(validateJsonRow(row, 1).row).toMatchObject({ arrearsOre: 123456 });
    expect(validateJsonRow({ ...row, arrearsAmount: '1234.56' }, 1).row).toMatchObject({ arrearsOre: 123456 });
    expect(validateJsonRow({ ...row, arrearsAmount: 0.1 + 0.2 }, 1).errors).toEqual([
      { line: 1, column: 'arrears_amount', reason: 'invalid_money', value: '0.30000000000000004', tenancyNumber: 'L1' },
    ]);
  });

  it('accepts the JSON types that carry the value unambiguously', () => {
    const r = validateJsonRow(
      {
        tenancyNumber: 12345,
        departmentCode: 7,
        arrearsAmount: 0,
        tenantName: ['Åse Ørsted', ' Bo '],
        postalCode: 800,
        childrenInHousehold: 2,
        paymentAgreement: false,
        phone: 12345678,
        address: null,
        unknownField: { nested: true },
      },
      4,
    );
    expect(r.row).toMatchObject({
      line: 4,
      tenancyNumber: '12345',
      departmentCode: '7',
      arrearsOre: 0,
      tenantNames: ['Åse Ørsted', 'Bo'],
      postalCode: '0800',
      childrenInHousehold: 2,
      paymentAgreement: false,
      phone: '+4512345678',
      address: null,
    });
  });

  it('a wrong type is rejected with the field named (invalid_type) and the JSON type found', () => {
    const r = validateJsonRow(
      {
        tenancyNumber: 'L1',
        departmentCode: ['A1'],
        arrearsAmount: { kr: 5 },
        address: 5,
        tenantName: ['a', 1],
        tenantCpr: 101901233,
        email: true,
        evictionDate: 20260101,
      },
      2,
    );
    expect(r.errors.map((e) => `${e.column}:${e.reason}:${e.value}`)).toEqual([
      'department_code:invalid_type:array',
      'address:invalid_type:number',
      'tenant_name:invalid_type:array',
      'tenant_cpr:invalid_type:number',
      'email:invalid_type:boolean',
      'arrears_amount:invalid_type:object',
      'eviction_date:invalid_type:number',
    ]);
  });

  it('numbers that are not what the field holds', () => {
    const e = (v: Record<string, unknown>) => validateJsonRow({ ...row, ...v }, 1).errors.map((x) => `${x.column}:${x.reason}`);
    expect(e({ arrearsAmount: -5 })).toEqual(['arrears_amount:negative_amount']);
    expect(e({ arrearsAmount: 1.234 })).toEqual(['arrears_amount:invalid_money']);
    expect(e({ arrearsAmount: 1e300 })).toEqual(['arrears_amount:invalid_money']);
    expect(e({ childrenInHousehold: 1.5 })).toEqual(['children_in_household:invalid_integer']);
    expect(e({ paymentAgreement: 2 })).toEqual(['payment_agreement:invalid_boolean']);
    expect(e({ postalCode: 12345 })).toEqual(['postal_code:invalid_postal_code']);
    expect(e({ tenancyNumber: 1.5 })).toEqual(['tenancy_number:invalid_type']);
  });

  it('tenant names as an array are held to the same total length as a cell', () => {
    expect(validateJsonRow({ ...row, tenantName: Array(400).fill('Bo') }, 1).errors.map((e) => e.reason)).toEqual(['too_long']);
  });

  it('an element that is not an object', () => {
    for (const [v, t] of [
      [null, 'null'],
      [5, 'number'],
      ['x', 'string'],
      [[row], 'array'],
    ] as const) {
      expect(validateJsonRow(v, 3)).toEqual({ row: null, errors: [{ line: 3, column: null, reason: 'not_an_object', value: t }] });
    }
  });

  it('ignores inherited properties', () => {
    const proto = { departmentCode: 'A1' };
    const obj = Object.assign(Object.create(proto) as object, { tenancyNumber: 'L1', arrearsAmount: 1 });
    expect(validateJsonRow(obj, 1).errors.map((e) => e.column)).toEqual(['department_code']);
  });
});

describe('money conversions', () => {
  it('kronerNumberToOre is exact where the number has at most two decimals', () => {
    expect(kronerNumberToOre(1234.56)).toBe(123456);
    expect(kronerNumberToOre(0.29)).toBe(29);
    expect(kronerNumberToOre(1.005)).toBeNull();
    expect(kronerNumberToOre(0.1 + 0.2)).toBeNull();
    expect(kronerNumberToOre(-0)).toBe(0);
    expect(Object.is(kronerNumberToOre(-0), 0)).toBe(true);
    expect(kronerNumberToOre(-12.5)).toBe(-1250);
    expect(kronerNumberToOre(Number.NaN)).toBeNull();
    expect(kronerNumberToOre(Number.POSITIVE_INFINITY)).toBeNull();
    expect(kronerNumberToOre(1e13)).toBeNull();
    expect(kronerNumberToOre(9_999_999_999_999.99)).toBe(999_999_999_999_999);
  });

  it('kronerNumberToOre agrees with reading the number’s shortest decimal form', () => {
    const reference = (n: number): number | null => {
      const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(n));
      if (!m || Math.abs(n) >= 1e13) return null;
      const ore = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
      return m[1] === '-' && ore !== 0 ? -ore : ore;
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1e12, max: 1e12 }).map((ore) => ore / 100),
          fc.double({ min: -1e13, max: 1e13, noNaN: true }),
          fc.integer({ min: 0, max: 1e6 }).map((x) => x / 1000),
        ),
        (n) => kronerNumberToOre(n) === reference(n),
      ),
      { numRuns: 2000 },
    );
  });

  it('the fast money path gives the same øre as parseDanishMoney for every string it accepts', () => {
    const money = fc.stringMatching(/^[0-9]{0,7}([., ][0-9]{0,4}){0,3}$/);
    fc.assert(
      fc.property(money, (s) => {
        const fast = plainMoney(s);
        if (fast < 0) return true;
        const r = parseDanishMoney(s);
        return r.ok && r.ore === fast;
      }),
      { numRuns: 5000 },
    );
    for (const s of ['1.234,56', '1 234,56', '1.234', '1234.5', '12', '1.234.567,8', '999 999 999 999,99']) {
      expect(plainMoney(s)).toBe((parseDanishMoney(s) as { ore: number }).ore);
    }
  });
});
