/**
 * Closed lists of a case's records that carry no rule of their own: contacts, the payment agreement and its
 * instalments, applications for aid. Dependency-free so the web UI imports it as it is.
 */

/** How a contact with the household went, in the order the UI offers them. */
export const CONTACT_CHANNELS = ['phone', 'sms', 'letter', 'email', 'home_visit', 'meeting'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_DIRECTIONS = ['outbound', 'inbound'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];

export const AGREEMENT_STATUSES = ['active', 'completed', 'broken', 'cancelled'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const INSTALMENT_STATUSES = ['pending', 'paid', 'missed'] as const;
export type InstalmentStatus = (typeof INSTALMENT_STATUSES)[number];

export const APPLICATION_KINDS = ['municipal_aid', 'housing_benefit'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
export const APPLICATION_STATUSES = ['planned', 'submitted', 'granted', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
