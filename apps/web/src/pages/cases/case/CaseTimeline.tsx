import { Box, Button, Chip, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseTimeline } from '../../../api/cases';
import { TIMELINE_GROUP_KEYS, TIMELINE_GROUPS, type TimelineGroup } from '../../../api/caseTypes';
import { ErrorAlert, Loading } from '../../../components/Feedback';
import { formatDateTime } from '../../../lib/format';
import { timelineSentence } from './timelineText';

/** The case's history, newest first, filterable by kind of event and paged with "Vis flere". */
export function CaseTimeline({ caseId, showNotes }: { caseId: string; showNotes: boolean }) {
  const { t } = useTranslation();
  const groups = TIMELINE_GROUP_KEYS.filter((g) => showNotes || g !== 'notes');
  const [selected, setSelected] = useState<TimelineGroup[]>([]);
  const kinds = selected.flatMap((g) => TIMELINE_GROUPS[g]).join(',');
  const timeline = useCaseTimeline(caseId, kinds);
  const events = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const total = timeline.data?.pages[0]?.total ?? 0;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h4" id="timeline-title" mb="sm">
        {t('case.timeline.title')}
      </Title>
      <Box component="fieldset" m={0} p={0} mb="sm" style={{ border: 0 }}>
        <Text component="legend" size="sm" fw={500} mb={4}>
          {t('case.timeline.filter')}
        </Text>
        <Chip.Group multiple value={selected} onChange={(value) => setSelected(value as TimelineGroup[])}>
          <Group gap={6}>
            {groups.map((g) => (
              <Chip key={g} value={g} size="xs" variant="outline">
                {g === 'referrals' ? t('referrals.timeline.group') : t(`caseLabels.timelineGroup.${g}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Box>
      {timeline.isPending ? <Loading /> : null}
      {timeline.isError ? <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} /> : null}
      {timeline.data && events.length === 0 ? <Text size="sm">{t('case.timeline.none')}</Text> : null}
      {events.length > 0 ? (
        <Stack
          component="ol"
          gap={0}
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('case.timeline.listLabel')}
          data-testid="timeline"
        >
          {events.map((event) => (
            <Box
              component="li"
              key={event.id}
              py={6}
              pl="sm"
              style={{ borderLeft: '2px solid var(--mantine-color-gray-4)' }}
              data-kind={event.kind}
            >
              <Text size="xs" c="dimmed">
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                {event.actor?.label ? ` · ${event.actor.label}` : event.actor?.type === 'system' ? ` · ${t('case.timeline.system')}` : ''}
              </Text>
              <Text size="sm">{timelineSentence(t, event)}</Text>
            </Box>
          ))}
        </Stack>
      ) : null}
      {timeline.hasNextPage ? (
        <Button mt="sm" variant="default" size="xs" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
          {t('case.timeline.more', { shown: events.length, total })}
        </Button>
      ) : null}
    </Paper>
  );
}
