import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@forebyg/audit';
import { CaseRefresher, recordCaseEvent, type EventActor, SYSTEM_ACTOR } from '@forebyg/cases';
import { autoProposals } from '@forebyg/domain';
import { MUNICIPAL_NOTICE_LEGAL_BASIS } from './message-content.js';
import { queuePartnerMessage } from './partner-messages.js';
import { withdrawReferral } from './referrals.service.js';
import { ReferralSending } from './referral-sending.js';
import { type OrganisationRouting, RoutingContext } from './routing-context.js';

const BATCH = 100;
/** Cases marked routed per statement where routing has nothing to propose. */
const SET_BATCH = 5000;
const ROUTING_ACTOR: EventActor = { type: 'system', id: null, label: 'automatic routing' };

export interface SweepResult {
  routed: number;
  proposed: number;
  sent: number;
  notices: number;
  withdrawn: number;
}

/**
 * The referral work no user click starts, idempotent and safe to run by several workers at once (rows are claimed
 * with SKIP LOCKED, uniqueness is in the schema): automatic routing of cases that opened or changed stage; the
 * statutory notice to the municipality of a case at the court stage, once per case; and the withdrawal of
 * referrals whose case closed or whose consent was withdrawn.
 */
@Injectable()
export class ReferralSweep {
  private readonly logger = new Logger(ReferralSweep.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly routing: RoutingContext,
    private readonly sending: ReferralSending,
    private readonly refresher: CaseRefresher,
    private readonly audit: AuditService,
  ) {}

  async run(): Promise<SweepResult> {
    const result: SweepResult = { routed: 0, proposed: 0, sent: 0, notices: 0, withdrawn: 0 };
    result.routed += await this.markNothingToRoute();
    for (;;) {
      const n = await this.ds.transaction((em) => this.routeBatch(em, result));
      if (n < BATCH) break;
    }
    for (;;) {
      const n = await this.ds.transaction((em) => this.noticeBatch(em));
      result.notices += n;
      if (n < BATCH) break;
    }
    for (;;) {
      const n = await this.ds.transaction((em) => this.withdrawBatch(em));
      result.withdrawn += n;
      if (n < BATCH) break;
    }
    if (result.proposed || result.notices || result.withdrawn) this.logger.log(result, 'referral sweep');
    return result;
  }

  /**
   * Cases automatic routing would propose nothing for, marked routed a set at a time instead of one by one: those
   * of an organisation without active partners or with `maxProposals` 0, new cases where `auto.onOpen` is off, moved
   * cases where `auto.onStageChange` is off. After a first import of a whole portfolio these are most cases.
   */
  private async markNothingToRoute(): Promise<number> {
    let marked = 0;
    const orgs: { id: string }[] = await this.ds.query(
      `SELECT DISTINCT organisation_id AS id FROM case_file WHERE status = 'open' AND routed_stage IS DISTINCT FROM stage`,
    );
    for (const { id } of orgs) {
      const which = await this.ds.transaction(async (em) => {
        const { rules: { auto }, partners } = await this.routing.organisationInput(em, id);
        if (!partners.length || auto.maxProposals <= 0 || (!auto.onOpen && !auto.onStageChange)) return 'true';
        if (!auto.onOpen) return 'routed_stage IS NULL';
        if (!auto.onStageChange) return 'routed_stage IS NOT NULL';
        return null;
      });
      if (!which) continue;
      for (;;) {
        const n = await this.ds.transaction(async (em) => {
          const rows: unknown = await em.query(
            `UPDATE case_file SET routed_stage = stage WHERE id IN (
               SELECT id FROM case_file WHERE organisation_id = $1 AND status = 'open' AND routed_stage IS DISTINCT FROM stage AND ${which}
                LIMIT $2 FOR UPDATE SKIP LOCKED)`,
            [id, SET_BATCH],
          );
          return Array.isArray(rows) && typeof rows[1] === 'number' ? rows[1] : 0;
        });
        marked += n;
        if (n < SET_BATCH) break;
      }
    }
    return marked;
  }

