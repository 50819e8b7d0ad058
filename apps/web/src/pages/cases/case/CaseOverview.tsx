import { ActionIcon, Badge, Box, Button, Group, Paper, Stepper, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { STAGES } from '@forebyg/domain/stages';
import type { CaseDetail } from '../../../api/caseTypes';
import { DaysLeftBadge } from '../../../components/CaseBadges';
import { URGENCY_BAR, urgencyOf } from '../../../lib/cases';
import { formatDate, formatMoney } from '../../../lib/format';

// The head of the case page: where the case stands, its clock and its facts (risk and household have files of their own).

/** The road to eviction with the case's place on it. */
export function StageStepper({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const active = STAGES.indexOf(detail.stage);
  return (
    <Box component="nav" aria-label={t('case.stepperLabel')} mb="md">
      <Stepper
        active={active}
        size="sm"
        allowNextStepsSelect={false}
        iconSize={28}
        color={detail.status === 'closed' ? 'gray.7' : 'blue.8'}
      >
        {STAGES.map((stage, i) => {
          const state = i < active ? t('case.stepDone') : i === active ? t('case.stepCurrent') : t('case.stepAhead');
          return (
            <Stepper.Step
              key={stage}
              allowStepSelect={false}
              allowStepClick={false}
              label={
                <>
                  {t(`caseLabels.stage.${stage}`)}
                  <VisuallyHidden> ({state})</VisuallyHidden>
                </>
              }
              aria-current={i === active ? 'step' : undefined}
              data-stage={stage}
            />
          );
        })}
      </Stepper>
    </Box>
  );
}

/** The headline of the case: the time to the next irreversible step. */
export function DeadlineClock({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const next = detail.nextStep;
  if (detail.status === 'closed') {
    return (
      <Paper withBorder p="sm" style={{ borderLeft: `6px solid ${URGENCY_BAR.none}` }} data-testid="deadline-clock">
        <Text size="sm" c="dimmed">
          {t('case.clock.title')}
        </Text>
        <Text fw={600}>{t('case.clock.closed')}</Text>
      </Paper>
    );
  }
  const urgency = urgencyOf(next);
  return (
    <Paper
      withBorder
      p="sm"
      style={{ borderLeft: `6px solid ${URGENCY_BAR[urgency]}` }}
      data-testid="deadline-clock"
      data-urgency={urgency}
    >
      <Text size="sm" c="dimmed">
        {t('case.clock.title')}
      </Text>
      {next ? (
        <>
          <Group gap="xs" wrap="wrap" align="center">
            <Text fw={700} size="lg">
              {next.headline}
            </Text>
            <DaysLeftBadge nextStep={next} />
            {next.basis ? (
              <Tooltip label={next.basis} multiline maw={320} withArrow>
                <ActionIcon variant="subtle" color="gray.8" size="sm" aria-label={`${t('case.clock.basis')}: ${next.basis}`}>
                  <IconInfoCircle size={16} aria-hidden="true" />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
          {next.dueDate ? (
            <Text size="sm">
              {t('case.clock.due', { step: t(`caseLabels.nextStep.${next.step}`), date: formatDate(next.dueDate) })}
              {next.estimated ? ` (${t('case.clock.estimated')})` : ''}
            </Text>
          ) : (
            <Text size="sm">{t('case.clock.unknownDate')}</Text>
          )}
        </>
      ) : (
        <Text size="sm">{t('case.clock.none')}</Text>
      )}
    </Paper>
  );
}

/** The facts of the case: amounts and the dates that drive the clock. */
export function CaseFacts({ detail, onEdit }: { detail: CaseDetail; onEdit?: () => void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('case.facts.arrears'), formatMoney(detail.arrearsOre)],
    [t('case.facts.rent'), detail.monthlyRentOre != null ? formatMoney(detail.monthlyRentOre) : t('common.none')],
    [t('case.facts.children'), String(detail.childrenInHousehold)],
    [t('case.facts.lastContact'), detail.lastContactAt ? formatDate(detail.lastContactAt) : t('common.never')],
  ];
  for (const key of [
    'oldestDueDate',
    'demandSentDate',
    'demandDeadline',
    'terminationDate',
    'legalHandoverDate',
    'courtFiledDate',
    'evictionDate',
  ] as const) {
    if (detail.dates[key]) rows.push([t(`caseLabels.dates.${key}`), formatDate(detail.dates[key])]);
  }
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="facts-title">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h6" id="facts-title">
          {t('case.facts.heading')}
        </Title>
        {onEdit ? (
          <Button size="compact-xs" variant="subtle" onClick={onEdit}>
            {t('case.facts.edit')}
          </Button>
        ) : null}
      </Group>
      <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={4} fz="sm">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" fw={500} c="dimmed" w="55%">
                {label}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

export function StatusBadge({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (detail.status === 'open') {
    return (
      <Badge color="teal.9" variant="outline" tt="none">
        {t('caseLabels.status.open')}
      </Badge>
    );
  }
  return (
    <Badge color="gray.8" variant="filled" tt="none">
      {t('case.closedBadge', { outcome: detail.outcome ? t(`caseLabels.outcome.${detail.outcome}`) : '' })}
    </Badge>
  );
}
