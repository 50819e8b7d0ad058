/**
 * The deadline clock: for a case at a given stage, the next irreversible step and how long until it.
 * This is the headline of every case in the UI, so it must be right around Easter and Christmas.
 *
 * `dueDate` is the date that governs the next step:
 * - `demand`: the last business day the rent counts as on time; a påkrav may be sent the day after.
 * - `termination`: the last day of the påkrav's payment deadline; termination is possible the day after.
 * - `legal`, `court`: the day the hand-over / filing is expected by the configured typical timings (estimates).
 * - `eviction`: the scheduled eviction date (or an estimate from the filing date).
 * `overdue` means today is after `dueDate`: the step may now happen (or should have).
 */
import { addBusinessDays, businessDaysBetween, nextBusinessDayOnOrAfter } from './business-days.js';
import { addCalendarDays, assertIsoDate, calendarDaysBetween } from './calendar-date.js';
import type { Stage } from './stages.js';

export interface StageTimings {
  /**
   * Business days after the rent due date that still count before a påkrav may be sent (almenlejeloven § 90,
   * lejeloven § 93: "tidligst efter 3. hverdag efter sidste rettidige betalingsdag").
   */
  demandEarliestAfterBusinessDays: number;
  /** Business days a posted påkrav is assumed to take to arrive; the 14 days run from arrival. */
  demandArrivalBusinessDays: number;
  /** Calendar days from arrival the tenant has to pay rent and fee (almenlejeloven § 90: 14). */
  demandDeadlineCalendarDays: number;
  /** Typical calendar days from termination to hand-over to the association's lawyer (policy, not law). */
  terminationToLegalCalendarDays: number;
  /** Typical calendar days from termination or lawyer hand-over to the eviction request at the bailiff court. */
  legalToCourtCalendarDays: number;
  /** Typical calendar days from filing to the eviction date the court sets (usually 2-5 weeks). */
  courtToEvictionCalendarDays: number;
}

/** The defaults, in one place so they can be shown, overridden per organisation and tested. */
export const DEFAULT_STAGE_TIMINGS: Readonly<StageTimings> = Object.freeze({
  demandEarliestAfterBusinessDays: 3,
  demandArrivalBusinessDays: 1,
  demandDeadlineCalendarDays: 14,
  terminationToLegalCalendarDays: 10,
  legalToCourtCalendarDays: 10,
  courtToEvictionCalendarDays: 21,
});

export type NextStepKind = 'demand' | 'termination' | 'legal' | 'court' | 'eviction';

export interface NextStepInput {
  stage: Stage;
  /** Today's Danish calendar date (see todayInCopenhagen). */
  today: string;
  /** Oldest unpaid rent due date; drives the clock in the `arrears` stage. */
  oldestDueDate?: string | null;
  demandSentDate?: string | null;
  terminationDate?: string | null;
  /** When the case went to the lawyer, if known; otherwise the court estimate runs from the termination. */
  legalHandoverDate?: string | null;
  courtFiledDate?: string | null;
  evictionDate?: string | null;
  timings?: Partial<StageTimings>;
}

export interface NextStep {
  step: NextStepKind;
  dueDate: string | null;
  /** Calendar days from today to dueDate; negative when overdue. */
  daysLeft: number | null;
  /** Business days after today up to and including dueDate; negative when overdue. */
  businessDaysLeft: number | null;
  overdue: boolean;
  /** True when dueDate comes from typical timings rather than a legal rule or a known date. */
  estimated: boolean;
  /** Plain-English explanation of how dueDate was found, for tooltips and the audit trail. */
  basis: string;
}

export function resolveTimings(overrides?: Partial<StageTimings>): StageTimings {
  const t: StageTimings = { ...DEFAULT_STAGE_TIMINGS };
  for (const [key, value] of Object.entries(overrides ?? {}) as [keyof StageTimings, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_STAGE_TIMINGS)) throw new RangeError(`unknown timing ${key}`);
    if (!Number.isInteger(value) || value < 0 || value > 366) {
      throw new RangeError(`timing ${key} must be a whole number of days 0-366, got ${value}`);
    }
    t[key] = value;
  }
  return t;
}

/**
 * The last day of the påkrav's payment deadline: arrival (sending + N business days) plus 14 calendar days,
 * moved to the next business day when it ends on a weekend or holiday (lejeloven § 93 stk. 2: a time limit
 * ending on a holiday, Saturday or Grundlovsdag runs to the next weekday). We also skip 24 and 31 December,
 * which only ever makes the deadline later, never a termination too early.
 */
