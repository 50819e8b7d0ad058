import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUpload, type UploadProgress } from './client';
import type { Page } from './types';

/** Arrears intake: snapshot uploads and their history, the case trigger rules, a case's arrears over time. */

export const IMPORT_STATUSES = ['received', 'validating', 'applying', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export type ImportOutcome = 'applied' | 'stale' | 'partly_stale' | 'nothing_to_apply';

/** Still being worked on by the worker: the UI polls these. */
export const ACTIVE_IMPORT_STATUSES: readonly ImportStatus[] = ['received', 'validating', 'applying'];
export const isActiveImport = (status: string) => (ACTIVE_IMPORT_STATUSES as readonly string[]).includes(status);

export interface ImportView {
  id: string;
  format: string;
  source: string | null;
  asOf: string | null;
  status: ImportStatus;
  outcome: ImportOutcome | null;
  /** `reason` or `reason: detail` (CSV/JSON fatal reasons), or `processing failed: …`. */
  failureReason: string | null;
  sizeBytes: number;
  checksum: string | null;
  rowsRead: number;
  rowsRejected: number;
  rowsApplied: number;
  casesOpened: number;
  casesUpdated: number;
  casesCleared: number;
  casesClosed: number;
  unknownColumns: string[];
  departments: { id: string; code: string }[];
  uploadedBy: { type: string; label: string | null };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  replayOf: string | null;
  /** When the stored file (a replay's: its original's) was deleted after the retention period; it cannot be replayed then. */
  uploadPurgedAt: string | null;
}

export interface ImportRowError {
  line: number | null;
  column: string | null;
  reason: string;
  detail: string | null;
}

export interface ReceivedImport {
  id: string;
  status: ImportStatus;
  duplicate: boolean;
}

const IMPORTS = '/api/v1/arrears/imports';
const importPath = (id: string) => `${IMPORTS}/${encodeURIComponent(id)}`;

export const arrearsKeys = {
  imports: ['arrears', 'imports'] as const,
  importList: (query: Record<string, unknown>) => ['arrears', 'imports', 'list', query] as const,
  import: (id: string) => ['arrears', 'imports', 'detail', id] as const,
  importErrors: (id: string, query: Record<string, unknown>) => ['arrears', 'imports', 'errors', id, query] as const,
  triggerRules: ['arrears', 'triggerRules'] as const,
  history: (caseId: string) => ['cases', 'arrearsHistory', caseId] as const,
};

export interface ImportListQuery {
  page: number;
  pageSize: number;
  sort?: string;
}

/** The import history; polls while an import on the page is still being processed. */
export function useImports(query: ImportListQuery) {
  return useQuery({
    queryKey: arrearsKeys.importList({ ...query }),
    queryFn: ({ signal }) => api.get<Page<ImportView>>(IMPORTS, { ...query }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((i) => isActiveImport(i.status)) ? 2000 : false),
  });
}

/** One import; polled every second while the worker processes it. */
export function useImport(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: arrearsKeys.import(id),
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<ImportView>(arrearsKeys.import(id));
      const view = await api.get<ImportView>(importPath(id), undefined, signal);
      if (before && isActiveImport(before.status) && !isActiveImport(view.status)) {
        // Just finished: the history and any error list fetched meanwhile are stale now.
        void queryClient.invalidateQueries({ queryKey: ['arrears', 'imports', 'list'] });
        void queryClient.invalidateQueries({ queryKey: ['arrears', 'imports', 'errors', id] });
      }
      return view;
    },
    refetchInterval: (q) => (q.state.data && isActiveImport(q.state.data.status) ? 1000 : false),
    staleTime: 0,
  });
}

export function useImportErrors(id: string, query: { page: number; pageSize: number }, enabled: boolean) {
  return useQuery({
    queryKey: arrearsKeys.importErrors(id, query),
    queryFn: ({ signal }) => api.get<Page<ImportRowError>>(`${importPath(id)}/errors`, { ...query }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The downloadable error report (CSV; the session cookie authorises the download). */
export const importErrorReportUrl = (id: string) => `${importPath(id)}/errors.csv`;

export interface UploadInput {
  file: File;
  asOf: string;
  source: string;
  /** Department codes, comma-separated by the API. */
  departments: string[];
}

/**
 * Sends the CSV as multipart/form-data. The fields come before the file: the server reads the fields that
 * precede the file part.
 */
export function uploadArrearsFile(input: UploadInput, onProgress: (p: UploadProgress) => void, signal?: AbortSignal) {
  const form = new FormData();
  if (input.asOf) form.append('asOf', input.asOf);
  if (input.source.trim()) form.append('source', input.source.trim());
  if (input.departments.length) form.append('departments', input.departments.join(','));
  form.append('file', input.file, input.file.name);
  return apiUpload<ReceivedImport>(IMPORTS, form, { onProgress, signal });
}

export function useReplayImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ReceivedImport>(`${importPath(id)}/replay`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: arrearsKeys.imports }),
  });
}

// ---- Trigger rules -------------------------------------------------------------------------------------------

export interface TriggerRuleValues {
  /** Open at arrears ≥ this many months of rent (null: not by months). */
  openMinMonths: number | null;
  /** Open at arrears ≥ this amount in øre (null: not by amount). */
  openMinOre: number | null;
  /** Open when the ledger shows a påkrav. */
  openOnDemand: boolean;
  /** Close as paid after this many days at zero arrears (null: never automatically). */
  closeAfterDaysAtZero: number | null;
}

export interface StoredTriggerRule extends TriggerRuleValues {
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface DepartmentTriggerRule {
  departmentId: string;
  code: string;
  name: string;
  rule: StoredTriggerRule | null;
  effective: TriggerRuleValues;
}

export interface TriggerRulesView {
  defaults: TriggerRuleValues;
  organisation: StoredTriggerRule | null;
  departments: DepartmentTriggerRule[];
}

export interface TriggerRuleInput extends TriggerRuleValues {
  version?: number;
}

const RULES = '/api/v1/arrears/trigger-rules';

export function useTriggerRules() {
  return useQuery({
    queryKey: arrearsKeys.triggerRules,
    queryFn: ({ signal }) => api.get<TriggerRulesView>(RULES, undefined, signal),
  });
}

/** Saves the organisation's rule (departmentId null) or a department's override; the answer is the whole view. */
export function useSaveTriggerRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ departmentId, input }: { departmentId: string | null; input: TriggerRuleInput }) =>
      api.put<TriggerRulesView>(
        departmentId ? `${RULES}/departments/${encodeURIComponent(departmentId)}` : `${RULES}/organisation`,
        input,
      ),
    onSuccess: (view) => queryClient.setQueryData(arrearsKeys.triggerRules, view),
  });
}

export function useRemoveDepartmentRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ departmentId, version }: { departmentId: string; version: number }) =>
      api.delete<TriggerRulesView>(`${RULES}/departments/${encodeURIComponent(departmentId)}`, { version }),
    onSuccess: (view) => queryClient.setQueryData(arrearsKeys.triggerRules, view),
  });
}

// ---- A case's arrears over time ------------------------------------------------------------------------------

export interface ArrearsHistory {
  tenancyId: string;
  monthlyRentOre: number | null;
  items: { asOf: string; arrearsOre: number }[];
}

export function useArrearsHistory(caseId: string) {
  return useQuery({
    queryKey: arrearsKeys.history(caseId),
    queryFn: ({ signal }) =>
      api.get<ArrearsHistory>(`/api/v1/cases/${encodeURIComponent(caseId)}/arrears-history`, undefined, signal),
  });
}
