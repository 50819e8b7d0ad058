import { Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useImports, type ImportView } from '../../api/arrears';
import { useCurrentUser } from '../../auth/CurrentUser';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { usePagedTable, useUrlPagination } from '../../components/usePagedTable';
import { useImportColumns, type ImportSort, type ImportSortField } from './importColumns';
import { ReplayImportModal } from './ReplayImportModal';
import { UploadForm, type ImportNavigationState } from './UploadForm';

const EMPTY: ImportView[] = [];
const DEFAULT_SORT: ImportSort = { field: 'createdAt', desc: true };
const SORT = /^(-?)(createdAt|asOf|status)$/;

function sortFrom(params: URLSearchParams): ImportSort {
  const m = SORT.exec(params.get('sort') ?? '');
  return m ? { field: m[2] as ImportSortField, desc: m[1] === '-' } : DEFAULT_SORT;
}

/** Upload a snapshot file, and the history of imports below it (paging and sorting in the URL). */
export function ImportsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const sort = sortFrom(searchParams);
  const sortParam = `${sort.desc ? '-' : ''}${sort.field}`;
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const imports = useImports({ page, pageSize, sort: sortParam });
  const [replaying, setReplaying] = useState<ImportView | null>(null);

  const onSort = useCallback(
    (field: ImportSortField) => {
      setSearchParams((prev) => {
        const params = new URLSearchParams(prev);
        const current = sortFrom(prev);
        // The same column flips; another starts newest/highest first for dates, A-Z for status.
        const desc = current.field === field ? !current.desc : field !== 'status';
        const next = `${desc ? '-' : ''}${field}`;
        if (next === '-createdAt') params.delete('sort');
        else params.set('sort', next);
        params.delete('page');
        return params;
      });
    },
    [setSearchParams],
  );
  const onReplay = useCallback((view: ImportView) => setReplaying(view), []);
  const columns = useImportColumns({ sort, onSort, canReplay: me.role === 'admin', onReplay });
  const table = usePagedTable({
    columns,
    data: imports.data?.items ?? EMPTY,
    total: imports.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (view) => view.id,
  });
  const sortState = useMemo(
    () => ({ [sort.field]: sort.desc ? 'descending' : 'ascending' }) as Partial<Record<string, 'ascending' | 'descending'>>,
    [sort.field, sort.desc],
  );

  return (
    <>
      <PageTitle>{t('imports.title')}</PageTitle>
      <Text mb="md" maw={860}>
        {t('imports.intro')}
      </Text>
      <Stack gap="lg">
        <UploadForm />
        <section aria-labelledby="history-title">
          <Title order={2} size="h4" id="history-title" mb="xs">
            {t('imports.history.title')}
          </Title>
          {imports.isPending ? <Loading /> : null}
          {imports.isError ? <ErrorAlert error={imports.error} onRetry={() => void imports.refetch()} /> : null}
          {imports.data ? (
            <DataTable table={table} label={t('imports.history.tableLabel')} fetching={imports.isPlaceholderData} sortState={sortState} />
          ) : null}
        </section>
      </Stack>
      {replaying ? (
        <ReplayImportModal
          key={replaying.id}
          view={replaying}
          onClose={() => setReplaying(null)}
          onReplayed={(created) => {
            setReplaying(null);
            const state: ImportNavigationState = { replayed: true };
            navigate(`/imports/${created.id}`, { state });
          }}
        />
      ) : null}
    </>
  );
}
