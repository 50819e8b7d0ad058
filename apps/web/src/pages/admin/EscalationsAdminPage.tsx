import { Anchor, Box, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useEscalationPreview, useEscalationSettings, type EscalationPreviewMessage, type EscalationSettings } from '../../api/escalations';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { weekLabel, weekRange } from '../escalations/escalationText';
import { ReasonBadge } from '../escalations/ReasonBadge';
import { EscalationCriteriaForm } from './EscalationCriteriaForm';

const messageKey = (m: EscalationPreviewMessage) => `${m.userId}-${m.audience}`;

/** The weekly escalation for admins: what the next run would send, per recipient, and the criteria. */
export function EscalationsAdminPage() {
  const { t } = useTranslation();
  const preview = useEscalationPreview();
  const settings = useEscalationSettings();
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <PageTitle>{t('escalationAdmin.title')}</PageTitle>
      <Text mb="md" maw={860}>
        {t('escalationAdmin.intro')}
      </Text>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      <Stack gap="lg">
        <PreviewSection preview={preview} />
        {settings.isPending ? <Loading /> : null}
        {settings.isError ? <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} /> : null}
        {settings.data ? <EscalationCriteriaForm initial={settings.data} onSaved={() => setNotice(t('escalationAdmin.saved'))} /> : null}
      </Stack>
    </>
  );
}

function PreviewSection({ preview }: { preview: ReturnType<typeof useEscalationPreview> }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const data = preview.data;

  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="escalation-preview-title"
      maw={1100}
      aria-busy={preview.isFetching || undefined}
    >
      <Title order={2} size="h4" id="escalation-preview-title" mb={4}>
        {data ? t('escalationAdmin.preview.titleWeek', { week: weekLabel(t, data.week) }) : t('escalationAdmin.preview.title')}
      </Title>
      {data ? (
        <Text size="sm" c="dimmed" mb="xs" data-testid="preview-week-range">
          {weekRange(t, data.week)}
        </Text>
      ) : null}
      <Text size="sm" mb="sm">
        {t('escalationAdmin.preview.intro')}
      </Text>
      {preview.isPending ? <Loading /> : null}
      {preview.isError ? <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} /> : null}
      {data && data.messages.length === 0 ? <Text>{t('escalationAdmin.preview.none')}</Text> : null}
      {data && data.messages.length > 0 ? (
        <>
          <Text size="sm" mb="xs" data-testid="preview-summary">
            {t('escalationAdmin.preview.summary', {
              recipients: t('escalationAdmin.preview.recipients', { count: data.messages.length }),
              cases: t('escalations.caseCount', { count: new Set(data.messages.flatMap((m) => m.items.map((i) => i.caseId))).size }),
            })}
          </Text>
          <Box component="section" aria-label={t('escalationAdmin.preview.tableLabel')} tabIndex={0} style={{ overflowX: 'auto' }}>
            <Table verticalSpacing="xs" aria-label={t('escalationAdmin.preview.tableLabel')} data-testid="escalation-preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('escalationAdmin.columns.name')}</Table.Th>
                  <Table.Th scope="col">{t('escalationAdmin.columns.email')}</Table.Th>
                  <Table.Th scope="col">{t('escalationAdmin.columns.audience')}</Table.Th>
                  <Table.Th scope="col">{t('escalationAdmin.columns.caseCount')}</Table.Th>
                  <Table.Th scope="col">{t('escalationAdmin.columns.cases')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.messages.map((m) => {
                  const key = messageKey(m);
                  const open = expanded.has(key);
                  const rowId = `preview-cases-${key}`;
                  const name = m.user?.name ?? t('escalationAdmin.preview.unknownUser');
                  const audience = t(`escalationAdmin.audience.${m.audience}`);
                  return (
                    <Fragment key={key}>
                      <Table.Tr data-recipient={m.user?.email ?? m.userId} data-audience={m.audience}>
                        <Table.Th scope="row" fw={600}>
                          {name}
                        </Table.Th>
                        <Table.Td>{m.user?.email ?? t('common.none')}</Table.Td>
                        <Table.Td>{audience}</Table.Td>
                        <Table.Td>{m.caseCount}</Table.Td>
                        <Table.Td>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            leftSection={
                              open ? <IconChevronDown size={14} aria-hidden="true" /> : <IconChevronRight size={14} aria-hidden="true" />
                            }
                            aria-expanded={open}
                            aria-controls={open ? rowId : undefined}
                            aria-label={t(open ? 'escalationAdmin.preview.hideCasesLabel' : 'escalationAdmin.preview.showCasesLabel', {
                              name,
                              audience,
                            })}
                            onClick={() => toggle(key)}
                          >
                            {open ? t('escalationAdmin.preview.hideCases') : t('escalationAdmin.preview.showCases')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {open ? (
                        <Table.Tr id={rowId}>
                          <Table.Td colSpan={5} bg="gray.0">
                            <CaseList message={m} settings={data.settings} />
                          </Table.Td>
                        </Table.Tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Box>
        </>
      ) : null}
    </Paper>
  );
}

function CaseList({ message, settings }: { message: EscalationPreviewMessage; settings: EscalationSettings }) {
  const { t } = useTranslation();
  return (
    <ul
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
      aria-label={t('escalationAdmin.preview.casesOf', { name: message.user?.name ?? t('escalationAdmin.preview.unknownUser') })}
    >
      {message.items.map((item) => (
        <li key={item.caseId} style={{ padding: '4px 0' }}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/cases/${encodeURIComponent(item.caseId)}`} fw={600} size="sm">
              {item.caseNumber}
            </Anchor>
            {item.reasons.map((r) => (
              <ReasonBadge key={r} reason={r} settings={settings} />
            ))}
          </Group>
        </li>
      ))}
    </ul>
  );
}
