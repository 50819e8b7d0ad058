import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { CaseRepository, CaseWriter } from '@forebyg/cases';
import { canTransition, type PartnerAnswer, type Recommendation, type ReferralStatus, type RoutingCase, type RoutingRules } from '@forebyg/domain';
import type { AnswerReferralDto, CreateReferralDto, ReferralActionDto, SendReferralDto } from './referrals.dto.js';
import { queuePartnerMessage } from './partner-messages.js';
import { ReferralSending } from './referral-sending.js';
import { RoutingContext } from './routing-context.js';

export interface ReferralView {
  id: string;
  partnerId: string;
  partnerName: string;
  partnerKind: string;
  partnerVersion: number;
  purpose: string;
  status: ReferralStatus;
  origin: 'manual' | 'automatic';
  score: number | null;
  reasons: unknown[];
  consentId: string | null;
  consentOverrideReason: string | null;
  dataItems: string[];
  answerBy: string | null;
  overdue: boolean;
  sentAt: string | null;
  answeredAt: string | null;
  lastNote: string | null;
  createdAt: string;
  createdBy: string | null;
  version: number;
  delivery: { id: string; status: string; attempts: number; lastError: string | null; deliveredAt: string | null } | null;
}

export interface ReferralOverview {
  items: ReferralView[];
  recommendations: Recommendation[];
  municipalNotice: { createdAt: string; partnerName: string; legalBasis: string; stage: string; deliveryStatus: string } | null;
  auto: RoutingRules['auto'];
}

const REFERRAL_SELECT = `
  SELECT f.id, f.partner_id AS "partnerId", p.name AS "partnerName", p.kind AS "partnerKind", f.partner_version AS "partnerVersion",
         f.purpose, f.status, f.origin, f.score::float8 AS score, f.reasons, f.consent_id AS "consentId",
         f.consent_override_reason AS "consentOverrideReason", f.data_items AS "dataItems", to_char(f.answer_by, 'YYYY-MM-DD') AS "answerBy",
         (f.status IN ('sent', 'acknowledged') AND f.answer_by < $2::date) AS overdue,
         f.sent_at AS "sentAt", f.answered_at AS "answeredAt", f.last_note AS "lastNote", f.created_at AS "createdAt", u.name AS "createdBy", f.version,
         (SELECT json_build_object('id', m.id, 'status', m.status, 'attempts', m.attempts, 'lastError', m.last_error, 'deliveredAt', m.delivered_at)
            FROM partner_message m WHERE m.referral_id = f.id AND m.type = 'referral.created') AS delivery
    FROM referral f JOIN partner p ON p.id = f.partner_id LEFT JOIN app_user u ON u.id = f.created_by`;

