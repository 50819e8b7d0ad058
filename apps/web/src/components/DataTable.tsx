import { Box, Button, Group, Select, Table, Text, type TableProps } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { Column, ReactTable, RowData, TableFeatures } from '@tanstack/react-table';
import { useId, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PAGE_SIZES, type PagedTable } from './usePagedTable';

/** How a column's cells look: a column's `meta`. */
export interface ColumnLook {
  headerStyle?: CSSProperties;
  cellStyle?: CSSProperties;
}

/** `data-*` attributes of a row (for tests and styles to find it by). */
export type RowAttributes = Record<`data-${string}`, string | boolean | undefined>;

interface TableViewProps<TFeatures extends TableFeatures, TData extends RowData> {
  table: ReactTable<TFeatures, TData>;
  /** Accessible name of the table; the table then sits in a scrollable region of that name. */
  label?: string;
  /** Or the id of the heading that names the table (no region around it). */
  labelledBy?: string;
  testId?: string;
  /** Said in the one row of a table without rows (default: no results). */
  empty?: ReactNode;
  rowAttributes?: (row: TData, index: number) => RowAttributes;
  /** Mantine's table props over the default: striped, highlighted on hover, compact rows. */
  tableProps?: TableProps;
  /** The style of every header cell (a column's own `headerStyle` goes over it). */
  headerStyle?: CSSProperties;
  /** `aria-sort` per column id, for tables sorted by the server. */
  sortState?: Partial<Record<string, 'ascending' | 'descending'>>;
  /** Set while new rows are being fetched behind the current ones. */
  busy?: boolean;
}

const lookOf = <TFeatures extends TableFeatures, TData extends RowData>(column: Column<TFeatures, TData>) =>
  (column.columnDef.meta ?? {}) as ColumnLook;

/** A table of a TanStack table's rows: a header row of the columns' headers, then a row per row. */
export function TableView<TFeatures extends TableFeatures, TData extends RowData>({
  table,
  label,
  labelledBy,
  testId,
  empty,
  rowAttributes,
  tableProps,
  headerStyle,
  sortState,
  busy,
}: TableViewProps<TFeatures, TData>) {
  const { t } = useTranslation();
  const rows = table.getRowModel().rows;
  const grid = (
    <Table
      striped
      highlightOnHover
      verticalSpacing="xs"
      {...tableProps}
      aria-label={label}
      aria-labelledby={labelledBy}
      data-testid={testId}
    >
      <Table.Thead>
        {table.getHeaderGroups().map((group) => (
          <Table.Tr key={group.id}>
            {group.headers.map((header) => (
              <Table.Th
                key={header.id}
                scope="col"
                style={
                  headerStyle || lookOf(header.column).headerStyle ? { ...headerStyle, ...lookOf(header.column).headerStyle } : undefined
                }
                aria-sort={sortState?.[header.column.id]}
              >
                {header.isPlaceholder ? null : <table.FlexRender header={header} />}
              </Table.Th>
            ))}
          </Table.Tr>
        ))}
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 ? (
          <Table.Tr>
            <Table.Td colSpan={table.getAllLeafColumns().length}>{empty ?? t('common.noResults')}</Table.Td>
          </Table.Tr>
        ) : (
          rows.map((row) => (
            <Table.Tr key={row.id} {...rowAttributes?.(row.original, row.index)}>
              {row.getAllCells().map((cell) => (
                <Table.Td key={cell.id} style={lookOf(cell.column).cellStyle}>
                  <table.FlexRender cell={cell} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))
        )}
      </Table.Tbody>
    </Table>
  );
  return label ? (
    <Box component="section" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }} aria-busy={busy || undefined}>
      {grid}
    </Box>
  ) : (
    grid
  );
}

interface DataTableProps<TData extends RowData> {
  table: PagedTable<TData>;
  /** Accessible name of the table (and its scroll region). */
  label: string;
  /** Shown while a new page is being fetched behind the current one. */
  fetching?: boolean;
  /** `aria-sort` per column id, for tables sorted by the server. */
  sortState?: Partial<Record<string, 'ascending' | 'descending'>>;
}

const NOWRAP: CSSProperties = { whiteSpace: 'nowrap' };

/** A table of one page of a server-paged list, with the pager under it. */
export function DataTable<TData extends RowData>({ table, label, fetching, sortState }: DataTableProps<TData>) {
  return (
    <>
      <TableView table={table} label={label} busy={fetching} sortState={sortState} headerStyle={NOWRAP} />
      <Pager table={table} fetching={fetching} />
    </>
  );
}

function Pager<TData extends RowData>({ table, fetching }: { table: PagedTable<TData>; fetching?: boolean }) {
  const { t } = useTranslation();
  const { pageIndex, pageSize } = table.state.pagination;
  const pages = Math.max(1, table.getPageCount());
  const total = table.getRowCount();
  const pageSizeId = useId();

  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      <Text aria-live="polite">
        {t('common.pageOf', { page: pageIndex + 1, pages })} · {t('common.total', { count: total })}
        {fetching ? ` · ${t('common.updating')}` : ''}
      </Text>
      <Group gap="xs">
        {/* A Mantine Select (not a native one): its options exist only while open, so option lookups elsewhere stay unambiguous. */}
        <Group gap={6} wrap="nowrap">
          <Text component="label" htmlFor={pageSizeId} size="sm">
            {t('common.pageSize')}
          </Text>
          <Select
            id={pageSizeId}
            size="xs"
            w={80}
            data={PAGE_SIZES.map(String)}
            value={String(pageSize)}
            allowDeselect={false}
            onChange={(value) => {
              if (value) table.setPagination({ pageIndex: 0, pageSize: Number(value) });
            }}
          />
        </Group>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconChevronLeft size={16} aria-hidden="true" />}
          disabled={!table.getCanPreviousPage()}
          onClick={() => table.previousPage()}
        >
          {t('common.previousPage')}
        </Button>
        <Button
          variant="default"
          size="xs"
          rightSection={<IconChevronRight size={16} aria-hidden="true" />}
          disabled={!table.getCanNextPage()}
          onClick={() => table.nextPage()}
        >
          {t('common.nextPage')}
        </Button>
      </Group>
    </Group>
  );
}
