import { Badge, Button, Code, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey, Department } from '../../api/types';
import type { PagedFeatures } from '../../components/usePagedTable';
import { formatDate, formatDateTime } from '../../lib/format';
import { departmentCodes } from './userColumns';

const helper = createColumnHelper<PagedFeatures, ApiKey>();

export function useApiKeyColumns(lookup: Map<string, Department>, onRevoke: (key: ApiKey) => void) {
  const { t } = useTranslation();
  return useMemo(
    () =>
      helper.columns([
        helper.accessor('name', {
          header: t('apiKeys.columns.name'),
          cell: (info) => (
            <Text size="sm" fw={600} component="span">
              {info.getValue()}
            </Text>
          ),
        }),
        helper.accessor('prefix', {
          header: t('apiKeys.columns.prefix'),
          cell: (info) => <Code>{info.getValue()}</Code>,
        }),
        helper.accessor('departmentIds', {
          header: t('apiKeys.columns.departments'),
          cell: (info) => departmentCodes(info.getValue(), lookup) || t('common.none'),
        }),
        helper.accessor('scopes', {
          header: t('apiKeys.columns.scopes'),
          cell: (info) => info.getValue().join(', ') || t('common.none'),
        }),
        helper.accessor('createdAt', {
          header: t('apiKeys.columns.createdAt'),
          cell: (info) => formatDate(info.getValue()),
        }),
        helper.accessor('lastUsedAt', {
          header: t('apiKeys.columns.lastUsed'),
          cell: (info) => formatDateTime(info.getValue()) || t('common.never'),
        }),
        helper.accessor('revokedAt', {
          header: t('apiKeys.columns.status'),
          cell: (info) => {
            const revokedAt = info.getValue();
            return revokedAt ? (
              <Badge color="red.9" variant="filled">
                {t('apiKeys.statusRevoked', { date: formatDate(revokedAt) })}
              </Badge>
            ) : (
              <Badge color="teal.9" variant="filled">
                {t('apiKeys.statusActive')}
              </Badge>
            );
          },
        }),
        helper.display({
          id: 'actions',
          header: () => t('common.actions'),
          cell: (info) =>
            info.row.original.revokedAt ? null : (
              <Button
                size="xs"
                variant="outline"
                color="red.9"
                aria-label={t('apiKeys.revokeLabel', { name: info.row.original.name })}
                onClick={() => onRevoke(info.row.original)}
              >
                {t('apiKeys.revoke')}
              </Button>
            ),
        }),
      ]),
    [t, lookup, onRevoke],
  );
}
