import { Anchor, Badge, Checkbox, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSortField, CaseSummary } from '../../api/caseTypes';
import { DaysLeftBadge, RiskBadge } from '../../components/CaseBadges';
import type { PagedFeatures } from '../../components/usePagedTable';
import { formatDate, formatMoney } from '../../lib/format';
import type { SortKey } from './caseloadUrl';

const helper = createColumnHelper<PagedFeatures, CaseSummary>();

export interface CaseColumnOptions {
  sortKeys: SortKey[];
  onSort: (field: CaseSortField) => void;
  selected: ReadonlySet<string>;
  pageIds: string[];
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
}

function SortHeader({
  label,
  field,
  sortKeys,
  onSort,
}: {
  label: string;
  field: CaseSortField;
  sortKeys: SortKey[];
  onSort: (f: CaseSortField) => void;
}) {
  const primary = sortKeys[0];
  const active = primary?.field === field;
  const Icon = !active ? IconArrowsSort : primary.desc ? IconArrowDown : IconArrowUp;
  return (
    <UnstyledButton onClick={() => onSort(field)} fw={700} fz="sm" style={{ whiteSpace: 'nowrap' }}>
      <Group gap={4} wrap="nowrap" component="span">
        {label}
        <Icon size={14} aria-hidden="true" style={{ opacity: active ? 1 : 0.5 }} />
      </Group>
    </UnstyledButton>
  );
}

/** The sortable columns, keyed by column id, with the API's sort field. */
export const SORT_FIELD_OF_COLUMN: Record<string, CaseSortField> = {
  risk: 'risk',
  caseNumber: 'caseNumber',
  nextStep: 'daysLeft',
  arrears: 'arrears',
  lastContact: 'lastContact',
  openedAt: 'openedAt',
};

export function useCaseColumns(options: CaseColumnOptions) {
  const { t } = useTranslation();
  const { sortKeys, onSort, selected, pageIds, onToggle, onToggleAll } = options;
  return useMemo(() => {
    const sortable = (label: string, field: CaseSortField) => () => (
      <SortHeader label={label} field={field} sortKeys={sortKeys} onSort={onSort} />
    );
    const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
    const someSelected = pageIds.some((id) => selected.has(id));
    const cellText = (node: ReactNode) => (
      <Text size="sm" component="span">
        {node}
      </Text>
    );
    return helper.columns([
      helper.display({
        id: 'select',
        header: () => (
          <Checkbox
            aria-label={t('caseload.selectAll')}
            checked={allSelected}
            indeterminate={someSelected && !allSelected}
            onChange={(e) => onToggleAll(e.currentTarget.checked)}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={t('caseload.selectRow', { caseNumber: row.original.caseNumber })}
            checked={selected.has(row.original.id)}
            onChange={() => onToggle(row.original.id)}
          />
        ),
      }),
      helper.display({
        id: 'risk',
        header: sortable(t('caseload.columns.risk'), 'risk'),
        cell: ({ row }) => (
          <RiskBadge level={row.original.risk.level} score={row.original.risk.score} overridden={row.original.risk.overridden} />
        ),
      }),
      helper.display({
        id: 'caseNumber',
        header: sortable(t('caseload.columns.caseNumber'), 'caseNumber'),
        cell: ({ row }) => (
          <Anchor component={Link} to={`/cases/${row.original.id}`} size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {row.original.caseNumber}
          </Anchor>
        ),
      }),
      helper.display({
        id: 'tenant',
        header: () => t('caseload.columns.tenant'),
        cell: ({ row }) => (
          <Stack gap={0}>
            <Text size="sm" fw={500} component="span" style={{ whiteSpace: 'nowrap' }}>
              {row.original.tenantName ?? t('common.none')}
            </Text>
            <Text size="xs" c="dimmed" component="span">
              {row.original.address}
              {row.original.unit ? `, ${row.original.unit}` : ''} · {row.original.tenancyNumber}
            </Text>
          </Stack>
        ),
      }),
      helper.display({
        id: 'department',
        header: () => t('caseload.columns.department'),
        cell: ({ row }) => (
          <Stack gap={0}>
            {cellText(row.original.departmentCode)}
            <Text size="xs" c="dimmed" component="span">
              {row.original.departmentName}
            </Text>
          </Stack>
        ),
      }),
      helper.display({
        id: 'stage',
        header: () => t('caseload.columns.stage'),
        cell: ({ row }) => (
          <Stack gap={2} align="flex-start">
            {cellText(t(`caseLabels.stage.${row.original.stage}`))}
            {row.original.status === 'closed' ? (
              <Badge color="gray.7" variant="outline" size="xs" tt="none">
                {t('caseLabels.status.closed')}
              </Badge>
            ) : null}
          </Stack>
        ),
      }),
      helper.display({
        id: 'nextStep',
        header: sortable(t('caseload.columns.nextStep'), 'daysLeft'),
        cell: ({ row }) => {
          const next = row.original.nextStep;
          if (!next)
            return (
              <Text size="sm" c="dimmed" component="span">
                {t('caseload.noNextStep')}
              </Text>
            );
          return (
            <Stack gap={2} align="flex-start" miw={160}>
              <Text size="sm" component="span">
                {next.headline}
              </Text>
              <DaysLeftBadge nextStep={next} />
            </Stack>
          );
        },
      }),
      helper.display({
        id: 'arrears',
        header: sortable(t('caseload.columns.arrears'), 'arrears'),
        cell: ({ row }) => (
          <Text size="sm" component="span" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
            {formatMoney(row.original.arrearsOre)}
          </Text>
        ),
      }),
      helper.display({
        id: 'lastContact',
        header: sortable(t('caseload.columns.lastContact'), 'lastContact'),
        cell: ({ row }) => cellText(formatDate(row.original.lastContactAt) || t('common.never')),
      }),
      helper.display({
        id: 'openTasks',
        header: () => t('caseload.columns.openTasks'),
        cell: ({ row }) => (
          <Group gap={4} wrap="nowrap">
            {cellText(String(row.original.openTaskCount))}
            {row.original.hasOverdueTasks ? (
              <Badge color="red.9" variant="filled" size="xs" tt="none">
                {t('caseload.overdueMarker')}
              </Badge>
            ) : null}
          </Group>
        ),
      }),
      helper.display({
        id: 'counsellor',
        header: () => t('caseload.columns.counsellor'),
        cell: ({ row }) => cellText(row.original.assignedCounsellor?.name ?? t('caseload.unassigned')),
      }),
      helper.display({
        id: 'openedAt',
        header: sortable(t('caseload.columns.openedAt'), 'openedAt'),
        cell: ({ row }) => cellText(formatDate(row.original.openedAt)),
      }),
    ]);
  }, [t, sortKeys, onSort, selected, pageIds, onToggle, onToggleAll]);
}
