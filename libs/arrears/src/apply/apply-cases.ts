import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  ASSESSMENT_SET,
  assessmentColumns,
  type AssessmentFacts,
  ASSESSMENT_RECORD,
  assessmentRecords,
  recordRiskChanges,
  SYSTEM_ACTOR,
} from '@forebyg/cases';
import { DEFAULT_TRIGGER_RULE } from '../trigger-rules.js';
import { analyseIfGrown, type ApplyContext, countOf, DERIVED_STAGE, STAGE_RANK } from './apply-context.js';

/**
 * The case side of applying a snapshot: open cases take the ledger's figures, new cases open by the trigger
 * rules, cases of tenancies that paid drop to zero, and cases at zero long enough close.
 *
 * A case is written once: the new figures and the assessment computed from them (assessmentColumns, the
 * refresher's own definition) go into the same UPDATE or INSERT, a batch at a time, instead of the import writing
 * the row and the refresher writing it again (every write of a case row is an entry in each of its twenty
 * indexes). What is to change is worked out in SQL first, into temporary tables, with the facts the assessment
 * needs. The cases written go into `arrears_touched`, for their reminders and the referral sweep.
 */

/** A date in the 365 days up to `today` (a parameter), as the refresher counts påkrav. */
const IN_YEAR = (col: string, today: string) => `${col} > ${today}::date - 365 AND ${col} <= ${today}::date`;
/** The same as 0 or 1 (a null date is 0). */
const inYear = (col: string, today: string) => `COALESCE(${IN_YEAR(col, today)}, false)::int`;
/** Per tenancy, its cases with a påkrav in that year: one pass over case_file instead of a lookup per case. */
const DEMANDS_BY_TENANCY = (today: string) =>
  `SELECT tenancy_id, count(*)::int AS n FROM case_file WHERE ${IN_YEAR('demand_sent_date', today)} GROUP BY tenancy_id`;

/** Cases per round trip; small, so that a batch is garbage before the worker's young generation is collected twice. */
const BATCH = 500;

/** The risk columns' defaults (migration 1795300000002): the "before" of a new case's first assessment. */
const NEW_CASE_RISK = { riskComputedLevel: 'low', riskScore: 0 } as const;

export async function createTouched(em: EntityManager): Promise<void> {
  await em.query('CREATE TEMP TABLE arrears_touched (case_id uuid PRIMARY KEY) ON COMMIT DROP');
}

export interface CaseChanges {
  updated: number;
  /** Updated cases whose arrears went to zero, and open cases of tenancies absent from the snapshot. */
  cleared: number;
}

/**
 * `arrears_case_change`: open cases of tenancies in the snapshot where something changes (`update`: the ledger's
 * arrears and dates; the stage moves forward to what the dates show, never back, since a counsellor may know more
 * than the ledger), and open cases in arrears of tenancies absent from it (`absent`: they paid, arrears 0). With
 * the facts their assessment needs, and whether the close rule closes them in this same apply (`closing`: those
 * keep their assessment, as a closed case does).
 */
