import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Department, Page } from './types';

const PAGE_SIZE = 100;
const MAX_PAGES = 50;

/** All departments the current user is scoped to (follows the API's paging). */
async function fetchAllDepartments(signal: AbortSignal): Promise<Department[]> {
  const all: Department[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const result = await api.get<Page<Department>>(
      '/api/v1/departments',
      { page, pageSize: PAGE_SIZE },
      signal,
    );
    all.push(...result.items);
    if (result.items.length === 0 || all.length >= result.total) break;
  }
  return all;
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments', 'all'],
    queryFn: ({ signal }) => fetchAllDepartments(signal),
    staleTime: 5 * 60_000,
  });
}

/** Options for a MultiSelect, labelled "code – name". */
export function departmentOptions(departments: Department[] | undefined) {
  return (departments ?? []).map((d) => ({ value: d.id, label: `${d.code} – ${d.name}` }));
}

/** A lookup from id to code, to show compact department lists in tables. */
export function departmentCodeLookup(departments: Department[] | undefined): Map<string, Department> {
  return new Map((departments ?? []).map((d) => [d.id, d]));
}
