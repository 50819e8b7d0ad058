import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseRefresher, SYSTEM_ACTOR } from '@forebyg/cases';
import { DEFAULT_TRIGGER_RULE } from './trigger-rules.js';

export interface ApplyInput {
  importId: string;
  organisationId: string;
  asOf: string;
  /** Department codes the snapshot says it covers; null = the departments of its rows. */
  requestedDepartments: string[] | null;
  /** Departments the uploader may write to; null = the whole organisation. */
  allowedDepartmentIds: string[] | null;
}

export interface ApplyResult {
  rowsApplied: number;
  rowsRejected: number;
  casesOpened: number;
  casesUpdated: number;
  casesCleared: number;
  casesClosed: number;
  coveredDepartmentIds: string[];
  staleDepartmentIds: string[];
  outcome: 'applied' | 'stale' | 'partly_stale' | 'nothing_to_apply';
}

/**
 * TypeORM answers an UPDATE … RETURNING with `[rows, affectedCount]` (and a SELECT or INSERT with the rows):
 * this returns the rows either way.
 */
function returned<T>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result
  ) as T[];
}

/** The stage the ledger's dates show: the furthest step that has a date. */
const DERIVED_STAGE = `CASE WHEN s.eviction_date IS NOT NULL THEN 'eviction_scheduled'
                          WHEN s.court_filed_date IS NOT NULL THEN 'court'
                          WHEN s.termination_date IS NOT NULL THEN 'termination'
                          WHEN s.demand_sent_date IS NOT NULL THEN 'demand'
                          ELSE 'arrears' END`;
const STAGE_RANK = (col: string) =>
  `array_position(ARRAY['arrears','demand','termination','legal','court','eviction_scheduled']::text[], ${col})`;

/**
 * Applies one staged snapshot with set-based SQL inside the caller's transaction: rejects rows of unknown or
 * out-of-scope departments and duplicate tenancies, upserts tenancies and households, appends the history
 * point, opens cases by the trigger rules, updates open cases (with timeline events for what changed), clears
 * tenancies absent from the snapshot, closes cases paid long enough, and re-assesses every case it touched.
 * Departments whose newest applied snapshot is newer than this one only get the history point.
 */
@Injectable()
export class SnapshotApplier {
  constructor(private readonly refresher: CaseRefresher) {}

