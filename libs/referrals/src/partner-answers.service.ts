import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { CaseRefresher, CaseRepository, recordCaseEvent } from '@forebyg/cases';
import {
  canTransition,
  partnerAnswersFrom,
  verifyRespondToken,
  verifyWebhook,
  type PartnerAnswer,
  type ReferralStatus,
  type SharedDataItem,
} from '@forebyg/domain';
import { MessageContent, type TenantData } from './message-content.js';
import { PartnerSecrets } from './partner-secrets.js';
import { recordAnswer } from './referrals.service.js';
import { RoutingContext } from './routing-context.js';

export interface LinkView {
  kind: 'referral' | 'notice';
  caseReference: string;
  partnerName: string;
  purpose: string | null;
  answerBy: string | null;
  status: string | null;
  tenant: TenantData;
  legalBasis: string | null;
  /** The answers the partner can give now (none for a notice or a finished referral). */
  allowed: PartnerAnswer[];
}

/**
 * The longest webhook-id accepted. Standard Webhooks ids are short (`msg_` and a KSUID); a signed id longer than a
 * btree index entry can hold would fail remembering it for replay detection, so it is refused as input.
 */
export const MAX_WEBHOOK_ID_LENGTH = 256;

const unauthenticated = (reason: string, message: string) => new DomainError(ErrorCode.Unauthenticated, message, { reason });

/**
 * Answers from partners: a signed callback (Standard Webhooks signature with the partner's secret, timestamp within
 * five minutes, each webhook-id once) or the signed link of the e-mail. Either moves the referral on if the status
 * follows from the current one (else 409), puts the answer on the case's timeline and refreshes the case.
 */
