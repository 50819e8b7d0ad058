import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@forebyg/core';
import {
  calendarDaysBetween,
  consentValidity,
  DEFAULT_ROUTING_RULES,
  parseRoutingRules,
  recommend,
  todayInCopenhagen,
  type ConsentRecord,
  type PartnerKind,
  type Recommendation,
  type ReferralPurpose,
  type RoutingCase,
  type RoutingPartner,
  type RoutingRules,
  type SharedDataItem,
} from '@forebyg/domain';

/** A consent as stored, with the recipient's kind (a partner's kind for a partner-specific consent). */
export interface StoredConsent extends ConsentRecord {
  personId: string;
  recipientKindResolved: PartnerKind | null;
}

export interface OrganisationRouting {
  rules: RoutingRules;
  partners: RoutingPartner[];
}

/** Everything the engine needs about a case, read in the caller's transaction. */
export interface CaseRoutingInput {
  facts: RoutingCase;
  partners: RoutingPartner[];
  rules: RoutingRules;
  consents: StoredConsent[];
  /** The household's primary tenant (the person referrals and consents are about). */
  primaryPersonId: string | null;
  personIds: string[];
}

const PARTNER_COLUMNS = `p.id, p.name, p.kind, p.municipality_code AS "municipalityCode", p.areas, p.services, p.languages,
  p.capacity, p.waiting_days AS "waitingDays", p.accredited, p.requires_consent AS "requiresConsent", p.active,
  COALESCE((SELECT array_agg(pd.department_id::text) FROM partner_department pd WHERE pd.partner_id = p.id), '{}') AS "departmentIds"`;

/**
 * Reads a case's routing facts, the organisation's partners, rules and the household's consents, and runs the pure
 * engine over them. Used by the referral panel, the dry run and automatic routing, so all three agree.
 */
@Injectable()
export class RoutingContext {
  constructor(private readonly clock: Clock) {}

  now(): Date {
    return this.clock.now();
  }

  today(): string {
    return todayInCopenhagen(this.clock.now());
  }

  async rules(em: EntityManager, organisationId: string): Promise<RoutingRules> {
    const [row] = await em.query('SELECT rules FROM routing_rule_set WHERE organisation_id = $1', [organisationId]);
    if (!row) return DEFAULT_ROUTING_RULES;
    const parsed = parseRoutingRules(row.rules);
    return parsed.ok ? parsed.rules : DEFAULT_ROUTING_RULES;
  }

  async partners(em: EntityManager, organisationId: string): Promise<RoutingPartner[]> {
    const rows: (RoutingPartner & { municipalityCode: string | null })[] = await em.query(
      `SELECT ${PARTNER_COLUMNS} FROM partner p WHERE p.organisation_id = $1 AND p.active ORDER BY p.name`,
      [organisationId],
    );
    return rows.map((r) => ({ ...r, municipalityCode: r.municipalityCode ? r.municipalityCode.trim() : null }));
  }

  /** The consents of every current member of the tenancy's household. */
  async consents(em: EntityManager, tenancyId: string): Promise<StoredConsent[]> {
    const rows: (Omit<StoredConsent, 'givenAt' | 'withdrawnAt'> & { givenAt: Date; withdrawnAt: Date | null })[] = await em.query(
      `SELECT c.id, c.person_id AS "personId", c.recipient_partner_id AS "recipientPartnerId", c.recipient_kind AS "recipientKind",
              COALESCE(c.recipient_kind, p.kind) AS "recipientKindResolved", c.purpose, c.data_items AS "dataItems",
              c.given_at AS "givenAt", to_char(c.expires_on, 'YYYY-MM-DD') AS "expiresOn", c.withdrawn_at AS "withdrawnAt"
         FROM consent c
         JOIN household_member h ON h.person_id = c.person_id AND h.tenancy_id = $1 AND (h.until IS NULL OR h.until >= current_date)
         LEFT JOIN partner p ON p.id = c.recipient_partner_id
        ORDER BY c.given_at DESC`,
      [tenancyId],
    );
    return rows.map((r) => ({ ...r, givenAt: new Date(r.givenAt), withdrawnAt: r.withdrawnAt ? new Date(r.withdrawnAt) : null }));
  }

