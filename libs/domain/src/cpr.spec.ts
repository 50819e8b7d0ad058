import fc from 'fast-check';
import { containsCpr, cprBirthYear, formatCpr, maskCpr, parseCpr, redactCpr } from './cpr.js';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A valid CPR number built from a birth date: the serial's first digit is chosen to give that century. */
const validCprArb = fc
  .record({
    date: fc.date({ min: new Date('1858-01-01T00:00:00Z'), max: new Date('2057-12-31T00:00:00Z'), noInvalidDate: true }),
    rest: fc.integer({ min: 0, max: 999 }),
    pick: fc.nat(),
  })
  .map(({ date, rest, pick }) => {
    const year = date.getUTCFullYear();
    const yy = year % 100;
    // Digits that yield this century per the CPR office table.
    const candidates = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => cprBirthYear(yy, d) === year);
    const seventh = candidates[pick % candidates.length]!;
    const digits = `${pad2(date.getUTCDate())}${pad2(date.getUTCMonth() + 1)}${pad2(yy)}${seventh}${String(rest).padStart(3, '0')}`;
    return { digits, birthDate: date.toISOString().slice(0, 10) };
  });

describe('parseCpr', () => {
  it.each([
    ['010190-1234', '0101901234', '1990-01-01'],
    ['0101901234', '0101901234', '1990-01-01'],
    ['010190 1234', '0101901234', '1990-01-01'],
    ['010190\u00a01234', '0101901234', '1990-01-01'],
    ['  010190-1234\n', '0101901234', '1990-01-01'],
    ['311299-3999', '3112993999', '1999-12-31'],
  ])('accepts %j', (input, cpr, birthDate) => {
    expect(parseCpr(input)).toEqual({ ok: true, cpr, birthDate });
  });

  it('has no modulus-11 check (numbers issued since 2007 fail it)', () => {
    // 010190-1234 has weighted sum 4*0+3*1+2*0+7*1+6*9+5*0+4*1+3*2+2*3+1*4 = 84, not divisible by 11.
    expect(parseCpr('010190-1234').ok).toBe(true);
    expect(parseCpr('010190-1235').ok).toBe(true);
  });

  describe('century from the 7th digit', () => {
    it.each([
      // [yy, digit, year]
      [0, 0, 1900],
      [99, 3, 1999],
      [36, 4, 2036],
      [37, 4, 1937],
      [0, 4, 2000],
      [99, 4, 1999],
      [36, 9, 2036],
      [37, 9, 1937],
      [57, 5, 2057],
      [58, 5, 1858],
      [0, 8, 2000],
      [99, 8, 1899],
      [57, 6, 2057],
      [58, 7, 1858],
    ])('YY=%i digit %i → %i', (yy, digit, year) => {
      expect(cprBirthYear(yy, digit)).toBe(year);
      const r = parseCpr(`0101${pad2(yy)}-${digit}000`);
      expect(r).toEqual({ ok: true, cpr: `0101${pad2(yy)}${digit}000`, birthDate: `${year}-01-01` });
    });
  });

  describe('the date part must be a real date in the century the serial gives', () => {
    it.each([
      ['310290-1234', 'date'], // 31 February
      ['300290-1234', 'date'],
      ['290200-4123', 'ok'], // 2000 is a leap year (digit 4, YY ≤ 36)
      ['290200-1234', 'date'], // 1900 is not (digit 1)
      ['290256-5000', 'ok'], // 2056 leap
      ['290258-5000', 'date'], // 1858 not leap
      ['290296-4000', 'ok'], // 1996 leap
      ['290297-4000', 'date'],
      ['000190-1234', 'date'],
      ['320190-1234', 'date'],
      ['010090-1234', 'date'],
      ['011390-1234', 'date'],
      ['310490-1234', 'date'], // April has 30 days
    ])('%s → %s', (input, expected) => {
      const r = parseCpr(input);
      if (expected === 'ok') expect(r.ok).toBe(true);
      else expect(r).toEqual({ ok: false, reason: 'date' });
    });
  });

  it.each([
    '',
    '   ',
    '01019-01234',
    '010190-123',
    '010190-12345',
    '01019012345',
    '010190123',
    'abcdefghij',
    '010190--1234',
    '010190_1234',
    '010190\t1234',
    '010190 - 1234',
    '010190-1234x',
    'x010190-1234',
    '01-01-90-1234',
    '０１０１９０１２３４',
  ])('rejects the shape of %j', (input) => {
    expect(parseCpr(input)).toEqual({ ok: false, reason: 'format' });
  });

  it('rejects non-strings without throwing', () => {
    expect(parseCpr(undefined as unknown as string)).toEqual({ ok: false, reason: 'format' });
  });

  it('property: every valid number parses in all three forms to the same digits and birth date', () => {
    fc.assert(
      fc.property(validCprArb, ({ digits, birthDate }) => {
        const dashed = `${digits.slice(0, 6)}-${digits.slice(6)}`;
        const spaced = `${digits.slice(0, 6)} ${digits.slice(6)}`;
        for (const form of [digits, dashed, spaced]) {
          expect(parseCpr(form)).toEqual({ ok: true, cpr: digits, birthDate });
        }
      }),
    );
  });
});