@Injectable()
export class PartnerAnswersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: PartnerSecrets,
    private readonly content: MessageContent,
    private readonly routing: RoutingContext,
    private readonly cases: CaseRepository,
    private readonly refresher: CaseRefresher,
    private readonly audit: AuditService,
  ) {}

  async callback(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string | undefined,
    body: { referralId: string; status: PartnerAnswer; note?: string },
    ctx: RequestContext,
  ): Promise<{ referralId: string; status: ReferralStatus }> {
    const [row] = await this.ds.query(
      `SELECT f.id, f.organisation_id AS "organisationId", p.id AS "partnerId", p.secret_encrypted, p.previous_secret_encrypted, p.previous_secret_until
         FROM referral f JOIN partner p ON p.id = f.partner_id WHERE f.id = $1`,
      [body.referralId],
    );
    const reject = async (reason: string) => {
      await this.audit.record({
        action: 'referral.partner_answer_rejected',
        outcome: 'denied',
        actorType: 'anonymous',
        organisationId: row?.organisationId ?? null,
        entityType: 'referral',
        entityId: body.referralId,
        context: ctx,
        details: { reason },
      });
    };
    // Unknown referral and bad signature look the same from outside: nothing to verify against is a failed verification.
    if (!row || rawBody === undefined) {
      await reject('bad_signature');
      throw unauthenticated('bad_signature', 'The signature does not verify');
    }
    const verified = verifyWebhook({ secrets: this.secrets.secretsOf(row, this.routing.now()), headers, body: rawBody, now: this.routing.now() });
    if (!verified.ok) {
      await reject(verified.reason);
      throw verified.reason === 'missing_headers'
        ? unauthenticated('missing_headers', 'Sign the request: webhook-id, webhook-timestamp and webhook-signature headers')
        : unauthenticated(verified.reason, verified.reason === 'bad_signature' ? 'The signature does not verify' : 'The timestamp is more than five minutes off');
    }
    if (verified.id.length > MAX_WEBHOOK_ID_LENGTH) {
      await reject('invalid_webhook_id');
      throw DomainError.validation([
        { field: 'webhook-id', reason: 'maxLength', message: `webhook-id must be at most ${MAX_WEBHOOK_ID_LENGTH} characters` },
      ]);
    }
    return this.ds.transaction(async (em) => {
      const [seen] = await em.query(
        `INSERT INTO partner_response_seen (partner_id, webhook_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING webhook_id`,
        [row.partnerId, verified.id],
      );
      if (!seen) {
        await reject('replayed');
        throw DomainError.conflict('This webhook-id was already received', { reason: 'replayed' });
      }
      const status = await this.apply(em, body.referralId, body.status, body.note ?? null, 'webhook', ctx);
      return { referralId: body.referralId, status };
    });
  }

  /** What the signed link shows: the case reference, the purpose and deadline, the consented data. Audited. */
  async linkView(subjectId: string, token: string, ctx: RequestContext): Promise<LinkView> {
    this.checkToken(subjectId, token);
    const em = this.ds.manager;
    const [f] = await em.query(
      `SELECT f.id, f.organisation_id AS "organisationId", f.case_id AS "caseId", f.person_id AS "personId", f.purpose, f.status, f.data_items AS "dataItems",
              to_char(f.answer_by, 'YYYY-MM-DD') AS "answerBy", p.name AS "partnerName", c.case_number AS "caseReference", c.tenancy_id AS "tenancyId"
         FROM referral f JOIN partner p ON p.id = f.partner_id JOIN case_file c ON c.id = f.case_id WHERE f.id = $1`,
      [subjectId],
    );
    if (f) {
      const tenant = f.status === 'withdrawn' ? {} : await this.content.tenant(em, f.personId, f.tenancyId, f.dataItems as SharedDataItem[]);
      await this.linkAudit(f.organisationId, f.personId, 'referral', f.id, ctx);
      return {
        kind: 'referral',
        caseReference: f.caseReference,
        partnerName: f.partnerName,
        purpose: f.purpose,
        answerBy: f.answerBy,
        status: f.status,
        tenant,
        legalBasis: null,
        allowed: partnerAnswersFrom(f.status),
      };
    }
    const [n] = await em.query(
      `SELECT n.id, n.organisation_id AS "organisationId", n.legal_basis AS "legalBasis", p.name AS "partnerName", c.case_number AS "caseReference",
              c.tenancy_id AS "tenancyId",
              (SELECT h.person_id FROM household_member h WHERE h.tenancy_id = c.tenancy_id ORDER BY (h.role = 'tenant') DESC, h.since NULLS LAST, h.person_id LIMIT 1) AS "personId"
         FROM municipal_notice n JOIN partner p ON p.id = n.partner_id JOIN case_file c ON c.id = n.case_id WHERE n.id = $1`,
      [subjectId],
    );
    if (!n) throw DomainError.notFound('Referral');
    await this.linkAudit(n.organisationId, n.personId, 'municipal_notice', n.id, ctx);
    return {
      kind: 'notice',
      caseReference: n.caseReference,
      partnerName: n.partnerName,
      purpose: null,
      answerBy: null,
      status: null,
      tenant: await this.content.tenant(em, n.personId, n.tenancyId, ['name', 'address']),
      legalBasis: n.legalBasis,
      allowed: [],
    };
  }

  async linkAnswer(referralId: string, token: string, status: PartnerAnswer, note: string | null, ctx: RequestContext): Promise<LinkView> {
    this.checkToken(referralId, token);
    await this.ds.transaction((em) => this.apply(em, referralId, status, note, 'link', ctx));
    return this.linkView(referralId, token, ctx);
  }

  private checkToken(subjectId: string, token: string): void {
    if (!verifyRespondToken(this.content.key, subjectId, token, this.routing.now())) {
      throw unauthenticated('invalid_link', 'The link is not valid or has expired');
    }
  }

  private async linkAudit(organisationId: string, personId: string | null, entityType: string, entityId: string, ctx: RequestContext): Promise<void> {
    await this.audit.record({
      action: 'referral.read',
      actorType: 'anonymous',
      actorLabel: 'partner link',
      organisationId,
      personId,
      entityType,
      entityId,
      context: ctx,
    });
  }

  /** Moves the referral to the partner's answer: 404 unknown, 409 when the status does not follow. */
  private async apply(em: EntityManager, referralId: string, status: PartnerAnswer, note: string | null, via: 'webhook' | 'link', ctx: RequestContext): Promise<ReferralStatus> {
    const [ref] = await em.query('SELECT case_id AS "caseId" FROM referral WHERE id = $1', [referralId]);
    if (!ref) throw DomainError.notFound('Referral');
    // The case first, then the referral: the same order as every change made through CaseWriter.
    await this.cases.lockById(em, ref.caseId);
    const [f] = await em.query(
      `SELECT f.id, f.status, f.organisation_id AS "organisationId", f.person_id AS "personId", p.name AS "partnerName"
         FROM referral f JOIN partner p ON p.id = f.partner_id WHERE f.id = $1 FOR UPDATE OF f`,
      [referralId],
    );
    if (!canTransition(f.status, status)) {
      throw DomainError.conflict(`A ${f.status} referral cannot become ${status}`, { reason: 'invalid_transition', from: f.status, to: status });
    }
    await recordAnswer(em, referralId, status, note);
    await recordCaseEvent(em, ref.caseId, { type: 'system', id: null, label: f.partnerName }, 'referral_answered', {
      referralId,
      partnerName: f.partnerName,
      status,
      note: note?.trim() || null,
      via,
    });
    await this.refresher.refresh(em, ref.caseId);
    await this.audit.record(
      {
        action: 'referral.partner_answered',
        actorType: 'anonymous',
        actorLabel: `partner ${via}`,
        organisationId: f.organisationId,
        personId: f.personId,
        entityType: 'referral',
        entityId: referralId,
        context: ctx,
        details: { status, from: f.status },
      },
      em,
    );
    return status;
  }
}
