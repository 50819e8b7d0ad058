import { Anchor, Button, Group, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isActiveImport, type ImportView } from '../../api/arrears';
import type { PagedFeatures } from '../../components/usePagedTable';
import { formatDate, formatDateTime } from '../../lib/format';
import { ImportStatusBadge } from './ImportResult';
import { formatCount, uploadedByText } from './importText';

export type ImportSortField = 'createdAt' | 'asOf' | 'status';
export interface ImportSort {
  field: ImportSortField;
  desc: boolean;
}

const helper = createColumnHelper<PagedFeatures, ImportView>();

function SortHeader({ label, field, sort, onSort }: { label: string; field: ImportSortField; sort: ImportSort; onSort: (f: ImportSortField) => void }) {
  const active = sort.field === field;
  const Icon = !active ? IconArrowsSort : sort.desc ? IconArrowDown : IconArrowUp;
  return (
    <UnstyledButton onClick={() => onSort(field)} fw={700} fz="sm" style={{ whiteSpace: 'nowrap' }}>
      <Group gap={4} wrap="nowrap" component="span">
        {label}
        <Icon size={14} aria-hidden="true" style={{ opacity: active ? 1 : 0.5 }} />
      </Group>
    </UnstyledButton>
  );
}

const numberCell = { textAlign: 'right', display: 'block', fontVariantNumeric: 'tabular-nums' } as const;

export function useImportColumns(options: {
  sort: ImportSort;
  onSort: (field: ImportSortField) => void;
  canReplay: boolean;
  onReplay: (view: ImportView) => void;
}) {
  const { t } = useTranslation();
  const { sort, onSort, canReplay, onReplay } = options;
  return useMemo(() => {
    const sortable = (label: string, field: ImportSortField) => () => <SortHeader label={label} field={field} sort={sort} onSort={onSort} />;
    const count = (value: number) => (
      <Text size="sm" component="span" style={numberCell}>
        {formatCount(value)}
      </Text>
    );
    return helper.columns([
      helper.accessor('createdAt', {
        header: sortable(t('imports.columns.createdAt'), 'createdAt'),
        cell: (info) => {
          const when = formatDateTime(info.getValue());
          return (
            <Anchor component={Link} to={`/imports/${info.row.original.id}`} size="sm" aria-label={t('imports.openLabel', { date: when })} style={{ whiteSpace: 'nowrap' }}>
              {when}
            </Anchor>
          );
        },
      }),
      helper.accessor('asOf', {
        header: sortable(t('imports.columns.asOf'), 'asOf'),
        cell: (info) => formatDate(info.getValue()) || t('common.none'),
      }),
      helper.accessor('source', {
        header: t('imports.columns.source'),
        cell: (info) => info.getValue() ?? t('common.none'),
      }),
      helper.accessor('uploadedBy', {
        header: t('imports.columns.uploadedBy'),
        cell: (info) => uploadedByText(t, info.getValue()),
      }),
      helper.accessor('status', {
        header: sortable(t('imports.columns.status'), 'status'),
        cell: (info) => <ImportStatusBadge status={info.getValue()} />,
      }),
      helper.accessor('rowsRead', {
        header: t('imports.columns.rowsRead'),
        cell: (info) => count(info.getValue()),
      }),
      helper.accessor('rowsApplied', {
        header: t('imports.columns.rowsApplied'),
        cell: (info) => count(info.getValue()),
      }),
      helper.accessor('rowsRejected', {
        header: t('imports.columns.rowsRejected'),
        cell: (info) => count(info.getValue()),
      }),
      helper.display({
        id: 'cases',
        header: () => t('imports.columns.cases'),
        cell: (info) => {
          const v = info.row.original;
          return v.status === 'done' ? (
            <Text size="sm" component="span" style={{ display: 'block', minWidth: 150 }}>
              {t('imports.casesSummary', { opened: v.casesOpened, updated: v.casesUpdated, cleared: v.casesCleared, closed: v.casesClosed })}
            </Text>
          ) : (
            t('common.none')
          );
        },
      }),
      ...(canReplay
        ? [
            helper.display({
              id: 'actions',
              header: () => t('common.actions'),
              cell: (info) => {
                const v = info.row.original;
                return isActiveImport(v.status) || v.uploadPurgedAt ? null : (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-label={t('imports.replay.label', { date: formatDateTime(v.createdAt) })}
                    onClick={() => onReplay(v)}
                  >
                    {t('imports.replay.button')}
                  </Button>
                );
              },
            }),
          ]
        : []),
    ]);
  }, [t, sort, onSort, canReplay, onReplay]);
}
