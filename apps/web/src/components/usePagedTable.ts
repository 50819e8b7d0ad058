import {
  functionalUpdate,
  rowPaginationFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type PaginationState,
  type ReactTable,
  type RowData,
  type Updater,
} from '@tanstack/react-table';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/** Features for server-paged tables: rows arrive already paged from the API. */
export const pagedFeatures = tableFeatures({ rowPaginationFeature });
export type PagedFeatures = typeof pagedFeatures;
export type PagedTable<TData extends RowData> = ReactTable<PagedFeatures, TData>;

export const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 25;

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Paging kept in the URL (?page=2&pageSize=50) so a view can be bookmarked and shared. */
export function useUrlPagination() {
  const [searchParams, setSearchParams] = useSearchParams();
  const page = positiveInt(searchParams.get('page'), 1);
  const rawSize = positiveInt(searchParams.get('pageSize'), DEFAULT_PAGE_SIZE);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(rawSize) ? rawSize : DEFAULT_PAGE_SIZE;
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);

  const setPagination = useCallback(
    (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      setSearchParams((prev) => {
        const params = new URLSearchParams(prev);
        if (next.pageIndex > 0) params.set('page', String(next.pageIndex + 1));
        else params.delete('page');
        if (next.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(next.pageSize));
        else params.delete('pageSize');
        return params;
      });
    },
    [pagination, setSearchParams],
  );

  return { page, pageSize, pagination, setPagination };
}

interface PagedTableOptions<TData extends RowData> {
  columns: ColumnDef<PagedFeatures, TData, any>[];
  data: TData[];
  total: number;
  pagination: PaginationState;
  onPaginationChange: (updater: Updater<PaginationState>) => void;
  getRowId: (row: TData) => string;
}

export function usePagedTable<TData extends RowData>(options: PagedTableOptions<TData>): PagedTable<TData> {
  return useTable({
    features: pagedFeatures,
    columns: options.columns,
    data: options.data,
    getRowId: options.getRowId,
    manualPagination: true,
    rowCount: options.total,
    state: { pagination: options.pagination },
    onPaginationChange: options.onPaginationChange,
  });
}
