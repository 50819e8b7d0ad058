import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, QUEUES, writeOutbox } from '@forebyg/core';
import { demandDeadline, todayInCopenhagen } from '@forebyg/domain';
import { assessCase } from './case-assessment.js';
import { ReminderScheduler } from './case-reminders.js';
import { type EventActor, SYSTEM_ACTOR } from './case-events.js';
import { CASE_ROW_COLUMNS, CaseRepository, type CaseRow } from './case.repository.js';

const DEFAULT_BATCH = 2000;

export interface RefreshOptions {
  /**
   * Derive the facts from the case's parts (open tasks, contacts, agreements, referrals) first. Default true; the
   * arrears import changes none of those parts, so it passes false.
   */
  facts?: boolean;
  /**
   * Compute and write the assessment. Default true; false for a caller that wrote it with the case's own change
   * (assessmentColumns), leaving only the referral sweep request and the reminders.
   */
  assess?: boolean;
  /** Cases per round trip; default 2000. */
  batchSize?: number;
}

/** The facts the assessment is computed from, as CASE_ROW_COLUMNS reads them, with the two counted ones. */
export type AssessmentFacts = Pick<
  CaseRow,
  | 'stage'
  | 'openedAt'
  | 'arrearsOre'
  | 'monthlyRentOre'
  | 'oldestDueDate'
  | 'demandSentDate'
  | 'terminationDate'
  | 'legalHandoverDate'
  | 'courtFiledDate'
  | 'evictionDate'
  | 'childrenInHousehold'
  | 'lastContactAt'
  | 'riskOverrideLevel'
  | 'riskOverrideReason'
  | 'riskComputedLevel'
  | 'riskScore'
> & {
  /** Cases of the tenancy (this one included) with a påkrav in the 365 days up to today. */
  demands: number;
  /** The case has a broken payment agreement. */
  broken: boolean;
};

/** What the assessment writes on the case row, and the data of the risk_changed event when the computed level moved. */
export interface AssessedColumns {
  step: string | null;
  due: string | null;
  estimated: boolean;
  deadline: string | null;
  score: number;
  level: string;
  computed: string;
  reasons: unknown[];
  rank: number;
  riskChange: string | null;
}

/** The assessment of a case from its facts: the one definition the refresher and the arrears import share. */
export function assessmentColumns(row: AssessmentFacts, today: string): AssessedColumns {
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
  return {
    step: nextStep.step,
    due: nextStep.dueDate,
    estimated: nextStep.estimated,
    deadline: row.demandSentDate ? demandDeadline(row.demandSentDate) : null,
    score: risk.score,
    level: risk.level,
    computed: computedLevel,
    reasons: risk.reasons,
    rank: riskRank,
    riskChange:
      computedLevel !== row.riskComputedLevel
        ? JSON.stringify({ fromLevel: row.riskComputedLevel, toLevel: computedLevel, fromScore: row.riskScore, toScore: risk.score })
        : null,
  };
}

/** The columns of assessmentRecords, for `json_to_recordset(…) AS u(${ASSESSMENT_RECORD})`. */
export const ASSESSMENT_RECORD =
  'id uuid, step text, due date, estimated boolean, deadline date, score int, level text, computed text, reasons jsonb, rank int';

/**
 * The assessments of a batch as one JSON array, for `json_to_recordset($n::json) AS u(${ASSESSMENT_RECORD})`: one
 * parameter the database parses, rather than ten arrays the driver escapes element by element. `extra` adds
 * fields to the record of the i-th assessment.
 */
export function assessmentRecords(list: { id: string; a: AssessedColumns }[], extra?: (i: number) => Record<string, unknown>): string {
  return JSON.stringify(
    list.map(({ id, a }, i) => ({
      ...extra?.(i),
      id,
      step: a.step,
      due: a.due,
      estimated: a.estimated,
      deadline: a.deadline,
      score: a.score,
      level: a.level,
      computed: a.computed,
      reasons: a.reasons,
      rank: a.rank,
    })),
  );
}

/** The SET list that writes an assessment from a record `u`. */
export const ASSESSMENT_SET = `next_step = u.step, next_step_due = u.due, next_step_estimated = u.estimated, demand_deadline = u.deadline,
  risk_score = u.score, risk_level = u.level, risk_computed_level = u.computed, risk_reasons = u.reasons,
  risk_rank = u.rank, risk_computed_at = now(), updated_at = now()`;

