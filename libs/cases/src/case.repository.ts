import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, departmentScopeSql, orderBySql, PageRequest } from '@forebyg/core';
import type { CaseOutcome, NextStepKind, RiskLevel, Stage } from '@forebyg/domain';

/** The case row as services use it (camelCase, money as numbers, dates as YYYY-MM-DD). */
export interface CaseRow {
  id: string;
  organisationId: string;
  departmentId: string;
  tenancyId: string;
  caseNumber: string;
  origin: 'manual' | 'arrears_import';
  status: 'open' | 'closed';
  stage: Stage;
  assignedCounsellorId: string | null;
  responsibleCaseworkerId: string | null;
  openedAt: Date;
  openedStage: Stage;
  helpBeganAt: Date | null;
  helpBeganStage: Stage | null;
  closedAt: Date | null;
  closedStage: Stage | null;
  outcome: CaseOutcome | null;
  outcomeNote: string | null;
  arrearsOre: number;
  arrearsAsOf: string | null;
  oldestDueDate: string | null;
  demandSentDate: string | null;
  demandDeadline: string | null;
  terminationDate: string | null;
  legalHandoverDate: string | null;
  courtFiledDate: string | null;
  evictionDate: string | null;
  childrenInHousehold: number;
  lastContactAt: Date | null;
  openTaskCount: number;
  earliestOpenTaskDue: string | null;
  agreementStatus: string | null;
  nextStep: NextStepKind | null;
  nextStepDue: string | null;
  nextStepEstimated: boolean;
  riskScore: number;
  riskLevel: RiskLevel;
  riskComputedLevel: RiskLevel;
  riskReasons: unknown[];
  riskOverrideLevel: RiskLevel | null;
  riskOverrideReason: string | null;
  riskOverrideBy: string | null;
  riskOverrideAt: Date | null;
  monthlyRentOre: number | null;
  version: number;
}

export const CASE_ROW_COLUMNS = `
  c.id, c.organisation_id AS "organisationId", c.department_id AS "departmentId", c.tenancy_id AS "tenancyId",
  c.case_number AS "caseNumber", c.origin, c.status, c.stage,
  c.assigned_counsellor_id AS "assignedCounsellorId", c.responsible_caseworker_id AS "responsibleCaseworkerId",
  c.opened_at AS "openedAt", c.opened_stage AS "openedStage", c.help_began_at AS "helpBeganAt",
  c.help_began_stage AS "helpBeganStage", c.closed_at AS "closedAt", c.closed_stage AS "closedStage",
  c.outcome, c.outcome_note AS "outcomeNote", c.arrears_ore::float8 AS "arrearsOre",
  to_char(c.arrears_as_of, 'YYYY-MM-DD') AS "arrearsAsOf", to_char(c.oldest_due_date, 'YYYY-MM-DD') AS "oldestDueDate",
  to_char(c.demand_sent_date, 'YYYY-MM-DD') AS "demandSentDate", to_char(c.demand_deadline, 'YYYY-MM-DD') AS "demandDeadline",
  to_char(c.termination_date, 'YYYY-MM-DD') AS "terminationDate", to_char(c.legal_handover_date, 'YYYY-MM-DD') AS "legalHandoverDate",
  to_char(c.court_filed_date, 'YYYY-MM-DD') AS "courtFiledDate", to_char(c.eviction_date, 'YYYY-MM-DD') AS "evictionDate",
  c.children_in_household AS "childrenInHousehold", c.last_contact_at AS "lastContactAt",
  c.open_task_count AS "openTaskCount", to_char(c.earliest_open_task_due, 'YYYY-MM-DD') AS "earliestOpenTaskDue",
  c.agreement_status AS "agreementStatus", c.next_step AS "nextStep", to_char(c.next_step_due, 'YYYY-MM-DD') AS "nextStepDue",
  c.next_step_estimated AS "nextStepEstimated", c.risk_score AS "riskScore", c.risk_level AS "riskLevel",
  c.risk_computed_level AS "riskComputedLevel", c.risk_reasons AS "riskReasons",
  c.risk_override_level AS "riskOverrideLevel", c.risk_override_reason AS "riskOverrideReason",
  c.risk_override_by AS "riskOverrideBy", c.risk_override_at AS "riskOverrideAt",
  t.monthly_rent_ore::float8 AS "monthlyRentOre", c.version`;

