import { Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDepartmentPage } from '../../api/departments';
import type { Department } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { usePagedTable, useUrlPagination } from '../../components/usePagedTable';
import { DepartmentLeadModal } from './DepartmentLeadModal';
import { useDepartmentColumns } from './departmentColumns';

const EMPTY: Department[] = [];

/** "Afdelinger": the organisation's departments and each one's lead, who gets the cases escalated two weeks running. */
export function DepartmentsPage() {
  const { t } = useTranslation();
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const departments = useDepartmentPage({ page, pageSize });
  const [editing, setEditing] = useState<Department | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const onChooseLead = useCallback((department: Department) => setEditing(department), []);
  const columns = useDepartmentColumns(onChooseLead);
  const table = usePagedTable({
    columns,
    data: departments.data?.items ?? EMPTY,
    total: departments.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (department) => department.id,
  });

  return (
    <>
      <PageTitle>{t('departments.title')}</PageTitle>
      <Text mb="md">{t('departments.intro')}</Text>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />

      {departments.isPending ? <Loading /> : null}
      {departments.isError ? <ErrorAlert error={departments.error} onRetry={() => void departments.refetch()} /> : null}
      {departments.data ? <DataTable table={table} label={t('departments.tableLabel')} fetching={departments.isPlaceholderData} /> : null}

      {editing ? (
        <DepartmentLeadModal
          key={editing.id}
          department={editing}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            setNotice(message);
          }}
        />
      ) : null}
    </>
  );
}