export async function prepareCaseChanges(em: EntityManager, ctx: ApplyContext, today: string): Promise<CaseChanges> {
  // The påkrav of the tenancy's other cases in the year up to today, counted once for all (the assessment's
  // demandsLast12Months counts the tenancy's cases, this one with its new date).
  const demands = (param: string) => `LEFT JOIN (${DEMANDS_BY_TENANCY(param)}) d ON d.tenancy_id = c.tenancy_id`;
  const others = (param: string) => `COALESCE(d.n, 0) - ${inYear('c.demand_sent_date', param)}`;
  const facts = `c.opened_at, c.legal_handover_date, c.last_contact_at, c.risk_override_level, c.risk_override_reason,
                 c.risk_computed_level, c.risk_score`;
  await em.query(
    `CREATE TEMP TABLE arrears_case_change ON COMMIT DROP AS
     SELECT * FROM (
       SELECT c.id AS case_id, 'update'::text AS kind, c.tenancy_id, c.department_id, c.stage AS old_stage,
              CASE WHEN ${STAGE_RANK(DERIVED_STAGE)} > ${STAGE_RANK('c.stage')} THEN ${DERIVED_STAGE} ELSE c.stage END AS new_stage,
              c.arrears_ore AS old_arrears, s.arrears_ore AS new_arrears,
              c.oldest_due_date AS old_due, COALESCE(s.oldest_due_date, c.oldest_due_date) AS new_due,
              c.demand_sent_date AS old_demand, COALESCE(s.demand_sent_date, c.demand_sent_date) AS new_demand,
              c.termination_date AS old_termination, COALESCE(s.termination_date, c.termination_date) AS new_termination,
              c.court_filed_date AS old_court, COALESCE(s.court_filed_date, c.court_filed_date) AS new_court,
              c.eviction_date AS old_eviction, COALESCE(s.eviction_date, c.eviction_date) AS new_eviction,
              c.children_in_household AS old_children, COALESCE(s.children, c.children_in_household) AS new_children,
              c.arrears_zero_since AS old_zero_since, ${facts}, s.rent, ${others('$2')} AS demands_other,
              false AS closing
         FROM case_file c JOIN arrears_rows s ON s.tenancy_id = c.tenancy_id ${demands('$2')}
        WHERE c.organisation_id = $1 AND c.status = 'open' AND s.fresh) x
      WHERE (old_stage, old_arrears, old_due, old_demand, old_termination, old_court, old_eviction, old_children)
            IS DISTINCT FROM (new_stage, new_arrears, new_due, new_demand, new_termination, new_court, new_eviction, new_children)`,
    [ctx.organisationId, today],
  );
  await em.query(
    `INSERT INTO arrears_case_change
     SELECT c.id, 'absent', c.tenancy_id, c.department_id, c.stage, c.stage, c.arrears_ore, 0, c.oldest_due_date, c.oldest_due_date,
            c.demand_sent_date, c.demand_sent_date, c.termination_date, c.termination_date, c.court_filed_date, c.court_filed_date,
            c.eviction_date, c.eviction_date, c.children_in_household, c.children_in_household, c.arrears_zero_since, ${facts},
            t.monthly_rent_ore, ${others('$1')}, false
       FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id ${demands('$1')}
      WHERE c.tenancy_id IN (SELECT tenancy_id FROM arrears_cleared) AND c.status = 'open' AND c.arrears_ore <> 0
        FOR UPDATE OF c`,
    [today],
  );
  // The same test as closePaidCases, on the state these changes leave.
  await em.query(
    `UPDATE arrears_case_change x SET closing = true
       FROM arrears_case_change y
       LEFT JOIN case_trigger_rule rd ON rd.organisation_id = $1 AND rd.department_id = y.department_id
       LEFT JOIN case_trigger_rule ro ON ro.organisation_id = $1 AND ro.department_id IS NULL
      WHERE x.case_id = y.case_id AND y.new_arrears = 0 AND y.department_id = ANY($2::uuid[])
        AND COALESCE(y.old_zero_since, $3::date) + COALESCE(rd.close_after_days_at_zero, ro.close_after_days_at_zero,
                                                            CASE WHEN rd.id IS NULL AND ro.id IS NULL THEN $4::int END) <= $3::date`,
    [ctx.organisationId, ctx.fresh, ctx.asOf, DEFAULT_TRIGGER_RULE.closeAfterDaysAtZero],
  );
  await em.query('CREATE UNIQUE INDEX ON arrears_case_change (case_id)');
  await em.query('ANALYZE arrears_case_change');
  const [counts]: { updated: number; cleared: number }[] = await em.query(
    `SELECT count(*) FILTER (WHERE kind = 'update')::int AS updated,
            count(*) FILTER (WHERE kind = 'absent' OR (old_arrears <> 0 AND new_arrears = 0))::int AS cleared
       FROM arrears_case_change`,
  );
  return counts!;
}

