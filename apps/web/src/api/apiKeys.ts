import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiKey, Page } from './types';

export function useApiKeys(query: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['apiKeys', 'list', query],
    queryFn: ({ signal }) => api.get<Page<ApiKey>>('/api/v1/api-keys', query, signal),
    placeholderData: keepPreviousData,
  });
}

export interface CreateApiKeyInput {
  name: string;
  departmentIds: string[];
  scopes: string[];
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  secret: string;
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiKeyInput) => api.post<CreatedApiKey>('/api/v1/api-keys', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['apiKeys'] }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ApiKey>(`/api/v1/api-keys/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['apiKeys'] }),
  });
}
