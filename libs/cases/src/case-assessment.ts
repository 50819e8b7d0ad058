/**
 * From the facts kept on a case row to what the workbench shows: the next irreversible step with the days
 * left, and the explainable risk. Pure apart from its inputs, so the nightly refresh, every change to a case
 * and the arrears import all assess a case the same way.
 */
import {
  applyOverride,
  calendarDaysBetween,
  computeNextStep,
  computeRisk,
  formatDaysLeftDa,
  type NextStep,
  type OverriddenRiskResult,
  type RiskLevel,
  type RiskResult,
  type Stage,
  todayInCopenhagen,
} from '@forebyg/domain';

export interface CaseFacts {
  stage: Stage;
  openedAt: Date;
  arrearsOre: number;
  monthlyRentOre: number | null;
  oldestDueDate: string | null;
  demandSentDate: string | null;
  terminationDate: string | null;
  legalHandoverDate: string | null;
  courtFiledDate: string | null;
  evictionDate: string | null;
  childrenInHousehold: number;
  lastContactAt: Date | null;
  demandsLast12Months: number;
  brokenPaymentAgreement: boolean;
  riskOverrideLevel: RiskLevel | null;
  riskOverrideReason: string | null;
}

export interface CaseAssessment {
  nextStep: NextStep;
  risk: RiskResult | OverriddenRiskResult;
  /** Sort key: level rank × 1000 + score, so "by risk" puts an overridden critical case above a scored one. */
  riskRank: number;
}

const LEVEL_RANK: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

export function riskRank(level: RiskLevel, score: number): number {
  return LEVEL_RANK[level] * 1000 + score;
}

function daysSince(at: Date, today: string): number {
  return Math.max(0, calendarDaysBetween(todayInCopenhagen(at), today));
}

export function assessCase(facts: CaseFacts, today: string): CaseAssessment {
  const nextStep = computeNextStep({
    stage: facts.stage,
    today,
    oldestDueDate: facts.oldestDueDate,
    demandSentDate: facts.demandSentDate,
    terminationDate: facts.terminationDate,
    legalHandoverDate: facts.legalHandoverDate,
    courtFiledDate: facts.courtFiledDate,
    evictionDate: facts.evictionDate,
  });
  const computed = computeRisk({
    stage: facts.stage,
    daysLeft: nextStep.daysLeft,
    arrearsOre: facts.arrearsOre,
    monthlyRentOre: facts.monthlyRentOre,
    demandsLast12Months: facts.demandsLast12Months,
    childrenInHousehold: facts.childrenInHousehold,
    daysSinceLastContact: facts.lastContactAt ? daysSince(facts.lastContactAt, today) : null,
    daysSinceCaseOpened: daysSince(facts.openedAt, today),
    brokenPaymentAgreement: facts.brokenPaymentAgreement,
  });
  const risk =
    facts.riskOverrideLevel && facts.riskOverrideReason
      ? applyOverride(computed, { level: facts.riskOverrideLevel, reason: facts.riskOverrideReason })
      : computed;
  return { nextStep, risk, riskRank: riskRank(risk.level, risk.score) };
}

export interface NextStepView {
  step: NextStep['step'];
  dueDate: string | null;
  daysLeft: number | null;
  businessDaysLeft: number | null;
  overdue: boolean;
  estimated: boolean;
  headline: string;
}

/** The list form of the clock, from the stored due date (days left are counted from today on every read). */
export function nextStepView(
  step: NextStep['step'] | null,
  dueDate: string | null,
  estimated: boolean,
  today: string,
  countBusinessDays: (from: string, to: string) => number,
): NextStepView | null {
  if (!step) return null;
  if (!dueDate) {
    const ns: NextStep = { step, dueDate: null, daysLeft: null, businessDaysLeft: null, overdue: false, estimated, basis: '' };
    return { ...ns, headline: formatDaysLeftDa(ns) };
  }
  const daysLeft = calendarDaysBetween(today, dueDate);
  const ns: NextStep = {
    step,
    dueDate,
    daysLeft,
    businessDaysLeft: countBusinessDays(today, dueDate),
    overdue: today > dueDate,
    estimated,
    basis: '',
  };
  const { basis: _basis, ...view } = ns;
  return { ...view, headline: formatDaysLeftDa(ns) };
}
