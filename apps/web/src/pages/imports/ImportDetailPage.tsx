import { Alert, Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconCopy, IconFileOff, IconRefresh } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isActiveImport, useImport, type ImportView } from '../../api/arrears';
import { isApiError } from '../../api/client';
import { useCurrentUser } from '../../auth/CurrentUser';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { formatDate, formatDateTime } from '../../lib/format';
import { FailureAlert, ImportCounts, ImportStatusBadge, ProcessingProgress, RejectedRows, UnknownColumnsNotice } from './ImportResult';
import { formatBytes, uploadedByText } from './importText';
import { ReplayImportModal } from './ReplayImportModal';
import type { ImportNavigationState } from './UploadForm';

/** One import: its progress while the worker processes it, then its result, rejected rows and error report. */
export function ImportDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useImport(id);

  const back = (
    <Anchor component={Link} to="/imports" size="sm">
      {t('imports.detail.back')}
    </Anchor>
  );
  if (query.isPending) {
    return (
      <>
        {back}
        <PageTitle>{t('imports.detail.loadingTitle')}</PageTitle>
        <Loading />
      </>
    );
  }
  if (query.isError) {
    const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 422);
    return (
      <>
        {back}
        <PageTitle>{notFound ? t('imports.detail.notFound') : t('imports.detail.loadingTitle')}</PageTitle>
        {notFound ? <Text>{t('imports.detail.notFoundText')}</Text> : <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      </>
    );
  }
  return <ImportDetail view={query.data} back={back} />;
}

function ImportDetail({ view, back }: { view: ImportView; back: ReactNode }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as ImportNavigationState;
  const [replaying, setReplaying] = useState(false);
  const [notice, setNotice] = useState<string | null>(state.replayed ? t('imports.replay.started') : null);
  const active = isActiveImport(view.status);

  const facts: [string, string][] = [
    [t('imports.detail.createdAt'), formatDateTime(view.createdAt)],
    [t('imports.detail.asOf'), formatDate(view.asOf) || t('imports.detail.notSet')],
    [t('imports.detail.source'), view.source ?? t('imports.detail.notSet')],
    [t('imports.detail.uploadedBy'), uploadedByText(t, view.uploadedBy)],
    [t('imports.detail.size'), formatBytes(view.sizeBytes)],
  ];
  if (view.departments.length) facts.push([t('imports.detail.departments'), view.departments.map((d) => d.code).join(', ')]);
  if (view.finishedAt) facts.push([t('imports.detail.finishedAt'), formatDateTime(view.finishedAt)]);

  return (
    <>
      {back}
      <Group gap="sm" align="center" mt="xs" wrap="wrap">
        <PageTitle>{t('imports.detail.title', { date: formatDateTime(view.createdAt) })}</PageTitle>
        <Group mb="md">
          <ImportStatusBadge status={view.status} />
        </Group>
      </Group>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      <Stack gap="md">
        {state.duplicate ? (
          <Alert color="blue.8" variant="outline" icon={<IconCopy aria-hidden="true" />} data-testid="duplicate-notice">
            <Text size="sm">{t('imports.upload.duplicate')}</Text>
          </Alert>
        ) : null}
        {active ? <ProcessingProgress view={view} /> : null}
        {view.status === 'failed' ? <FailureAlert view={view} /> : null}
        {view.status === 'done' ? <ImportCounts view={view} /> : null}
        <UnknownColumnsNotice columns={view.unknownColumns} />
        <RejectedRows view={view} />
        {view.uploadPurgedAt ? (
          <Alert color="gray.8" variant="outline" icon={<IconFileOff aria-hidden="true" />} data-testid="upload-purged">
            <Text size="sm">{t('imports.detail.uploadPurged', { date: formatDate(view.uploadPurgedAt) })}</Text>
          </Alert>
        ) : null}

        <Paper withBorder p="md" component="section" aria-labelledby="facts-title">
          <Title order={2} size="h4" id="facts-title" mb="xs">
            {t('imports.detail.facts')}
          </Title>
          <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={4} fz="sm" maw={560}>
            <Table.Tbody>
              {facts.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th scope="row" fw={500} c="dimmed" w="40%">
                    {label}
                  </Table.Th>
                  <Table.Td>{value}</Table.Td>
                </Table.Tr>
              ))}
              {view.replayOf ? (
                <Table.Tr>
                  <Table.Th scope="row" fw={500} c="dimmed">
                    {t('imports.detail.replayOf')}
                  </Table.Th>
                  <Table.Td>
                    <Anchor component={Link} to={`/imports/${view.replayOf}`} size="sm">
                      {t('imports.detail.replayOfLink')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ) : null}
            </Table.Tbody>
          </Table>
        </Paper>

        <Group gap="sm">
          <Button component={Link} to="/imports" variant="default">
            {t('imports.detail.another')}
          </Button>
          {me.role === 'admin' && !active && !view.uploadPurgedAt ? (
            <Button variant="outline" leftSection={<IconRefresh size={16} aria-hidden="true" />} onClick={() => setReplaying(true)}>
              {t('imports.replay.button')}
            </Button>
          ) : null}
        </Group>
      </Stack>
      {replaying ? (
        <ReplayImportModal
          view={view}
          onClose={() => setReplaying(false)}
          onReplayed={(created) => {
            setReplaying(false);
            setNotice(t('imports.replay.started'));
            const next: ImportNavigationState = { replayed: true };
            navigate(`/imports/${created.id}`, { state: next });
          }}
        />
      ) : null}
    </>
  );
}
