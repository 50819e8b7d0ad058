/**
 * A household budget (income, fixed costs) reduced to monthly amounts in øre.
 *
 * Lines come in different frequencies; naive per-line rounding (e.g. 100,00 kr. quarterly → 33,33 kr. a month,
 * three times → 99,99 kr.) loses øre and makes the disposable amount depend on how lines were split. So each
 * side is summed exactly as a yearly amount first (monthly × 12, quarterly × 4, yearly × 1, weekly × 52) and
 * divided by 12 once, rounding half away from zero. Disposable is income minus expense of those rounded
 * monthly sides, so the three numbers shown always add up.
 */

/** In the order the UI offers them. */
export const BUDGET_FREQUENCIES = ['monthly', 'weekly', 'quarterly', 'yearly'] as const;
export type BudgetFrequency = (typeof BUDGET_FREQUENCIES)[number];
export type BudgetLineKind = 'income' | 'expense';

export interface BudgetLine {
  kind: BudgetLineKind;
  /** Amount per period, ≥ 0; the kind says which side it is on. */
  amountOre: number;
  frequency: BudgetFrequency;
}

export interface BudgetTotals {
  incomeOre: number;
  expenseOre: number;
  disposableOre: number;
}

/**
 * Periods per year. Weekly uses 52 (52 × 7 = 364 days), the convention Danish budget guides use; the extra
 * day or two a year is below the precision a household budget has.
 */
export const PERIODS_PER_YEAR: Readonly<Record<BudgetFrequency, bigint>> = /* @__PURE__ */ Object.freeze({
  monthly: 12n,
  quarterly: 4n,
  yearly: 1n,
  weekly: 52n,
});

const MAX_SAFE = /* @__PURE__ */ BigInt(Number.MAX_SAFE_INTEGER);

/** n / d rounded half away from zero, in exact integer arithmetic (d > 0). */
export function divideRoundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  const q = n / d; // truncates toward zero
  const r = n % d; // same sign as n
  const twiceAbsR = (r < 0n ? -r : r) * 2n;
  if (twiceAbsR >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

function toSafeNumber(v: bigint, what: string): number {
  if (v > MAX_SAFE || v < -MAX_SAFE) throw new RangeError(`${what} out of safe integer range`);
  return Number(v);
}

function yearlyOre(line: BudgetLine, index: number): bigint {
  if (!Number.isSafeInteger(line.amountOre) || line.amountOre < 0) {
    throw new RangeError(`lines[${index}].amountOre must be a safe integer ≥ 0, got ${line.amountOre}`);
  }
  if (!Object.hasOwn(PERIODS_PER_YEAR, line.frequency))
    throw new RangeError(`lines[${index}].frequency unknown: ${String(line.frequency)}`);
  return BigInt(line.amountOre) * PERIODS_PER_YEAR[line.frequency];
}

/** One line's amount per month, rounded the same way as the totals (for showing next to each line). */
export function toMonthlyOre(amountOre: number, frequency: BudgetFrequency): number {
  const yearly = yearlyOre({ kind: 'income', amountOre, frequency }, 0);
  return toSafeNumber(divideRoundHalfAwayFromZero(yearly, 12n), 'monthly amount');
}

/** Monthly income, expense and disposable amount, exact to the øre. */
export function computeBudget(lines: readonly BudgetLine[]): BudgetTotals {
  let incomeYearly = 0n;
  let expenseYearly = 0n;
  lines.forEach((line, i) => {
    const yearly = yearlyOre(line, i);
    if (line.kind === 'income') incomeYearly += yearly;
    else if (line.kind === 'expense') expenseYearly += yearly;
    else throw new RangeError(`lines[${i}].kind unknown: ${String(line.kind)}`);
  });
  const incomeOre = toSafeNumber(divideRoundHalfAwayFromZero(incomeYearly, 12n), 'income');
  const expenseOre = toSafeNumber(divideRoundHalfAwayFromZero(expenseYearly, 12n), 'expense');
  return { incomeOre, expenseOre, disposableOre: toSafeNumber(BigInt(incomeOre) - BigInt(expenseOre), 'disposable') };
}
