import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './types';
import type {
  Municipality,
  Partner,
  PartnerDetail,
  PartnerFields,
  PartnerMessage,
  PartnerWithSecret,
  RoutingRulesDoc,
  RoutingRulesView,
} from './referralTypes';

/** The partner registry, the routing rules and the partner messages (dead letter); admin screens. */

const PARTNERS = '/api/v1/partners';
const partnerPath = (id: string) => `${PARTNERS}/${encodeURIComponent(id)}`;
const RULES = '/api/v1/referrals/routing-rules';
const MESSAGES = '/api/v1/partner-messages';

export const partnerKeys = {
  all: ['partners'] as const,
  list: (query: Record<string, unknown>) => ['partners', 'list', query] as const,
  detail: (id: string) => ['partners', 'detail', id] as const,
  rules: ['partners', 'routingRules'] as const,
  messages: (status: string) => ['partners', 'messages', status] as const,
  municipalities: ['municipalities'] as const,
};

export interface PartnerQuery {
  kind?: string;
  active?: boolean;
}

export function usePartners(query: PartnerQuery = {}, enabled = true) {
  return useQuery({
    queryKey: partnerKeys.list({ ...query }),
    queryFn: ({ signal }) => api.get<{ items: Partner[] }>(PARTNERS, { kind: query.kind, active: query.active }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A partner with its revisions, newest first. */
export function usePartner(id: string) {
  return useQuery({
    queryKey: partnerKeys.detail(id),
    queryFn: ({ signal }) => api.get<PartnerDetail>(partnerPath(id), undefined, signal),
    enabled: Boolean(id),
  });
}

export function useMunicipalities() {
  return useQuery({
    queryKey: partnerKeys.municipalities,
    queryFn: ({ signal }) => api.get<{ items: Municipality[] }>('/api/v1/municipalities', undefined, signal),
    staleTime: 60 * 60_000,
    select: (data) => data.items,
  });
}

export type PartnerInput = PartnerFields;

export function useCreatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PartnerInput) => api.post<PartnerWithSecret>(PARTNERS, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: partnerKeys.all }),
  });
}

export function useUpdatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, input }: { id: string; version: number; input: PartnerInput }) =>
      api.put<PartnerDetail>(partnerPath(id), { ...input, version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: partnerKeys.all }),
  });
}

export function useRotatePartnerSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api.post<PartnerWithSecret>(`${partnerPath(id)}/rotate-secret`, { version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: partnerKeys.all }),
  });
}

// ---- Routing rules -------------------------------------------------------------------------------------------

export function useRoutingRules() {
  return useQuery({
    queryKey: partnerKeys.rules,
    queryFn: ({ signal }) => api.get<RoutingRulesView>(RULES, undefined, signal),
  });
}

export function useSaveRoutingRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, rules }: { version: number | null; rules: RoutingRulesDoc }) =>
      api.put<RoutingRulesView>(RULES, version === null ? { rules } : { version, rules }),
    onSuccess: (view) => {
      if (view && typeof view === 'object' && 'rules' in view) queryClient.setQueryData(partnerKeys.rules, view);
      return queryClient.invalidateQueries({ queryKey: partnerKeys.rules });
    },
  });
}

// ---- Partner messages ----------------------------------------------------------------------------------------

export function usePartnerMessages(status: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...partnerKeys.messages(status), page, pageSize],
    queryFn: ({ signal }) => api.get<Page<PartnerMessage>>(MESSAGES, { status: status || undefined, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useResendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<unknown>(`${MESSAGES}/${encodeURIComponent(id)}/resend`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners', 'messages'] }),
  });
}