/** One timeline event per change, in this order for each case (one pass over the changes). */
export async function recordChangeEvents(em: EntityManager, ctx: ApplyContext): Promise<void> {
  const src = `'importId', $1::text, 'asOf', $2::text`;
  const upd = `x.kind = 'update'`;
  await em.query(
    `INSERT INTO case_event (case_id, kind, actor_type, actor_label, data)
     SELECT x.case_id, e.kind, 'system', 'arrears import', e.data
       FROM arrears_case_change x
       CROSS JOIN LATERAL (VALUES
         ('arrears_changed', CASE WHEN ${upd} AND x.old_arrears <> x.new_arrears AND x.new_arrears <> 0
                                  THEN jsonb_build_object('fromOre', x.old_arrears, 'toOre', x.new_arrears, ${src}) END),
         ('arrears_cleared', CASE WHEN x.kind = 'absent' THEN jsonb_build_object('fromOre', x.old_arrears, ${src}, 'absent', true)
                                  WHEN x.old_arrears <> 0 AND x.new_arrears = 0 THEN jsonb_build_object('fromOre', x.old_arrears, ${src}) END),
         ('demand_sent', CASE WHEN ${upd} AND x.new_demand IS DISTINCT FROM x.old_demand THEN jsonb_build_object('date', x.new_demand, ${src}) END),
         ('termination_recorded', CASE WHEN ${upd} AND x.new_termination IS DISTINCT FROM x.old_termination
                                       THEN jsonb_build_object('date', x.new_termination, ${src}) END),
         ('court_filed', CASE WHEN ${upd} AND x.new_court IS DISTINCT FROM x.old_court THEN jsonb_build_object('date', x.new_court, ${src}) END),
         ('eviction_date_set', CASE WHEN ${upd} AND x.new_eviction IS DISTINCT FROM x.old_eviction
                                    THEN jsonb_build_object('date', x.new_eviction, ${src}) END),
         ('stage_changed', CASE WHEN ${upd} AND x.new_stage <> x.old_stage THEN jsonb_build_object('from', x.old_stage, 'to', x.new_stage,
              'kind', CASE WHEN ${STAGE_RANK('x.new_stage')} - ${STAGE_RANK('x.old_stage')} = 1 THEN 'forward' ELSE 'skip' END,
              'reason', 'Restancedata fra administrationen', ${src}) END)
       ) AS e(kind, data)
      WHERE e.data IS NOT NULL`,
    [ctx.importId, ctx.asOf],
  );
}

const day = (col: string, as: string) => `to_char(${col}, 'YYYY-MM-DD') AS "${as}"`;

/**
 * The changes written, each case with its assessment in the same UPDATE; the cases that close in this apply
 * get the figures only. Then their risk_changed events, and all of them into `arrears_touched`.
 */
export async function writeCaseChanges(em: EntityManager, ctx: ApplyContext, today: string): Promise<void> {
  const figures = `stage = x.new_stage, arrears_ore = x.new_arrears, arrears_as_of = $1::date, oldest_due_date = x.new_due,
    demand_sent_date = x.new_demand, termination_date = x.new_termination, court_filed_date = x.new_court, eviction_date = x.new_eviction,
    children_in_household = CASE WHEN x.kind = 'absent' THEN c.children_in_household ELSE LEAST(x.new_children, 30) END,
    arrears_zero_since = CASE WHEN x.new_arrears = 0 THEN COALESCE(c.arrears_zero_since, $1::date) END, version = version + 1`;
  await em.query(`UPDATE case_file c SET ${figures}, updated_at = now() FROM arrears_case_change x WHERE x.closing AND c.id = x.case_id`, [
    ctx.asOf,
  ]);
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows: (AssessmentFacts & { id: string })[] = await em.query(
      `SELECT x.case_id AS id, x.new_stage AS stage, x.opened_at AS "openedAt", x.new_arrears::float8 AS "arrearsOre",
              x.rent::float8 AS "monthlyRentOre", ${day('x.new_due', 'oldestDueDate')}, ${day('x.new_demand', 'demandSentDate')},
              ${day('x.new_termination', 'terminationDate')}, ${day('x.legal_handover_date', 'legalHandoverDate')},
              ${day('x.new_court', 'courtFiledDate')}, ${day('x.new_eviction', 'evictionDate')},
              CASE WHEN x.kind = 'absent' THEN x.old_children ELSE LEAST(x.new_children, 30) END AS "childrenInHousehold",
              x.last_contact_at AS "lastContactAt", x.risk_override_level AS "riskOverrideLevel",
              x.risk_override_reason AS "riskOverrideReason", x.risk_computed_level AS "riskComputedLevel", x.risk_score AS "riskScore",
              x.demands_other + ${inYear('x.new_demand', '$2')} AS demands,
              EXISTS (SELECT 1 FROM payment_agreement a WHERE a.case_id = x.case_id AND a.status = 'broken') AS broken
         FROM arrears_case_change x WHERE NOT x.closing AND x.case_id > $1 ORDER BY x.case_id LIMIT ${BATCH}`,
      [after, today],
    );
    if (!rows.length) break;
    const assessed = rows.map((row) => ({ id: row.id, a: assessmentColumns(row, today) }));
    await em.query(
      `UPDATE case_file c SET ${figures}, ${ASSESSMENT_SET}
         FROM json_to_recordset($2::json) AS u(${ASSESSMENT_RECORD}) JOIN arrears_case_change x ON x.case_id = u.id
        WHERE c.id = u.id`,
      [ctx.asOf, assessmentRecords(assessed)],
    );
    await recordRiskChanges(em, assessed, SYSTEM_ACTOR);
    after = rows[rows.length - 1]!.id;
  }
  await em.query('INSERT INTO arrears_touched (case_id) SELECT case_id FROM arrears_case_change ON CONFLICT DO NOTHING');
}

