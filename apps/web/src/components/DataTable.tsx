import { Box, Button, Group, Select, Table, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { RowData } from '@tanstack/react-table';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PAGE_SIZES, type PagedTable } from './usePagedTable';

interface DataTableProps<TData extends RowData> {
  table: PagedTable<TData>;
  /** Accessible name of the table (and its scroll region). */
  label: string;
  /** Shown while a new page is being fetched behind the current one. */
  fetching?: boolean;
  /** `aria-sort` per column id, for tables sorted by the server. */
  sortState?: Partial<Record<string, 'ascending' | 'descending'>>;
}

export function DataTable<TData extends RowData>({ table, label, fetching, sortState }: DataTableProps<TData>) {
  const { t } = useTranslation();
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;

  return (
    <>
      <Box
        component="section"
        aria-label={label}
        tabIndex={0}
        style={{ overflowX: 'auto' }}
        aria-busy={fetching || undefined}
      >
        <Table striped highlightOnHover verticalSpacing="xs" aria-label={label}>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => (
                  <Table.Th
                    key={header.id}
                    scope="col"
                    style={{ whiteSpace: 'nowrap' }}
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
                <Table.Td colSpan={columnCount}>{t('common.noResults')}</Table.Td>
              </Table.Tr>
            ) : (
              rows.map((row) => (
                <Table.Tr key={row.id}>
                  {row.getAllCells().map((cell) => (
                    <Table.Td key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Box>
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