describe('formatCpr / maskCpr', () => {
  it('formats and masks any accepted form', () => {
    expect(formatCpr('0101901234')).toBe('010190-1234');
    expect(formatCpr(' 010190 1234 ')).toBe('010190-1234');
    expect(maskCpr('0101901234')).toBe('010190-XXXX');
    expect(maskCpr('010190-1234')).toBe('010190-XXXX');
  });

  it('throws on invalid numbers without echoing them', () => {
    for (const bad of ['310290-1234', '12345', '']) {
      expect(() => maskCpr(bad)).toThrow(RangeError);
      expect(() => formatCpr(bad)).toThrow(RangeError);
    }
    expect(() => maskCpr('310290-1234')).toThrow(/^invalid CPR number \(date\)$/);
  });
});

describe('containsCpr / redactCpr', () => {
  it.each([
    ['Lejer 010190-1234 ringede', true],
    ['cpr=0101901234', true],
    ['cpr: 010190 1234.', true],
    ['(010190-1234)', true],
    ['010190-1234', true],
    ['ordrenr 9912345678', false], // day 99
    ['konto 12345678901234', false], // longer digit run
    ['0101901234567', false],
    ['a 310290-1234 b', false], // 31 February
    ['tlf 12 34 56 78', false],
    ['dato 20260402', false],
    ['', false],
    ['beløb 1.234,56 kr.', false],
  ])('%j → %s', (text, expected) => {
    expect(containsCpr(text)).toBe(expected);
  });

  it('redacts every CPR-like number and leaves other numbers', () => {
    expect(redactCpr('a 010190-1234 b 0202901234 c 9912345678')).toBe('a [CPR] b [CPR] c 9912345678');
    expect(redactCpr('x 010190 1234', '***')).toBe('x ***');
  });

  it('property: a valid CPR embedded in text is detected, and redaction removes it', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '.', ':', 'ø'), maxLength: 20 });
    fc.assert(
      fc.property(text, validCprArb, text, fc.constantFrom('', '-', ' '), (before, { digits }, after, sep) => {
        const s = `${before} ${digits.slice(0, 6)}${sep}${digits.slice(6)} ${after}`;
        expect(containsCpr(s)).toBe(true);
        expect(containsCpr(redactCpr(s))).toBe(false);
      }),
    );
  });

  it('property: after redaction no CPR-like number remains in any digit soup', () => {
    const soup = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '9', '-', ' ', 'x'), maxLength: 60 });
    fc.assert(
      fc.property(soup, (s) => {
        expect(containsCpr(redactCpr(s))).toBe(false);
      }),
    );
  });
});
