import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Department, Page, Role } from './types';

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

/** One page of departments, with each one's lead (admins). */
export function useDepartmentPage(query: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['departments', 'page', query],
    queryFn: ({ signal }) => api.get<Page<Department>>('/api/v1/departments', { ...query, sort: 'code' }, signal),
    placeholderData: keepPreviousData,
  });
}

export interface LeadCandidate {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** The users who may lead a department: active, reading cases, working in it (admins work in all). */
export function useLeadCandidates(departmentId: string) {
  return useQuery({
    queryKey: ['departments', 'leadCandidates', departmentId],
    queryFn: ({ signal }) =>
      api.get<Page<LeadCandidate>>(`/api/v1/departments/${encodeURIComponent(departmentId)}/lead-candidates`, undefined, signal),
  });
}

/** Sets (or, with null, clears) a department's lead. */
export function useSetDepartmentLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, leadUserId }: { id: string; leadUserId: string | null }) =>
      api.patch<Department>(`/api/v1/departments/${encodeURIComponent(id)}`, { leadUserId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['departments'] }),
  });
}
