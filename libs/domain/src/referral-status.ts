/**
 * A referral's life: proposed by routing (or a counsellor), sent to the partner, answered by the partner, and
 * ended by the partner's outcome, by the counsellor withdrawing it, or by dismissing a proposal never sent.
 */
import { addBusinessDays } from './business-days.js';
import { assertIsoDate } from './calendar-date.js';

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
export const ACTIVE_REFERRAL_STATUSES: readonly ReferralStatus[] = Object.freeze([
  'proposed',
  'sent',
  'acknowledged',
  'accepted',
] as ReferralStatus[]);

/** Sent, and the partner has not yet accepted or declined. */
export const AWAITING_ANSWER_STATUSES: readonly ReferralStatus[] = Object.freeze(['sent', 'acknowledged'] as ReferralStatus[]);

const TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = Object.freeze({
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

export function isTerminalReferralStatus(status: ReferralStatus): boolean {
  return nextReferralStatuses(status).length === 0;
}

/**
 * The day a partner should have answered by: `answerBusinessDays` Danish business days after the day the
 * referral was sent (weekends, holidays and the office-closed days skipped; the sending day never counts).
 */
export function referralAnswerDeadline(sentOn: string, answerBusinessDays: number): string {
  assertIsoDate(sentOn, 'sentOn');
  if (!Number.isInteger(answerBusinessDays) || answerBusinessDays < 0 || answerBusinessDays > 250) {
    throw new RangeError(`answerBusinessDays must be a whole number 0-250, got ${answerBusinessDays}`);
  }
  return addBusinessDays(sentOn, answerBusinessDays);
}