/** One row of the caseload, before the clock is turned into days left. */
export interface CaseSummaryRow {
  id: string;
  caseNumber: string;
  status: 'open' | 'closed';
  stage: Stage;
  departmentId: string;
  departmentCode: string;
  departmentName: string;
  tenancyId: string;
  tenancyNumber: string;
  address: string | null;
  unit: string | null;
  tenantName: string | null;
  counsellorId: string | null;
  counsellorName: string | null;
  caseworkerId: string | null;
  caseworkerName: string | null;
  arrearsOre: number;
  monthlyRentOre: number | null;
  nextStep: NextStepKind | null;
  nextStepDue: string | null;
  nextStepEstimated: boolean;
  riskScore: number;
  riskLevel: RiskLevel;
  overridden: boolean;
  lastContactAt: Date | null;
  openTaskCount: number;
  earliestOpenTaskDue: string | null;
  openedAt: Date;
  closedAt: Date | null;
  outcome: CaseOutcome | null;
}

/** The caseload's columns over `source` (the case table, or an already sorted and limited page of it). */
const summarySelect = (source: string) => `
  SELECT c.id, c.case_number AS "caseNumber", c.status, c.stage, c.department_id AS "departmentId",
         d.code AS "departmentCode", d.name AS "departmentName", c.tenancy_id AS "tenancyId",
         t.tenancy_number AS "tenancyNumber", t.address, t.unit,
         (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM household_member h JOIN person p ON p.id = h.person_id
           WHERE h.tenancy_id = c.tenancy_id AND h.role = 'tenant' AND (h.until IS NULL OR h.until >= current_date)) AS "tenantName",
         c.assigned_counsellor_id AS "counsellorId", uc.name AS "counsellorName",
         c.responsible_caseworker_id AS "caseworkerId", uw.name AS "caseworkerName",
         c.arrears_ore::float8 AS "arrearsOre", t.monthly_rent_ore::float8 AS "monthlyRentOre",
         c.next_step AS "nextStep", to_char(c.next_step_due, 'YYYY-MM-DD') AS "nextStepDue",
         c.next_step_estimated AS "nextStepEstimated", c.risk_score AS "riskScore", c.risk_level AS "riskLevel",
         c.risk_override_level IS NOT NULL AS overridden, c.last_contact_at AS "lastContactAt",
         c.open_task_count AS "openTaskCount", to_char(c.earliest_open_task_due, 'YYYY-MM-DD') AS "earliestOpenTaskDue",
         c.opened_at AS "openedAt", c.closed_at AS "closedAt", c.outcome
    FROM ${source}
    JOIN tenancy t ON t.id = c.tenancy_id
    JOIN department d ON d.id = c.department_id
    LEFT JOIN app_user uc ON uc.id = c.assigned_counsellor_id
    LEFT JOIN app_user uw ON uw.id = c.responsible_caseworker_id`;

const SUMMARY_SELECT = summarySelect('case_file c');

export const CASE_SORTS = {
  risk: 'c.risk_rank',
  daysLeft: 'c.next_step_due',
  caseNumber: 'c.case_number',
  openedAt: 'c.opened_at',
  arrears: 'c.arrears_ore',
  lastContact: 'c.last_contact_at',
};

export interface CaseFilter {
  assignee?: string;
  status?: 'open' | 'closed' | 'all';
  stages?: Stage[];
  riskLevels?: RiskLevel[];
  departmentId?: string;
  overdueTasks?: boolean;
  noContactDays?: number;
  q?: string;
  /** Exactly this case number. */
  caseNumber?: string;
  /** Today's Copenhagen date, for the date-relative filters. */
  today: string;
}

/** The caseload's WHERE clause, scoped to the actor's organisation and departments. */
export function caseWhereSql(actor: Actor, filter: CaseFilter, params: unknown[]): string {
  params.push(actor.organisationId);
  const where = [`c.organisation_id = $${params.length}`, departmentScopeSql(actor, 'c.department_id', params)];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  const assignee = filter.assignee ?? 'me';
  if (assignee === 'me') add('(c.assigned_counsellor_id = ? OR c.responsible_caseworker_id = ?)', actor.id);
  else if (assignee === 'none') where.push('c.assigned_counsellor_id IS NULL');
  else if (assignee !== 'any') add('(c.assigned_counsellor_id = ? OR c.responsible_caseworker_id = ?)', assignee);
  const status = filter.status ?? 'open';
  if (status !== 'all') add('c.status = ?', status);
  if (filter.stages?.length) add('c.stage = ANY(?::text[])', filter.stages);
  if (filter.riskLevels?.length) add('c.risk_level = ANY(?::text[])', filter.riskLevels);
  if (filter.departmentId) add('c.department_id = ?', filter.departmentId);
  if (filter.caseNumber) add('c.case_number = ?', filter.caseNumber);
  if (filter.overdueTasks) add('c.earliest_open_task_due < ?::date', filter.today);
  if (filter.noContactDays !== undefined) {
    params.push(filter.noContactDays);
    const n = `$${params.length}`;
    params.push(filter.today);
    where.push(
      `COALESCE(c.last_contact_at, c.opened_at) < ($${params.length}::date - ${n}::int + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'`,
    );
  }
  if (filter.q) {
    add(
      `(t.tenancy_number ILIKE ? OR t.address ILIKE ? OR EXISTS (SELECT 1 FROM household_member qh JOIN person qp ON qp.id = qh.person_id
         WHERE qh.tenancy_id = c.tenancy_id AND qp.name ILIKE ?))`,
      `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`,
    );
  }
  return where.join(' AND ');
}