export function demandDeadline(demandSentDate: string, timings?: Partial<StageTimings>): string {
  assertIsoDate(demandSentDate, 'demandSentDate');
  const t = resolveTimings(timings);
  const arrival = addBusinessDays(demandSentDate, t.demandArrivalBusinessDays);
  return nextBusinessDayOnOrAfter(addCalendarDays(arrival, t.demandDeadlineCalendarDays));
}

/**
 * The last business day before a påkrav may be sent: the due date (rolled to a business day, as the law rolls a
 * due date on a weekend or holiday) plus N business days. We count office business days, so Saturdays do not
 * count; the courts have let Saturday count here (VL 2022), so our date is the same or later, never too early.
 */
export function lastDayBeforeDemand(oldestDueDate: string, timings?: Partial<StageTimings>): string {
  assertIsoDate(oldestDueDate, 'oldestDueDate');
  const t = resolveTimings(timings);
  return addBusinessDays(nextBusinessDayOnOrAfter(oldestDueDate), t.demandEarliestAfterBusinessDays);
}

interface Target {
  step: NextStepKind;
  dueDate: string | null;
  estimated: boolean;
  basis: string;
}

function target(input: NextStepInput, t: StageTimings): Target {
  switch (input.stage) {
    case 'arrears': {
      const due = input.oldestDueDate;
      if (!due) return { step: 'demand', dueDate: null, estimated: false, basis: 'oldest due date unknown' };
      const date = lastDayBeforeDemand(due, t);
      return {
        step: 'demand',
        dueDate: date,
        estimated: false,
        basis: `påkrav may be sent after business day ${t.demandEarliestAfterBusinessDays} after due date ${due}`,
      };
    }
    case 'demand': {
      const sent = input.demandSentDate;
      if (!sent) return { step: 'termination', dueDate: null, estimated: false, basis: 'påkrav sent date unknown' };
      return {
        step: 'termination',
        dueDate: demandDeadline(sent, t),
        estimated: false,
        basis:
          `påkrav sent ${sent}, assumed to arrive after ${t.demandArrivalBusinessDays} business day(s); ` +
          `${t.demandDeadlineCalendarDays} days to pay, moved to a business day; termination possible after`,
      };
    }
    case 'termination':
      return fromBase('legal', input.terminationDate, 'termination', t.terminationToLegalCalendarDays);
    case 'legal':
      return input.legalHandoverDate
        ? fromBase('court', input.legalHandoverDate, 'lawyer hand-over', t.legalToCourtCalendarDays)
        : fromBase('court', input.terminationDate, 'termination', t.legalToCourtCalendarDays);
    case 'court':
    case 'eviction_scheduled':
      if (input.evictionDate) {
        return { step: 'eviction', dueDate: input.evictionDate, estimated: false, basis: 'scheduled eviction date' };
      }
      return fromBase('eviction', input.courtFiledDate, 'court filing', t.courtToEvictionCalendarDays);
    default:
      throw new RangeError(`unknown stage ${JSON.stringify(input.stage satisfies never)}`);
  }
}

function fromBase(step: NextStepKind, base: string | null | undefined, what: string, days: number): Target {
  if (!base) return { step, dueDate: null, estimated: true, basis: `${what} date unknown` };
  return {
    step,
    dueDate: addCalendarDays(base, days),
    estimated: true,
    basis: `estimate: ${what} ${base} + ${days} days (typical timing)`,
  };
}

/** The next irreversible step for a case and the time left until it. */
export function computeNextStep(input: NextStepInput): NextStep {
  assertIsoDate(input.today, 'today');
  for (const key of [
    'oldestDueDate',
    'demandSentDate',
    'terminationDate',
    'legalHandoverDate',
    'courtFiledDate',
    'evictionDate',
  ] as const) {
    const v = input[key];
    if (v !== undefined && v !== null) assertIsoDate(v, key);
  }
  const t = resolveTimings(input.timings);
  const { step, dueDate, estimated, basis } = target(input, t);
  if (dueDate === null) {
    return { step, dueDate, daysLeft: null, businessDaysLeft: null, overdue: false, estimated, basis };
  }
  return {
    step,
    dueDate,
    daysLeft: calendarDaysBetween(input.today, dueDate),
    businessDaysLeft: businessDaysBetween(input.today, dueDate),
    overdue: input.today > dueDate,
    estimated,
    basis,
  };
}
