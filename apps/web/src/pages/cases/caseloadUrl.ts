import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { RISK_LEVELS, type RiskLevel } from '@forebyg/domain/risk-levels';
import { STAGES, type Stage } from '@forebyg/domain/stages';
import type { CaseloadFilters, CaseSortField } from '../../api/caseTypes';

export const DEFAULT_SORT = '-risk,daysLeft';
export const ASSIGNEE_CHOICES = ['me', 'any', 'none'] as const;
export const STATUS_CHOICES = ['open', 'closed', 'all'] as const;

/** The direction a column sorts in on its first click: the most urgent first. */
const FIRST_DIRECTION_DESC: Record<CaseSortField, boolean> = {
  risk: true,
  daysLeft: false,
  caseNumber: false,
  openedAt: true,
  arrears: true,
  lastContact: false,
};
const SORT_FIELDS = Object.keys(FIRST_DIRECTION_DESC) as CaseSortField[];

export interface SortKey {
  field: CaseSortField;
  desc: boolean;
}

export function parseSort(sort: string): SortKey[] {
  const out: SortKey[] = [];
  for (const part of sort.split(',')) {
    const desc = part.startsWith('-');
    const field = (desc ? part.slice(1) : part) as CaseSortField;
    if (SORT_FIELDS.includes(field)) out.push({ field, desc });
  }
  return out;
}

function list<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  return value.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function filtersFromParams(params: URLSearchParams): CaseloadFilters {
  const noContact = params.get('noContactDays') ?? '';
  return {
    assignee: params.get('assignee') ?? '',
    status: params.get('status') ?? '',
    stage: list<Stage>(params.get('stage'), STAGES),
    riskLevel: list<RiskLevel>(params.get('riskLevel'), RISK_LEVELS),
    departmentId: params.get('departmentId') ?? '',
    overdueTasks: params.get('overdueTasks') === 'true',
    noContactDays: /^\d{1,4}$/.test(noContact) ? noContact : '',
    q: params.get('q') ?? '',
  };
}

/** Filters, sort and page of the caseload, all kept in the URL so a view can be bookmarked, shared and reloaded. */
export function useCaseloadUrl() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(searchParams), [searchParams]);
  const rawSort = searchParams.get('sort');
  const sort = rawSort && parseSort(rawSort).length > 0 ? rawSort : DEFAULT_SORT;
  const sortKeys = useMemo(() => parseSort(sort), [sort]);

  const setFilters = useCallback(
    (patch: Partial<CaseloadFilters>) => {
      setSearchParams((prev) => {
        const params = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch)) {
          const text = Array.isArray(value) ? value.join(',') : typeof value === 'boolean' ? (value ? 'true' : '') : String(value ?? '');
          if (text.trim()) params.set(key, text.trim());
          else params.delete(key);
        }
        params.delete('page');
        return params;
      });
    },
    [setSearchParams],
  );

  const resetFilters = useCallback(() => {
    setSearchParams((prev) => {
      const params = new URLSearchParams();
      const pageSize = prev.get('pageSize');
      if (pageSize) params.set('pageSize', pageSize);
      return params;
    });
  }, [setSearchParams]);

  /** A click on a column header: the same column flips direction, another one starts in its natural direction. */
  const toggleSort = useCallback(
    (field: CaseSortField) => {
      const primary = sortKeys[0];
      const desc = primary?.field === field ? !primary.desc : FIRST_DIRECTION_DESC[field];
      const tieBreak = field === 'risk' ? ',daysLeft' : field === 'daysLeft' ? ',-risk' : '';
      const next = `${desc ? '-' : ''}${field}${tieBreak}`;
      setSearchParams((prev) => {
        const params = new URLSearchParams(prev);
        if (next === DEFAULT_SORT) params.delete('sort');
        else params.set('sort', next);
        params.delete('page');
        return params;
      });
    },
    [sortKeys, setSearchParams],
  );

  return { searchParams, filters, sort, sortKeys, setFilters, resetFilters, toggleSort };
}
