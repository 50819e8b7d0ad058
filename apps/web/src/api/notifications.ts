import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { REMINDER_KINDS } from '@forebyg/domain/reminder-kinds';
import { api } from './client';
import type { Page } from './types';

/** The bell: the signed-in user's own notifications, the unread count and the e-mail preference. */

/** The reminders (libs/domain) and the weekly escalation's two. */
export const NOTIFICATION_KINDS = [...REMINDER_KINDS, 'weekly_escalation', 'weekly_escalation_lead'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The weekly escalation's notifications point to "Ugens eskaleringer", not to one case. */
export const isEscalationKind = (kind: string) => kind === 'weekly_escalation' || kind === 'weekly_escalation_lead';

export interface AppNotification {
  id: string;
  /** One of NOTIFICATION_KINDS (a newer server may send others: shown by their title). */
  kind: string;
  /**
   * In Danish, made by the server (also the e-mail's subject). The UI shows the title in its own language, made from
   * `kind` and `data` (lib/notificationText), and this one only for a kind it does not know.
   */
  title: string;
  caseId: string | null;
  caseNumber: string | null;
  /**
   * Escalation kinds: `{ isoWeek, escalationId, caseCount, caseNumbers }`; reminders: their dates (`dueDate`,
   * `deadline`, `evictionDate` as YYYY-MM-DD), `daysBefore`, an instalment's `seq`.
   */
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<AppNotification> {
  /** Unread notifications of the user (all of them, not only this page). */
  unread: number;
}

export interface NotificationSettings {
  notifyByEmail: boolean;
}

const BASE = '/api/v1/notifications';

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: ['notifications', 'unreadCount'] as const,
  lists: ['notifications', 'list'] as const,
  list: (query: Record<string, unknown>) => ['notifications', 'list', query] as const,
  settings: ['notifications', 'settings'] as const,
};

/** Polling interval of the bell's count. */
export const UNREAD_POLL_MS = 60_000;

/** The unread count: polled every minute and whenever the window regains focus. */
export function useUnreadCount() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<{ unread: number }>(notificationKeys.unreadCount);
      const result = await api.get<{ unread: number }>(`${BASE}/unread-count`, undefined, signal);
      // Something new (or read elsewhere): the lists fetched before are stale now.
      if (before && before.unread !== result.unread) void queryClient.invalidateQueries({ queryKey: notificationKeys.lists });
      return result;
    },
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
}

export interface NotificationListQuery {
  page: number;
  pageSize: number;
  unread?: boolean;
}

export function useNotifications(query: NotificationListQuery, options: { enabled?: boolean } = {}) {
  const params = { page: query.page, pageSize: query.pageSize, unread: query.unread ? 'true' : undefined };
  return useQuery({
    queryKey: notificationKeys.list(params),
    queryFn: ({ signal }) => api.get<NotificationPage>(BASE, params, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled: options.enabled ?? true,
  });
}

/** Marks the cached notification read at once (and lowers the count), before the server confirms. */
function markCachedRead(queryClient: ReturnType<typeof useQueryClient>, id: string | null) {
  const now = new Date().toISOString();
  let lowered = 0;
  queryClient.setQueriesData<NotificationPage>({ queryKey: notificationKeys.lists }, (old) => {
    if (!old) return old;
    let changed = 0;
    const items = old.items.map((n) => {
      if (n.readAt || (id !== null && n.id !== id)) return n;
      changed++;
      return { ...n, readAt: now };
    });
    lowered = Math.max(lowered, changed);
    return { ...old, items, unread: id === null ? 0 : Math.max(0, old.unread - changed) };
  });
  queryClient.setQueryData<{ unread: number }>(notificationKeys.unreadCount, (old) =>
    old ? { unread: id === null ? 0 : Math.max(0, old.unread - lowered) } : old,
  );
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`${BASE}/${encodeURIComponent(id)}/read`),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: notificationKeys.all });
      markCachedRead(queryClient, id);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>(`${BASE}/read-all`),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: notificationKeys.all });
      markCachedRead(queryClient, null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useNotificationSettings() {
  return useQuery({
    queryKey: notificationKeys.settings,
    queryFn: ({ signal }) => api.get<NotificationSettings>(`${BASE}/settings`, undefined, signal),
  });
}

export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NotificationSettings) => api.put<NotificationSettings>(`${BASE}/settings`, input),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.settings, saved),
  });
}