  async apply(em: EntityManager, input: ApplyInput): Promise<ApplyResult> {
    const { importId, organisationId, asOf } = input;
    await em.query(`SET LOCAL work_mem = '64MB'`);
    // Fresh statistics for the rows just staged, or the planner joins them as if the table were empty.
    if ((await this.stagedCount(em, importId)) >= 1000) await em.query('ANALYZE arrears_staging');
    await this.rejectInvalidRows(em, input);

    // Covered departments: as requested (unknown codes reported), else those in the rows.
    let covered: string[];
    if (input.requestedDepartments?.length) {
      const rows: { id: string; code: string }[] = await em.query(
        `SELECT id, code FROM department WHERE organisation_id = $1 AND code = ANY($2::text[])
            AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))`,
        [organisationId, input.requestedDepartments, input.allowedDepartmentIds],
      );
      const known = new Set(rows.map((r) => r.code));
      const unknown = input.requestedDepartments.filter((c) => !known.has(c));
      if (unknown.length) {
        await em.query(
          `INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
           SELECT $1, NULL, 'departments', 'unknown_department', code FROM unnest($2::text[]) AS code`,
          [importId, unknown],
        );
      }
      covered = rows.map((r) => r.id);
      // Rows of a department the snapshot does not cover are not part of it.
      await em.query(
        `WITH bad AS (
           DELETE FROM arrears_staging s USING department d
            WHERE s.import_id = $1 AND d.organisation_id = $2 AND d.code = s.department_code AND NOT d.id = ANY($3::uuid[])
           RETURNING s.line, s.department_code)
         INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
         SELECT $1, line, 'department_code', 'department_not_covered', department_code FROM bad`,
        [importId, organisationId, covered],
      );
    } else {
      const rows: { id: string }[] = await em.query(
        `SELECT DISTINCT d.id FROM arrears_staging s JOIN department d ON d.organisation_id = $2 AND d.code = s.department_code
          WHERE s.import_id = $1`,
        [importId, organisationId],
      );
      covered = rows.map((r) => r.id);
    }

    // Departments whose state is newer than this snapshot: history only.
    const staleRows: { id: string }[] = await em.query(
      `SELECT department_id AS id FROM arrears_department_state WHERE department_id = ANY($1::uuid[]) AND last_as_of > $2::date`,
      [covered, asOf],
    );
    const stale = staleRows.map((r) => r.id);
    const fresh = covered.filter((d) => !stale.includes(d));

    const rowsApplied = await this.stagedCount(em, importId);
    // Likewise after large changes to tenancies and persons.
    const analyse = async (table: string) => {
      if (rowsApplied >= 1000) await em.query(`ANALYZE ${table}`);
    };
    await this.upsertTenancies(em, input, fresh);
    await analyse('tenancy');
    await this.upsertHouseholds(em, input, fresh, analyse);
    await this.appendHistory(em, input, covered);
    const cleared = await this.clearAbsent(em, input, fresh);

    const touched = new Set<string>();
    const { updated, cleared: clearedInSnapshot } = await this.updateOpenCases(em, input, fresh, touched);
    const opened = await this.openCases(em, input, fresh, touched);
    const casesCleared = clearedInSnapshot + (await this.clearCases(em, input, cleared, touched));
    const casesClosed = await this.closePaidCases(em, input, fresh, touched);
    await this.refresher.refreshMany(em, [...touched], SYSTEM_ACTOR);

    if (fresh.length) {
      await em.query(
        `INSERT INTO arrears_department_state (department_id, last_as_of, last_import_id)
         SELECT d, $2::date, $3 FROM unnest($1::uuid[]) AS d
         ON CONFLICT (department_id) DO UPDATE SET last_as_of = EXCLUDED.last_as_of, last_import_id = EXCLUDED.last_import_id
          WHERE arrears_department_state.last_as_of <= EXCLUDED.last_as_of`,
        [fresh, asOf, importId],
      );
    }
    const [{ n: rowsRejected }] = await em.query(
      // Rows, not errors: a row with two bad cells is one rejected row.
      'SELECT count(DISTINCT line)::int AS n FROM arrears_import_error WHERE import_id = $1 AND line IS NOT NULL',
      [importId],
    );
    return {
      rowsApplied,
      rowsRejected,
      casesOpened: opened,
      casesUpdated: updated,
      casesCleared,
      casesClosed,
      coveredDepartmentIds: covered,
      staleDepartmentIds: stale,
      outcome: covered.length === 0 ? 'nothing_to_apply' : stale.length === 0 ? 'applied' : fresh.length === 0 ? 'stale' : 'partly_stale',
    };
  }

  private async stagedCount(em: EntityManager, importId: string): Promise<number> {
    const [{ n }] = await em.query('SELECT count(*)::int AS n FROM arrears_staging WHERE import_id = $1', [importId]);
    return n;
  }

  /** Unknown or out-of-scope departments, tenancies filed under another department, and duplicate tenancies. */
  private async rejectInvalidRows(em: EntityManager, input: ApplyInput): Promise<void> {
    const { importId, organisationId, allowedDepartmentIds } = input;
    await em.query(
      `WITH bad AS (
         DELETE FROM arrears_staging s
          WHERE s.import_id = $1 AND NOT EXISTS (
            SELECT 1 FROM department d WHERE d.organisation_id = $2 AND d.code = s.department_code
               AND ($3::uuid[] IS NULL OR d.id = ANY($3::uuid[])))
         RETURNING s.line, s.department_code)
       INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
       SELECT $1, line, 'department_code', 'unknown_department', department_code FROM bad`,
      [importId, organisationId, allowedDepartmentIds],
    );
    await em.query(
      `WITH bad AS (
         DELETE FROM arrears_staging s USING tenancy t, department d
          WHERE s.import_id = $1 AND t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number
            AND d.id = t.department_id AND d.code <> s.department_code
         RETURNING s.line, d.code)
       INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
       SELECT $1, line, 'department_code', 'tenancy_in_other_department', code FROM bad`,
      [importId, organisationId],
    );
    await em.query(
      `WITH dup AS (
         SELECT tenancy_number, array_agg(line ORDER BY line) AS lines FROM arrears_staging
          WHERE import_id = $1 GROUP BY tenancy_number HAVING count(*) > 1),
       gone AS (
         DELETE FROM arrears_staging s USING dup WHERE s.import_id = $1 AND s.tenancy_number = dup.tenancy_number
         RETURNING s.line, dup.lines)
       INSERT INTO arrears_import_error (import_id, line, column_name, reason, detail)
       SELECT $1, line, 'tenancy_number', 'duplicate_tenancy', 'lines ' || array_to_string(lines, ', ') FROM gone`,
      [importId],
    );
  }

