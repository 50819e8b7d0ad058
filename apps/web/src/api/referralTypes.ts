/**
 * Types of the referrals API (docs/referrals.md): partners, routing rules, consents, referrals, partner messages
 * and the partner's public answer page: the shapes of the API's answers. The closed lists (partner kinds, purposes,
 * referral statuses…), the statuses' transitions and the routing rule's shape are the server's own: pages import
 * them from libs/domain (`@forebyg/domain/referral-lists`, `referral-transitions`, `routing`), as caseTypes.ts says.
 */
import type { RiskLevel } from '@forebyg/domain/risk-levels';
import type { AutoRouting, RoutingRule } from '@forebyg/domain/routing';
import type {
  ConsentChannel,
  ContactKind,
  PartnerChannel,
  PartnerKind,
  PartnerMessageStatus,
  ReferralPurpose,
  SharedDataItem,
} from '@forebyg/domain/referral-lists';
import type { ReferralStatus } from '@forebyg/domain/referral-transitions';
import type { Stage } from '@forebyg/domain/stages';

// ---- Partners ------------------------------------------------------------------------------------------------

export interface PartnerFields {
  kind: PartnerKind;
  name: string;
  description: string | null;
  municipalityCode: string | null;
  areas: string[];
  services: ReferralPurpose[];
  languages: string[];
  contactKind: ContactKind | null;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  openingHours: string | null;
  channel: PartnerChannel;
  webhookUrl: string | null;
  requiresConsent: boolean;
  capacity: number | null;
  waitingDays: number | null;
  accredited: boolean;
  answerDays: number;
  active: boolean;
  departmentIds: string[];
}

/** A partner as the API shows it (never a secret); the departments of the own counselling come as objects. */
export interface Partner extends Omit<PartnerFields, 'departmentIds'> {
  id: string;
  version: number;
  municipalityName: string | null;
  departments: { id: string; code: string; name: string }[];
  /** After a rotation: until when the previous secret is still accepted. */
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface PartnerRevision {
  version: number;
  changedAt: string;
  changedBy: string | null;
  /** The partner as it was at this version. */
  data: Record<string, unknown> | null;
}

export interface PartnerDetail extends Partner {
  revisions: PartnerRevision[];
}

/** POST /partners and POST /partners/:id/rotate-secret: the secret is shown this once. */
export interface PartnerWithSecret {
  partner: Partner;
  secret: string;
}

export interface Municipality {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
}

// ---- Routing rules -------------------------------------------------------------------------------------------

export interface RoutingRulesDoc {
  rules: RoutingRule[];
  /** Points per preference (languageMatchBonus, noCapacityPenalty, …); all 0..100. */
  preferences: Record<string, number>;
  auto: AutoRouting;
}

/** The organisation's rules, or the defaults while it has none (then version, updatedAt and updatedBy are null). */
export interface RoutingRulesView {
  rules: RoutingRulesDoc;
  version: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
  defaults: RoutingRulesDoc;
}

// ---- Consents ------------------------------------------------------------------------------------------------

export interface ConsentPerson {
  personId: string;
  name: string;
  /** 'tenant' | 'member' */
  role: string;
}

export type ConsentStatus = 'valid' | 'expired' | 'withdrawn';

export interface Consent {
  id: string;
  personId: string;
  personName: string;
  recipientPartnerId: string | null;
  recipientPartnerName: string | null;
  recipientKind: PartnerKind | null;
  purpose: ReferralPurpose;
  dataItems: SharedDataItem[];
  givenVia: ConsentChannel;
  givenAt: string;
  expiresOn: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  note: string | null;
  withdrawnBy?: string | null;
  recordedBy?: string | null;
  status: ConsentStatus;
}

export interface CaseConsents {
  persons: ConsentPerson[];
  items: Consent[];
}

export interface RecordConsentInput {
  personId: string;
  recipientPartnerId?: string;
  recipientKind?: PartnerKind;
  purpose: ReferralPurpose;
  dataItems: SharedDataItem[];
  givenVia: ConsentChannel;
  givenAt: string;
  expiresOn?: string;
  note?: string;
}

// ---- Referrals -----------------------------------------------------------------------------------------------

export interface RoutingReason {
  code: string;
  params?: Record<string, string | number> | null;
  points: number;
}

export interface Recommendation {
  partnerId: string;
  partnerName: string;
  partnerKind: PartnerKind;
  purpose: ReferralPurpose;
  ruleId?: string;
  score: number;
  needsConsent: boolean;
  consentOnFile: boolean;
  alreadyReferred: boolean;
  reasons: RoutingReason[];
}

/** What the routing engine knew about a case (part of the dry run's answer). */
export interface RoutingFacts {
  stage: Stage;
  /** Calendar days to the next irreversible step; null when unknown. */
  daysLeft: number | null;
  riskLevel: RiskLevel;
  riskScore: number;
  municipalityCode: string;
  departmentId: string;
  childrenInHousehold: number;
  preferredLanguage: string;
}

/** POST /cases/:id/routing/dry-run: what the stored rules, or the rules sent, recommend for the case now. */
export interface DryRunResult {
  facts: RoutingFacts;
  recommendations: Recommendation[];
}

export interface Delivery {
  status: PartnerMessageStatus;
  attempts: number;
  lastError: string | null;
  deliveredAt?: string | null;
}

export interface Referral {
  id: string;
  partnerId: string;
  partnerName: string;
  partnerKind: PartnerKind;
  purpose: ReferralPurpose;
  status: ReferralStatus;
  origin: 'manual' | 'automatic';
  answerBy: string | null;
  overdue: boolean;
  sentAt: string | null;
  answeredAt: string | null;
  lastNote: string | null;
  /** The reason given when it was sent without consent. */
  consentOverrideReason?: string | null;
  delivery: Delivery | null;
  version: number;
}

export interface MunicipalNotice {
  createdAt: string;
  partnerName: string;
  legalBasis: string;
  stage: Stage;
  /** The delivery state of the notice's message. */
  deliveryStatus: PartnerMessageStatus | null;
}

/** GET /cases/:id/referrals, and the answer of every change to a referral. */
export interface CaseReferrals {
  items: Referral[];
  recommendations: Recommendation[];
  municipalNotice: MunicipalNotice | null;
  auto?: AutoRouting;
}

// ---- Partner messages (dead letter) --------------------------------------------------------------------------

export interface PartnerMessage {
  id: string;
  type: string;
  channel?: string;
  partnerName: string;
  caseNumber: string | null;
  caseId: string | null;
  status: PartnerMessageStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deadAt: string | null;
}

// ---- The partner's answer page (public, signed link) ---------------------------------------------------------

/** What a signed link shows: a referral to answer, or (kind 'notice') the statutory notice to read. */
export interface PartnerResponseView {
  kind?: 'referral' | 'notice';
  caseReference: string;
  partnerName: string;
  purpose: ReferralPurpose | null;
  answerBy: string | null;
  status: ReferralStatus | null;
  tenant: {
    name?: string | null;
    phone?: string | null;
    email?: string | null;
    address?: string | null;
    preferredLanguage?: string | null;
  } | null;
  legalBasis?: string | null;
  allowed: string[];
}