/**
 * Referrals of a case as the counsellor works them: the engine's recommendations with reasons, proposing and
 * sending (consent checked), dismissing, withdrawing, and answers received by phone. Every change goes through
 * CaseWriter, so it is scoped, locked, on the timeline and audited like any other change to the case.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly writer: CaseWriter,
    private readonly routing: RoutingContext,
    private readonly sending: ReferralSending,
    private readonly audit: AuditService,
  ) {}

  private async visible(actor: Actor, caseId: string, em: EntityManager = this.ds.manager) {
    const c = await this.cases.summary(actor, caseId, em);
    if (!c) throw DomainError.notFound('Case');
    return c;
  }

  async overview(actor: Actor, caseId: string, ctx: RequestContext): Promise<ReferralOverview> {
    await this.visible(actor, caseId);
    const items: ReferralView[] = await this.ds.query(`${REFERRAL_SELECT} WHERE f.case_id = $1 ORDER BY f.created_at DESC, f.id`, [caseId, this.routing.today()]);
    const input = await this.routing.input(this.ds.manager, caseId);
    const [notice] = await this.ds.query(
      `SELECT n.created_at AS "createdAt", p.name AS "partnerName", n.legal_basis AS "legalBasis", n.stage, m.status AS "deliveryStatus"
         FROM municipal_notice n JOIN partner p ON p.id = n.partner_id JOIN partner_message m ON m.id = n.message_id WHERE n.case_id = $1`,
      [caseId],
    );
    await this.audit.record({ action: 'referral.read', actor, personId: input.primaryPersonId, entityType: 'case', entityId: caseId, context: ctx });
    return { items, recommendations: this.routing.recommend(input), municipalNotice: notice ?? null, auto: input.rules.auto };
  }

  /** What the rules (the stored ones, or the ones given) recommend for the case now; changes nothing. */
  async dryRun(actor: Actor, caseId: string, rules: RoutingRules | undefined): Promise<{ facts: RoutingCase; recommendations: Recommendation[] }> {
    await this.visible(actor, caseId);
    const input = await this.routing.input(this.ds.manager, caseId, rules);
    return { facts: input.facts, recommendations: this.routing.recommend(input) };
  }

  async create(actor: Actor, caseId: string, dto: CreateReferralDto, ctx: RequestContext): Promise<ReferralOverview> {
    const override = this.overrideOf(actor, dto.overrideReason);
    let referralId = '';
    await this.writer.change(
      actor,
      caseId,
      { audit: dto.send ? 'referral.sent' : 'referral.proposed', context: ctx, details: { partnerId: dto.partnerId, purpose: dto.purpose, overridden: Boolean(override) } },
      async ({ em, row, event }) => {
        const partner = this.sending.checkPartner(await this.sending.partner(em, actor.organisationId, dto.partnerId), dto.purpose);
        const basis = dto.send ? await this.sending.basis(em, row.tenancyId, partner, dto.purpose, dto.dataItems, override) : null;
        const input = await this.routing.input(em, caseId);
        const rec = this.routing.recommend(input).find((r) => r.partnerId === partner.id);
        const inserted: { id: string }[] = await em.query(
          `INSERT INTO referral (organisation_id, case_id, person_id, partner_id, partner_version, purpose, status, origin, score, reasons, data_items, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, 'proposed', 'manual', $7, $8, $9, $10)
           ON CONFLICT (case_id, partner_id) WHERE status IN ('proposed', 'sent', 'acknowledged', 'accepted') DO NOTHING RETURNING id`,
          [actor.organisationId, caseId, input.primaryPersonId, partner.id, partner.version, dto.purpose, rec?.score ?? null, JSON.stringify(rec?.reasons ?? []), dto.dataItems ?? [], actor.id],
        );
        if (!inserted.length) throw DomainError.conflict('The partner already has a live referral on this case', { reason: 'referral_exists' });
        referralId = inserted[0].id;
        await event('referral_proposed', { referralId, partnerId: partner.id, partnerName: partner.name, purpose: dto.purpose, origin: 'manual' });
        if (basis) await this.sendOn(em, { id: referralId, organisationId: actor.organisationId, caseId, partner }, basis, actor, event, ctx);
      },
    );
    return this.overview(actor, caseId, ctx);
  }

  async send(actor: Actor, caseId: string, referralId: string, dto: SendReferralDto, ctx: RequestContext): Promise<ReferralOverview> {
    const override = this.overrideOf(actor, dto.overrideReason);
    await this.writer.change(actor, caseId, { audit: 'referral.sent', context: ctx, details: { referralId, overridden: Boolean(override) } }, async ({ em, row, event }) => {
      const f = await this.lockReferral(em, caseId, referralId, dto.version, 'sent');
      const partner = this.sending.checkPartner(await this.sending.partner(em, actor.organisationId, f.partnerId), f.purpose);
      const basis = await this.sending.basis(em, row.tenancyId, partner, f.purpose, f.dataItems.length ? f.dataItems : undefined, override);
      await this.sendOn(em, { id: referralId, organisationId: actor.organisationId, caseId, partner }, basis, actor, event, ctx);
    });
    return this.overview(actor, caseId, ctx);
  }

  async dismiss(actor: Actor, caseId: string, referralId: string, dto: ReferralActionDto, ctx: RequestContext): Promise<ReferralOverview> {
    await this.writer.change(actor, caseId, { audit: 'referral.dismissed', context: ctx, details: { referralId } }, async ({ em, event }) => {
      const f = await this.lockReferral(em, caseId, referralId, dto.version, 'dismissed');
      await em.query(`UPDATE referral SET status = 'dismissed', closed_at = now(), last_note = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [
        referralId,
        dto.reason?.trim() || null,
      ]);
      await event('referral_dismissed', { referralId, partnerName: f.partnerName, reason: dto.reason?.trim() || null });
    });
    return this.overview(actor, caseId, ctx);
  }

  async withdraw(actor: Actor, caseId: string, referralId: string, dto: ReferralActionDto, ctx: RequestContext): Promise<ReferralOverview> {
    await this.writer.change(actor, caseId, { audit: 'referral.withdrawn', context: ctx, details: { referralId } }, async ({ em, event }) => {
      const f = await this.lockReferral(em, caseId, referralId, dto.version, 'withdrawn');
      await withdrawReferral(em, { id: referralId, organisationId: actor.organisationId, caseId, partnerId: f.partnerId }, dto.reason?.trim() || 'by_counsellor');
      await event('referral_withdrawn', { referralId, partnerName: f.partnerName, reason: dto.reason?.trim() || null });
    });
    return this.overview(actor, caseId, ctx);
  }

  /** An answer the partner gave by phone or letter, recorded by staff. */
  async answer(actor: Actor, caseId: string, referralId: string, dto: AnswerReferralDto, ctx: RequestContext): Promise<ReferralOverview> {
    await this.writer.change(actor, caseId, { audit: 'referral.answered', context: ctx, details: { referralId, status: dto.status } }, async ({ em, event }) => {
      const f = await this.lockReferral(em, caseId, referralId, dto.version, dto.status);
      await recordAnswer(em, referralId, dto.status, dto.note ?? null);
      await event('referral_answered', { referralId, partnerName: f.partnerName, status: dto.status, note: dto.note?.trim() || null, via: 'staff' });
    });
    return this.overview(actor, caseId, ctx);
  }

  private overrideOf(actor: Actor, reason: string | undefined): string | null {
    const r = reason?.trim();
    if (!r) return null;
    if (!actor.permissions.has('consents:override')) throw DomainError.forbidden('Sending without consent needs the consents:override permission');
    return r;
  }

  private async sendOn(
    em: EntityManager,
    r: { id: string; organisationId: string; caseId: string; partner: Awaited<ReturnType<ReferralSending['partner']>> & object },
    basis: Awaited<ReturnType<ReferralSending['basis']>>,
    actor: Actor,
    event: (kind: 'referral_sent', data: Record<string, unknown>) => Promise<void>,
    ctx: RequestContext,
  ): Promise<void> {
    const answerBy = await this.sending.markSent(em, r, basis, actor.id);
    await event('referral_sent', { referralId: r.id, partnerName: r.partner.name, answerBy, basis: basis.kind, dataItems: basis.dataItems });
    if (basis.kind === 'override') {
      const [person] = await em.query('SELECT person_id FROM referral WHERE id = $1', [r.id]);
      await this.audit.record(
        {
          action: 'referral.consent_overridden',
          actor,
          personId: person?.person_id ?? null,
          entityType: 'referral',
          entityId: r.id,
          context: ctx,
          details: { partnerId: r.partner.id, reason: basis.reason },
        },
        em,
      );
    }
  }

  private async lockReferral(em: EntityManager, caseId: string, referralId: string, version: number, to: ReferralStatus) {
    const [f] = await em.query(
      `SELECT f.id, f.status, f.version, f.partner_id AS "partnerId", f.purpose, f.data_items AS "dataItems", p.name AS "partnerName"
         FROM referral f JOIN partner p ON p.id = f.partner_id WHERE f.id = $1 AND f.case_id = $2 FOR UPDATE OF f`,
      [referralId, caseId],
    );
    if (!f) throw DomainError.notFound('Referral');
    if (f.version !== version) {
      throw new DomainError(ErrorCode.VersionConflict, 'The referral was changed since you opened it', {
        currentVersion: f.version,
        current: (await em.query(`${REFERRAL_SELECT} WHERE f.id = $1`, [referralId, this.routing.today()]))[0],
      });
    }
    if (!canTransition(f.status, to)) {
      throw DomainError.conflict(`A ${f.status} referral cannot become ${to}`, { reason: 'invalid_transition', from: f.status, to });
    }
    return f as { id: string; status: ReferralStatus; partnerId: string; purpose: CreateReferralDto['purpose']; dataItems: CreateReferralDto['dataItems'] & string[]; partnerName: string };
  }
}

/** Records a partner's answer on a referral (already checked against the current status). */
export async function recordAnswer(em: EntityManager, referralId: string, status: PartnerAnswer, note: string | null): Promise<void> {
  const terminal = status === 'declined' || status === 'completed' || status === 'no_show';
  await em.query(
    `UPDATE referral SET status = $2, answered_at = CASE WHEN $2 IN ('accepted', 'declined') THEN now() ELSE answered_at END,
            closed_at = CASE WHEN $3 THEN now() ELSE closed_at END, last_note = COALESCE($4, last_note), updated_at = now(), version = version + 1
      WHERE id = $1`,
    [referralId, status, terminal, note?.trim() || null],
  );
}

/** Withdraws a live referral; a sent one also tells the partner to delete what it received. */
export async function withdrawReferral(
  em: EntityManager,
  r: { id: string; organisationId: string; caseId: string; partnerId: string },
  reason: string,
): Promise<void> {
  const [before] = await em.query('SELECT status FROM referral WHERE id = $1 FOR UPDATE', [r.id]);
  await em.query(
    `UPDATE referral SET status = 'withdrawn', closed_at = now(), last_note = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
    [r.id, reason],
  );
  if (before && before.status !== 'proposed') {
    await queuePartnerMessage(em, { organisationId: r.organisationId, partnerId: r.partnerId, caseId: r.caseId, referralId: r.id, type: 'referral.withdrawn' });
  }
}
