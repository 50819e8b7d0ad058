import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@forebyg/core';
import { demandDeadline, todayInCopenhagen } from '@forebyg/domain';
import { assessCase } from './case-assessment.js';
import { recordCaseEvent, type EventActor, SYSTEM_ACTOR } from './case-events.js';
import { CaseRepository } from './case.repository.js';

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
  ) {}

  today(): string {
    return todayInCopenhagen(this.clock.now());
  }

  /** Re-derives the facts and the assessment of one case (already locked by the caller). */
  async refresh(em: EntityManager, caseId: string, actor: EventActor = SYSTEM_ACTOR): Promise<void> {
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
         demand_deadline = NULL
       WHERE c.id = $1`,
      [caseId],
    );
    const row = await this.cases.row(em, caseId);
    const today = this.today();
    const [extra] = await em.query(
      `SELECT (SELECT count(*)::int FROM case_file o WHERE o.tenancy_id = $2 AND o.demand_sent_date > $3::date - 365 AND o.demand_sent_date <= $3::date) AS demands,
              EXISTS (SELECT 1 FROM payment_agreement a WHERE a.case_id = $1 AND a.status = 'broken') AS broken`,
      [caseId, row.tenancyId, today],
    );
    const assessment = assessCase(
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
        demandsLast12Months: extra.demands,
        brokenPaymentAgreement: extra.broken,
        riskOverrideLevel: row.riskOverrideLevel,
        riskOverrideReason: row.riskOverrideReason,
      },
      today,
    );
    const { nextStep, risk, riskRank } = assessment;
    const computedLevel = 'computedLevel' in risk ? risk.computedLevel : risk.level;
    await em.query(
      `UPDATE case_file SET next_step = $2, next_step_due = $3, next_step_estimated = $4, demand_deadline = $5,
              risk_score = $6, risk_level = $7, risk_computed_level = $8, risk_reasons = $9, risk_rank = $10,
              risk_computed_at = now(), updated_at = now()
        WHERE id = $1`,
      [
        caseId,
        nextStep.step,
        nextStep.dueDate,
        nextStep.estimated,
        row.demandSentDate ? demandDeadline(row.demandSentDate) : null,
        risk.score,
        risk.level,
        computedLevel,
        JSON.stringify(risk.reasons),
        riskRank,
      ],
    );
    if (computedLevel !== row.riskComputedLevel) {
      await recordCaseEvent(em, caseId, actor, 'risk_changed', {
        fromLevel: row.riskComputedLevel,
        toLevel: computedLevel,
        fromScore: row.riskScore,
        toScore: risk.score,
      });
    }
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
        for (const { id } of ids) {
          const locked = await this.cases.lockById(em, id);
          if (locked?.status === 'open') await this.refresh(em, id);
        }
      });
      done += ids.length;
      after = ids[ids.length - 1].id;
    }
  }
}
