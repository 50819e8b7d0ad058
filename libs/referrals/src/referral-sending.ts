import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@forebyg/core';
import {
  findValidConsent,
  referralAnswerDeadline,
  type PartnerKind,
  type ReferralPurpose,
  type SharedDataItem,
} from '@forebyg/domain';
import { queuePartnerMessage } from './partner-messages.js';
import { MINIMUM_DATA_ITEMS, RoutingContext } from './routing-context.js';

export interface SendablePartner {
  id: string;
  name: string;
  kind: PartnerKind;
  services: ReferralPurpose[];
  requiresConsent: boolean;
  answerDays: number;
  version: number;
  active: boolean;
}

/** How a referral may go out: on a consent, without one (no consent needed), or on an audited override. */
export type SendBasis =
  | { kind: 'consent'; consentId: string; dataItems: SharedDataItem[] }
  | { kind: 'not_needed'; dataItems: SharedDataItem[] }
  | { kind: 'override'; reason: string; dataItems: SharedDataItem[] };

/**
 * The rules every way of sending a referral shares (a counsellor's click, automatic routing): the partner must be
 * active and offer the purpose; a partner that needs consent needs a valid one for it and the purpose, or an
 * override with a reason by someone allowed to; the message carries only the data items the consent covers.
 */
@Injectable()
export class ReferralSending {
  constructor(private readonly routing: RoutingContext) {}

  async partner(em: EntityManager, organisationId: string, partnerId: string): Promise<SendablePartner | null> {
    const [p] = await em.query(
      `SELECT id, name, kind, services, requires_consent AS "requiresConsent", answer_days AS "answerDays", version, active
         FROM partner WHERE id = $1 AND organisation_id = $2`,
      [partnerId, organisationId],
    );
    return p ?? null;
  }

  /** 422 unless the partner can take a referral for this purpose. */
  checkPartner(partner: SendablePartner | null, purpose: ReferralPurpose): SendablePartner {
    if (!partner) throw DomainError.validation([{ field: 'partnerId', reason: 'unknown_partner', message: 'No such partner' }]);
    if (!partner.active) throw DomainError.validation([{ field: 'partnerId', reason: 'partner_inactive', message: 'The partner is not active' }]);
    if (partner.services.length && !partner.services.includes(purpose)) {
      throw DomainError.validation([{ field: 'purpose', reason: 'purpose_not_offered', message: 'The partner does not offer this' }]);
    }
    return partner;
  }

  /**
   * The basis a referral goes out on, or a 422 `consent_required` (field `consent`) naming why each consent on
   * file does not count. `override` is the reason given by a user holding `consents:override` (checked by the caller).
   */
  async basis(
    em: EntityManager,
    tenancyId: string,
    partner: SendablePartner,
    purpose: ReferralPurpose,
    requested: readonly SharedDataItem[] | undefined,
    override: string | null,
  ): Promise<SendBasis> {
    if (!partner.requiresConsent) return { kind: 'not_needed', dataItems: [...(requested ?? MINIMUM_DATA_ITEMS)] };
    const consents = await this.routing.consents(em, tenancyId);
    const found = findValidConsent(consents, { partnerId: partner.id, partnerKind: partner.kind, purpose, dataItems: requested }, this.routing.now());
    if (found.consent) return { kind: 'consent', consentId: found.consent.id, dataItems: [...(requested ?? found.consent.dataItems)] };
    if (override) return { kind: 'override', reason: override, dataItems: [...(requested ?? ['name', 'phone'])] };
    throw new DomainError(ErrorCode.ValidationFailed, 'Consent is required', {
      errors: [{ field: 'consent', reason: 'consent_required', message: 'The partner needs the tenant’s consent for this purpose, and none valid is on file' }],
      problems: found.problems,
    });
  }

  /** Marks a referral sent on its basis, sets its answer deadline and queues the message. Returns the deadline. */
  async markSent(em: EntityManager, r: { id: string; organisationId: string; caseId: string; partner: SendablePartner }, basis: SendBasis, userId: string | null): Promise<string> {
    const answerBy = referralAnswerDeadline(this.routing.today(), r.partner.answerDays);
    await em.query(
      `UPDATE referral SET status = 'sent', sent_at = now(), answer_by = $2, consent_id = $3, consent_override_reason = $4, consent_override_by = $5,
              data_items = $6, partner_version = $7, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [
        r.id,
        answerBy,
        basis.kind === 'consent' ? basis.consentId : null,
        basis.kind === 'override' ? basis.reason : null,
        basis.kind === 'override' ? userId : null,
        basis.dataItems,
        r.partner.version,
      ],
    );
    await queuePartnerMessage(em, { organisationId: r.organisationId, partnerId: r.partner.id, caseId: r.caseId, referralId: r.id, type: 'referral.created' });
    return answerBy;
  }
}