  /** New tenancies are created; known ones take the ledger's address and rent when they changed. */
  private async upsertTenancies(em: EntityManager, input: ApplyInput, fresh: string[]): Promise<void> {
    if (!fresh.length) return;
    await em.query(
      `INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address, unit, postal_code, monthly_rent_ore,
                            arrears_ore, arrears_zero_since, payment_agreement)
       SELECT $2, d.id, s.tenancy_number, s.address, s.unit, s.postal_code, s.monthly_rent_ore, s.arrears_ore,
              CASE WHEN s.arrears_ore = 0 THEN $4::date END, s.payment_agreement
         FROM arrears_staging s JOIN department d ON d.organisation_id = $2 AND d.code = s.department_code
        WHERE s.import_id = $1 AND d.id = ANY($3::uuid[])
       ON CONFLICT (organisation_id, tenancy_number) DO UPDATE SET
         address = COALESCE(EXCLUDED.address, tenancy.address),
         unit = COALESCE(EXCLUDED.unit, tenancy.unit),
         postal_code = COALESCE(EXCLUDED.postal_code, tenancy.postal_code),
         monthly_rent_ore = COALESCE(EXCLUDED.monthly_rent_ore, tenancy.monthly_rent_ore),
         arrears_ore = EXCLUDED.arrears_ore,
         arrears_zero_since = CASE WHEN EXCLUDED.arrears_ore = 0 THEN COALESCE(tenancy.arrears_zero_since, $4::date) END,
         payment_agreement = COALESCE(EXCLUDED.payment_agreement, tenancy.payment_agreement),
         updated_at = now()
       WHERE (tenancy.address, tenancy.unit, tenancy.postal_code, tenancy.monthly_rent_ore, tenancy.arrears_ore, tenancy.payment_agreement)
             IS DISTINCT FROM
             (COALESCE(EXCLUDED.address, tenancy.address), COALESCE(EXCLUDED.unit, tenancy.unit),
              COALESCE(EXCLUDED.postal_code, tenancy.postal_code), COALESCE(EXCLUDED.monthly_rent_ore, tenancy.monthly_rent_ore),
              EXCLUDED.arrears_ore, COALESCE(EXCLUDED.payment_agreement, tenancy.payment_agreement))`,
      [input.importId, input.organisationId, fresh, input.asOf],
    );
  }

