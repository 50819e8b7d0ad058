/**
 * Referral routing: which of the help that exists (the association's own debt counselling, the municipality's
 * contact point, volunteer and other organisations) to propose for a case, and why.
 *
 * Rules say which kind of partner fits which purpose under which case conditions, with a base weight; the
 * preferences add or subtract points for what makes one partner better than another of the same kind
 * (language, free places, waiting list, accreditation, consent already on file, children, urgency). Every
 * contribution is a {@link RoutingReason} with its points, so a counsellor sees why a partner ranks where it does,
 * and the score is always exactly the sum of the reasons' points.
 */
import type { PartnerKind, ReferralPurpose } from './referral-lists.js';
import { RISK_LEVELS, type RiskLevel } from './risk-levels.js';
import type { Stage } from './stages.js';

// In a file without the default rules, which the web UI imports.
export {
  PARTNER_KINDS,
  REFERRAL_PURPOSES,
  SHARED_DATA_ITEMS,
  type PartnerKind,
  type ReferralPurpose,
  type SharedDataItem,
} from './referral-lists.js';

export interface RoutingCase {
  stage: Stage;
  /** Calendar days to the next irreversible step; null when unknown. */
  daysLeft: number | null;
  riskLevel: RiskLevel;
  riskScore: number;
  municipalityCode: string;
  departmentId: string;
  childrenInHousehold: number;
  /** A language code such as `da`, `en`, `ar` (compared on the primary subtag, case-insensitively). */
  preferredLanguage: string;
  /** Valid consents on file, already checked (see consent.ts). */
  consents: { partnerId: string | null; partnerKind: PartnerKind | null; purpose: ReferralPurpose }[];
  /** Partners with an active referral on this case. */
  activeReferralPartnerIds: string[];
}

export interface RoutingPartner {
  id: string;
  name: string;
  kind: PartnerKind;
  /** The municipal contact point's municipality. */
  municipalityCode: string | null;
  /** Municipality codes served; empty = the whole country. */
  areas: string[];
  /** Own counselling: the departments covered. */
  departmentIds: string[];
  /** Purposes offered; own counselling and municipal partners with none offer every purpose. */
  services: ReferralPurpose[];
  /** Languages spoken; empty is taken as Danish only. */
  languages: string[];
  /** Free places now; null unknown. */
  capacity: number | null;
  waitingDays: number | null;
  accredited: boolean;
  requiresConsent: boolean;
  active: boolean;
}

export interface RoutingRule {
  id: string;
  label: string;
  enabled: boolean;
  partnerKind: PartnerKind;
  purpose: ReferralPurpose;
  /** Empty = any stage. */
  stages: Stage[];
  minRiskLevel: RiskLevel | null;
  /** The rule applies only when days left are known and at most this; null = no condition. */
  maxDaysLeft: number | null;
  onlyWithChildren: boolean;
  /** 0..100: the base score of a partner found by this rule. */
  weight: number;
}

/** Points added (bonus) or subtracted (penalty, given as a positive number) per partner. */
export interface RoutingPreferences {
  languageMatchBonus: number;
  capacityBonus: number;
  noCapacityPenalty: number;
  /** Per started week of waiting list. */
  waitingPenaltyPerWeek: number;
  accreditedBonus: number;
  /** For partners that need consent, when one is already on file. */
  consentOnFileBonus: number;
  /** For municipal partners when children live in the household (the municipality has duties towards them). */
  childrenBonus: number;
  /** When daysLeft <= 14, for partners without a waiting list. */
  urgencyBonus: number;
}

export interface AutoRouting {
  onOpen: boolean;
  onStageChange: boolean;
  mode: 'confirm' | 'send_without_consent';
  /** 0..10 */
  maxProposals: number;
}

export interface RoutingRules {
  rules: RoutingRule[];
  preferences: RoutingPreferences;
  auto: AutoRouting;
}

/** Days left at or under which a case is urgent for routing. */
export const ROUTING_URGENT_DAYS = 14;

type RuleConditions = Partial<Pick<RoutingRule, 'stages' | 'minRiskLevel' | 'maxDaysLeft' | 'onlyWithChildren'>>;

