/**
 * Closed lists around referrals: the kinds of partner, what a referral is for and which data it may share (routing.ts
 * and consent.ts apply them), how a consent was given, how a partner is reached, and the messages sent to partners.
 * Dependency-free so the web UI imports it as it is.
 */

export const PARTNER_KINDS = ['own_counselling', 'municipal', 'volunteer', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const REFERRAL_PURPOSES = ['debt_counselling', 'municipal_aid', 'housing_advice', 'social_support', 'other'] as const;
export type ReferralPurpose = (typeof REFERRAL_PURPOSES)[number];

export const SHARED_DATA_ITEMS = ['name', 'address', 'phone', 'email', 'preferred_language', 'case_stage', 'arrears', 'household'] as const;
export type SharedDataItem = (typeof SHARED_DATA_ITEMS)[number];

/** How the tenant gave a consent. */
export const CONSENT_CHANNELS = ['written', 'verbal', 'digital'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** How a partner receives referrals: e-mail with a signed answer link, or a signed webhook. */
export const PARTNER_CHANNELS = ['email', 'webhook'] as const;
export type PartnerChannel = (typeof PARTNER_CHANNELS)[number];

/** Who answers at a partner: a named person, a team, or a single point of entry (the municipality's). */
export const CONTACT_KINDS = ['person', 'team', 'single_entry'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const PARTNER_MESSAGE_TYPES = ['referral.created', 'referral.withdrawn', 'municipal.notice'] as const;
export type PartnerMessageType = (typeof PARTNER_MESSAGE_TYPES)[number];

/** A partner message's delivery: still being tried, delivered, or given up on (the dead letter). */
export const PARTNER_MESSAGE_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type PartnerMessageStatus = (typeof PARTNER_MESSAGE_STATUSES)[number];