/** The risk_changed events of a batch of assessments (those whose computed level moved). */
export async function recordRiskChanges(em: EntityManager, assessed: { id: string; a: AssessedColumns }[], actor: EventActor): Promise<void> {
  const changes = assessed.filter((x) => x.a.riskChange !== null);
  if (!changes.length) return;
  await em.query(
    `INSERT INTO case_event (case_id, kind, actor_type, actor_id, actor_label, data)
     SELECT u.id, 'risk_changed', $3, $4, $5, u.data::jsonb FROM unnest($1::uuid[], $2::text[]) AS u(id, data)`,
    [changes.map((c) => c.id), changes.map((c) => c.a.riskChange), actor.type, actor.id, actor.label],
  );
}

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
   * in batches and written back with one UPDATE per batch. Used by the nightly run and by sweeps; the arrears
   * import uses refreshListed.
   */
  async refreshMany(
    em: EntityManager,
    caseIds: readonly string[],
    actor: EventActor = SYSTEM_ACTOR,
    options: RefreshOptions | number = {},
  ): Promise<void> {
    if (caseIds.length === 0) return;
    const opts: RefreshOptions = typeof options === 'number' ? { batchSize: options } : options;
    const batchSize = opts.batchSize ?? DEFAULT_BATCH;
    if (opts.facts !== false) await this.refreshFacts(em, 'c.id = ANY($1::uuid[])', [caseIds]);
    await this.requestReferralSweep(em, 'c.id = ANY($1::uuid[])', [caseIds]);
    const today = this.today();
    for (let i = 0; i < caseIds.length; i += batchSize) {
      await this.assessAndRemind(em, caseIds.slice(i, i + batchSize), actor, today, opts.assess ?? true);
    }
  }

  /**
   * refreshMany for the cases listed in the `case_id` column of a table (a temporary table of the transaction, for
   * a few hundred thousand cases): the ids stay in the database and are read a batch at a time in id order.
   */
  async refreshListed(em: EntityManager, table: string, actor: EventActor = SYSTEM_ACTOR, options: RefreshOptions = {}): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    const listed = `c.id IN (SELECT case_id FROM ${table})`;
    if (options.facts !== false) await this.refreshFacts(em, listed, []);
    await this.requestReferralSweep(em, listed, []);
    const today = this.today();
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const rows: { id: string }[] = await em.query(`SELECT case_id AS id FROM ${table} WHERE case_id > $1 ORDER BY case_id LIMIT $2`, [
        after,
        batchSize,
      ]);
      if (!rows.length) return;
      await this.assessAndRemind(
        em,
        rows.map((r) => r.id),
        actor,
        today,
        options.assess ?? true,
      );
      after = rows[rows.length - 1]!.id;
    }
  }

  /** The facts derived from the case's parts, for the cases `where` selects (of case_file c). */
  private async refreshFacts(em: EntityManager, where: string, params: unknown[]): Promise<void> {
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
       WHERE ${where}`,
      params,
    );
  }

  /** The assessment of one batch of cases, written back (unless the caller wrote it), and their reminders. */
  private async assessAndRemind(em: EntityManager, batch: string[], actor: EventActor, today: string, assess: boolean): Promise<void> {
    if (assess) await this.assess(em, batch, actor, today);
    await this.reminders.sync(em, batch);
  }

  private async assess(em: EntityManager, batch: string[], actor: EventActor, today: string): Promise<void> {
    const rows: (CaseRow & { demands: number; broken: boolean })[] = await em.query(
      `SELECT ${CASE_ROW_COLUMNS},
              (SELECT count(*)::int FROM case_file o WHERE o.tenancy_id = c.tenancy_id
                 AND o.demand_sent_date > $2::date - 365 AND o.demand_sent_date <= $2::date) AS demands,
              EXISTS (SELECT 1 FROM payment_agreement a WHERE a.case_id = c.id AND a.status = 'broken') AS broken
         FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE c.id = ANY($1::uuid[])`,
      [batch, today],
    );
    const assessed = rows.map((row) => ({ id: row.id, a: assessmentColumns(row, today) }));
    await em.query(`UPDATE case_file c SET ${ASSESSMENT_SET} FROM json_to_recordset($1::json) AS u(${ASSESSMENT_RECORD}) WHERE c.id = u.id`, [
      assessmentRecords(assessed),
    ]);
    await recordRiskChanges(em, assessed, actor);
  }

  /**
   * The referral sweep in the worker routes cases that opened or changed stage, sends the municipal notice of a
   * case at the court stage and withdraws the referrals of closed cases. Asks for it (through the outbox, after
   * commit) when any of these cases needs it.
   */
  private async requestReferralSweep(em: EntityManager, where: string, params: unknown[]): Promise<void> {
    const [{ need }] = await em.query(
      `SELECT EXISTS (
         SELECT 1 FROM case_file c WHERE ${where} AND (
           (c.status = 'open' AND (c.routed_stage IS DISTINCT FROM c.stage
              OR (c.stage IN ('court', 'eviction_scheduled') AND NOT EXISTS (SELECT 1 FROM municipal_notice n WHERE n.case_id = c.id))))
           OR (c.status = 'closed' AND EXISTS (SELECT 1 FROM referral f WHERE f.case_id = c.id AND f.status IN ('proposed', 'sent', 'acknowledged', 'accepted'))))
       ) AS need`,
      params,
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
