import { Alert, Anchor, Badge, Box, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconClockHour7, IconMailCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  DEFAULT_ESCALATION_SETTINGS,
  ESCALATION_REASONS,
  useEscalationSettings,
  useMyEscalations,
  type EscalationItem,
  type EscalationReason,
  type EscalationSettings,
} from '../../api/escalations';
import { useCurrentUser } from '../../auth/CurrentUser';
import { ErrorAlert, Loading } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime, formatWeekday } from '../../lib/format';
import { currentIsoWeek, isIsoWeek } from '../../lib/weeks';
import { reasonText } from './escalationText';
import { ReasonBadge } from './ReasonBadge';
import { WeekPicker } from './WeekPicker';

/**
 * "Ugens eskaleringer": the caller's cases that need action this week, grouped by reason (a case with several
 * reasons is under each, with the others as badges). The week is in the URL (?week=2026-W53); without it, this week.
 */
export function EscalationsPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const rawWeek = searchParams.get('week');
  const urlWeek = rawWeek && isIsoWeek(rawWeek) ? rawWeek : undefined;
  const current = currentIsoWeek();
  const list = useMyEscalations(urlWeek);
  // The criteria (day counts in the labels) are readable by admins; the others see the defaults.
  const settingsQuery = useEscalationSettings(me.role === 'admin');
  const settings = settingsQuery.data ?? DEFAULT_ESCALATION_SETTINGS;
  const data = list.data;
  const week = data?.week ?? urlWeek ?? current;

  const setWeek = (next: string) => {
    setSearchParams((prev) => {
      const params = new URLSearchParams(prev);
      if (next === current) params.delete('week');
      else params.set('week', next);
      return params;
    });
  };

  return (
    <>
      <PageTitle>{t('escalations.title')}</PageTitle>
      <Text mb="md" maw={860}>
        {t('escalations.intro')}
      </Text>
      <WeekPicker week={week} current={current} onChange={setWeek} />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {data ? (
        <Box data-testid="escalation-list">
          <SentStatus sentAt={data.sentAt} week={data.week} current={current} language={i18n.resolvedLanguage ?? 'da'} />
          <Text mb="md" data-testid="escalation-count">
            {t('escalations.caseCount', { count: data.items.length })}
          </Text>
          {data.items.length === 0 ? (
            <Text>{t('escalations.none')}</Text>
          ) : (
            <Stack gap="lg">
              {ESCALATION_REASONS.map((reason) => {
                const cases = data.items.filter((item) => item.reasons.includes(reason));
                return cases.length ? <ReasonGroup key={reason} reason={reason} cases={cases} settings={settings} /> : null;
              })}
            </Stack>
          )}
        </Box>
      ) : null}
    </>
  );
}

function SentStatus({ sentAt, week, current, language }: { sentAt: string | null; week: string; current: string; language: string }) {
  const { t } = useTranslation();
  if (sentAt) {
    return (
      <Alert color="teal.9" variant="outline" icon={<IconMailCheck aria-hidden="true" />} mb="sm" maw={860} data-testid="escalation-status">
        <Text c="teal.9">{t('escalations.sent', { weekday: formatWeekday(sentAt, language), date: formatDateTime(sentAt) })}</Text>
      </Alert>
    );
  }
  // ISO weeks as YYYY-Www sort as text.
  const past = week < current;
  return (
    <Alert color="blue.8" variant="outline" icon={<IconClockHour7 aria-hidden="true" />} mb="sm" maw={860} data-testid="escalation-status">
      <Text>{past ? t('escalations.notSent') : t('escalations.preliminary')}</Text>
    </Alert>
  );
}

function ReasonGroup({ reason, cases, settings }: { reason: EscalationReason; cases: EscalationItem[]; settings: EscalationSettings }) {
  const { t } = useTranslation();
  const headingId = `escalation-reason-${reason}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-reason={reason} maw={860}>
      <Group gap="sm" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id={headingId}>
          {reasonText(t, reason, settings)}
        </Title>
        <Badge color="gray.2" autoContrast variant="filled" tt="none">
          {t('escalations.caseCount', { count: cases.length })}
        </Badge>
      </Group>
      <Table striped verticalSpacing="xs" aria-labelledby={headingId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={160}>
              {t('escalations.columns.case')}
            </Table.Th>
            <Table.Th scope="col">{t('escalations.columns.otherReasons')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.map((item) => {
            const others = item.reasons.filter((r) => r !== reason);
            return (
              <Table.Tr key={item.caseId} data-case={item.caseNumber}>
                <Table.Td>
                  <Anchor component={Link} to={`/cases/${encodeURIComponent(item.caseId)}`} fw={600}>
                    {item.caseNumber}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {others.length ? (
                    <Group gap={4}>
                      {others.map((r) => (
                        <ReasonBadge key={r} reason={r} settings={settings} />
                      ))}
                    </Group>
                  ) : (
                    <Text size="sm" component="span" c="dimmed">
                      {t('common.none')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
