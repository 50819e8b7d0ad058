import { Badge, Code, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditOutcome } from '../../api/types';
import type { PagedFeatures } from '../../components/usePagedTable';
import { formatDateTime } from '../../lib/format';

const helper = createColumnHelper<PagedFeatures, AuditEntry>();

const OUTCOME_COLOR: Record<AuditOutcome, string> = {
  success: 'teal.9',
  denied: 'red.9',
  failure: 'pink.9',
};

export function useAuditColumns() {
  const { t } = useTranslation();
  return useMemo(
    () =>
      helper.columns([
        helper.accessor('at', {
          header: t('audit.columns.at'),
          cell: (info) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(info.getValue())}</span>,
        }),
        helper.display({
          id: 'actor',
          header: () => t('audit.columns.actor'),
          cell: ({ row }) => {
            const entry = row.original;
            return (
              <Text size="sm" component="span">
                {t(`audit.actorType.${entry.actorType}`)}
                {entry.actorLabel || entry.actorId ? ': ' : ''}
                {entry.actorLabel ?? entry.actorId ?? ''}
              </Text>
            );
          },
        }),
        helper.accessor('action', {
          header: t('audit.columns.action'),
          cell: (info) => <Code>{info.getValue()}</Code>,
        }),
        helper.accessor('personId', {
          header: t('audit.columns.person'),
          cell: (info) => info.getValue() ?? t('common.none'),
        }),
        helper.display({
          id: 'entity',
          header: () => t('audit.columns.entity'),
          cell: ({ row }) =>
            row.original.entityType
              ? `${row.original.entityType}${row.original.entityId ? ` ${row.original.entityId}` : ''}`
              : t('common.none'),
        }),
        helper.accessor('purpose', {
          header: t('audit.columns.purpose'),
          cell: (info) => info.getValue() ?? t('common.none'),
        }),
        helper.accessor('outcome', {
          header: t('audit.columns.outcome'),
          cell: (info) => (
            <Badge color={OUTCOME_COLOR[info.getValue()]} variant="filled">
              {t(`audit.outcome.${info.getValue()}`)}
            </Badge>
          ),
        }),
        helper.accessor('ip', {
          header: t('audit.columns.ip'),
          cell: (info) => info.getValue() ?? t('common.none'),
        }),
      ]),
    [t],
  );
}