  /** Automatic routing for open cases whose routed stage differs from their stage (new cases: none yet). */
  private async routeBatch(em: EntityManager, result: SweepResult): Promise<number> {
    const cases: { id: string; organisationId: string; tenancyId: string; routedStage: string | null; stage: string }[] = await em.query(
      `SELECT id, organisation_id AS "organisationId", tenancy_id AS "tenancyId", routed_stage AS "routedStage", stage FROM case_file
        WHERE status = 'open' AND routed_stage IS DISTINCT FROM stage ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [BATCH],
    );
    const touched: string[] = [];
    const orgs = new Map<string, OrganisationRouting>();
    for (const c of cases) {
      let org = orgs.get(c.organisationId);
      if (!org) orgs.set(c.organisationId, (org = await this.routing.organisationInput(em, c.organisationId)));
      const input = await this.routing.input(em, c.id, undefined, org);
      const auto = input.rules.auto;
      const wanted = c.routedStage === null ? auto.onOpen : auto.onStageChange;
      if (wanted) {
        for (const rec of autoProposals(this.routing.recommend(input), auto)) {
          const [row] = await em.query(
            `INSERT INTO referral (organisation_id, case_id, person_id, partner_id, partner_version, purpose, status, origin, score, reasons)
             SELECT $1, $2, $3, p.id, p.version, $5, 'proposed', 'automatic', $6, $7 FROM partner p WHERE p.id = $4
             ON CONFLICT (case_id, partner_id) WHERE status IN ('proposed', 'sent', 'acknowledged', 'accepted') DO NOTHING RETURNING id`,
            [c.organisationId, c.id, input.primaryPersonId, rec.partnerId, rec.purpose, rec.score, JSON.stringify(rec.reasons)],
          );
          if (!row) continue;
          result.proposed++;
          touched.push(c.id);
          await recordCaseEvent(em, c.id, ROUTING_ACTOR, 'referral_proposed', {
            referralId: row.id,
            partnerId: rec.partnerId,
            partnerName: rec.partnerName,
            purpose: rec.purpose,
            origin: 'automatic',
            stage: c.stage,
          });
          // Configured to send at once where no consent is needed (the own counselling); everything else waits
          // for the counsellor's confirmation.
          if (auto.mode === 'send_without_consent' && !rec.needsConsent) {
            const partner = await this.sending.partner(em, c.organisationId, rec.partnerId);
            if (!partner || partner.requiresConsent) continue;
            const basis = await this.sending.basis(em, c.tenancyId, partner, rec.purpose, undefined, null);
            const answerBy = await this.sending.markSent(em, { id: row.id, organisationId: c.organisationId, caseId: c.id, partner }, basis, null);
            await recordCaseEvent(em, c.id, ROUTING_ACTOR, 'referral_sent', { referralId: row.id, partnerName: partner.name, answerBy, basis: basis.kind, dataItems: basis.dataItems });
            result.sent++;
          }
        }
      }
      await em.query('UPDATE case_file SET routed_stage = stage WHERE id = $1', [c.id]);
      result.routed++;
    }
    if (touched.length) await this.refresher.refreshMany(em, [...new Set(touched)], ROUTING_ACTOR);
    return cases.length;
  }

  /** Court-stage cases without their notice, in municipalities with an active contact point. */
  private async noticeBatch(em: EntityManager): Promise<number> {
    const due: { caseId: string; organisationId: string; stage: string; municipalityCode: string; partnerId: string; partnerVersion: number; tenancyId: string }[] =
      await em.query(
        `SELECT c.id AS "caseId", c.organisation_id AS "organisationId", c.stage, d.municipality_code AS "municipalityCode", c.tenancy_id AS "tenancyId",
                p.id AS "partnerId", p.version AS "partnerVersion"
           FROM case_file c
           JOIN department d ON d.id = c.department_id
           JOIN partner p ON p.organisation_id = c.organisation_id AND p.kind = 'municipal' AND p.active AND p.municipality_code = d.municipality_code
          WHERE c.status = 'open' AND c.stage IN ('court', 'eviction_scheduled')
            AND NOT EXISTS (SELECT 1 FROM municipal_notice n WHERE n.case_id = c.id)
          ORDER BY c.id LIMIT $1 FOR UPDATE OF c SKIP LOCKED`,
        [BATCH],
      );
    for (const n of due) {
      const messageId = await queuePartnerMessage(em, { organisationId: n.organisationId, partnerId: n.partnerId, caseId: n.caseId, referralId: null, type: 'municipal.notice' });
      const [notice] = await em.query(
        `INSERT INTO municipal_notice (organisation_id, case_id, municipality_code, partner_id, partner_version, message_id, legal_basis, stage)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (case_id) DO NOTHING RETURNING id`,
        [n.organisationId, n.caseId, n.municipalityCode, n.partnerId, n.partnerVersion, messageId, MUNICIPAL_NOTICE_LEGAL_BASIS, n.stage],
      );
      if (!notice) throw new Error('municipal notice raced'); // the row lock above makes this unreachable; rolls the message back if not
      await recordCaseEvent(em, n.caseId, SYSTEM_ACTOR, 'municipal_notice_sent', { noticeId: notice.id, partnerId: n.partnerId, legalBasis: MUNICIPAL_NOTICE_LEGAL_BASIS, stage: n.stage });
      const [person] = await em.query(
        `SELECT person_id FROM household_member WHERE tenancy_id = $1 ORDER BY (role = 'tenant') DESC, since NULLS LAST, person_id LIMIT 1`,
        [n.tenancyId],
      );
      await this.audit.record(
        {
          action: 'municipal_notice.sent',
          actorType: 'system',
          actorLabel: 'referral sweep',
          organisationId: n.organisationId,
          personId: person?.person_id ?? null,
          entityType: 'case',
          entityId: n.caseId,
          purpose: MUNICIPAL_NOTICE_LEGAL_BASIS,
          details: { noticeId: notice.id, partnerId: n.partnerId, municipalityCode: n.municipalityCode, dataItems: ['name', 'address'] },
        },
        em,
      );
    }
    return due.length;
  }

  /** Live referrals of closed cases, and sent ones resting on a withdrawn consent: withdrawn, the partner told. */
  private async withdrawBatch(em: EntityManager): Promise<number> {
    const rows: { id: string; organisationId: string; caseId: string; partnerId: string; partnerName: string; status: string; why: string }[] = await em.query(
      `SELECT f.id, f.organisation_id AS "organisationId", f.case_id AS "caseId", f.partner_id AS "partnerId", p.name AS "partnerName", f.status,
              CASE WHEN c.status = 'closed' THEN 'case_closed' ELSE 'consent_withdrawn' END AS why
         FROM referral f JOIN case_file c ON c.id = f.case_id JOIN partner p ON p.id = f.partner_id
         LEFT JOIN consent k ON k.id = f.consent_id
        WHERE f.status IN ('proposed', 'sent', 'acknowledged', 'accepted')
          AND (c.status = 'closed' OR (k.withdrawn_at IS NOT NULL AND k.withdrawn_at <= now()))
        ORDER BY f.id LIMIT $1 FOR UPDATE OF f SKIP LOCKED`,
      [BATCH],
    );
    for (const r of rows) {
      if (r.status === 'proposed') {
        await em.query(`UPDATE referral SET status = 'dismissed', closed_at = now(), last_note = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [r.id, r.why]);
        await recordCaseEvent(em, r.caseId, SYSTEM_ACTOR, 'referral_dismissed', { referralId: r.id, partnerName: r.partnerName, reason: r.why });
      } else {
        await withdrawReferral(em, r, r.why);
        await recordCaseEvent(em, r.caseId, SYSTEM_ACTOR, 'referral_withdrawn', { referralId: r.id, partnerName: r.partnerName, reason: r.why });
      }
    }
    if (rows.length) {
      const open: { id: string }[] = await em.query(`SELECT id FROM case_file WHERE id = ANY($1::uuid[]) AND status = 'open'`, [[...new Set(rows.map((r) => r.caseId))]]);
      if (open.length) await this.refresher.refreshMany(em, open.map((o) => o.id));
    }
    return rows.length;
  }
}
