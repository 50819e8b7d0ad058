import { Button, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiKeys, type CreatedApiKey } from '../../api/apiKeys';
import { departmentCodeLookup, useDepartments } from '../../api/departments';
import type { ApiKey } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { usePagedTable, useUrlPagination } from '../../components/usePagedTable';
import { ApiKeySecretModal } from './ApiKeySecretModal';
import { useApiKeyColumns } from './apiKeyColumns';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import { RevokeApiKeyModal } from './RevokeApiKeyModal';

const EMPTY: ApiKey[] = [];

export function ApiKeysPage() {
  const { t } = useTranslation();
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const keys = useApiKeys({ page, pageSize });
  const departments = useDepartments();
  const [createOpen, setCreateOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const lookup = useMemo(() => departmentCodeLookup(departments.data), [departments.data]);
  const onRevoke = useCallback((key: ApiKey) => setRevoking(key), []);
  const columns = useApiKeyColumns(lookup, onRevoke);
  const table = usePagedTable({
    columns,
    data: keys.data?.items ?? EMPTY,
    total: keys.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (key) => key.id,
  });

  return (
    <>
      <PageTitle>{t('apiKeys.title')}</PageTitle>
      <Text mb="md">{t('apiKeys.intro')}</Text>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      <Group justify="flex-end" mb="md">
        <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreateOpen(true)}>
          {t('apiKeys.create')}
        </Button>
      </Group>

      {keys.isPending ? <Loading /> : null}
      {keys.isError ? <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      {keys.data ? <DataTable table={table} label={t('apiKeys.tableLabel')} fetching={keys.isPlaceholderData} /> : null}

      <CreateApiKeyModal
        opened={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(result) => {
          setCreateOpen(false);
          setCreated(result);
        }}
      />
      {created ? <ApiKeySecretModal created={created} onClose={() => setCreated(null)} /> : null}
      {revoking ? (
        <RevokeApiKeyModal
          key={revoking.id}
          apiKey={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={(key) => {
            setRevoking(null);
            setNotice(t('apiKeys.revokedNotice', { name: key.name }));
          }}
        />
      ) : null}
    </>
  );
}
