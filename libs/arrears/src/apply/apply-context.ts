import type { EntityManager } from 'typeorm';

export interface ApplyInput {
  importId: string;
  organisationId: string;
  asOf: string;
  /** Department codes the snapshot says it covers; null = the departments of its rows. */
  requestedDepartments: string[] | null;
  /** Departments the uploader may write to; null = the whole organisation. */
  allowedDepartmentIds: string[] | null;
}

/** The input with the departments resolved: what each phase of the apply works from. */
export interface ApplyContext extends ApplyInput {
  /** Departments the snapshot covers (also those where it is older than the state: they get history only). */
  covered: string[];
  /** Covered departments whose state the snapshot may change (it is not older than their newest one). */
  fresh: string[];
  /** Valid rows staged. */
  rowsApplied: number;
}

/**
 * Temporary tables of one apply (ON COMMIT DROP, so a retry after a crash starts clean):
 * - `arrears_rows`: the staged rows that name an existing tenancy, with its id (resolved once, after the tenancies
 *   are upserted, instead of a join on the tenancy number in every phase);
 * - `arrears_cleared`: tenancies of covered departments absent from the snapshot that were in arrears;
 * - `arrears_case_change`, `arrears_case_open`: the cases to change and to open, with the facts of their assessment;
 * - `arrears_touched`: the cases the apply opened or changed, for their reminders and the referral sweep.
 */
export const TEMP_TABLES = { rows: 'arrears_rows', cleared: 'arrears_cleared', touched: 'arrears_touched' } as const;

/** The single count a `SELECT count(*)::int AS n …` answers. */
export async function countOf(em: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const rows: { n: number }[] = await em.query(sql, params);
  return rows[0]?.n ?? 0;
}

/**
 * ANALYZE a table that grew a lot in this transaction (ANALYZE counts the transaction's own new rows), so the
 * statements after it are planned for its real size and values. A table never analysed, or analysed nearly empty
 * (a first import into a new installation), would otherwise be planned as tiny: nested loops over seq scans of a
 * table that has just received a million rows. Skipped when the table grew by less than a fifth: its statistics
 * still describe it, and ANALYZE of a big table costs a second or more.
 */
export async function analyseIfGrown(em: EntityManager, table: string, added: number): Promise<void> {
  if (added < 1000) return;
  const [{ tuples }]: { tuples: number }[] = await em.query('SELECT reltuples::float8 AS tuples FROM pg_class WHERE oid = $1::regclass', [
    table,
  ]);
  if (tuples < 0 || added > 0.2 * tuples) await em.query(`ANALYZE ${table}`);
}

/** The stage the ledger's dates show: the furthest step that has a date (columns of `s`). */
export const DERIVED_STAGE = `CASE WHEN s.eviction_date IS NOT NULL THEN 'eviction_scheduled'
                          WHEN s.court_filed_date IS NOT NULL THEN 'court'
                          WHEN s.termination_date IS NOT NULL THEN 'termination'
                          WHEN s.demand_sent_date IS NOT NULL THEN 'demand'
                          ELSE 'arrears' END`;

export const STAGE_RANK = (col: string) =>
  `array_position(ARRAY['arrears','demand','termination','legal','court','eviction_scheduled']::text[], ${col})`;
