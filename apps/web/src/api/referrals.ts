import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PartnerAnswer } from '@forebyg/domain/referral-transitions';
import { caseKeys } from './cases';
import { api } from './client';
import type { CaseConsents, CaseReferrals, DryRunResult, PartnerResponseView, RecordConsentInput, RoutingRulesDoc } from './referralTypes';

/** A case's referrals, recommendations and consents; the partner's public answer page. */

const casePath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

export const referralKeys = {
  referrals: (caseId: string) => ['cases', 'referrals', caseId] as const,
  consents: (caseId: string) => ['cases', 'consents', caseId] as const,
  partnerResponse: (referralId: string, token: string) => ['partnerResponse', referralId, token] as const,
};

export function useCaseReferrals(caseId: string, enabled = true) {
  return useQuery({
    queryKey: referralKeys.referrals(caseId),
    queryFn: ({ signal }) => api.get<CaseReferrals>(`${casePath(caseId)}/referrals`, undefined, signal),
    enabled,
  });
}

/** What the rules recommend for the case, without changing anything: `rules` to try, or none for the stored rules. */
export function routingDryRun(caseId: string, rules?: RoutingRulesDoc) {
  return api.post<DryRunResult>(`${casePath(caseId)}/routing/dry-run`, rules ? { rules } : {});
}

export function useCaseConsents(caseId: string, enabled = true) {
  return useQuery({
    queryKey: referralKeys.consents(caseId),
    queryFn: ({ signal }) => api.get<CaseConsents>(`${casePath(caseId)}/consents`, undefined, signal),
    enabled,
  });
}

/** After a consent change: the referrals (their recommendations weigh consents), the consents and the timeline. */
export function useRefreshReferrals(caseId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: referralKeys.referrals(caseId) }),
      queryClient.invalidateQueries({ queryKey: referralKeys.consents(caseId) }),
      queryClient.invalidateQueries({ queryKey: caseKeys.timelineAll(caseId) }),
    ]);
}

/** A referral change answers the whole referral overview: show it at once; the timeline has a new event. */
function useStoreReferrals(caseId: string) {
  const queryClient = useQueryClient();
  return (overview: CaseReferrals | undefined) => {
    if (overview && Array.isArray(overview.items)) queryClient.setQueryData(referralKeys.referrals(caseId), overview);
    else void queryClient.invalidateQueries({ queryKey: referralKeys.referrals(caseId) });
    void queryClient.invalidateQueries({ queryKey: caseKeys.timelineAll(caseId) });
  };
}

export interface CreateReferralInput {
  partnerId: string;
  purpose: string;
  send: boolean;
  dataItems?: string[];
  overrideReason?: string;
}

export function useCreateReferral(caseId: string) {
  const store = useStoreReferrals(caseId);
  return useMutation({
    mutationFn: (input: CreateReferralInput) => api.post<CaseReferrals>(`${casePath(caseId)}/referrals`, input),
    onSuccess: store,
  });
}

export type ReferralAction =
  | { action: 'send'; version: number; overrideReason?: string }
  | { action: 'dismiss'; version: number; reason?: string }
  | { action: 'withdraw'; version: number; reason?: string }
  | { action: 'answer'; version: number; status: PartnerAnswer; note?: string };

export function useReferralAction(caseId: string) {
  const store = useStoreReferrals(caseId);
  return useMutation({
    mutationFn: ({ referralId, change }: { referralId: string; change: ReferralAction }) => {
      const { action, ...body } = change;
      return api.post<CaseReferrals>(`${casePath(caseId)}/referrals/${encodeURIComponent(referralId)}/${action}`, body);
    },
    onSuccess: store,
  });
}

export function useRecordConsent(caseId: string) {
  const refresh = useRefreshReferrals(caseId);
  return useMutation({
    mutationFn: (input: RecordConsentInput) => api.post<unknown>(`${casePath(caseId)}/consents`, input),
    onSuccess: refresh,
  });
}

export function useWithdrawConsent(caseId: string) {
  const refresh = useRefreshReferrals(caseId);
  return useMutation({
    mutationFn: ({ consentId, reason }: { consentId: string; reason: string }) =>
      api.post<unknown>(`${casePath(caseId)}/consents/${encodeURIComponent(consentId)}/withdraw`, { reason }),
    onSuccess: refresh,
  });
}

// ---- The partner's answer page -------------------------------------------------------------------------------

/** Public (signed link): its 401 is the page's own business, never a login redirect (see client.ts). */
export const partnerResponsePath = (referralId: string) => `/api/v1/partner-responses/${encodeURIComponent(referralId)}`;

export function usePartnerResponse(referralId: string, token: string) {
  return useQuery({
    queryKey: referralKeys.partnerResponse(referralId, token),
    queryFn: ({ signal }) => api.get<PartnerResponseView>(partnerResponsePath(referralId), { token }, signal),
    enabled: Boolean(referralId && token),
    retry: false,
  });
}

export function useSubmitPartnerResponse(referralId: string, token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { status: string; note?: string }) =>
      api.postWithQuery<PartnerResponseView | undefined>(partnerResponsePath(referralId), { token }, input),
    // The answer is the page's view after the change (the new status, what may be answered next).
    onSuccess: (view) =>
      view && Array.isArray(view.allowed)
        ? queryClient.setQueryData(referralKeys.partnerResponse(referralId, token), view)
        : queryClient.invalidateQueries({ queryKey: referralKeys.partnerResponse(referralId, token) }),
  });
}
