import { Button, Group, Paper, SimpleGrid, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAudit, type AuditFilters } from '../../api/audit';
import type { AuditEntry } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { usePagedTable, useUrlPagination } from '../../components/usePagedTable';
import { useAuditColumns } from './auditColumns';

const FILTER_KEYS = ['action', 'actorId', 'personId', 'from', 'to'] as const satisfies readonly (keyof AuditFilters)[];
type FilterKey = (typeof FILTER_KEYS)[number];
const EMPTY: AuditEntry[] = [];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function filtersFrom(params: URLSearchParams): Record<FilterKey, string> {
  const out = {} as Record<FilterKey, string>;
  for (const key of FILTER_KEYS) out[key] = params.get(key) ?? '';
  if (!DATE.test(out.from)) out.from = '';
  if (!DATE.test(out.to)) out.to = '';
  return out;
}

export function AuditPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const applied = filtersFrom(searchParams);
  const [draft, setDraft] = useState(applied);
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const invalidRange = Boolean(draft.from && draft.to && draft.from > draft.to);

  const audit = useAudit({
    page,
    pageSize,
    action: applied.action || undefined,
    actorId: applied.actorId || undefined,
    personId: applied.personId || undefined,
    from: applied.from || undefined,
    to: applied.to || undefined,
  });
  const columns = useAuditColumns();
  const table = usePagedTable({
    columns,
    data: audit.data?.items ?? EMPTY,
    total: audit.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (entry) => entry.id,
  });

  const apply = (values: Record<FilterKey, string>) => {
    setSearchParams((prev) => {
      const params = new URLSearchParams(prev);
      for (const key of FILTER_KEYS) {
        const value = values[key].trim();
        if (value) params.set(key, value);
        else params.delete(key);
      }
      params.delete('page');
      return params;
    });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!invalidRange) apply(draft);
  };

  const onReset = () => {
    const cleared = filtersFrom(new URLSearchParams());
    setDraft(cleared);
    apply(cleared);
  };

  const field = (key: FilterKey) => ({
    name: key,
    value: draft[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setDraft((prev) => ({ ...prev, [key]: value }));
    },
  });

  return (
    <>
      <PageTitle>{t('audit.title')}</PageTitle>
      <Paper withBorder p="md" mb="md" component="section" aria-labelledby="audit-filters-title">
        <Title order={2} size="h5" mb="sm" id="audit-filters-title">
          {t('audit.filtersTitle')}
        </Title>
        <form role="search" aria-labelledby="audit-filters-title" onSubmit={onSubmit} noValidate>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }}>
            <TextInput label={t('audit.filters.action')} autoComplete="off" {...field('action')} />
            <TextInput label={t('audit.filters.actorId')} autoComplete="off" {...field('actorId')} />
            <TextInput label={t('audit.filters.personId')} autoComplete="off" {...field('personId')} />
            <TextInput label={t('audit.filters.from')} type="date" {...field('from')} />
            <TextInput
              label={t('audit.filters.to')}
              type="date"
              {...field('to')}
              error={invalidRange ? t('audit.invalidRange') : undefined}
            />
          </SimpleGrid>
          <Group mt="md" gap="sm">
            <Button type="submit" leftSection={<IconSearch size={16} aria-hidden="true" />} disabled={invalidRange}>
              {t('common.search')}
            </Button>
            <Button type="button" variant="default" onClick={onReset}>
              {t('common.reset')}
            </Button>
          </Group>
        </form>
      </Paper>

      {audit.isPending ? <Loading /> : null}
      {audit.isError ? <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} /> : null}
      {audit.data ? <DataTable table={table} label={t('audit.tableLabel')} fetching={audit.isPlaceholderData} /> : null}
    </>
  );
}
