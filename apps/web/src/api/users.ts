import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page, Role, User } from './types';

export interface UsersQuery {
  page: number;
  pageSize: number;
  q?: string;
  sort?: string;
}

export function useUsers(query: UsersQuery) {
  return useQuery({
    queryKey: ['users', 'list', query],
    queryFn: ({ signal }) =>
      api.get<Page<User>>(
        '/api/v1/users',
        { page: query.page, pageSize: query.pageSize, sort: query.sort ?? 'name', q: query.q },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  departmentIds: string[];
  password: string;
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  departmentIds?: string[];
  disabled?: boolean;
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['users'] });
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api.post<User>('/api/v1/users', input),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, ...patch }: UpdateUserInput & { id: string }) =>
      api.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, patch),
    onSuccess: (saved) => {
      // Show the saved row at once; the refetch below confirms it.
      queryClient.setQueriesData<Page<User>>({ queryKey: ['users', 'list'] }, (old) =>
        old ? { ...old, items: old.items.map((u) => (u.id === saved.id ? saved : u)) } : old,
      );
      return invalidate();
    },
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      api.post<void>(`/api/v1/users/${encodeURIComponent(id)}/password`, { password }),
  });
}
