import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Me } from './types';

export const meQueryKey = ['auth', 'me'] as const;

export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => api.get<Me>('/api/v1/auth/me', undefined, signal),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

export interface LoginInput {
  email: string;
  password: string;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<{ user: Me }>('/api/v1/auth/login', input),
    onSuccess: ({ user }) => {
      // A new session: drop anything cached for a previous user, then seed "me".
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, user);
    },
  });
}

/** Ends the session. The caller navigates away first and then clears the cache (see AppHeader). */
export function useLogout() {
  return useMutation({
    mutationFn: () => api.post<void>('/api/v1/auth/logout'),
  });
}