/** The caseload's ORDER BY (list and export alike): unknown due dates and never-contacted cases last either way. */
function caseOrderSql(req: PageRequest): string {
  const sql = orderBySql(req).replace(/c\.(next_step_due|last_contact_at) (ASC|DESC)/g, 'c.$1 $2 NULLS LAST');
  return `${sql}, c.id`;
}

/** Reads of cases. Every query is scoped to the actor's organisation and departments. */
@Injectable()
export class CaseRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(actor: Actor, filter: CaseFilter, req: PageRequest): Promise<{ rows: CaseSummaryRow[]; total: number }> {
    const params: unknown[] = [];
    const where = caseWhereSql(actor, filter, params);
    // Sort and cut the page on case_file alone, then join the page's 25 rows: the joins never run for the
    // thousands of rows a broad filter matches. The tenancy is joined early only when the text search needs it.
    const from = filter.q ? 'case_file c JOIN tenancy t ON t.id = c.tenancy_id' : 'case_file c';
    const order = caseOrderSql(req);
    const page = `(SELECT c.* FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${req.pageSize} OFFSET ${req.offset}) c`;
    const [rows, count] = await Promise.all([
      this.ds.query(`${summarySelect(page)} ORDER BY ${order}`, params),
      this.ds.query(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, params),
    ]);
    return { rows, total: count[0].n };
  }

  /** Ids of every matching case in list order (for the export, which then reads them in chunks). */
  async listIds(actor: Actor, filter: CaseFilter, req: PageRequest, max: number): Promise<string[]> {
    const params: unknown[] = [];
    const where = caseWhereSql(actor, filter, params);
    const rows = await this.ds.query(
      `SELECT c.id FROM ${filter.q ? 'case_file c JOIN tenancy t ON t.id = c.tenancy_id' : 'case_file c'} WHERE ${where} ORDER BY ${caseOrderSql(req)} LIMIT ${max}`,
      params,
    );
    return rows.map((r: { id: string }) => r.id);
  }

  async summariesByIds(ids: readonly string[], em?: EntityManager): Promise<CaseSummaryRow[]> {
    if (ids.length === 0) return [];
    const rows: CaseSummaryRow[] = await (em ?? this.ds.manager).query(`${SUMMARY_SELECT} WHERE c.id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is CaseSummaryRow => r !== undefined);
  }

  async summary(actor: Actor, id: string, em?: EntityManager): Promise<CaseSummaryRow | null> {
    const params: unknown[] = [actor.organisationId, id];
    const rows = await (em ?? this.ds.manager).query(
      `${SUMMARY_SELECT} WHERE c.organisation_id = $1 AND c.id = $2 AND ${departmentScopeSql(actor, 'c.department_id', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The case row, locked for the rest of the transaction; null when it does not exist for this actor. */
  async lock(em: EntityManager, actor: Actor, id: string): Promise<CaseRow | null> {
    const params: unknown[] = [actor.organisationId, id];
    const rows = await em.query(
      `SELECT ${CASE_ROW_COLUMNS} FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id
        WHERE c.organisation_id = $1 AND c.id = $2 AND ${departmentScopeSql(actor, 'c.department_id', params)}
        FOR UPDATE OF c`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The case row without scope checks: for system work (refresh, import) that already knows the id is right. */
  async lockById(em: EntityManager, id: string): Promise<CaseRow | null> {
    const rows = await em.query(
      `SELECT ${CASE_ROW_COLUMNS} FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE c.id = $1 FOR UPDATE OF c`,
      [id],
    );
    return rows[0] ?? null;
  }

  async row(em: EntityManager, id: string): Promise<CaseRow> {
    const rows = await em.query(`SELECT ${CASE_ROW_COLUMNS} FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE c.id = $1`, [id]);
    return rows[0];
  }
}
