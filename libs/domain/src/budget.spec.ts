import fc from 'fast-check';
import { BUDGET_FREQUENCIES, computeBudget, divideRoundHalfAwayFromZero, toMonthlyOre, type BudgetLine } from './budget.js';

const inc = (amountOre: number, frequency: BudgetLine['frequency']): BudgetLine => ({ kind: 'income', amountOre, frequency });
const exp = (amountOre: number, frequency: BudgetLine['frequency']): BudgetLine => ({ kind: 'expense', amountOre, frequency });

describe('divideRoundHalfAwayFromZero', () => {
  it.each([
    [0n, 0n],
    [5n, 0n],
    [6n, 1n], // exactly half: away from zero
    [7n, 1n],
    [18n, 2n],
    [-5n, 0n],
    [-6n, -1n],
    [-7n, -1n],
    [-18n, -2n],
    [120000n, 10000n],
  ])('%s / 12 → %s', (n, q) => {
    expect(divideRoundHalfAwayFromZero(n, 12n)).toBe(q);
  });

  it('property: within half a unit of the exact quotient, ties away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 1000n }), (n, d) => {
        const q = divideRoundHalfAwayFromZero(n, d);
        const diff2 = (q * d - n) * 2n; // 2·(q − n/d)·d
        expect(diff2 <= d && diff2 >= -d).toBe(true);
        if (diff2 === d || diff2 === -d) expect(q > 0n ? diff2 > 0n : q < 0n ? diff2 < 0n : true).toBe(true);
      }),
    );
  });
});

describe('computeBudget', () => {
  it('is all zero for no lines', () => {
    expect(computeBudget([])).toEqual({ incomeOre: 0, expenseOre: 0, disposableOre: 0 });
  });

  it('three lines of 100,00 kr. a quarter are exactly 100,00 kr. a month (not 99,99)', () => {
    const lines = [exp(10_000, 'quarterly'), exp(10_000, 'quarterly'), exp(10_000, 'quarterly')];
    expect(computeBudget(lines)).toEqual({ incomeOre: 0, expenseOre: 10_000, disposableOre: -10_000 });
  });

  it.each([
    [10_000, 'monthly', 10_000],
    [10_000, 'quarterly', 3_333], // 33,333… kr.
    [20_000, 'quarterly', 6_667], // 66,666… kr.: rounds up
    [120_000, 'yearly', 10_000],
    [100_000, 'yearly', 8_333],
    [10_000, 'weekly', 43_333], // 100 kr. × 52 / 12 = 433,333… kr.
    [3, 'weekly', 13], // 156 / 12 exactly
    [1, 'weekly', 4], // 52 / 12 = 4,33…
    [6, 'yearly', 1], // 0,5 øre rounds away from zero
    [5, 'yearly', 0],
  ] as const)('%i øre %s → %i øre a month', (amount, frequency, monthly) => {
    expect(computeBudget([inc(amount, frequency)]).incomeOre).toBe(monthly);
    expect(toMonthlyOre(amount, frequency)).toBe(monthly);
  });

  it('sums before rounding: two weekly lines of 1 øre are 9 øre, not 4 + 4', () => {
    expect(computeBudget([inc(1, 'weekly'), inc(1, 'weekly')]).incomeOre).toBe(9); // 104 / 12 = 8,67
  });

  it('a realistic household', () => {
    const r = computeBudget([
      inc(1_450_000, 'monthly'), // kontanthjælp-level income
      inc(420_000, 'quarterly'), // børne- og ungeydelse
      inc(150_000, 'monthly'), // boligstøtte
      exp(780_000, 'monthly'), // husleje
      exp(240_000, 'quarterly'), // el
      exp(30_000, 'weekly'), // transport
      exp(1_200_000, 'yearly'), // forsikringer
    ]);
    // income: (1_450_000·12 + 420_000·4 + 150_000·12) / 12 = 1_740_000
    // expense: (780_000·12 + 240_000·4 + 30_000·52 + 1_200_000) / 12 = 1_090_000
    expect(r).toEqual({ incomeOre: 1_740_000, expenseOre: 1_090_000, disposableOre: 650_000 });
  });

  it('rejects invalid lines with their index', () => {
    expect(() => computeBudget([inc(100, 'monthly'), exp(-1, 'monthly')])).toThrow(/lines\[1\]\.amountOre/);
    expect(() => computeBudget([inc(1.5, 'monthly')])).toThrow(RangeError);
    expect(() => computeBudget([inc(100, 'daily' as never)])).toThrow(/frequency/);
    expect(() => computeBudget([inc(100, 'toString' as never)])).toThrow(/frequency/);
    expect(() => computeBudget([{ kind: 'debt' as never, amountOre: 1, frequency: 'monthly' }])).toThrow(/kind/);
  });

  it('throws rather than round past the safe-integer range', () => {
    expect(() => computeBudget([inc(Number.MAX_SAFE_INTEGER, 'weekly')])).toThrow(/out of safe integer range/);
  });

  const lineArb: fc.Arbitrary<BudgetLine> = fc.record({
    kind: fc.constantFrom('income' as const, 'expense' as const),
    amountOre: fc.integer({ min: 0, max: 100_000_000 }),
    frequency: fc.constantFrom(...BUDGET_FREQUENCIES),
  });

  it('property: disposable = income − expense, exactly', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const r = computeBudget(lines);
        expect(r.disposableOre).toBe(r.incomeOre - r.expenseOre);
        for (const v of Object.values(r)) expect(Number.isSafeInteger(v)).toBe(true);
      }),
    );
  });

  it('property: each side is the exact yearly sum / 12, within half an øre', () => {
    const perYear = { monthly: 12, quarterly: 4, yearly: 1, weekly: 52 } as const;
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const r = computeBudget(lines);
        for (const [kind, got] of [
          ['income', r.incomeOre],
          ['expense', r.expenseOre],
        ] as const) {
          const yearly = lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amountOre * perYear[l.frequency], 0);
          expect(Math.abs(got * 12 - yearly)).toBeLessThanOrEqual(6);
        }
      }),
    );
  });

  it('property: order does not matter and splitting a line in two changes nothing', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 20 }), fc.nat(), (lines, k) => {
        const reversed = [...lines].reverse();
        expect(computeBudget(reversed)).toEqual(computeBudget(lines));
        const i = k % lines.length;
        const line = lines[i]!;
        const part = Math.floor(line.amountOre / 3);
        const split = [
          ...lines.slice(0, i),
          { ...line, amountOre: part },
          { ...line, amountOre: line.amountOre - part },
          ...lines.slice(i + 1),
        ];
        expect(computeBudget(split)).toEqual(computeBudget(lines));
      }),
    );
  });

  it('property: monthly-only budgets are plain sums', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 20 }), (amounts) => {
        const r = computeBudget(amounts.map((a) => inc(a, 'monthly')));
        expect(r.incomeOre).toBe(amounts.reduce((s, a) => s + a, 0));
      }),
    );
  });
});
