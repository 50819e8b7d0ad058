import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, QUEUES, writeOutbox } from '@forebyg/core';
import { addCalendarDays, mondayOfIsoWeek, previousIsoWeek } from '@forebyg/domain';
import { eligibleLeadSql } from '@forebyg/organisation';

export const ESCALATION_REASONS = ['eviction_soon', 'no_contact', 'missed_instalment', 'overdue_tasks', 'risk_raised', 'referral_unanswered'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export interface EscalationSettings {
  evictionWithinDays: number;
  noContactDays: number;
  missedInstalment: boolean;
  overdueTasks: boolean;
  riskRaised: boolean;
  /** A referral sent to a partner and not answered by its deadline. */
  referralUnanswered: boolean;
}

export const DEFAULT_ESCALATION_SETTINGS: Readonly<EscalationSettings> = Object.freeze({
  evictionWithinDays: 21,
  noContactDays: 14,
  missedInstalment: true,
  overdueTasks: true,
  riskRaised: true,
  referralUnanswered: true,
});

export interface FlaggedCase {
  caseId: string;
  caseNumber: string;
  caseworkerId: string;
  departmentId: string;
  reasons: EscalationReason[];
  /** Flagged in the previous ISO week's run too. */
  flaggedLastWeek: boolean;
}

export interface EscalationMessage {
  userId: string;
  audience: 'caseworker' | 'lead';
  items: { caseId: string; caseNumber: string; reasons: EscalationReason[] }[];
}

/**
 * The weekly escalation. The selection reads only facts kept on the case row (indexed), so it stays fast over a
 * million cases. A run writes each message with a unique key (user, ISO week, audience) in one transaction per
 * organisation: run twice, raced by two workers, or re-run by the reconciler after a missed Monday, each
 * caseworker still gets exactly one message per week.
 */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async settings(organisationId: string, em: EntityManager = this.ds.manager): Promise<EscalationSettings & { version?: number }> {
    const [row] = await em.query(
      `SELECT version, eviction_within_days AS "evictionWithinDays", no_contact_days AS "noContactDays", missed_instalment AS "missedInstalment",
              overdue_tasks AS "overdueTasks", risk_raised AS "riskRaised",
              referral_unanswered AS "referralUnanswered" FROM escalation_setting WHERE organisation_id = $1`,
      [organisationId],
    );
    return row ?? { ...DEFAULT_ESCALATION_SETTINGS };
  }

  /** The open cases that need escalation in `week`, judged on the Monday of that week. */
  async select(em: EntityManager, organisationId: string, week: string, settings: EscalationSettings, caseworkerId?: string): Promise<FlaggedCase[]> {
    const monday = mondayOfIsoWeek(week);
    const params: unknown[] = [
      organisationId,
      monday,
      addCalendarDays(monday, settings.evictionWithinDays),
      addCalendarDays(monday, -settings.noContactDays),
      settings.missedInstalment,
      settings.overdueTasks,
      settings.riskRaised,
      previousIsoWeek(week),
      week,
      settings.referralUnanswered,
    ];
    let only = '';
    if (caseworkerId) {
      params.push(caseworkerId);
      only = `AND c.responsible_caseworker_id = $${params.length}`;
    }
    // Each criterion is also written out in the WHERE as one arm of an OR, so PostgreSQL can estimate it and use the
    // partial index kept for it (migration 1795300000007, a BitmapOr) instead of computing the reasons of every open
    // case. The booleans ($5-$7) are known when the statement is planned: a criterion switched off drops its arm.
    // Eviction soon counts only while no partner has accepted a referral (the tenant is then in someone's hands).
    const evictionSoon = 'c.eviction_date >= $2::date AND c.eviction_date <= $3::date AND NOT c.referral_accepted';
    const noContact = `COALESCE(c.last_contact_at, c.opened_at) < ($4::date)::timestamp AT TIME ZONE 'Europe/Copenhagen'`;
    const missedInstalment = '$5 AND c.missed_instalment_count > 0';
    const overdueTasks = '$6 AND c.earliest_open_task_due < $2::date';
    const riskRaised = '$7 AND c.escalation_baseline_week <> $9 AND c.risk_rank > c.escalation_baseline_rank';
    const referralUnanswered = '$10 AND c.referral_answer_due < $2::date';
    const rows: (Omit<FlaggedCase, 'reasons'> & { reasons: (EscalationReason | null)[] })[] = await em.query(
      `SELECT c.id AS "caseId", c.case_number AS "caseNumber", c.responsible_caseworker_id AS "caseworkerId", c.department_id AS "departmentId",
              c.escalated_week = $8 AS "flaggedLastWeek",
              ARRAY[
                CASE WHEN ${evictionSoon} THEN 'eviction_soon' END,
                CASE WHEN ${noContact} THEN 'no_contact' END,
                CASE WHEN ${missedInstalment} THEN 'missed_instalment' END,
                CASE WHEN ${overdueTasks} THEN 'overdue_tasks' END,
                CASE WHEN ${riskRaised} THEN 'risk_raised' END,
                CASE WHEN ${referralUnanswered} THEN 'referral_unanswered' END
              ] AS reasons
         FROM case_file c
        WHERE c.organisation_id = $1 AND c.status = 'open' AND c.responsible_caseworker_id IS NOT NULL ${only}
          AND ((${evictionSoon}) OR (${noContact}) OR (${missedInstalment}) OR (${overdueTasks}) OR (${riskRaised}) OR (${referralUnanswered}))
        ORDER BY c.responsible_caseworker_id, c.case_number`,
      params,
    );
    return rows.map((r) => ({ ...r, reasons: r.reasons.filter((x): x is EscalationReason => x !== null) }));
  }

  /** Messages for the flagged cases: one per caseworker, and one per department lead for cases flagged two weeks running. */
  async compose(em: EntityManager, flagged: FlaggedCase[]): Promise<EscalationMessage[]> {
    const byUser = new Map<string, EscalationMessage>();
    const add = (userId: string, audience: 'caseworker' | 'lead', c: FlaggedCase) => {
      const key = `${userId}|${audience}`;
      const msg = byUser.get(key) ?? { userId, audience, items: [] };
      msg.items.push({ caseId: c.caseId, caseNumber: c.caseNumber, reasons: c.reasons });
      byUser.set(key, msg);
    };
    for (const c of flagged) add(c.caseworkerId, 'caseworker', c);
    const twice = flagged.filter((c) => c.flaggedLastWeek);
    if (twice.length) {
      // A lead who no longer qualifies (disabled, moved out of the department) is skipped; the departments page shows it.
      const leads: { id: string; lead: string | null }[] = await em.query(
        `SELECT d.id, u.id AS lead FROM department d JOIN app_user u ON u.id = d.lead_user_id AND ${eligibleLeadSql('d.organisation_id', 'd.id')}
          WHERE d.id = ANY($1::uuid[])`,
        [[...new Set(twice.map((c) => c.departmentId))]],
      );
      const leadOf = new Map(leads.map((l) => [l.id, l.lead]));
      for (const c of twice) {
        const lead = leadOf.get(c.departmentId);
        if (lead) add(lead, 'lead', c);
      }
    }
    return [...byUser.values()];
  }

  /**
   * Runs the week for every organisation (or one). Returns the number of messages written now; messages that
   * already existed for the week are not written again.
   */
  async run(week: string, organisationId?: string): Promise<number> {
    const orgs: { id: string }[] = organisationId
      ? [{ id: organisationId }]
      : await this.ds.query('SELECT id FROM organisation ORDER BY id');
    let written = 0;
    for (const org of orgs) {
      written += await this.ds.transaction(async (em) => {
        // Two workers running the same week queue up here; the second finds the messages written.
        await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`escalation:${org.id}:${week}`]);
        const settings = await this.settings(org.id, em);
        const flagged = await this.select(em, org.id, week, settings);
        const messages = await this.compose(em, flagged);
        let count = 0;
        for (const m of messages) {
          const [row] = await em.query(
            `INSERT INTO weekly_escalation (organisation_id, iso_week, user_id, audience, items, case_count)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, iso_week, audience) DO NOTHING RETURNING id`,
            [org.id, week, m.userId, m.audience, JSON.stringify(m.items), m.items.length],
          );
          if (!row) continue;
          count++;
          const [user] = await em.query('SELECT notify_by_email AS "byEmail", disabled_at AS "disabledAt" FROM app_user WHERE id = $1', [m.userId]);
          // The weekly message always goes by e-mail too (that is its point), to every active user, when mail is set up.
          const mail = Boolean(this.config.SMTP_URL && user && !user.disabledAt);
          const [n] = await em.query(
            `INSERT INTO notification (organisation_id, user_id, kind, data, email_status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [
              org.id,
              m.userId,
              m.audience === 'lead' ? 'weekly_escalation_lead' : 'weekly_escalation',
              JSON.stringify({ isoWeek: week, escalationId: row.id, caseCount: m.items.length, caseNumbers: m.items.map((i) => i.caseNumber) }),
              mail ? 'pending' : 'none',
            ],
          );
          await em.query('UPDATE weekly_escalation SET notification_id = $2 WHERE id = $1', [row.id, n.id]);
          if (mail) await writeOutbox(em, [{ queue: QUEUES.mail.name, jobName: QUEUES.mail.jobs.notification, payload: { notificationId: n.id } }]);
        }
        // Remember what was flagged this week, and this week's risk as the baseline for "risk raised" next week. Only
        // the cases whose risk moved are written: rewriting every open case each week (850,000 rows in the bench)
        // took minutes and held the lock on every case of the organisation meanwhile. A case left alone keeps the
        // baseline it has, which is its risk at this run all the same.
        await em.query(`UPDATE case_file SET escalated_week = $2 WHERE id = ANY($1::uuid[])`, [flagged.map((f) => f.caseId), week]);
        await em.query(
          `UPDATE case_file SET escalation_baseline_rank = risk_rank, escalation_baseline_week = $2
            WHERE organisation_id = $1 AND status = 'open' AND escalation_baseline_rank IS DISTINCT FROM risk_rank`,
          [org.id, week],
        );
        await em.query(
          `INSERT INTO escalation_run (organisation_id, iso_week, messages) VALUES ($1, $2, $3)
           ON CONFLICT (organisation_id, iso_week) DO UPDATE SET messages = escalation_run.messages + EXCLUDED.messages, finished_at = now()`,
          [org.id, week, count],
        );
        return count;
      });
    }
    return written;
  }
}
