import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Code,
  Group,
  List,
  Paper,
  Stack,
  Stepper,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconEye, IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useRevealCpr } from '../../../api/cases';
import { STAGES, type CaseDetail, type HouseholdMember, type RiskReason } from '../../../api/caseTypes';
import { AppModal } from '../../../components/AppModal';
import { DaysLeftBadge, RiskBadge } from '../../../components/CaseBadges';
import { FormSummary } from '../../../components/FormSummary';
import { useServerFormErrors } from '../../../components/useServerFormErrors';
import { URGENCY_BAR, urgencyOf } from '../../../lib/cases';
import { formatDate, formatMoney } from '../../../lib/format';

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

/** The household with masked CPR numbers; the full number only through the audited "Vis CPR". */
export function Household({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [reveal, setReveal] = useState<HouseholdMember | null>(null);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="household-title">
      <Title order={2} size="h6" id="household-title" mb={4}>
        {t('case.household.title')}
      </Title>
      {detail.household.length === 0 ? (
        <Text size="sm">{t('case.household.none')}</Text>
      ) : (
        <Stack gap={6}>
          {detail.household.map((m) => (
            <Box key={m.personId}>
              <Text size="sm" fw={600}>
                {m.name}{' '}
                <Text span size="xs" c="dimmed">
                  ({t(`caseLabels.householdRole.${m.role as 'tenant'}`, { defaultValue: m.role })})
                </Text>
              </Text>
              <Group gap="xs">
                <Text size="sm">
                  {t('case.household.cpr')}: {m.cprMasked ?? t('case.household.noCpr')}
                </Text>
                {m.cprMasked ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    leftSection={<IconEye size={14} aria-hidden="true" />}
                    onClick={() => setReveal(m)}
                    aria-label={t('case.household.revealFor', { name: m.name })}
                  >
                    {t('case.household.reveal')}
                  </Button>
                ) : null}
              </Group>
              {m.phone || m.email ? (
                <Text size="xs" c="dimmed">
                  {[m.phone, m.email].filter(Boolean).join(' · ')}
                </Text>
              ) : null}
            </Box>
          ))}
        </Stack>
      )}
      {reveal ? <RevealCprModal member={reveal} onClose={() => setReveal(null)} /> : null}
    </Paper>
  );
}

const REVEAL_FIELDS = ['purpose'] as const;

function RevealCprModal({ member, onClose }: { member: HouseholdMember; onClose: () => void }) {
  const { t } = useTranslation();
  const revealCpr = useRevealCpr();
  const errors = useServerFormErrors(REVEAL_FIELDS);
  const [purpose, setPurpose] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    if (!purpose.trim()) {
      setMissing(true);
      return;
    }
    revealCpr.mutate({ personId: member.personId, purpose: purpose.trim() }, { onError: errors.setFromError });
  };

  const revealed = revealCpr.data;
  return (
    <AppModal opened onClose={onClose} title={t('case.reveal.title', { name: member.name })} size="md">
      {revealed ? (
        <Stack>
          <div role="status">
            {revealed.cpr ? (
              <Text>
                {t('case.reveal.result')}: <Code fz="md">{revealed.cpr}</Code>
              </Text>
            ) : (
              <Text>{t('case.reveal.none')}</Text>
            )}
          </div>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <FormSummary message={errors.summary} />
            <Textarea
              label={t('case.reveal.purpose')}
              description={t('case.reveal.purposeHelp')}
              maxLength={300}
              required
              autosize
              minRows={2}
              value={purpose}
              onChange={(e) => {
                setPurpose(e.currentTarget.value);
                setMissing(false);
              }}
              error={missing ? t('errors.reason.required') : errors.fields.purpose}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={revealCpr.isPending}>
                {t('case.reveal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
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
