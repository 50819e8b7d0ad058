import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, DomainError, FieldError, QUEUES, RequestContext, writeOutbox } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { CaseRepository, CaseWriter, eventActorOf, recordCaseEvent } from '@forebyg/cases';
import {
  consentValidity,
  todayInCopenhagen,
  type ConsentChannel,
  type PartnerKind,
  type ReferralPurpose,
  type SharedDataItem,
} from '@forebyg/domain';
import type { RecordConsentDto, WithdrawConsentDto } from './consents.dto.js';

export type ConsentStatus = 'valid' | 'expired' | 'withdrawn';

export interface ConsentView {
  id: string;
  personId: string;
  personName: string;
  /** One partner, or (null) every partner of `recipientKind`. */
  recipientPartnerId: string | null;
  recipientPartnerName: string | null;
  recipientKind: PartnerKind | null;
  purpose: ReferralPurpose;
  dataItems: SharedDataItem[];
  givenVia: ConsentChannel;
  givenAt: string;
  /** Valid through this day (Copenhagen); null: until withdrawn. */
  expiresOn: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  withdrawnBy: string | null;
  caseId: string | null;
  note: string | null;
  recordedBy: string | null;
  createdAt: string;
  status: ConsentStatus;
}

export interface HouseholdPerson {
  personId: string;
  name: string;
  role: 'tenant' | 'member';
}

/** A clock skew allowed for `givenAt` (a consent given "now" on a device a little ahead). */
const FUTURE_SKEW_MS = 5 * 60_000;

const CONSENT_SELECT = `
  SELECT c.id, c.person_id AS "personId", p.name AS "personName", c.recipient_partner_id AS "recipientPartnerId",
         rp.name AS "recipientPartnerName", c.recipient_kind AS "recipientKind", c.purpose, c.data_items AS "dataItems",
         c.given_via AS "givenVia", c.given_at AS "givenAt", to_char(c.expires_on, 'YYYY-MM-DD') AS "expiresOn",
         c.withdrawn_at AS "withdrawnAt", c.withdrawn_reason AS "withdrawnReason", wu.name AS "withdrawnBy", c.case_id AS "caseId",
         c.note, ru.name AS "recordedBy", c.created_at AS "createdAt"
    FROM consent c
    JOIN person p ON p.id = c.person_id
    LEFT JOIN partner rp ON rp.id = c.recipient_partner_id
    LEFT JOIN app_user wu ON wu.id = c.withdrawn_by
    LEFT JOIN app_user ru ON ru.id = c.recorded_by`;

/** Current members of a tenancy's household (the same rule as the case's primary tenant). */
const HOUSEHOLD_SQL = `
  SELECT h.person_id AS "personId", p.name, h.role FROM household_member h JOIN person p ON p.id = h.person_id
   WHERE h.tenancy_id = $1 AND (h.until IS NULL OR h.until >= current_date)`;

/** The status a consent has at `now`, by the domain's date rules (valid through the expiry day in Copenhagen). */
export function consentStatus(c: Omit<ConsentView, 'status'>, now: Date): ConsentStatus {
  const record = {
    id: c.id,
    recipientPartnerId: c.recipientPartnerId,
    recipientKind: c.recipientKind,
    purpose: c.purpose,
    dataItems: c.dataItems,
    givenAt: new Date(c.givenAt),
    expiresOn: c.expiresOn,
    withdrawnAt: c.withdrawnAt ? new Date(c.withdrawnAt) : null,
  };
  const target = { partnerId: c.recipientPartnerId ?? '', partnerKind: c.recipientKind ?? 'other', purpose: c.purpose };
  const v = consentValidity(record, target, now);
  if (v.valid) return 'valid';
  if (v.problem === 'withdrawn') return 'withdrawn';
  if (v.problem === 'expired') return 'expired';
  return 'valid'; // not_yet_given: within the allowed clock skew
}

/**
 * The consent ledger, seen through a case: the consents of every current member of the household of the case's
 * tenancy. Recording and withdrawing appear on the case's timeline (no personal data there) and in the audit log
 * against the person; a withdrawal asks the referral sweep to withdraw the referrals resting on it.
 */
