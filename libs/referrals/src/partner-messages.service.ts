import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError, Page, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import type { PartnerMessageStatus } from '@forebyg/domain';
import type { PartnerMessageQueryDto } from './referrals.dto.js';
import { enqueueDelivery } from './partner-messages.js';

export interface PartnerMessageView {
  id: string;
  type: string;
  channel: string;
  partnerId: string;
  partnerName: string;
  caseId: string | null;
  caseNumber: string | null;
  referralId: string | null;
  status: PartnerMessageStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
  resentAt: string | null;
}

const SELECT = `SELECT m.id, m.type, m.channel, m.partner_id AS "partnerId", p.name AS "partnerName", m.case_id AS "caseId", c.case_number AS "caseNumber",
  m.referral_id AS "referralId", m.status, m.attempts, m.last_status AS "lastStatus", m.last_error AS "lastError", m.last_attempt_at AS "lastAttemptAt",
  m.created_at AS "createdAt", m.delivered_at AS "deliveredAt", m.dead_at AS "deadAt", m.resent_at AS "resentAt"
  FROM partner_message m JOIN partner p ON p.id = m.partner_id LEFT JOIN case_file c ON c.id = m.case_id`;

/** Admins' view of the messages to partners: delivery state, the dead letter, and resending a dead message. */
@Injectable()
export class PartnerMessagesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PartnerMessageQueryDto): Promise<Page<PartnerMessageView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    const params: unknown[] = [actor.organisationId, query.status ?? null];
    const where = 'WHERE m.organisation_id = $1 AND ($2::text IS NULL OR m.status = $2)';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM partner_message m ${where}`, params);
    const items = await this.ds.query(
      `${SELECT} ${where} ORDER BY COALESCE(m.dead_at, m.created_at) DESC, m.id LIMIT $3 OFFSET $4`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items, page, pageSize, total };
  }

  /** A dead message goes out again with the same webhook-id and a fresh round of attempts. */
  async resend(actor: Actor, id: string, ctx: RequestContext): Promise<PartnerMessageView> {
    await this.ds.transaction(async (em) => {
      const [m] = await em.query('SELECT id, status FROM partner_message WHERE id = $1 AND organisation_id = $2 FOR UPDATE', [id, actor.organisationId]);
      if (!m) throw DomainError.notFound('Message');
      if (m.status !== 'dead') throw DomainError.conflict('Only a message in the dead letter can be resent', { reason: 'not_dead', status: m.status });
      await em.query(
        `UPDATE partner_message SET status = 'pending', attempts = 0, dead_at = NULL, resent_at = now(), resent_by = $2 WHERE id = $1`,
        [id, actor.id],
      );
      await enqueueDelivery(em, id);
      await this.audit.record({ action: 'partner.message_resent', actor, entityType: 'partner_message', entityId: id, context: ctx }, em);
    });
    const [view] = await this.ds.query(`${SELECT} WHERE m.id = $1`, [id]);
    return view;
  }
}
