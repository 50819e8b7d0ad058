import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Assignee, CaseDetail, CaseNote, CaseloadFilters, CaseSummary, TimelineEvent } from './caseTypes';
import type { Page } from './types';

const BASE = '/api/v1/cases';
const casePath = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const caseKeys = {
  all: ['cases'] as const,
  lists: () => ['cases', 'list'] as const,
  list: (query: Record<string, unknown>) => ['cases', 'list', query] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  timelineAll: (id: string) => ['cases', 'timeline', id] as const,
  timeline: (id: string, kinds: string) => ['cases', 'timeline', id, kinds] as const,
  notes: (id: string) => ['cases', 'notes', id] as const,
  assignees: (departmentId: string | undefined) => ['cases', 'assignees', departmentId ?? 'all'] as const,
};

export interface CaseloadQuery {
  filters: CaseloadFilters;
  sort: string;
  page: number;
  pageSize: number;
}

/** The query string of the caseload (and of the CSV export): only the filters that are set. */
export function caseloadParams(filters: CaseloadFilters, sort?: string): Record<string, string | undefined> {
  return {
    assignee: filters.assignee || undefined,
    status: filters.status || undefined,
    stage: filters.stage.length ? filters.stage.join(',') : undefined,
    riskLevel: filters.riskLevel.length ? filters.riskLevel.join(',') : undefined,
    departmentId: filters.departmentId || undefined,
    overdueTasks: filters.overdueTasks ? 'true' : undefined,
    noContactDays: filters.noContactDays || undefined,
    q: filters.q || undefined,
    sort: sort || undefined,
  };
}

export function useCases({ filters, sort, page, pageSize }: CaseloadQuery) {
  const query = { ...caseloadParams(filters, sort), page, pageSize };
  return useQuery({
    queryKey: caseKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<CaseSummary>>(BASE, query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The case with exactly this case number among those the caller may see (any assignee, open or closed), or null. */
export async function findCaseByNumber(caseNumber: string): Promise<CaseSummary | null> {
  const page = await api.get<Page<CaseSummary>>(BASE, { caseNumber, assignee: 'any', status: 'all', pageSize: 1 });
  return page.items[0] ?? null;
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: ({ signal }) => api.get<CaseDetail>(casePath(id), undefined, signal),
  });
}

export const TIMELINE_PAGE_SIZE = 20;

/** The case's timeline, newest first, a page at a time ("Vis flere"). `kinds` is a comma list or ''. */
export function useCaseTimeline(id: string, kinds: string) {
  return useInfiniteQuery({
    queryKey: caseKeys.timeline(id, kinds),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<TimelineEvent>>(
        `${casePath(id)}/timeline`,
        { page: pageParam, pageSize: TIMELINE_PAGE_SIZE, kind: kinds || undefined },
        signal,
      ),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

export function useAssignees(departmentId?: string) {
  return useQuery({
    queryKey: caseKeys.assignees(departmentId),
    queryFn: ({ signal }) => api.get<{ items: Assignee[] }>(`${BASE}/assignees`, { departmentId }, signal),
    staleTime: 5 * 60_000,
  });
}

export function useCaseNotes(id: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.notes(id),
    queryFn: ({ signal }) => api.get<{ items: CaseNote[] }>(`${casePath(id)}/notes`, undefined, signal),
    enabled,
  });
}

/** One change to a case or one of its parts; the answer is always the whole case. */
export interface CaseChange {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** Below /api/v1/cases/:id, e.g. "/contacts" or "/tasks/<id>"; '' for the case itself. */
  path: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
}

function sendChange(caseId: string, change: CaseChange): Promise<CaseDetail> {
  const url = `${casePath(caseId)}${change.path}`;
  if (change.method === 'DELETE') return api.delete<CaseDetail>(url, change.query);
  if (change.method === 'PATCH') return api.patch<CaseDetail>(url, change.body ?? {});
  return api.post<CaseDetail>(url, change.body ?? {});
}

/** Puts a case answer into the cache and marks what it makes stale (timeline, lists). */
export function useStoreCase() {
  const queryClient = useQueryClient();
  return (detail: CaseDetail) => {
    queryClient.setQueryData(caseKeys.detail(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: caseKeys.timelineAll(detail.id) });
    void queryClient.invalidateQueries({ queryKey: caseKeys.lists() });
  };
}

export function useCaseChange(caseId: string) {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (change: CaseChange) => sendChange(caseId, change),
    onSuccess: store,
  });
}

/** Refetches the case (after a 409) and answers the fresh copy. */
export function useReloadCase(caseId: string) {
  const queryClient = useQueryClient();
  return async (): Promise<CaseDetail | undefined> => {
    await queryClient.refetchQueries({ queryKey: caseKeys.detail(caseId), exact: true });
    void queryClient.invalidateQueries({ queryKey: caseKeys.timelineAll(caseId) });
    return queryClient.getQueryData<CaseDetail>(caseKeys.detail(caseId));
  };
}

export interface IntakeInput {
  tenancy: {
    departmentId: string;
    tenancyNumber: string;
    address: string;
    unit?: string;
    postalCode?: string;
    monthlyRentOre?: number;
  };
  tenant?: { name: string; cpr?: string; phone?: string; email?: string };
  stage?: string;
  arrearsOre?: number;
  childrenInHousehold?: number;
  dates?: Record<string, string>;
  firstContact?: { channel: string; reached: boolean; summary?: string };
}

export function useCreateCase() {
  const store = useStoreCase();
  return useMutation({
    mutationFn: (input: IntakeInput) => api.post<CaseDetail>(BASE, input),
    onSuccess: store,
  });
}

export interface BulkAssignInput {
  caseIds: string[];
  assignedCounsellorId?: string | null;
  responsibleCaseworkerId?: string | null;
}

export function useBulkAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BulkAssignInput) =>
      api.post<{ updated: number; items: { id: string; version: number }[] }>(`${BASE}/bulk-assign`, input),
    onSuccess: (result) => {
      for (const { id } of result.items) void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: caseKeys.lists() });
    },
  });
}

/** CPR search: the number goes in the body, never in a URL. */
export function useCprCaseSearch() {
  return useMutation({
    mutationFn: (cpr: string) => api.post<{ items: CaseSummary[] }>(`${BASE}/search-cpr`, { cpr }),
  });
}

export function useRevealCpr() {
  return useMutation({
    mutationFn: ({ personId, purpose }: { personId: string; purpose: string }) =>
      api.post<{ cpr: string | null }>(`/api/v1/persons/${encodeURIComponent(personId)}/reveal-cpr`, { purpose }),
  });
}

function useNoteSaved(caseId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: caseKeys.notes(caseId) });
    void queryClient.invalidateQueries({ queryKey: caseKeys.timelineAll(caseId) });
  };
}

export function useAddNote(caseId: string) {
  const saved = useNoteSaved(caseId);
  return useMutation({
    mutationFn: (body: string) => api.post<CaseNote>(`${casePath(caseId)}/notes`, { body }),
    onSuccess: saved,
  });
}

export function useEditNote(caseId: string) {
  const saved = useNoteSaved(caseId);
  return useMutation({
    mutationFn: ({ noteId, version, body }: { noteId: string; version: number; body: string }) =>
      api.patch<CaseNote>(`${casePath(caseId)}/notes/${encodeURIComponent(noteId)}`, { version, body }),
    onSuccess: saved,
  });
}

export const exportCsvUrl = (params: Record<string, string | undefined>) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `${BASE}/export.csv?${s}` : `${BASE}/export.csv`;
};
