import {
  metaHelper,
  tableFeatures,
  useTable,
  type CellContext,
  type ColumnDef,
  type ReactTable,
  type RowData,
} from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnLook } from './DataTable';

interface ListColumnMeta extends ColumnLook {
  /** What a cell of the column shows of its row. */
  render: (row: any, index: number) => ReactNode;
}

/** Features for a list shown whole, as the API gave it (no paging, sorting or filtering in the table). */
export const listFeatures = tableFeatures({ columnMeta: metaHelper<ListColumnMeta>() });
export type ListFeatures = typeof listFeatures;
export type ListColumn<TData extends RowData> = ColumnDef<ListFeatures, TData, any>;
export type ListTableModel<TData extends RowData> = ReactTable<ListFeatures, TData>;

/**
 * Every list cell: one component (a column's `cell` is rendered as a component, so a function made anew on each render
 * would remount the cell's content, losing focus) that shows what the column's `render` makes of the row.
 */
function ListCell({ row, column }: CellContext<ListFeatures, any, unknown>) {
  return column.columnDef.meta?.render(row.original, row.index);
}

/** A column that shows `render` of each row under the header text. */
export function listColumn<TData extends RowData>(
  id: string,
  header: string,
  render: (row: TData, index: number) => ReactNode,
  look?: ColumnLook,
): ListColumn<TData> {
  return { id, header, cell: ListCell, meta: { ...look, render } };
}

interface ListTableOptions<TData extends { id: string }> {
  columns: ListColumn<TData>[];
  data: TData[];
  /** Each row's buttons, in a last column "Actions" (no such column without it). */
  actions?: (row: TData, index: number) => ReactNode;
  /** The key of a row (default: its id). */
  getRowId?: (row: TData, index: number) => string;
}

export function useListTable<TData extends { id: string }>({
  columns,
  data,
  actions,
  getRowId = (row) => row.id,
}: ListTableOptions<TData>): ListTableModel<TData> {
  const { t } = useTranslation();
  return useTable({
    features: listFeatures,
    columns: actions ? [...columns, listColumn('actions', t('common.actions'), actions)] : columns,
    data,
    getRowId,
  });
}
