import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

/** "Ugens eskaleringer": the caller's weekly list, the admins' preview of the next run, and the criteria. */

export const ESCALATION_REASONS = ['eviction_soon', 'no_contact', 'missed_instalment', 'overdue_tasks', 'risk_raised', 'referral_unanswered'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export interface EscalationItem {
  caseId: string;
  caseNumber: string;
  reasons: EscalationReason[];
}

export interface EscalationSettings {
  evictionWithinDays: number;
  noContactDays: number;
  missedInstalment: boolean;
  overdueTasks: boolean;
  riskRaised: boolean;
  /** A referral unanswered by the partner past its deadline. */
  referralUnanswered: boolean;
}

export interface MyEscalations {
  /** ISO week, `YYYY-Www`. */
  week: string;
  /** The organisation's criteria in force (the day counts of the reasons, which criteria are switched on). */
  settings: EscalationSettings & { version?: number };
  /** When the week's run happened; null: not yet (or missed). */
  ranAt: string | null;
  /** When the week's message was sent to the caller; null: not sent (before the run, the list is computed from the cases now). */
  sentAt: string | null;
  items: EscalationItem[];
  /** A department lead's cases in the lead's departments flagged two weeks running (as sent by the run); empty for others. */
  leadItems: EscalationItem[];
}

export type EscalationAudience = 'caseworker' | 'lead';

export interface EscalationPreviewMessage {
  userId: string;
  audience: EscalationAudience;
  items: EscalationItem[];
  caseCount: number;
  /** null when the user no longer exists. */
  user: { id: string; name: string; email: string } | null;
}

export interface EscalationPreview {
  week: string;
  settings: EscalationSettings;
  messages: EscalationPreviewMessage[];
}

const BASE = '/api/v1/escalations';

export const escalationKeys = {
  all: ['escalations'] as const,
  mine: (week: string | undefined) => ['escalations', 'mine', week ?? 'current'] as const,
  preview: ['escalations', 'preview'] as const,
  settings: ['escalations', 'settings'] as const,
};

/** The caller's list for `week` (undefined: this week, as the server counts it). */
export function useMyEscalations(week: string | undefined) {
  return useQuery({
    queryKey: escalationKeys.mine(week),
    queryFn: ({ signal }) => api.get<MyEscalations>(`${BASE}/mine`, { week }, signal),
  });
}

/** What the next weekly run would send, per recipient (admins). */
export function useEscalationPreview() {
  return useQuery({
    queryKey: escalationKeys.preview,
    queryFn: ({ signal }) => api.get<EscalationPreview>(`${BASE}/preview`, undefined, signal),
    staleTime: 0,
  });
}

/** The criteria (admins only: pass enabled=false for everyone else). */
export function useEscalationSettings(enabled = true) {
  return useQuery({
    queryKey: escalationKeys.settings,
    queryFn: ({ signal }) => api.get<EscalationSettings>(`${BASE}/settings`, undefined, signal),
    enabled,
  });
}

export function useSaveEscalationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: EscalationSettings) => api.put<EscalationSettings>(`${BASE}/settings`, input),
    onSuccess: (saved) => {
      queryClient.setQueryData(escalationKeys.settings, saved);
      // The preview and the live lists follow the criteria.
      return queryClient.invalidateQueries({ queryKey: escalationKeys.all });
    },
  });
}
