import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ESCALATION_REASONS, type EscalationItem, type EscalationReason, type EscalationSettings } from '../../api/escalations';
import { reasonText } from './escalationText';
import { ReasonBadge } from './ReasonBadge';

interface GroupsProps {
  items: EscalationItem[];
  settings: EscalationSettings;
  /** Heading level of each reason (2 at the top of the page, 3 inside a section). */
  level: 2 | 3;
  /** Prefix of the reason headings' ids, unique on the page. */
  idPrefix: string;
  /** The id of the enclosing section's heading: it goes in front of each group's accessible name. */
  sectionHeadingId?: string;
}

/**
 * Cases grouped by reason, in the fixed order of the reasons: a case with several reasons is under each of them,
 * with the others as badges.
 */
export function ReasonGroups({ items, settings, level, idPrefix, sectionHeadingId }: GroupsProps) {
  return (
    <Stack gap="lg">
      {ESCALATION_REASONS.map((reason) => {
        const cases = items.filter((item) => item.reasons.includes(reason));
        if (!cases.length) return null;
        const headingId = `${idPrefix}-${reason}`;
        const labelledBy = sectionHeadingId ? `${sectionHeadingId} ${headingId}` : headingId;
        return (
          <ReasonGroup
            key={reason}
            reason={reason}
            cases={cases}
            settings={settings}
            level={level}
            headingId={headingId}
            labelledBy={labelledBy}
          />
        );
      })}
    </Stack>
  );
}

interface GroupProps {
  reason: EscalationReason;
  cases: EscalationItem[];
  settings: EscalationSettings;
  level: 2 | 3;
  headingId: string;
  labelledBy: string;
}

function ReasonGroup({ reason, cases, settings, level, headingId, labelledBy }: GroupProps) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={labelledBy} data-reason={reason} maw={860}>
      <Group gap="sm" mb="xs" wrap="wrap">
        <Title order={level} size="h4" id={headingId}>
          {reasonText(t, reason, settings)}
        </Title>
        <Badge color="gray.2" autoContrast variant="filled" tt="none">
          {t('escalations.caseCount', { count: cases.length })}
        </Badge>
      </Group>
      <Table striped verticalSpacing="xs" aria-labelledby={labelledBy}>
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
