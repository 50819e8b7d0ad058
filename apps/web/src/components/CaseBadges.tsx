import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RiskLevel } from '@forebyg/domain/risk-levels';
import type { NextStep } from '../api/caseTypes';
import { daysLeftText, RISK_COLOR, URGENCY_COLOR, urgencyOf } from '../lib/cases';

/** "Høj · 55": the level (colour and word) and the score. */
export function RiskBadge({ level, score, overridden }: { level: RiskLevel; score: number; overridden?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={RISK_COLOR[level]}
      autoContrast
      variant="filled"
      tt="none"
      radius="sm"
      style={{ whiteSpace: 'nowrap', minWidth: 'max-content' }}
    >
      {t('caseLabels.riskBadge', { level: t(`caseLabels.riskLevel.${level}`), score })}
      {overridden ? ` ${t('caseLabels.riskOverriddenMark')}` : ''}
    </Badge>
  );
}

/** Days left to the next irreversible step, coloured by urgency. */
export function DaysLeftBadge({ nextStep }: { nextStep: Pick<NextStep, 'daysLeft' | 'overdue'> }) {
  const { t } = useTranslation();
  const urgency = urgencyOf(nextStep);
  if (nextStep.daysLeft === null) return null;
  return (
    <Badge
      color={URGENCY_COLOR[urgency]}
      autoContrast
      variant="filled"
      tt="none"
      radius="sm"
      data-urgency={urgency}
      style={{ whiteSpace: 'nowrap', minWidth: 'max-content' }}
    >
      {daysLeftText(t, nextStep)}
    </Badge>
  );
}