  /**
   * The tenant with a CPR is found (or created) through the blind index; names without a CPR are added to the
   * household unless a member of that name is already there. Nobody is removed: a ledger row is not a census.
   */
  private async upsertHouseholds(
    em: EntityManager,
    input: ApplyInput,
    fresh: string[],
    analyse: (table: string) => Promise<void>,
  ): Promise<void> {
    if (!fresh.length) return;
    const params = [input.importId, input.organisationId, fresh];
    await em.query(
      `INSERT INTO person (organisation_id, name, cpr_encrypted, cpr_key_id, cpr_blind_index, phone, email)
       SELECT DISTINCT ON (s.cpr_blind_index) $2, COALESCE(s.tenant_names[1], 'Ukendt'), s.cpr_encrypted, s.cpr_key_id,
              s.cpr_blind_index, s.phone, s.email
         FROM arrears_staging s JOIN department d ON d.organisation_id = $2 AND d.code = s.department_code
        WHERE s.import_id = $1 AND d.id = ANY($3::uuid[]) AND s.cpr_blind_index IS NOT NULL AND s.cpr_encrypted IS NOT NULL
        ORDER BY s.cpr_blind_index, s.line
       ON CONFLICT (organisation_id, cpr_blind_index) WHERE cpr_blind_index IS NOT NULL DO UPDATE SET
         phone = COALESCE(EXCLUDED.phone, person.phone), email = COALESCE(EXCLUDED.email, person.email), updated_at = now()
       WHERE (person.phone, person.email) IS DISTINCT FROM (COALESCE(EXCLUDED.phone, person.phone), COALESCE(EXCLUDED.email, person.email))`,
      params,
    );
    await analyse('person');
    await em.query(
      `INSERT INTO household_member (tenancy_id, person_id, role, since)
       SELECT t.id, p.id, 'tenant', $4::date
         FROM arrears_staging s
         JOIN tenancy t ON t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number
         JOIN person p ON p.organisation_id = $2 AND p.cpr_blind_index = s.cpr_blind_index
        WHERE s.import_id = $1 AND t.department_id = ANY($3::uuid[]) AND s.cpr_blind_index IS NOT NULL
       ON CONFLICT (tenancy_id, person_id) DO UPDATE SET until = NULL WHERE household_member.until IS NOT NULL`,
      [...params, input.asOf],
    );
    // Names without a CPR: the other names of a row whose first name has the CPR, or all names of a row without one.
    await em.query(
      `CREATE TEMP TABLE arrears_new_names ON COMMIT DROP AS
       SELECT gen_random_uuid() AS person_id, x.tenancy_id, x.name, x.phone, x.email
         FROM (SELECT DISTINCT ON (t.id, lower(n.name)) t.id AS tenancy_id, btrim(n.name) AS name,
                      CASE WHEN s.cpr_blind_index IS NULL AND n.ord = 1 THEN s.phone END AS phone,
                      CASE WHEN s.cpr_blind_index IS NULL AND n.ord = 1 THEN s.email END AS email
                 FROM arrears_staging s
                 JOIN tenancy t ON t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number
                 CROSS JOIN LATERAL unnest(s.tenant_names) WITH ORDINALITY AS n(name, ord)
                WHERE s.import_id = $1 AND t.department_id = ANY($3::uuid[]) AND btrim(n.name) <> ''
                  AND NOT (s.cpr_blind_index IS NOT NULL AND n.ord = 1)) x
        WHERE NOT EXISTS (SELECT 1 FROM household_member h JOIN person p ON p.id = h.person_id
                           WHERE h.tenancy_id = x.tenancy_id AND lower(p.name) = lower(x.name))`,
      params,
    );
    await em.query(
      'INSERT INTO person (id, organisation_id, name, phone, email) SELECT person_id, $1, name, phone, email FROM arrears_new_names',
      [input.organisationId],
    );
    await em.query(
      `INSERT INTO household_member (tenancy_id, person_id, role, since) SELECT tenancy_id, person_id, 'tenant', $1::date FROM arrears_new_names`,
      [input.asOf],
    );
  }

  /** One point per tenancy per snapshot, also for departments where the snapshot is older than the state. */
  private async appendHistory(em: EntityManager, input: ApplyInput, covered: string[]): Promise<void> {
    if (!covered.length) return;
    await em.query(
      `INSERT INTO arrears_history (tenancy_id, as_of, arrears_ore, import_id)
       SELECT t.id, $4::date, s.arrears_ore, $1
         FROM arrears_staging s JOIN tenancy t ON t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number
        WHERE s.import_id = $1 AND t.department_id = ANY($3::uuid[])
       ON CONFLICT (tenancy_id, as_of) DO UPDATE SET arrears_ore = EXCLUDED.arrears_ore, import_id = EXCLUDED.import_id
        WHERE arrears_history.arrears_ore <> EXCLUDED.arrears_ore`,
      [input.importId, input.organisationId, covered, input.asOf],
    );
  }

