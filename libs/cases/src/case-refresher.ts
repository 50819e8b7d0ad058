import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, QUEUES, writeOutbox } from '@forebyg/core';
import { demandDeadline, todayInCopenhagen } from '@forebyg/domain';
import { assessCase } from './case-assessment.js';
import { ReminderScheduler } from './case-reminders.js';
import { type EventActor, SYSTEM_ACTOR } from './case-events.js';
import { CASE_ROW_COLUMNS, CaseRepository, type CaseRow } from './case.repository.js';

/**
 * Keeps the facts on the case row true: the counts and dates derived from its parts (open tasks, last contact,
 * agreement state), then the deadline clock and the risk computed from them. Runs in the transaction of every
 * change to a case, and nightly for all open cases because days left and silence grow with the calendar.
 */
@Injectable()
export class CaseRefresher {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
    private readonly reminders: ReminderScheduler,
  ) {}

  today(): string {
    return todayInCopenhagen(this.clock.now());
  }

  /** Re-derives the facts and the assessment of one case (already locked by the caller). */
  async refresh(em: EntityManager, caseId: string, actor: EventActor = SYSTEM_ACTOR): Promise<void> {
    await this.refreshMany(em, [caseId], actor);
  }

  /**
   * The same for many cases at once, set-based: one UPDATE for the derived facts, then the assessment computed
   * in batches and written back with one UPDATE per batch. Used by the arrears import for every case a snapshot
   * touched, and by the nightly run.
   */
  async refreshMany(em: EntityManager, caseIds: readonly string[], actor: EventActor = SYSTEM_ACTOR, batchSize = 2000): Promise<void> {
    if (caseIds.length === 0) return;
    await em.query(
      `UPDATE case_file c SET
         open_task_count = (SELECT count(*) FROM case_task k WHERE k.case_id = c.id AND k.done_at IS NULL),
         earliest_open_task_due = (SELECT min(k.due_date) FROM case_task k WHERE k.case_id = c.id AND k.done_at IS NULL),
         last_contact_at = (SELECT max(x.at) FROM case_contact x WHERE x.case_id = c.id AND x.reached),
         last_contact_attempt_at = (SELECT max(x.at) FROM case_contact x WHERE x.case_id = c.id),
         agreement_status = (SELECT a.status FROM payment_agreement a WHERE a.case_id = c.id
                              ORDER BY (a.status = 'active') DESC, a.created_at DESC, a.id LIMIT 1),
         missed_instalment_count = (SELECT count(*) FROM agreement_instalment i JOIN payment_agreement a ON a.id = i.agreement_id
                                     WHERE a.case_id = c.id AND i.status = 'missed'),
         referral_accepted = EXISTS (SELECT 1 FROM referral f WHERE f.case_id = c.id AND f.status IN ('accepted', 'completed')),
         referral_answer_due = (SELECT min(f.answer_by) FROM referral f WHERE f.case_id = c.id AND f.status IN ('sent', 'acknowledged'))
       WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    );
    await this.requestReferralSweep(em, caseIds);
    const today = this.today();
    for (let i = 0; i < caseIds.length; i += batchSize) {
      const batch = caseIds.slice(i, i + batchSize);
      const rows: (CaseRow & { demands: number; broken: boolean })[] = await em.query(
        `SELECT ${CASE_ROW_COLUMNS},
                (SELECT count(*)::int FROM case_file o WHERE o.tenancy_id = c.tenancy_id
                   AND o.demand_sent_date > $2::date - 365 AND o.demand_sent_date <= $2::date) AS demands,
                EXISTS (SELECT 1 FROM payment_agreement a WHERE a.case_id = c.id AND a.status = 'broken') AS broken
           FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE c.id = ANY($1::uuid[])`,
        [batch, today],
      );
      const cols = {
        id: [] as string[],
        step: [] as (string | null)[],
        due: [] as (string | null)[],
        estimated: [] as boolean[],
        deadline: [] as (string | null)[],
        score: [] as number[],
        level: [] as string[],
        computed: [] as string[],
        reasons: [] as string[],
        rank: [] as number[],
      };
      const changes: { id: string; data: string }[] = [];
      for (const row of rows) {
        const { nextStep, risk, riskRank } = assessCase(
          {
            stage: row.stage,
            openedAt: new Date(row.openedAt),
            arrearsOre: row.arrearsOre,
            monthlyRentOre: row.monthlyRentOre,
            oldestDueDate: row.oldestDueDate,
            demandSentDate: row.demandSentDate,
            terminationDate: row.terminationDate,
            legalHandoverDate: row.legalHandoverDate,
            courtFiledDate: row.courtFiledDate,
            evictionDate: row.evictionDate,
            childrenInHousehold: row.childrenInHousehold,
            lastContactAt: row.lastContactAt ? new Date(row.lastContactAt) : null,
            demandsLast12Months: row.demands,
            brokenPaymentAgreement: row.broken,
            riskOverrideLevel: row.riskOverrideLevel,
            riskOverrideReason: row.riskOverrideReason,
          },
          today,
        );
        const computedLevel = 'computedLevel' in risk ? risk.computedLevel : risk.level;
        cols.id.push(row.id);
        cols.step.push(nextStep.step);
        cols.due.push(nextStep.dueDate);
        cols.estimated.push(nextStep.estimated);
        cols.deadline.push(row.demandSentDate ? demandDeadline(row.demandSentDate) : null);
        cols.score.push(risk.score);
        cols.level.push(risk.level);
        cols.computed.push(computedLevel);
        cols.reasons.push(JSON.stringify(risk.reasons));
        cols.rank.push(riskRank);
        if (computedLevel !== row.riskComputedLevel) {
          changes.push({
            id: row.id,
            data: JSON.stringify({ fromLevel: row.riskComputedLevel, toLevel: computedLevel, fromScore: row.riskScore, toScore: risk.score }),
          });
        }
      }
      await em.query(
        `UPDATE case_file c SET next_step = u.step, next_step_due = u.due, next_step_estimated = u.estimated, demand_deadline = u.deadline,
                risk_score = u.score, risk_level = u.level, risk_computed_level = u.computed, risk_reasons = u.reasons::jsonb,
                risk_rank = u.rank, risk_computed_at = now(), updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::date[], $4::boolean[], $5::date[], $6::int[], $7::text[], $8::text[], $9::text[], $10::int[])
                AS u(id, step, due, estimated, deadline, score, level, computed, reasons, rank)
          WHERE c.id = u.id`,
        [cols.id, cols.step, cols.due, cols.estimated, cols.deadline, cols.score, cols.level, cols.computed, cols.reasons, cols.rank],
      );
      if (changes.length) {
        await em.query(
          `INSERT INTO case_event (case_id, kind, actor_type, actor_id, actor_label, data)
           SELECT u.id, 'risk_changed', $3, $4, $5, u.data::jsonb FROM unnest($1::uuid[], $2::text[]) AS u(id, data)`,
          [changes.map((c) => c.id), changes.map((c) => c.data), actor.type, actor.id, actor.label],
        );
      }
      await this.reminders.sync(em, batch);
    }
  }

  /**
   * The referral sweep in the worker routes cases that opened or changed stage, sends the municipal notice of a
   * case at the court stage and withdraws the referrals of closed cases. Asks for it (through the outbox, after
   * commit) when any of these cases needs it.
   */
  private async requestReferralSweep(em: EntityManager, caseIds: readonly string[]): Promise<void> {
    const [{ need }] = await em.query(
      `SELECT EXISTS (
         SELECT 1 FROM case_file c WHERE c.id = ANY($1::uuid[]) AND (
           (c.status = 'open' AND (c.routed_stage IS DISTINCT FROM c.stage
              OR (c.stage IN ('court', 'eviction_scheduled') AND NOT EXISTS (SELECT 1 FROM municipal_notice n WHERE n.case_id = c.id))))
           OR (c.status = 'closed' AND EXISTS (SELECT 1 FROM referral f WHERE f.case_id = c.id AND f.status IN ('proposed', 'sent', 'acknowledged', 'accepted'))))
       ) AS need`,
      [caseIds],
    );
    if (need) await writeOutbox(em, [{ queue: QUEUES.referrals.name, jobName: QUEUES.referrals.jobs.sweep, payload: {} }]);
  }

  /**
   * Refreshes every open case, a batch per transaction so a long run never holds many locks. Returns the
   * number of cases refreshed. Used by the nightly job.
   */
  async refreshAllOpen(batchSize = 500): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let done = 0;
    for (;;) {
      const ids: { id: string }[] = await this.ds.query(
        `SELECT id FROM case_file WHERE status = 'open' AND id > $1 ORDER BY id LIMIT $2`,
        [after, batchSize],
      );
      if (ids.length === 0) return done;
      await this.ds.transaction(async (em) => {
        const locked: { id: string }[] = await em.query(
          `SELECT id FROM case_file WHERE id = ANY($1::uuid[]) AND status = 'open' ORDER BY id FOR UPDATE`,
          [ids.map((r) => r.id)],
        );
        await this.refreshMany(em, locked.map((r) => r.id));
      });
      done += ids.length;
      after = ids[ids.length - 1].id;
    }
  }
}
