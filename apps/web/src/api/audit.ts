import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { AuditEntry, Page } from './types';

export interface AuditFilters {
  action?: string;
  actorId?: string;
  personId?: string;
  /** yyyy-mm-dd (inclusive, Europe/Copenhagen) */
  from?: string;
  /** yyyy-mm-dd (inclusive, Europe/Copenhagen) */
  to?: string;
}

export interface AuditQuery extends AuditFilters {
  page: number;
  pageSize: number;
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', 'list', query],
    queryFn: ({ signal }) =>
      api.get<Page<AuditEntry>>('/api/v1/audit', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}
