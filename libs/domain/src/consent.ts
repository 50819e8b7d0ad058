/**
 * The tenant's consent to a referral: to whom (one partner, or every partner of a kind), for what purpose, which
 * data, until when, and whether it has been withdrawn. A referral that needs consent may only share data a
 * consent covers at the moment it is sent.
 */
import { assertIsoDate } from './calendar-date.js';
import { todayInCopenhagen } from './business-days.js';
import type { PartnerKind, ReferralPurpose, SharedDataItem } from './referral-lists.js';

// In a dependency-free file the web UI imports.
export { CONSENT_CHANNELS, type ConsentChannel } from './referral-lists.js';

export interface ConsentRecord {
  id: string;
  /** A specific partner; null for a kind-wide consent (then `recipientKind` says which kind). */
  recipientPartnerId: string | null;
  recipientKind: PartnerKind | null;
  purpose: ReferralPurpose;
  dataItems: SharedDataItem[];
  givenAt: Date;
  /** 'YYYY-MM-DD', valid through that day in Europe/Copenhagen; null = until withdrawn. */
  expiresOn: string | null;
  /** From this instant on the consent no longer holds (may lie ahead of `now` when a withdrawal is scheduled). */
  withdrawnAt: Date | null;
}

export interface ConsentTarget {
  partnerId: string;
  partnerKind: PartnerKind;
  purpose: ReferralPurpose;
  /** The data to be shared; every item must be covered. Omitted = nothing beyond the referral itself. */
  dataItems?: readonly SharedDataItem[];
}

export type ConsentProblem = 'not_yet_given' | 'expired' | 'withdrawn' | 'wrong_recipient' | 'wrong_purpose' | 'missing_data_items';

export type ConsentValidity = { valid: true } | { valid: false; problem: ConsentProblem };

function assertInstant(d: Date, name: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`${name} must be a valid Date`);
}

/** Whether the consent names this recipient: the partner itself, or (kind-wide, no partner id) its kind. */
export function consentCoversRecipient(c: ConsentRecord, target: ConsentTarget): boolean {
  if (c.recipientPartnerId !== null) return c.recipientPartnerId === target.partnerId;
  return c.recipientKind !== null && c.recipientKind === target.partnerKind;
}

/**
 * Whether one consent allows sharing with `target` at `now`. When several things are wrong the first in this
 * order is reported: wrong_recipient, wrong_purpose, not_yet_given, withdrawn, expired, missing_data_items (so a
 * consent for someone else says so before saying it has also expired).
 */
export function consentValidity(c: ConsentRecord, target: ConsentTarget, now: Date): ConsentValidity {
  assertInstant(now, 'now');
  assertInstant(c.givenAt, 'givenAt');
  if (c.withdrawnAt !== null) assertInstant(c.withdrawnAt, 'withdrawnAt');
  if (c.expiresOn !== null) assertIsoDate(c.expiresOn, 'expiresOn');

  if (!consentCoversRecipient(c, target)) return { valid: false, problem: 'wrong_recipient' };
  if (c.purpose !== target.purpose) return { valid: false, problem: 'wrong_purpose' };
  if (c.givenAt.getTime() > now.getTime()) return { valid: false, problem: 'not_yet_given' };
  if (c.withdrawnAt !== null && c.withdrawnAt.getTime() <= now.getTime()) return { valid: false, problem: 'withdrawn' };
  // Valid through the whole of `expiresOn` in Denmark: expired from 00:00 Copenhagen time the day after.
  if (c.expiresOn !== null && todayInCopenhagen(now) > c.expiresOn) return { valid: false, problem: 'expired' };
  const covered = new Set(c.dataItems);
  if ((target.dataItems ?? []).some((item) => !covered.has(item))) return { valid: false, problem: 'missing_data_items' };
  return { valid: true };
}

export type FoundConsent =
  { consent: ConsentRecord; problems: [] } | { consent: null; problems: { consentId: string; problem: ConsentProblem }[] };

/**
 * The consent that allows sharing with `target` at `now`: a partner-specific one before a kind-wide one, then
 * the latest given, then the smallest id (so the answer is stable). When none is valid, every consent's problem,
 * in input order, so the caller can say why (for instance "the consent expired on ...").
 */
export function findValidConsent(consents: readonly ConsentRecord[], target: ConsentTarget, now: Date): FoundConsent {
  let best: ConsentRecord | null = null;
  const problems: { consentId: string; problem: ConsentProblem }[] = [];
  for (const c of consents) {
    const v = consentValidity(c, target, now);
    if (!v.valid) {
      problems.push({ consentId: c.id, problem: v.problem });
      continue;
    }
    if (best === null || preferred(c, best)) best = c;
  }
  return best !== null ? { consent: best, problems: [] } : { consent: null, problems };
}

function preferred(a: ConsentRecord, b: ConsentRecord): boolean {
  const aSpecific = a.recipientPartnerId !== null;
  const bSpecific = b.recipientPartnerId !== null;
  if (aSpecific !== bSpecific) return aSpecific;
  if (a.givenAt.getTime() !== b.givenAt.getTime()) return a.givenAt.getTime() > b.givenAt.getTime();
  return a.id < b.id;
}
