import { Alert, Anchor, Badge, Box, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  importErrorReportUrl,
  isActiveImport,
  useImportErrors,
  type ImportRowError,
  type ImportStatus,
  type ImportView,
} from '../../api/arrears';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading } from '../../components/Feedback';
import { usePagedTable, useUrlPagination, type PagedFeatures } from '../../components/usePagedTable';
import { columnText, errorDetailText, failureText, formatCount, rowReasonText } from './importText';

const STATUS_COLOR: Record<ImportStatus, string> = {
  received: 'gray.8',
  validating: 'blue.8',
  applying: 'blue.8',
  done: 'teal.9',
  failed: 'red.9',
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray.8'} variant={status === 'done' ? 'outline' : 'filled'} tt="none">
      {t(`imports.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

const STEP: Record<string, number> = { received: 1, validating: 2, applying: 3 };

/** While the worker processes the file: status in words, the step, the rows read so far. */
export function ProcessingProgress({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const step = STEP[view.status] ?? 3;
  const status = t(`imports.statusText.${view.status}`);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="processing-title" data-testid="import-processing">
      <Title order={2} size="h4" id="processing-title" mb="xs">
        {t('imports.processing.title')}
      </Title>
      <Stack gap="xs">
        <div role="status" aria-live="polite">
          <Text fw={600}>{status}</Text>
          <Text size="sm" data-testid="rows-so-far">
            {t('imports.processing.rowsSoFar', { rows: formatCount(view.rowsRead) })}
          </Text>
        </div>
        <Box
          role="progressbar"
          aria-label={t('imports.processing.label')}
          aria-valuemin={0}
          aria-valuemax={3}
          aria-valuenow={step}
          aria-valuetext={t('imports.processing.step', { step, status })}
        >
          <Progress.Root size="lg">
            <Progress.Section value={(step / 3) * 100 - 10} striped animated withAria={false} />
          </Progress.Root>
        </Box>
        <Text size="sm" c="dimmed">
          {t('imports.processing.note')}
        </Text>
      </Stack>
    </Paper>
  );
}

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text fw={700} size="lg" component="dd" m={0} data-testid={testId}>
        {formatCount(value)}
      </Text>
    </Paper>
  );
}

/** The counts of a finished import and what its outcome means. */
export function ImportCounts({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const counts: [string, number, string][] = [
    [t('imports.result.rowsRead'), view.rowsRead, 'count-rows-read'],
    [t('imports.result.rowsApplied'), view.rowsApplied, 'count-rows-applied'],
    [t('imports.result.rowsRejected'), view.rowsRejected, 'count-rows-rejected'],
    [t('imports.result.casesOpened'), view.casesOpened, 'count-cases-opened'],
    [t('imports.result.casesUpdated'), view.casesUpdated, 'count-cases-updated'],
    [t('imports.result.casesCleared'), view.casesCleared, 'count-cases-cleared'],
    [t('imports.result.casesClosed'), view.casesClosed, 'count-cases-closed'],
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="result-title" data-testid="import-result">
      <Title order={2} size="h4" id="result-title" mb="xs">
        {t('imports.result.title')}
      </Title>
      {view.outcome ? (
        <Alert
          color={view.outcome === 'applied' ? 'teal.9' : 'orange.9'}
          variant="outline"
          icon={<IconInfoCircle aria-hidden="true" />}
          mb="sm"
          data-testid="import-outcome"
        >
          <Text size="sm">{t(`imports.outcome.${view.outcome}`)}</Text>
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="xs" component="dl" m={0}>
        {counts.map(([label, value, testId]) => (
          <Count key={testId} label={label} value={value} testId={testId} />
        ))}
      </SimpleGrid>
    </Paper>
  );
}

export function UnknownColumnsNotice({ columns }: { columns: string[] }) {
  const { t } = useTranslation();
  if (!columns.length) return null;
  return (
    <Alert color="gray.8" variant="outline" icon={<IconInfoCircle aria-hidden="true" />} data-testid="unknown-columns">
      <Text size="sm">{t('imports.unknownColumns', { columns: columns.join(', ') })}</Text>
    </Alert>
  );
}

export function FailureAlert({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const { text, technical } = failureText(t, view.failureReason);
  return (
    <Alert
      role="alert"
      color="red.9"
      variant="outline"
      icon={<IconAlertTriangle aria-hidden="true" />}
      title={t('imports.failure.title')}
      data-testid="import-failure"
    >
      <Text size="sm" c="red.9">
        {text}
      </Text>
      {technical ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('imports.failure.technical', { detail: technical })}
        </Text>
      ) : null}
    </Alert>
  );
}

const helper = createColumnHelper<PagedFeatures, ImportRowError>();
const EMPTY: ImportRowError[] = [];

function useErrorColumns() {
  const { t } = useTranslation();
  return useMemo(
    () =>
      helper.columns([
        helper.accessor('line', {
          header: t('imports.errors.line'),
          cell: (info) => info.getValue() ?? t('imports.errors.wholeFile'),
        }),
        helper.accessor('column', {
          header: t('imports.errors.column'),
          cell: (info) => columnText(t, info.getValue()),
        }),
        helper.accessor('reason', {
          header: t('imports.errors.reason'),
          cell: (info) => rowReasonText(t, info.getValue()),
        }),
        helper.accessor('detail', {
          header: t('imports.errors.detail'),
          cell: (info) => (
            <Text size="sm" component="span" style={{ wordBreak: 'break-word' }}>
              {errorDetailText(t, info.getValue())}
            </Text>
          ),
        }),
      ]),
    [t],
  );
}

/** The rejected rows, a page at a time (paging in the URL), and the full report as a CSV download. */
export function RejectedRows({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const finished = !isActiveImport(view.status);
  const errors = useImportErrors(view.id, { page, pageSize }, finished);
  const columns = useErrorColumns();
  const table = usePagedTable({
    columns,
    data: errors.data?.items ?? EMPTY,
    total: errors.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (row) => `${row.line ?? 'x'}-${row.column ?? ''}-${row.reason}-${row.detail ?? ''}`,
  });
  if (!finished) return null;
  if (errors.isPending) return <Loading />;
  if (errors.isError) return <ErrorAlert error={errors.error} onRetry={() => void errors.refetch()} />;
  if (errors.data.total === 0) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rejected-title" data-testid="rejected-rows">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
        <Box>
          <Title order={2} size="h4" id="rejected-title">
            {t('imports.errors.title')}
          </Title>
          <Text size="sm">{t('imports.errors.intro')}</Text>
        </Box>
        <Anchor href={importErrorReportUrl(view.id)} download data-testid="error-report">
          <Group gap={4} component="span" wrap="nowrap">
            <IconDownload size={16} aria-hidden="true" />
            {t('imports.errors.download')}
          </Group>
        </Anchor>
      </Group>
      <DataTable table={table} label={t('imports.errors.tableLabel')} fetching={errors.isPlaceholderData} />
    </Paper>
  );
}
