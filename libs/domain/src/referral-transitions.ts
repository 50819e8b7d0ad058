/**
 * A referral's statuses and the steps between them, without the dates (referral-status.ts adds the answer
 * deadline). Dependency-free so the web UI imports it as it is.
 */

export const REFERRAL_STATUSES = [
  'proposed',
  'sent',
  'acknowledged',
  'accepted',
  'declined',
  'completed',
  'no_show',
  'withdrawn',
  'dismissed',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** The statuses a partner may answer with (see the partner webhook contract). */
export const PARTNER_ANSWERS = ['acknowledged', 'accepted', 'declined', 'completed', 'no_show'] as const;
export type PartnerAnswer = (typeof PARTNER_ANSWERS)[number];

/** Still open: the partner has not ended it and nobody has withdrawn or dismissed it. */
export const ACTIVE_REFERRAL_STATUSES: readonly ReferralStatus[] = /* @__PURE__ */ Object.freeze([
  'proposed',
  'sent',
  'acknowledged',
  'accepted',
] as ReferralStatus[]);

/** Sent, and the partner has not yet accepted or declined. */
export const AWAITING_ANSWER_STATUSES: readonly ReferralStatus[] = /* @__PURE__ */ Object.freeze([
  'sent',
  'acknowledged',
] as ReferralStatus[]);

const TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = /* @__PURE__ */ Object.freeze({
  proposed: ['sent', 'dismissed'],
  sent: ['acknowledged', 'accepted', 'declined', 'withdrawn'],
  acknowledged: ['accepted', 'declined', 'withdrawn'],
  accepted: ['completed', 'no_show', 'withdrawn'],
  declined: [],
  completed: [],
  no_show: [],
  withdrawn: [],
  dismissed: [],
});

export function isReferralStatus(value: unknown): value is ReferralStatus {
  return typeof value === 'string' && (REFERRAL_STATUSES as readonly string[]).includes(value);
}

export function isPartnerAnswer(value: unknown): value is PartnerAnswer {
  return typeof value === 'string' && (PARTNER_ANSWERS as readonly string[]).includes(value);
}

/** Whether a referral may move from `from` to `to` (never to itself). Unknown statuses never may. */
export function canTransition(from: ReferralStatus, to: ReferralStatus): boolean {
  if (!isReferralStatus(from) || !isReferralStatus(to)) return false;
  return TRANSITIONS[from].includes(to);
}

/** The statuses reachable in one step from `from` (empty for a terminal status). */
export function nextReferralStatuses(from: ReferralStatus): readonly ReferralStatus[] {
  return isReferralStatus(from) ? TRANSITIONS[from] : [];
}

/** The answers a partner may give from `from` (the next statuses less the counsellor's own steps), in PARTNER_ANSWERS order. */
export function partnerAnswersFrom(from: ReferralStatus): PartnerAnswer[] {
  const next = nextReferralStatuses(from);
  return PARTNER_ANSWERS.filter((a) => next.includes(a));
}

export function isTerminalReferralStatus(status: ReferralStatus): boolean {
  return nextReferralStatuses(status).length === 0;
}
