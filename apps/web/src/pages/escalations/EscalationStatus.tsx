import { Alert, Group, Text } from '@mantine/core';
import { IconClockHour7, IconMailCheck } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ESCALATION_REASONS, type EscalationSettings, type MyEscalations } from '../../api/escalations';
import { formatDateTime, formatWeekday } from '../../lib/format';
import { isReasonActive } from './escalationText';
import { ReasonBadge } from './ReasonBadge';

/**
 * Whether the week's list was sent to the caller and when ("Sendt mandag 16-11-2026 07:00"), or why not, and when
 * the week's run happened. Times are dd-mm-yyyy HH:mm in Copenhagen time, the weekday in the UI language.
 */
export function EscalationStatus({ data, current }: { data: MyEscalations; current: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'da';
  const when = (iso: string) => ({ weekday: formatWeekday(iso, language), date: formatDateTime(iso) });
  const sent = data.sentAt !== null;
  // ISO weeks as YYYY-Www sort as text.
  const message = data.sentAt
    ? t('escalations.sent', when(data.sentAt))
    : data.ranAt
      ? t('escalations.ranNothingSent')
      : data.week < current
        ? t('escalations.notSent')
        : t('escalations.preliminary');
  return (
    <Alert
      color={sent ? 'teal.9' : 'blue.8'}
      variant="outline"
      icon={sent ? <IconMailCheck aria-hidden="true" /> : <IconClockHour7 aria-hidden="true" />}
      mb="sm"
      maw={860}
      data-testid="escalation-status"
    >
      <Text c={sent ? 'teal.9' : undefined} data-testid="escalation-sent">
        {message}
      </Text>
      {data.ranAt ? (
        <Text size="sm" mt={4} data-testid="escalation-ran">
          {t('escalations.ranAt', when(data.ranAt))}
        </Text>
      ) : null}
    </Alert>
  );
}

/** The criteria switched on, as the reasons' badges ("Udsættelse inden for 21 dage", ...). */
export function ActiveCriteria({ settings }: { settings: EscalationSettings }) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <Group gap="xs" mb="md" maw={860} wrap="wrap" data-testid="escalation-criteria">
      <Text size="sm" fw={600} id={labelId}>
        {t('escalations.criteria')}
      </Text>
      <Group component="ul" gap={4} wrap="wrap" aria-labelledby={labelId} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {ESCALATION_REASONS.filter((reason) => isReasonActive(reason, settings)).map((reason) => (
          <li key={reason}>
            <ReasonBadge reason={reason} settings={settings} />
          </li>
        ))}
      </Group>
    </Group>
  );
}