@Injectable()
export class ConsentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly writer: CaseWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, caseId: string, ctx: RequestContext): Promise<{ persons: HouseholdPerson[]; items: ConsentView[] }> {
    return this.ds.transaction(async (em) => {
      const found = await this.cases.summary(actor, caseId, em);
      if (!found) throw DomainError.notFound('Case');
      const persons: HouseholdPerson[] = await em.query(`${HOUSEHOLD_SQL} ORDER BY (h.role = 'tenant') DESC, p.name, p.id`, [found.tenancyId]);
      const rows = persons.length
        ? await em.query(`${CONSENT_SELECT} WHERE c.organisation_id = $1 AND c.person_id = ANY($2::uuid[]) ORDER BY c.given_at DESC, c.id`, [
            actor.organisationId,
            persons.map((p) => p.personId),
          ])
        : [];
      await this.audit.record(
        {
          action: 'consent.read',
          actor,
          personId: await this.writer.primaryTenantId(em, found.tenancyId),
          entityType: 'case',
          entityId: caseId,
          context: ctx,
          details: { consents: rows.length },
        },
        em,
      );
      const now = this.clock.now();
      return { persons, items: rows.map((r: Record<string, unknown>) => this.view(r, now)) };
    });
  }

  async record(actor: Actor, caseId: string, dto: RecordConsentDto, ctx: RequestContext): Promise<ConsentView> {
    const now = this.clock.now();
    const givenAt = new Date(dto.givenAt);
    const errors: FieldError[] = [];
    if (Number.isNaN(givenAt.getTime())) errors.push({ field: 'givenAt', reason: 'invalid_date', message: 'givenAt must be a date and time' });
    else if (givenAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      errors.push({ field: 'givenAt', reason: 'in_future', message: 'A consent cannot be given in the future' });
    } else if (dto.expiresOn !== undefined && dto.expiresOn <= todayInCopenhagen(givenAt)) {
      errors.push({ field: 'expiresOn', reason: 'not_after_given', message: 'The expiry date must be after the day the consent was given' });
    }
    if ((dto.recipientPartnerId === undefined) === (dto.recipientKind === undefined)) {
      errors.push({ field: 'recipient', reason: 'exactly_one', message: 'Give either recipientPartnerId or recipientKind' });
    }
    if (errors.length) throw DomainError.validation(errors);

    return this.ds.transaction(async (em) => {
      const row = await this.cases.lock(em, actor, caseId);
      if (!row) throw DomainError.notFound('Case');
      const member = await em.query(`${HOUSEHOLD_SQL} AND h.person_id = $2`, [row.tenancyId, dto.personId]);
      if (!member.length) {
        errors.push({ field: 'personId', reason: 'not_in_household', message: 'The person is not a member of the household of this case' });
      }
      let partner: { id: string; name: string; kind: PartnerKind; active: boolean } | undefined;
      if (dto.recipientPartnerId) {
        [partner] = await em.query('SELECT id, name, kind, active FROM partner WHERE id = $1 AND organisation_id = $2', [
          dto.recipientPartnerId,
          actor.organisationId,
        ]);
        if (!partner) errors.push({ field: 'recipientPartnerId', reason: 'unknown_partner', message: 'No such partner' });
        else if (!partner.active) errors.push({ field: 'recipientPartnerId', reason: 'partner_inactive', message: 'The partner is not active' });
      }
      if (errors.length) throw DomainError.validation(errors);

      const [inserted] = await em.query(
        `INSERT INTO consent (organisation_id, person_id, recipient_partner_id, recipient_kind, purpose, data_items, given_via, given_at,
                              expires_on, case_id, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          actor.organisationId,
          dto.personId,
          dto.recipientPartnerId ?? null,
          dto.recipientKind ?? null,
          dto.purpose,
          dto.dataItems,
          dto.givenVia,
          givenAt.toISOString(),
          dto.expiresOn ?? null,
          caseId,
          dto.note?.trim() || null,
          actor.kind === 'user' ? actor.id : null,
        ],
      );
      const consentId = inserted.id as string;
      await recordCaseEvent(em, caseId, eventActorOf(actor), 'consent_recorded', {
        consentId,
        purpose: dto.purpose,
        recipientPartnerId: partner?.id ?? null,
        recipientName: partner?.name ?? null,
        recipientKind: partner?.kind ?? dto.recipientKind,
      });
      await this.audit.record(
        {
          action: 'consent.recorded',
          actor,
          personId: dto.personId,
          entityType: 'consent',
          entityId: consentId,
          context: ctx,
          details: {
            caseId,
            purpose: dto.purpose,
            recipientPartnerId: partner?.id ?? null,
            recipientKind: dto.recipientKind ?? null,
            dataItems: dto.dataItems,
            givenVia: dto.givenVia,
          },
        },
        em,
      );
      return this.find(em, consentId);
    });
  }

  /** Withdraws a consent from now on; the referral sweep then withdraws live referrals resting on it. */
  async withdraw(actor: Actor, caseId: string, consentId: string, dto: WithdrawConsentDto, ctx: RequestContext): Promise<ConsentView> {
    return this.ds.transaction(async (em) => {
      const row = await this.cases.lock(em, actor, caseId);
      if (!row) throw DomainError.notFound('Case');
      const [consent] = await em.query(
        `SELECT c.id, c.person_id AS "personId", c.purpose, c.recipient_kind AS "recipientKind", c.withdrawn_at AS "withdrawnAt",
                rp.id AS "partnerId", rp.name AS "partnerName", rp.kind AS "partnerKind"
           FROM consent c LEFT JOIN partner rp ON rp.id = c.recipient_partner_id
          WHERE c.id = $1 AND c.organisation_id = $2
            AND c.person_id IN (SELECT h.person_id FROM household_member h WHERE h.tenancy_id = $3 AND (h.until IS NULL OR h.until >= current_date))
          FOR UPDATE OF c`,
        [consentId, actor.organisationId, row.tenancyId],
      );
      if (!consent) throw DomainError.notFound('Consent');
      if (consent.withdrawnAt) {
        throw DomainError.conflict('The consent is already withdrawn', { reason: 'already_withdrawn', current: await this.find(em, consentId) });
      }
      const reason = dto.reason?.trim() || null;
      await em.query('UPDATE consent SET withdrawn_at = now(), withdrawn_by = $2, withdrawn_reason = $3 WHERE id = $1', [
        consentId,
        actor.kind === 'user' ? actor.id : null,
        reason,
      ]);
      await recordCaseEvent(em, caseId, eventActorOf(actor), 'consent_withdrawn', {
        consentId,
        purpose: consent.purpose,
        recipientPartnerId: consent.partnerId ?? null,
        recipientName: consent.partnerName ?? null,
        recipientKind: consent.partnerKind ?? consent.recipientKind,
      });
      await this.audit.record(
        {
          action: 'consent.withdrawn',
          actor,
          personId: consent.personId,
          entityType: 'consent',
          entityId: consentId,
          context: ctx,
          details: { caseId, purpose: consent.purpose },
        },
        em,
      );
      // The worker's sweep withdraws the live referrals whose consent is gone (and tells their partners).
      await writeOutbox(em, [{ queue: QUEUES.referrals.name, jobName: QUEUES.referrals.jobs.sweep, payload: {} }]);
      return this.find(em, consentId);
    });
  }

  private async find(em: EntityManager, consentId: string): Promise<ConsentView> {
    const [r] = await em.query(`${CONSENT_SELECT} WHERE c.id = $1`, [consentId]);
    return this.view(r, this.clock.now());
  }

  private view(r: Record<string, unknown>, now: Date): ConsentView {
    const iso = (d: unknown) => (d ? new Date(d as Date).toISOString() : null);
    const base = {
      id: r.id as string,
      personId: r.personId as string,
      personName: r.personName as string,
      recipientPartnerId: (r.recipientPartnerId as string | null) ?? null,
      recipientPartnerName: (r.recipientPartnerName as string | null) ?? null,
      recipientKind: (r.recipientKind as PartnerKind | null) ?? null,
      purpose: r.purpose as ReferralPurpose,
      dataItems: r.dataItems as SharedDataItem[],
      givenVia: r.givenVia as ConsentChannel,
      givenAt: iso(r.givenAt)!,
      expiresOn: (r.expiresOn as string | null) ?? null,
      withdrawnAt: iso(r.withdrawnAt),
      withdrawnReason: (r.withdrawnReason as string | null) ?? null,
      withdrawnBy: (r.withdrawnBy as string | null) ?? null,
      caseId: (r.caseId as string | null) ?? null,
      note: (r.note as string | null) ?? null,
      recordedBy: (r.recordedBy as string | null) ?? null,
      createdAt: iso(r.createdAt)!,
    };
    return { ...base, status: consentStatus(base, now) };
  }
}