  /** Consents valid now for their own recipient and purpose (the engine's "consent on file"). */
  validConsents(consents: readonly StoredConsent[], now: Date): StoredConsent[] {
    return consents.filter(
      (c) =>
        c.recipientKindResolved !== null &&
        consentValidity(c, { partnerId: c.recipientPartnerId ?? '', partnerKind: c.recipientKindResolved, purpose: c.purpose }, now).valid,
    );
  }

  /** The organisation's side of the input (rules and active partners), read once for many of its cases. */
  async organisationInput(em: EntityManager, organisationId: string): Promise<OrganisationRouting> {
    return { rules: await this.rules(em, organisationId), partners: await this.partners(em, organisationId) };
  }

  /**
   * `org`: the organisation's rules and partners when the caller already has them (the sweep reads them once per
   * batch); `rulesOverride`: other rules than the stored ones (the dry run).
   */
  async input(em: EntityManager, caseId: string, rulesOverride?: RoutingRules, org?: OrganisationRouting): Promise<CaseRoutingInput> {
    const [c] = await em.query(
      `SELECT c.id, c.organisation_id AS "organisationId", c.department_id AS "departmentId", c.tenancy_id AS "tenancyId", c.stage,
              to_char(c.next_step_due, 'YYYY-MM-DD') AS "nextStepDue", c.risk_level AS "riskLevel", c.risk_score AS "riskScore",
              c.children_in_household AS "children", d.municipality_code AS "municipalityCode",
              (SELECT h.person_id FROM household_member h WHERE h.tenancy_id = c.tenancy_id AND (h.until IS NULL OR h.until >= current_date)
                ORDER BY (h.role = 'tenant') DESC, h.since NULLS LAST, h.person_id LIMIT 1) AS "primaryPersonId",
              COALESCE((SELECT array_agg(h.person_id::text) FROM household_member h
                         WHERE h.tenancy_id = c.tenancy_id AND (h.until IS NULL OR h.until >= current_date)), '{}') AS "personIds",
              COALESCE((SELECT array_agg(DISTINCT f.partner_id::text) FROM referral f
                         WHERE f.case_id = c.id AND f.status IN ('proposed', 'sent', 'acknowledged', 'accepted')), '{}') AS "activePartnerIds"
         FROM case_file c JOIN department d ON d.id = c.department_id WHERE c.id = $1`,
      [caseId],
    );
    const [lang] = c.primaryPersonId ? await em.query('SELECT preferred_language AS l FROM person WHERE id = $1', [c.primaryPersonId]) : [];
    const consents = await this.consents(em, c.tenancyId);
    const now = this.now();
    const today = this.today();
    const facts: RoutingCase = {
      stage: c.stage,
      daysLeft: c.nextStepDue ? calendarDaysBetween(today, c.nextStepDue) : null,
      riskLevel: c.riskLevel,
      riskScore: Number(c.riskScore),
      municipalityCode: String(c.municipalityCode).trim(),
      departmentId: c.departmentId,
      childrenInHousehold: Number(c.children),
      preferredLanguage: lang?.l ?? 'da',
      consents: this.validConsents(consents, now).map((x) => ({
        partnerId: x.recipientPartnerId,
        partnerKind: x.recipientKind,
        purpose: x.purpose,
      })),
      activeReferralPartnerIds: c.activePartnerIds,
    };
    return {
      facts,
      partners: org?.partners ?? (await this.partners(em, c.organisationId)),
      rules: rulesOverride ?? org?.rules ?? (await this.rules(em, c.organisationId)),
      consents,
      primaryPersonId: c.primaryPersonId,
      personIds: c.personIds,
    };
  }

  recommend(input: CaseRoutingInput): Recommendation[] {
    return recommend(input.facts, input.partners, input.rules);
  }
}

/** The data items a message may carry when no consent is involved (own counselling, an override): the minimum to reach the tenant. */
export const MINIMUM_DATA_ITEMS: readonly SharedDataItem[] = ['name', 'phone', 'email', 'preferred_language', 'case_stage'];

export type { ReferralPurpose };