/**
 * Tenancies in the snapshot without an open case get one when the (department's or organisation's) rule says so:
 * the candidates in SQL, then a batch at a time, each case inserted with its first assessment.
 */
export async function openCases(em: EntityManager, ctx: ApplyContext, today: string): Promise<number> {
  if (!ctx.fresh.length) return 0;
  const d = DEFAULT_TRIGGER_RULE;
  await em.query(
    `CREATE TEMP TABLE arrears_case_open ON COMMIT DROP AS
     SELECT row_number() OVER () AS n, tenancy_id, department_id, derived_stage AS stage, arrears_ore, oldest_due_date, demand_sent_date,
            termination_date, court_filed_date, eviction_date, LEAST(COALESCE(children, 0), 30) AS children, rent, demands_prior
       FROM (SELECT s.*, ${DERIVED_STAGE} AS derived_stage, COALESCE(d.n, 0) AS demands_prior,
                    COALESCE(rd.open_min_months, ro.open_min_months, CASE WHEN rd.id IS NULL AND ro.id IS NULL THEN $2::numeric END) AS min_months,
                    COALESCE(rd.open_min_ore, ro.open_min_ore, CASE WHEN rd.id IS NULL AND ro.id IS NULL THEN $3::bigint END) AS min_ore,
                    COALESCE(rd.open_on_demand, ro.open_on_demand, $4::boolean) AS on_demand
               FROM arrears_rows s
               LEFT JOIN case_trigger_rule rd ON rd.organisation_id = $1 AND rd.department_id = s.department_id
               LEFT JOIN case_trigger_rule ro ON ro.organisation_id = $1 AND ro.department_id IS NULL
               LEFT JOIN (${DEMANDS_BY_TENANCY('$5')}) d ON d.tenancy_id = s.tenancy_id
              WHERE s.fresh AND s.arrears_ore > 0
                AND NOT EXISTS (SELECT 1 FROM case_file c WHERE c.tenancy_id = s.tenancy_id AND c.status = 'open')) candidates
      WHERE (min_months IS NOT NULL AND rent > 0 AND arrears_ore >= ceil(min_months * rent))
         OR (min_ore IS NOT NULL AND arrears_ore >= min_ore)
         OR (on_demand AND demand_sent_date IS NOT NULL)`,
    [ctx.organisationId, d.openMinMonths, d.openMinOre, d.openOnDemand, today],
  );
  await em.query('CREATE UNIQUE INDEX ON arrears_case_open (n)');
  await em.query('ANALYZE arrears_case_open');
  // A new row's opened_at: the transaction's start, as its column default gives it.
  const [{ now }]: { now: Date }[] = await em.query('SELECT now() AS now');
  let opened = 0;
  for (let after = 0; ;) {
    const rows: (Omit<AssessmentFacts, 'openedAt' | 'riskComputedLevel' | 'riskScore'> & { n: string; stage: string })[] = await em.query(
      `SELECT o.n, o.stage, o.arrears_ore::float8 AS "arrearsOre", o.rent::float8 AS "monthlyRentOre",
              ${day('o.oldest_due_date', 'oldestDueDate')}, ${day('o.demand_sent_date', 'demandSentDate')},
              ${day('o.termination_date', 'terminationDate')}, NULL AS "legalHandoverDate", ${day('o.court_filed_date', 'courtFiledDate')},
              ${day('o.eviction_date', 'evictionDate')}, o.children AS "childrenInHousehold", NULL AS "lastContactAt",
              NULL AS "riskOverrideLevel", NULL AS "riskOverrideReason",
              o.demands_prior + ${inYear('o.demand_sent_date', '$2')} AS demands,
              false AS broken
         FROM arrears_case_open o WHERE o.n > $1 ORDER BY o.n LIMIT ${BATCH}`,
      [after, today],
    );
    if (!rows.length) break;
    const assessed = rows.map((row) => ({ id: randomUUID(), a: assessmentColumns({ ...row, ...NEW_CASE_RISK, openedAt: now }, today) }));
    await em.query(
      `WITH cases AS (
         INSERT INTO case_file (id, organisation_id, department_id, tenancy_id, case_number, origin, stage, opened_stage, arrears_ore,
                                arrears_as_of, oldest_due_date, demand_sent_date, termination_date, court_filed_date, eviction_date,
                                children_in_household, next_step, next_step_due, next_step_estimated, demand_deadline, risk_score,
                                risk_level, risk_computed_level, risk_reasons, risk_rank, risk_computed_at)
         SELECT u.id, $1, o.department_id, o.tenancy_id,
                to_char(now() AT TIME ZONE 'Europe/Copenhagen', 'YYYY') || '-' || lpad(nextval('case_number_seq')::text, 6, '0'),
                'arrears_import', o.stage, o.stage, o.arrears_ore, $2::date, o.oldest_due_date, o.demand_sent_date, o.termination_date,
                o.court_filed_date, o.eviction_date, o.children, u.step, u.due, u.estimated, u.deadline, u.score, u.level, u.computed,
                u.reasons, u.rank, now()
           FROM json_to_recordset($3::json) AS u(n bigint, ${ASSESSMENT_RECORD}) JOIN arrears_case_open o ON o.n = u.n
          ORDER BY o.n
         RETURNING id, stage),
       events AS (
         INSERT INTO case_event (case_id, kind, actor_type, actor_label, data)
         SELECT id, 'opened', 'system', 'arrears import', jsonb_build_object('stage', stage, 'origin', 'arrears_import', 'importId', $4::text)
           FROM cases)
       INSERT INTO arrears_touched (case_id) SELECT id FROM cases`,
      [ctx.organisationId, ctx.asOf, assessmentRecords(assessed, (i) => ({ n: rows[i]!.n })), ctx.importId],
    );
    await recordRiskChanges(em, assessed, SYSTEM_ACTOR);
    opened += rows.length;
    after = Number(rows[rows.length - 1]!.n);
  }
  await analyseIfGrown(em, 'case_file', opened);
  return opened;
}