  /** Tenancies of covered departments in arrears before and absent now have paid: arrears 0 and a history point. */
  private async clearAbsent(em: EntityManager, input: ApplyInput, fresh: string[]): Promise<string[]> {
    if (!fresh.length) return [];
    const rows = returned<{ id: string }>(
      await em.query(
        `UPDATE tenancy t SET arrears_ore = 0, arrears_zero_since = $4::date, updated_at = now()
        WHERE t.organisation_id = $2 AND t.department_id = ANY($3::uuid[]) AND t.arrears_ore <> 0
          AND NOT EXISTS (SELECT 1 FROM arrears_staging s WHERE s.import_id = $1 AND s.tenancy_number = t.tenancy_number)
        RETURNING t.id`,
        [input.importId, input.organisationId, fresh, input.asOf],
      ),
    );
    const ids = rows.map((r) => r.id);
    if (ids.length) {
      await em.query(
        `INSERT INTO arrears_history (tenancy_id, as_of, arrears_ore, import_id) SELECT id, $2::date, 0, $3 FROM unnest($1::uuid[]) AS id
         ON CONFLICT (tenancy_id, as_of) DO UPDATE SET arrears_ore = 0, import_id = EXCLUDED.import_id`,
        [ids, input.asOf, input.importId],
      );
    }
    return ids;
  }

  /**
   * Open cases of tenancies in the snapshot take the ledger's arrears and dates; the stage moves forward to
   * what the dates show (never back: a counsellor may know more than the ledger). Each change is an event.
   */
  private async updateOpenCases(
    em: EntityManager,
    input: ApplyInput,
    fresh: string[],
    touched: Set<string>,
  ): Promise<{ updated: number; cleared: number }> {
    if (!fresh.length) return { updated: 0, cleared: 0 };
    await em.query(
      `CREATE TEMP TABLE arrears_case_change ON COMMIT DROP AS
       SELECT c.id AS case_id, c.stage AS old_stage,
              CASE WHEN ${STAGE_RANK(DERIVED_STAGE)} > ${STAGE_RANK('c.stage')} THEN ${DERIVED_STAGE} ELSE c.stage END AS new_stage,
              c.arrears_ore AS old_arrears, s.arrears_ore AS new_arrears,
              c.oldest_due_date AS old_due, COALESCE(s.oldest_due_date, c.oldest_due_date) AS new_due,
              c.demand_sent_date AS old_demand, COALESCE(s.demand_sent_date, c.demand_sent_date) AS new_demand,
              c.termination_date AS old_termination, COALESCE(s.termination_date, c.termination_date) AS new_termination,
              c.court_filed_date AS old_court, COALESCE(s.court_filed_date, c.court_filed_date) AS new_court,
              c.eviction_date AS old_eviction, COALESCE(s.eviction_date, c.eviction_date) AS new_eviction,
              COALESCE(s.children, c.children_in_household) AS new_children, c.children_in_household AS old_children,
              c.arrears_zero_since AS old_zero_since
         FROM case_file c
         JOIN tenancy t ON t.id = c.tenancy_id
         JOIN arrears_staging s ON s.import_id = $1 AND s.tenancy_number = t.tenancy_number
        WHERE c.organisation_id = $2 AND c.status = 'open' AND t.department_id = ANY($3::uuid[])`,
      [input.importId, input.organisationId, fresh],
    );
    await em.query(
      `DELETE FROM arrears_case_change
        WHERE (old_stage, old_arrears, old_due, old_demand, old_termination, old_court, old_eviction, old_children)
              IS NOT DISTINCT FROM (new_stage, new_arrears, new_due, new_demand, new_termination, new_court, new_eviction, new_children)`,
    );
    const changed = returned<{ case_id: string }>(
      await em.query(
        `UPDATE case_file c SET stage = x.new_stage, arrears_ore = x.new_arrears, arrears_as_of = $1::date,
              oldest_due_date = x.new_due, demand_sent_date = x.new_demand, termination_date = x.new_termination,
              court_filed_date = x.new_court, eviction_date = x.new_eviction, children_in_household = LEAST(x.new_children, 30),
              arrears_zero_since = CASE WHEN x.new_arrears = 0 THEN COALESCE(c.arrears_zero_since, $1::date) END,
              version = version + 1
         FROM arrears_case_change x WHERE c.id = x.case_id
       RETURNING c.id AS case_id`,
        [input.asOf],
      ),
    );
    for (const r of changed) touched.add(r.case_id);
    const ev = (kind: string, data: string, where: string) =>
      em.query(
        `INSERT INTO case_event (case_id, kind, actor_type, actor_label, data)
         SELECT case_id, '${kind}', 'system', 'arrears import', ${data} FROM arrears_case_change WHERE ${where}`,
        [],
      );
    const src = `'importId', '${input.importId}'::text, 'asOf', '${input.asOf}'::text`;
    await ev(
      'arrears_changed',
      `jsonb_build_object('fromOre', old_arrears, 'toOre', new_arrears, ${src})`,
      'old_arrears <> new_arrears AND new_arrears <> 0',
    );
    await ev('arrears_cleared', `jsonb_build_object('fromOre', old_arrears, ${src})`, 'old_arrears <> 0 AND new_arrears = 0');
    await ev('demand_sent', `jsonb_build_object('date', new_demand, ${src})`, 'new_demand IS DISTINCT FROM old_demand');
    await ev(
      'termination_recorded',
      `jsonb_build_object('date', new_termination, ${src})`,
      'new_termination IS DISTINCT FROM old_termination',
    );
    await ev('court_filed', `jsonb_build_object('date', new_court, ${src})`, 'new_court IS DISTINCT FROM old_court');
    await ev('eviction_date_set', `jsonb_build_object('date', new_eviction, ${src})`, 'new_eviction IS DISTINCT FROM old_eviction');
    await ev(
      'stage_changed',
      `jsonb_build_object('from', old_stage, 'to', new_stage, 'kind', CASE WHEN ${STAGE_RANK('new_stage')} - ${STAGE_RANK('old_stage')} = 1 THEN 'forward' ELSE 'skip' END, 'reason', 'Restancedata fra administrationen', ${src})`,
      'new_stage <> old_stage',
    );
    const [{ n }] = await em.query('SELECT count(*)::int AS n FROM arrears_case_change WHERE old_arrears <> 0 AND new_arrears = 0');
    return { updated: changed.length, cleared: n };
  }