const rule = (
  id: string,
  label: string,
  partnerKind: PartnerKind,
  purpose: ReferralPurpose,
  weight: number,
  when: RuleConditions = {},
): RoutingRule => ({
  id,
  label,
  enabled: true,
  partnerKind,
  purpose,
  stages: [],
  minRiskLevel: null,
  maxDaysLeft: null,
  onlyWithChildren: false,
  weight,
  ...when,
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const FROM_DEMAND: Stage[] = ['demand', 'termination', 'legal', 'court', 'eviction_scheduled'];
const FROM_TERMINATION: Stage[] = ['termination', 'legal', 'court', 'eviction_scheduled'];

/**
 * The starting point for a new organisation (deep-frozen: copy before changing). The association's own debt
 * counselling first at any stage; the municipality's contact point for § 81 / § 81 a help once a påkrav is out, or
 * at once when children live in the household; volunteer debt counselling from medium risk (their waiting lists make
 * them a second line); tenant housing advice once the lease is terminated; volunteer social support at high risk.
 */
export const DEFAULT_ROUTING_RULES: RoutingRules = deepFreeze({
  rules: [
    rule('own-debt-counselling', 'Egen gældsrådgivning, alle stadier', 'own_counselling', 'debt_counselling', 80),
    rule('municipal-aid-from-demand', 'Kommunens kontaktpunkt om hjælp efter § 81 / § 81 a, fra påkrav', 'municipal', 'municipal_aid', 60, {
      stages: FROM_DEMAND,
    }),
    rule('municipal-aid-children', 'Kommunens kontaktpunkt, børn i husstanden', 'municipal', 'municipal_aid', 60, {
      onlyWithChildren: true,
    }),
    rule('volunteer-debt-counselling', 'Frivillig gældsrådgivning ved mellem risiko eller derover', 'volunteer', 'debt_counselling', 50, {
      minRiskLevel: 'medium',
    }),
    rule('housing-advice-after-termination', 'Lejerrådgivning efter ophævelse', 'other', 'housing_advice', 40, {
      stages: FROM_TERMINATION,
    }),
    rule('volunteer-social-support', 'Frivillig social støtte ved høj risiko', 'volunteer', 'social_support', 30, { minRiskLevel: 'high' }),
  ],
  preferences: {
    languageMatchBonus: 10,
    capacityBonus: 10,
    noCapacityPenalty: 25,
    waitingPenaltyPerWeek: 2,
    accreditedBonus: 5,
    consentOnFileBonus: 5,
    childrenBonus: 10,
    urgencyBonus: 15,
  },
  auto: { onOpen: true, onStageChange: true, mode: 'confirm', maxProposals: 2 },
});

/**
 * One contribution to a score. Codes are stable machine codes the UI translates: `rule_matched`,
 * `covers_department`, `serves_municipality`, `serves_whole_country`, `language_match`, `language_mismatch`,
 * `has_capacity`, `no_capacity`, `waiting_list`, `accredited`, `consent_on_file`, `consent_needed`,
 * `children_in_household`, `urgent`, `already_referred`.
 */
export interface RoutingReason {
  code: string;
  params?: Record<string, string | number>;
  points: number;
}

export interface Recommendation {
  partnerId: string;
  partnerName: string;
  partnerKind: PartnerKind;
  purpose: ReferralPurpose;
  ruleId: string;
  score: number;
  needsConsent: boolean;
  consentOnFile: boolean;
  alreadyReferred: boolean;
  reasons: RoutingReason[];
}

/** Whether a rule's case conditions hold (enabled, stage, minimum risk, days left, children). */
export function routingRuleApplies(c: RoutingCase, rule: RoutingRule): boolean {
  if (!rule.enabled) return false;
  if (rule.stages.length > 0 && !rule.stages.includes(c.stage)) return false;
  if (rule.minRiskLevel !== null && RISK_LEVELS.indexOf(c.riskLevel) < RISK_LEVELS.indexOf(rule.minRiskLevel)) return false;
  if (rule.maxDaysLeft !== null && (c.daysLeft === null || c.daysLeft > rule.maxDaysLeft)) return false;
  if (rule.onlyWithChildren && !(c.childrenInHousehold > 0)) return false;
  return true;
}

/** Whether the partner offers the purpose (own counselling and municipal partners with no services offer all). */
export function partnerOffers(p: RoutingPartner, purpose: ReferralPurpose): boolean {
  if (p.services.length === 0) return p.kind === 'own_counselling' || p.kind === 'municipal';
  return p.services.includes(purpose);
}

/** The reason a partner may take this case, or null when it may not (by department, municipality or area). */
export function routingEligibility(c: RoutingCase, p: RoutingPartner): RoutingReason | null {
  switch (p.kind) {
    case 'own_counselling':
      return p.departmentIds.includes(c.departmentId)
        ? { code: 'covers_department', params: { departmentId: c.departmentId }, points: 0 }
        : null;
    case 'municipal':
      return p.municipalityCode !== null && p.municipalityCode === c.municipalityCode
        ? { code: 'serves_municipality', params: { municipalityCode: c.municipalityCode }, points: 0 }
        : null;
    default:
      if (p.areas.length === 0) return { code: 'serves_whole_country', points: 0 };
      return p.areas.includes(c.municipalityCode)
        ? { code: 'serves_municipality', params: { municipalityCode: c.municipalityCode }, points: 0 }
        : null;
  }
}

const primaryLanguage = (tag: string): string => tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';

/** A consent on file for this partner (by id, or kind-wide with no partner id) and purpose. */
export function hasConsentOnFile(c: RoutingCase, p: RoutingPartner, purpose: ReferralPurpose): boolean {
  return c.consents.some((x) => x.purpose === purpose && (x.partnerId === p.id || (x.partnerId === null && x.partnerKind === p.kind)));
}

/** No waiting list: no (or a zero) waiting time, and not known to be full. */
const withoutWaitingList = (p: RoutingPartner): boolean =>
  (p.waitingDays === null || p.waitingDays <= 0) && (p.capacity === null || p.capacity > 0);

const minus = (points: number): number => 0 - points; // `0 - x`, never -0

function score(c: RoutingCase, p: RoutingPartner, rule: RoutingRule, eligible: RoutingReason, prefs: RoutingPreferences): Recommendation {
  const reasons: RoutingReason[] = [
    { code: 'rule_matched', params: { ruleId: rule.id, purpose: rule.purpose }, points: rule.weight },
    eligible,
  ];
  const language = primaryLanguage(c.preferredLanguage);
  if (language !== '') {
    const spoken = (p.languages.length > 0 ? p.languages : ['da']).map(primaryLanguage);
    reasons.push(
      spoken.includes(language)
        ? { code: 'language_match', params: { language }, points: prefs.languageMatchBonus }
        : { code: 'language_mismatch', params: { language }, points: 0 },
    );
  }
  if (p.capacity !== null && p.capacity > 0)
    reasons.push({ code: 'has_capacity', params: { capacity: p.capacity }, points: prefs.capacityBonus });
  if (p.capacity !== null && p.capacity <= 0) reasons.push({ code: 'no_capacity', points: minus(prefs.noCapacityPenalty) });
  if (p.waitingDays !== null && p.waitingDays > 0) {
    const weeks = Math.ceil(p.waitingDays / 7);
    reasons.push({ code: 'waiting_list', params: { days: p.waitingDays, weeks }, points: minus(weeks * prefs.waitingPenaltyPerWeek) });
  }
  if (p.accredited) reasons.push({ code: 'accredited', points: prefs.accreditedBonus });
  const consentOnFile = hasConsentOnFile(c, p, rule.purpose);
  if (p.requiresConsent) {
    reasons.push(consentOnFile ? { code: 'consent_on_file', points: prefs.consentOnFileBonus } : { code: 'consent_needed', points: 0 });
  }
  if (c.childrenInHousehold > 0 && p.kind === 'municipal') {
    reasons.push({ code: 'children_in_household', params: { children: c.childrenInHousehold }, points: prefs.childrenBonus });
  }
  if (c.daysLeft !== null && c.daysLeft <= ROUTING_URGENT_DAYS && withoutWaitingList(p)) {
    reasons.push({ code: 'urgent', params: { daysLeft: c.daysLeft }, points: prefs.urgencyBonus });
  }
  const alreadyReferred = c.activeReferralPartnerIds.includes(p.id);
  if (alreadyReferred) reasons.push({ code: 'already_referred', points: 0 });
  return {
    partnerId: p.id,
    partnerName: p.name,
    partnerKind: p.kind,
    purpose: rule.purpose,
    ruleId: rule.id,
    score: reasons.reduce((sum, r) => sum + r.points, 0),
    needsConsent: p.requiresConsent,
    consentOnFile,
    alreadyReferred,
    reasons,
  };
}

/** The ranking order: not yet referred first, then score descending, then name (Danish collation), then id. */
export function compareRecommendations(a: Recommendation, b: Recommendation): number {
  if (a.alreadyReferred !== b.alreadyReferred) return a.alreadyReferred ? 1 : -1;
  if (a.score !== b.score) return b.score - a.score;
  const byName = a.partnerName.localeCompare(b.partnerName, 'da');
  if (byName !== 0) return byName;
  return a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0;
}

/**
 * Ranked recommendations for a case: one per active, eligible partner found by at least one applicable rule,
 * scored by its best rule (the earlier rule on a tie). Partners already referred stay in the list, flagged and
 * ranked after the others. Pure and deterministic: the same input gives the same list in the same order.
 */
export function recommend(c: RoutingCase, partners: readonly RoutingPartner[], rules: RoutingRules): Recommendation[] {
  const best = new Map<string, Recommendation>();
  const applicable = rules.rules.filter((r) => routingRuleApplies(c, r));
  for (const p of partners) {
    if (!p.active || best.has(p.id)) continue;
    const eligible = routingEligibility(c, p);
    if (!eligible) continue;
    let top: Recommendation | undefined;
    for (const rule of applicable) {
      if (rule.partnerKind !== p.kind || !partnerOffers(p, rule.purpose)) continue;
      const rec = score(c, p, rule, eligible, rules.preferences);
      if (!top || rec.score > top.score) top = rec;
    }
    if (top) best.set(p.id, top);
  }
  return [...best.values()].sort(compareRecommendations);
}

/** What automatic routing proposes: the best `maxProposals` recommendations not already referred. */
export function autoProposals(recommendations: readonly Recommendation[], auto: AutoRouting): Recommendation[] {
  return recommendations.filter((r) => !r.alreadyReferred).slice(0, Math.max(0, auto.maxProposals));
}
