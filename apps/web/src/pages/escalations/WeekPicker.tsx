import { Box, Button, Group, Text } from '@mantine/core';
import { IconCalendarWeek, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { addWeeks } from '../../lib/weeks';
import { weekLabel, weekRange } from './escalationText';

/** Previous / next week around "Uge 47, 2026 · 16-11-2026 – 22-11-2026", and back to this week. */
export function WeekPicker({ week, current, onChange }: { week: string; current: string; onChange: (week: string) => void }) {
  const { t } = useTranslation();
  const previous = addWeeks(week, -1);
  const next = addWeeks(week, 1);

  return (
    <Group role="group" aria-label={t('escalations.weekNav')} gap="sm" wrap="wrap" mb="md">
      <Button
        variant="default"
        size="xs"
        leftSection={<IconChevronLeft size={16} aria-hidden="true" />}
        aria-label={t('escalations.previousWeekLabel', { week: weekLabel(t, previous) })}
        onClick={() => onChange(previous)}
      >
        {t('escalations.previousWeek')}
      </Button>
      <Box aria-live="polite" aria-atomic="true" miw={220} ta="center">
        <Text fw={700} data-testid="week-label">
          {weekLabel(t, week)}
        </Text>
        <Text size="sm" c="dimmed" data-testid="week-range">
          {weekRange(t, week)}
        </Text>
      </Box>
      <Button
        variant="default"
        size="xs"
        rightSection={<IconChevronRight size={16} aria-hidden="true" />}
        aria-label={t('escalations.nextWeekLabel', { week: weekLabel(t, next) })}
        onClick={() => onChange(next)}
      >
        {t('escalations.nextWeek')}
      </Button>
      {week !== current ? (
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconCalendarWeek size={16} aria-hidden="true" />}
          onClick={() => onChange(current)}
        >
          {t('escalations.thisWeek')}
        </Button>
      ) : null}
    </Group>
  );
}