  /** Tenancies in the snapshot without an open case get one when the (department's or organisation's) rule says so. */
  private async openCases(em: EntityManager, input: ApplyInput, fresh: string[], touched: Set<string>): Promise<number> {
    if (!fresh.length) return 0;
    const d = DEFAULT_TRIGGER_RULE;
    const rows: { id: string; stage: string }[] = await em.query(
      `WITH candidates AS (
         SELECT t.id AS tenancy_id, t.department_id, s.*, ${DERIVED_STAGE} AS derived_stage, t.monthly_rent_ore AS rent,
                COALESCE(rd.open_min_months, ro.open_min_months, CASE WHEN rd.id IS NULL AND ro.id IS NULL THEN $4::numeric END) AS min_months,
                COALESCE(rd.open_min_ore, ro.open_min_ore, CASE WHEN rd.id IS NULL AND ro.id IS NULL THEN $5::bigint END) AS min_ore,
                COALESCE(rd.open_on_demand, ro.open_on_demand, $6::boolean) AS on_demand
           FROM arrears_staging s
           JOIN tenancy t ON t.organisation_id = $2 AND t.tenancy_number = s.tenancy_number
           LEFT JOIN case_trigger_rule rd ON rd.organisation_id = $2 AND rd.department_id = t.department_id
           LEFT JOIN case_trigger_rule ro ON ro.organisation_id = $2 AND ro.department_id IS NULL
          WHERE s.import_id = $1 AND t.department_id = ANY($3::uuid[]) AND s.arrears_ore > 0
            AND NOT EXISTS (SELECT 1 FROM case_file c WHERE c.tenancy_id = t.id AND c.status = 'open'))
       INSERT INTO case_file (organisation_id, department_id, tenancy_id, case_number, origin, stage, opened_stage, arrears_ore,
                              arrears_as_of, oldest_due_date, demand_sent_date, termination_date, court_filed_date, eviction_date,
                              children_in_household)
       SELECT $2, department_id, tenancy_id,
              to_char(now() AT TIME ZONE 'Europe/Copenhagen', 'YYYY') || '-' || lpad(nextval('case_number_seq')::text, 6, '0'),
              'arrears_import', derived_stage, derived_stage, arrears_ore, $7::date, oldest_due_date, demand_sent_date,
              termination_date, court_filed_date, eviction_date, LEAST(COALESCE(children, 0), 30)
         FROM candidates
        WHERE (min_months IS NOT NULL AND rent > 0 AND arrears_ore >= ceil(min_months * rent))
           OR (min_ore IS NOT NULL AND arrears_ore >= min_ore)
           OR (on_demand AND demand_sent_date IS NOT NULL)
       RETURNING id, stage`,
      [input.importId, input.organisationId, fresh, d.openMinMonths, d.openMinOre, d.openOnDemand, input.asOf],
    );
    if (rows.length) {
      await em.query(
        `INSERT INTO case_event (case_id, kind, actor_type, actor_label, data)
         SELECT id, 'opened', 'system', 'arrears import', jsonb_build_object('stage', stage, 'origin', 'arrears_import', 'importId', $3::text)
           FROM unnest($1::uuid[], $2::text[]) AS u(id, stage)`,
        [rows.map((r) => r.id), rows.map((r) => r.stage), input.importId],
      );
    }
    for (const r of rows) touched.add(r.id);
    return rows.length;
  }

