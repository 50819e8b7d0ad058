import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseRefresher, SYSTEM_ACTOR } from '@forebyg/cases';
import { type ApplyContext, type ApplyInput, countOf, TEMP_TABLES } from './apply/apply-context.js';
import { closePaidCases, createTouched, openCases, prepareCaseChanges, recordChangeEvents, writeCaseChanges } from './apply/apply-cases.js';
import { appendHistory, clearAbsent, rejectInvalidRows, resolveRows, upsertHouseholds, upsertTenancies } from './apply/apply-tenancies.js';

export type { ApplyInput } from './apply/apply-context.js';

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
 * Applies one staged snapshot with set-based SQL inside the caller's transaction: rejects rows of unknown or
 * out-of-scope departments and duplicate tenancies, upserts tenancies and households, appends the history
 * point, opens cases by the trigger rules, updates open cases (with timeline events for what changed), clears
 * tenancies absent from the snapshot, closes cases paid long enough, and assesses every case it opens or
 * changes. Departments whose newest applied snapshot is newer than this one only get the history point.
 *
 * The phases are in ./apply: the tenancy side (apply-tenancies.ts) and the case side (apply-cases.ts). Most of a
 * daily snapshot repeats the day before, so each phase writes only what changes; a case is written once, with its
 * assessment; and the ids of what it touched stay in temporary tables rather than travelling to the worker and
 * back.
 */
@Injectable()
export class SnapshotApplier {
  constructor(private readonly refresher: CaseRefresher) {}

  async apply(em: EntityManager, input: ApplyInput): Promise<ApplyResult> {
    const { importId, organisationId, asOf } = input;
    await em.query(`SET LOCAL work_mem = '64MB'`);
    // Fresh statistics for the rows just staged, or the planner joins them as if the table were empty.
    if ((await this.stagedCount(em, importId)) >= 1000) await em.query('ANALYZE arrears_staging');
    await rejectInvalidRows(em, input);
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

    const ctx: ApplyContext = { ...input, covered, fresh, rowsApplied: await this.stagedCount(em, importId) };
    await upsertTenancies(em, ctx);
    await resolveRows(em, ctx);
    await upsertHouseholds(em, ctx);
    await appendHistory(em, ctx);
    await clearAbsent(em, ctx);

    await createTouched(em);
    const today = this.refresher.today();
    const { updated, cleared: casesCleared } = await prepareCaseChanges(em, ctx, today);
    await recordChangeEvents(em, ctx);
    await writeCaseChanges(em, ctx, today);
    const opened = await openCases(em, ctx, today);
    const casesClosed = await closePaidCases(em, ctx);
    // The assessment went into each case's own write, and an import changes no task, contact, agreement or
    // referral: left are the reminders and the referral sweep.
    await this.refresher.refreshListed(em, TEMP_TABLES.touched, SYSTEM_ACTOR, { facts: false, assess: false, batchSize: 500 });

    if (fresh.length) {
      await em.query(
        `INSERT INTO arrears_department_state (department_id, last_as_of, last_import_id)
         SELECT d, $2::date, $3 FROM unnest($1::uuid[]) AS d
         ON CONFLICT (department_id) DO UPDATE SET last_as_of = EXCLUDED.last_as_of, last_import_id = EXCLUDED.last_import_id
          WHERE arrears_department_state.last_as_of <= EXCLUDED.last_as_of`,
        [fresh, asOf, importId],
      );
    }
    const rowsRejected = await countOf(
      em,
      // Rows, not errors: a row with two bad cells is one rejected row.
      'SELECT count(DISTINCT line)::int AS n FROM arrears_import_error WHERE import_id = $1 AND line IS NOT NULL',
      [importId],
    );
    return {
      rowsApplied: ctx.rowsApplied,
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
    return countOf(em, 'SELECT count(*)::int AS n FROM arrears_staging WHERE import_id = $1', [importId]);
  }
}