/** Cases at zero arrears for the rule's number of days close as paid; they are not re-assessed. */
export async function closePaidCases(em: EntityManager, ctx: ApplyContext): Promise<number> {
  if (!ctx.fresh.length) return 0;
  return countOf(
    em,
    `WITH due AS (
       SELECT c.id FROM case_file c
         LEFT JOIN case_trigger_rule rd ON rd.organisation_id = c.organisation_id AND rd.department_id = c.department_id
         LEFT JOIN case_trigger_rule ro ON ro.organisation_id = c.organisation_id AND ro.department_id IS NULL
        WHERE c.organisation_id = $1 AND c.department_id = ANY($2::uuid[]) AND c.status = 'open' AND c.arrears_ore = 0
          AND c.arrears_zero_since IS NOT NULL
          AND c.arrears_zero_since + COALESCE(rd.close_after_days_at_zero, ro.close_after_days_at_zero,
                                              CASE WHEN rd.id IS NULL AND ro.id IS NULL THEN $4::int END) <= $3::date
        FOR UPDATE OF c),
     closed AS (
       UPDATE case_file c SET status = 'closed', closed_at = now(), closed_stage = c.stage, outcome = 'paid',
              outcome_note = 'Lukket automatisk: restancen har været betalt', version = version + 1, updated_at = now()
         FROM due WHERE c.id = due.id
       RETURNING c.id, c.stage),
     events AS (
       INSERT INTO case_event (case_id, kind, actor_type, actor_label, data)
       SELECT id, 'closed', 'system', 'arrears import', jsonb_build_object('outcome', 'paid', 'stage', stage, 'automatic', true, 'importId', $5::text)
         FROM closed),
     untouched AS (DELETE FROM arrears_touched x USING closed WHERE x.case_id = closed.id)
     SELECT count(*)::int AS n FROM closed`,
    [ctx.organisationId, ctx.fresh, ctx.asOf, DEFAULT_TRIGGER_RULE.closeAfterDaysAtZero, ctx.importId],
  );
}
