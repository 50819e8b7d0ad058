import type { TFunction } from 'i18next';
import type { RiskLevel } from '@forebyg/domain/risk-levels';
import type { NextStep } from '../api/caseTypes';

export type Urgency = 'critical' | 'soon' | 'near' | 'calm' | 'none';

/** Overdue or ≤3 days red, ≤7 orange, ≤14 yellow. */
export function urgencyOf(nextStep: Pick<NextStep, 'daysLeft' | 'overdue'> | null | undefined): Urgency {
  if (!nextStep || nextStep.daysLeft === null) return nextStep?.overdue ? 'critical' : 'none';
  if (nextStep.overdue || nextStep.daysLeft <= 3) return 'critical';
  if (nextStep.daysLeft <= 7) return 'soon';
  if (nextStep.daysLeft <= 14) return 'near';
  return 'calm';
}

/** Badge colours that keep text contrast (dark text on the light ones: `autoContrast`). */
export const URGENCY_COLOR: Record<Urgency, string> = {
  critical: 'red.9',
  soon: 'orange.4',
  near: 'yellow.3',
  calm: 'gray.2',
  none: 'gray.2',
};

/** A solid bar colour for the deadline clock on the case page. */
export const URGENCY_BAR: Record<Urgency, string> = {
  critical: 'var(--mantine-color-red-9)',
  soon: 'var(--mantine-color-orange-6)',
  near: 'var(--mantine-color-yellow-5)',
  calm: 'var(--mantine-color-gray-4)',
  none: 'var(--mantine-color-gray-4)',
};

export const RISK_COLOR: Record<RiskLevel, string> = {
  critical: 'red.9',
  high: 'orange.4',
  medium: 'yellow.3',
  low: 'gray.2',
};

/** "Overskredet med 2 dage" / "I dag" / "5 dage". */
export function daysLeftText(t: TFunction, nextStep: Pick<NextStep, 'daysLeft' | 'overdue'>): string {
  if (nextStep.daysLeft === null) return t('caseLabels.days.unknown');
  if (nextStep.overdue || nextStep.daysLeft < 0) return t('caseLabels.days.overdue', { count: Math.abs(nextStep.daysLeft) });
  if (nextStep.daysLeft === 0) return t('caseLabels.days.today');
  return t('caseLabels.days.left', { count: nextStep.daysLeft });
}

const CPR = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/;

/** DDMMYY-SSSS (or ten digits) with a real day and month; answers the normalised form or null. */
export function normaliseCpr(input: string): string | null {
  const m = CPR.exec(input.trim().replace(/\s/g, ''));
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${m[1]}${m[2]}${m[3]}-${m[4]}`;
}
