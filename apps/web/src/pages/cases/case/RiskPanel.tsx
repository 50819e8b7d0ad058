import { Button, Group, List, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CaseDetail, RiskReason } from '../../../api/caseTypes';
import { RiskBadge } from '../../../components/CaseBadges';
import { formatDate } from '../../../lib/format';

function num(detail: Record<string, unknown> | null, key: string): number | undefined {
  const v = detail?.[key];
  return typeof v === 'number' ? v : undefined;
}

/** "Fase: Påkrav", "Restancen svarer til 2,0 måneders husleje", ... */
export function riskReasonText(t: TFunction, reason: RiskReason): string {
  const d = reason.detail;
  switch (reason.factor) {
    case 'stage': {
      const stage = typeof d?.stage === 'string' ? d.stage : undefined;
      return stage
        ? t('caseLabels.riskDetail.stage', { stage: t(`caseLabels.stage.${stage as 'arrears'}`, { defaultValue: stage }) })
        : t('caseLabels.riskFactor.stage');
    }
    case 'urgency': {
      const days = num(d, 'daysLeft');
      if (days === undefined) return t('caseLabels.riskFactor.urgency');
      return days < 0 ? t('caseLabels.riskDetail.urgencyOverdue', { count: -days }) : t('caseLabels.riskDetail.urgency', { count: days });
    }
    case 'arrears_ratio': {
      const months = num(d, 'months');
      return months === undefined
        ? t('caseLabels.riskFactor.arrears_ratio')
        : t('caseLabels.riskDetail.arrears_ratio', { months: months.toLocaleString('da-DK', { maximumFractionDigits: 1 }) });
    }
    case 'repeated_demands': {
      const count = num(d, 'demandsLast12Months');
      return count === undefined ? t('caseLabels.riskFactor.repeated_demands') : t('caseLabels.riskDetail.repeated_demands', { count });
    }
    case 'children': {
      const count = num(d, 'childrenInHousehold');
      return count === undefined ? t('caseLabels.riskFactor.children') : t('caseLabels.riskDetail.children', { count });
    }
    case 'no_contact': {
      const days = num(d, 'days');
      if (days === undefined) return t('caseLabels.riskFactor.no_contact');
      return d?.neverContacted
        ? t('caseLabels.riskDetail.no_contact_never', { count: days })
        : t('caseLabels.riskDetail.no_contact', { count: days });
    }
    case 'broken_agreement':
      return t('caseLabels.riskFactor.broken_agreement');
    default:
      return String(reason.factor);
  }
}

/** Risk level with every reason and its points, and the override if someone set the level by judgement. */
export function RiskPanel({ detail, onEdit }: { detail: CaseDetail; onEdit?: () => void }) {
  const { t } = useTranslation();
  const { risk } = detail;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="risk-title" data-testid="risk-panel">
      <Group justify="space-between" mb={4}>
        <Group gap="xs">
          <Title order={2} size="h6" id="risk-title">
            {t('case.risk.title')}
          </Title>
          <RiskBadge level={risk.level} score={risk.score} overridden={risk.overridden} />
        </Group>
        {onEdit ? (
          <Button size="compact-xs" variant="subtle" onClick={onEdit}>
            {t('case.risk.edit')}
          </Button>
        ) : null}
      </Group>
      {risk.reasons.length === 0 ? (
        <Text size="sm">{t('case.risk.noReasons')}</Text>
      ) : (
        <List size="sm" spacing={2} aria-label={t('case.risk.reasons')}>
          {risk.reasons.map((reason) => (
            <List.Item key={reason.factor}>
              <Text span fw={600} size="sm">
                {t(`caseLabels.riskFactor.${reason.factor}`, { defaultValue: reason.factor })}{' '}
                {t('case.risk.points', { points: reason.points })}
              </Text>
              <Text span size="sm" c="dimmed">
                {' '}
                · {riskReasonText(t, reason)}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {risk.override ? (
        <Text size="sm" mt={4}>
          {t('case.risk.override', {
            level: t(`caseLabels.riskLevel.${risk.override.level}`),
            name: risk.override.by?.name ?? t('common.none'),
            date: formatDate(risk.override.at),
            reason: risk.override.reason,
            computed: t(`caseLabels.riskLevel.${risk.computedLevel}`),
          })}
        </Text>
      ) : null}
    </Paper>
  );
}