  /** Open cases of tenancies that left the snapshot (paid) drop to zero arrears. */
  private async clearCases(em: EntityManager, input: ApplyInput, cleared: string[], touched: Set<string>): Promise<number> {
    const rows: { id: string; old: string }[] = cleared.length
      ? returned(
          await em.query(
            `UPDATE case_file c SET arrears_ore = 0, arrears_as_of = $2::date, arrears_zero_since = COALESCE(c.arrears_zero_since, $2::date),
                  version = version + 1
             FROM (SELECT id, arrears_ore AS old FROM case_file WHERE tenancy_id = ANY($1::uuid[]) AND status = 'open' AND arrears_ore <> 0 FOR UPDATE) o
            WHERE c.id = o.id RETURNING c.id, o.old::text AS old`,
            [cleared, input.asOf],
          ),
        )
      : [];
    if (rows.length) {
      await em.query(
        `INSERT INTO case_event (case_id, kind, actor_type, actor_label, data)
         SELECT id, 'arrears_cleared', 'system', 'arrears import',
                jsonb_build_object('fromOre', old::bigint, 'importId', $3::text, 'asOf', $4::text, 'absent', true)
           FROM unnest($1::uuid[], $2::text[]) AS u(id, old)`,
        [rows.map((r) => r.id), rows.map((r) => r.old), input.importId, input.asOf],
      );
    }
    for (const r of rows) touched.add(r.id);
    return rows.length;
  }

  /** Cases at zero arrears for the rule's number of days close as paid. */
  private async closePaidCases(em: EntityManager, input: ApplyInput, fresh: string[], touched: Set<string>): Promise<number> {
    if (!fresh.length) return 0;
    const rows = returned<{ id: string; stage: string }>(
      await em.query(
        `WITH due AS (
         SELECT c.id FROM case_file c
           LEFT JOIN case_trigger_rule rd ON rd.organisation_id = c.organisation_id AND rd.department_id = c.department_id
           LEFT JOIN case_trigger_rule ro ON ro.organisation_id = c.organisation_id AND ro.department_id IS NULL
          WHERE c.organisation_id = $1 AND c.department_id = ANY($2::uuid[]) AND c.status = 'open' AND c.arrears_ore = 0
            AND c.arrears_zero_since IS NOT NULL
            AND c.arrears_zero_since + COALESCE(rd.close_after_days_at_zero, ro.close_after_days_at_zero,
                                                CASE WHEN rd.id IS NULL AND ro.id IS NULL THEN $4::int END) <= $3::date
          FOR UPDATE OF c)
       UPDATE case_file c SET status = 'closed', closed_at = now(), closed_stage = c.stage, outcome = 'paid',
              outcome_note = 'Lukket automatisk: restancen har været betalt', version = version + 1
         FROM due WHERE c.id = due.id RETURNING c.id, c.stage`,
        [input.organisationId, fresh, input.asOf, DEFAULT_TRIGGER_RULE.closeAfterDaysAtZero],
      ),
    );
    if (rows.length) {
      await em.query(
        `INSERT INTO case_event (case_id, kind, actor_type, actor_label, data)
         SELECT id, 'closed', 'system', 'arrears import', jsonb_build_object('outcome', 'paid', 'stage', stage, 'automatic', true, 'importId', $3::text)
           FROM unnest($1::uuid[], $2::text[]) AS u(id, stage)`,
        [rows.map((r) => r.id), rows.map((r) => r.stage), input.importId],
      );
    }
    for (const r of rows) touched.delete(r.id);
    return rows.length;
  }
}
