import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, Page, pageRequest, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { CprVault } from '@forebyg/tenancies';
import { planStageChange, type Stage } from '@forebyg/domain';
import { assertNoFutureFacts, isUniqueViolation } from './case-checks.js';
import { eventActorOf, recordCaseEvent } from './case-events.js';
import { CASE_SORTS, CaseRepository, type CaseFilter, type CaseRow } from './case.repository.js';
import { CaseViews, type CaseDetail, type CaseSummary } from './case-views.js';
import { CaseWriter } from './case-writer.js';
import type {
  AssignDto,
  BulkAssignDto,
  CaseQueryDto,
  ChangeStageDto,
  CloseCaseDto,
  ReopenCaseDto,
  RiskOverrideDto,
  UpdateCaseDto,
} from './dto/index.js';

/** The column that records the date a stage was reached. */
const STAGE_DATE_COLUMN: Readonly<Record<Stage, string | null>> = {
  arrears: null,
  demand: 'demand_sent_date',
  termination: 'termination_date',
  legal: 'legal_handover_date',
  court: 'court_filed_date',
  eviction_scheduled: 'eviction_date',
};

const DATE_COLUMNS = {
  oldestDueDate: 'oldest_due_date',
  demandSentDate: 'demand_sent_date',
  terminationDate: 'termination_date',
  legalHandoverDate: 'legal_handover_date',
  courtFiledDate: 'court_filed_date',
  evictionDate: 'eviction_date',
} as const;

/** The case as a whole: the caseload, stage, assignment, risk override, closing and reopening (opening: CaseIntakeService). */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly views: CaseViews,
    private readonly writer: CaseWriter,
    private readonly vault: CprVault,
    private readonly audit: AuditService,
  ) {}

  filterOf(query: CaseQueryDto): CaseFilter {
    return {
      assignee: query.assignee?.toLowerCase(),
      status: query.status,
      stages: query.stage,
      riskLevels: query.riskLevel,
      departmentId: query.departmentId,
      overdueTasks: query.overdueTasks === 'true',
      noContactDays: query.noContactDays,
      q: query.q?.trim() || undefined,
      caseNumber: query.caseNumber?.trim() || undefined,
      today: this.writer.today(),
    };
  }

  async list(actor: Actor, query: CaseQueryDto): Promise<Page<CaseSummary>> {
    const req = pageRequest(query, CASE_SORTS, '-risk,daysLeft');
    const filter = this.filterOf(query);
    const { rows, total } = await this.cases.list(actor, filter, req);
    return { items: rows.map((r) => this.views.summary(r, filter.today)), page: req.page, pageSize: req.pageSize, total };
  }

  async get(actor: Actor, id: string, ctx: RequestContext): Promise<CaseDetail> {
    return this.ds.transaction(async (em) => {
      const found = await this.cases.summary(actor, id, em);
      if (!found) throw DomainError.notFound('Case');
      const detail = await this.views.detail(em, actor, id, this.writer.today(), found);
      const members = detail.household.length ? detail.household.map((m) => m.personId) : [null];
      for (const personId of members) {
        await this.audit.record({ action: 'case.read', actor, personId, entityType: 'case', entityId: id, context: ctx }, em);
      }
      return detail;
    });
  }

  async searchByCpr(actor: Actor, cpr: string, ctx: RequestContext): Promise<{ items: CaseSummary[] }> {
    const index = this.vault.indexOf(cpr);
    if (!index) throw DomainError.validation([{ field: 'cpr', reason: 'invalid_cpr' }]);
    return this.ds.transaction(async (em) => {
      const params: unknown[] = [actor.organisationId, index];
      const scope = actor.departmentIds === 'all' ? 'TRUE' : (params.push(actor.departmentIds), `c.department_id = ANY($3::uuid[])`);
      const rows: { id: string; personId: string }[] = await em.query(
        `SELECT c.id, p.id AS "personId" FROM person p
           JOIN household_member h ON h.person_id = p.id
           JOIN case_file c ON c.tenancy_id = h.tenancy_id
          WHERE p.organisation_id = $1 AND p.cpr_blind_index = $2 AND c.organisation_id = $1 AND ${scope}
          ORDER BY c.opened_at DESC LIMIT 100`,
        params,
      );
      const today = this.writer.today();
      const summaries = await this.cases.summariesByIds(rows.map((r) => r.id), em);
      await this.audit.record(
        { action: 'case.searched_by_cpr', actor, personId: rows[0]?.personId ?? null, context: ctx, details: { matches: rows.length } },
        em,
      );
      return { items: summaries.map((s) => this.views.summary(s, today)) };
    });
  }

  async assignees(actor: Actor, departmentId?: string): Promise<{ items: { id: string; name: string; role: string }[] }> {
    const params: unknown[] = [actor.organisationId];
    let dept = '';
    if (departmentId) {
      params.push(departmentId);
      dept = `AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_department ud WHERE ud.user_id = u.id AND ud.department_id = $2))`;
    }
    const items = await this.ds.query(
      `SELECT u.id, u.name, u.role FROM app_user u
        WHERE u.organisation_id = $1 AND u.disabled_at IS NULL AND u.role IN ('counsellor', 'caseworker', 'admin') ${dept}
        ORDER BY u.name, u.id`,
      params,
    );
    return { items };
  }

  update(actor: Actor, id: string, dto: UpdateCaseDto, ctx: RequestContext): Promise<CaseDetail> {
    assertNoFutureFacts(dto.dates, this.writer.today());
    return this.writer.change(actor, id, { version: dto.version, audit: 'case.updated', context: ctx }, async ({ em, row, event }) => {
      const sets: string[] = [];
      const params: unknown[] = [id];
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const set = (column: string, field: string, from: unknown, to: unknown) => {
        if (to === undefined || from === to) return;
        params.push(to);
        sets.push(`${column} = $${params.length}`);
        changes[field] = { from, to };
      };
      set('arrears_ore', 'arrearsOre', row.arrearsOre, dto.arrearsOre);
      set('children_in_household', 'childrenInHousehold', row.childrenInHousehold, dto.childrenInHousehold);
      for (const [field, column] of Object.entries(DATE_COLUMNS) as [keyof typeof DATE_COLUMNS, string][]) {
        set(column, field, row[field], dto.dates?.[field]);
      }
      if (sets.length === 0) return;
      await em.query(`UPDATE case_file SET ${sets.join(', ')}, version = version + 1 WHERE id = $1`, params);
      await event('case_updated', { changes });
    });
  }

  changeStage(actor: Actor, id: string, dto: ChangeStageDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(
      actor,
      id,
      { version: dto.version, audit: 'case.stage_changed', context: ctx, details: { to: dto.stage } },
      async ({ em, row, event }) => {
        const plan = planStageChange(row.stage, dto.stage, dto.reason);
        if (!plan.ok) {
          throw DomainError.validation([
            plan.error === 'same_stage'
              ? { field: 'stage', reason: 'same_stage', message: 'The case is already at this stage' }
              : { field: 'reason', reason: 'reason_required', message: 'Skipping a stage or going back needs a reason' },
          ]);
        }
        const column = STAGE_DATE_COLUMN[dto.stage];
        if (dto.stage === 'eviction_scheduled' && !dto.date && !row.evictionDate) {
          throw DomainError.validation([{ field: 'date', reason: 'required_for_stage', message: 'Give the eviction date' }]);
        }
        const today = this.writer.today();
        if (dto.date && dto.stage !== 'eviction_scheduled' && dto.date > today) {
          throw DomainError.validation([{ field: 'date', reason: 'in_future', message: 'The date cannot be in the future' }]);
        }
        const date = dto.date ?? (dto.stage === 'eviction_scheduled' ? row.evictionDate : plan.kind === 'backward' ? null : today);
        const params: unknown[] = [id, dto.stage];
        let dateSet = '';
        if (column && date) {
          params.push(date);
          dateSet = `, ${column} = $3`;
        }
        await em.query(`UPDATE case_file SET stage = $2${dateSet}, version = version + 1 WHERE id = $1`, params);
        await event('stage_changed', { from: row.stage, to: dto.stage, kind: plan.kind, reason: dto.reason?.trim() || null, date: column ? date : null });
      },
    );
  }

  assign(actor: Actor, id: string, dto: AssignDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { version: dto.version, audit: 'case.assigned', context: ctx }, async ({ em, row, event }) => {
      await this.applyAssignment(em, actor, row, dto, event);
    });
  }

  private async applyAssignment(
    em: EntityManager,
    actor: Actor,
    row: Pick<CaseRow, 'id' | 'departmentId' | 'assignedCounsellorId' | 'responsibleCaseworkerId'>,
    dto: { assignedCounsellorId?: string | null; responsibleCaseworkerId?: string | null },
    event: (kind: 'assigned', data: Record<string, unknown>) => Promise<void>,
    extra: Record<string, unknown> = {},
  ): Promise<boolean> {
    const data: Record<string, unknown> = { ...extra };
    const sets: string[] = [];
    const params: unknown[] = [row.id];
    const slots = [
      ['assignedCounsellorId', 'assigned_counsellor_id', 'counsellor', row.assignedCounsellorId],
      ['responsibleCaseworkerId', 'responsible_caseworker_id', 'caseworker', row.responsibleCaseworkerId],
    ] as const;
    for (const [field, column, slot, current] of slots) {
      const to = dto[field];
      if (to === undefined || to === current) continue;
      if (to !== null) await this.writer.assertAssignable(em, actor, to, slot, row.departmentId, field);
      params.push(to);
      sets.push(`${column} = $${params.length}`);
      const names: { id: string; name: string }[] = await em.query('SELECT id, name FROM app_user WHERE id = ANY($1::uuid[])', [
        [current, to].filter((v): v is string => v !== null),
      ]);
      const nameOf = (uid: string | null) => (uid ? (names.find((n) => n.id === uid)?.name ?? null) : null);
      data[slot] = { from: current, to, fromName: nameOf(current), toName: nameOf(to) };
    }
    if (sets.length === 0) return false;
    await em.query(`UPDATE case_file SET ${sets.join(', ')}, version = version + 1 WHERE id = $1`, params);
    await event('assigned', data);
    return true;
  }

  async bulkAssign(actor: Actor, dto: BulkAssignDto, ctx: RequestContext): Promise<{ updated: number; items: { id: string; version: number }[] }> {
    return this.ds.transaction(async (em) => {
      const params: unknown[] = [actor.organisationId, dto.caseIds];
      const scope = actor.departmentIds === 'all' ? 'TRUE' : (params.push(actor.departmentIds), 'department_id = ANY($3::uuid[])');
      const rows: Pick<CaseRow, 'id' | 'departmentId' | 'assignedCounsellorId' | 'responsibleCaseworkerId' | 'status' | 'tenancyId'>[] = await em.query(
        `SELECT id, department_id AS "departmentId", assigned_counsellor_id AS "assignedCounsellorId",
                responsible_caseworker_id AS "responsibleCaseworkerId", status, tenancy_id AS "tenancyId"
           FROM case_file WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND ${scope} ORDER BY id FOR UPDATE`,
        params,
      );
      const usable = new Set(rows.filter((r) => r.status === 'open').map((r) => r.id));
      const refused = dto.caseIds.filter((id) => !usable.has(id.toLowerCase()));
      if (refused.length) {
        throw DomainError.validation([
          { field: 'caseIds', reason: 'not_found_or_closed', message: `Not open cases in your departments: ${refused.slice(0, 20).join(', ')}` },
        ]);
      }
      const who = eventActorOf(actor);
      let updated = 0;
      for (const row of rows) {
        const changed = await this.applyAssignment(em, actor, row, dto, (kind, data) => recordCaseEvent(em, row.id, who, kind, data), { bulk: true });
        if (!changed) continue;
        updated++;
        await this.audit.record(
          {
            action: 'case.assigned',
            actor,
            personId: await this.writer.primaryTenantId(em, row.tenancyId),
            entityType: 'case',
            entityId: row.id,
            context: ctx,
            details: { bulk: true },
          },
          em,
        );
      }
      const versions: { id: string; version: number }[] = await em.query('SELECT id, version FROM case_file WHERE id = ANY($1::uuid[]) ORDER BY id', [
        rows.map((r) => r.id),
      ]);
      return { updated, items: versions };
    });
  }

  riskOverride(actor: Actor, id: string, dto: RiskOverrideDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(
      actor,
      id,
      { version: dto.version, audit: 'case.risk_overridden', context: ctx, details: { level: dto.level } },
      async ({ em, row, event }) => {
        if (dto.level === null) {
          if (row.riskOverrideLevel === null) return;
          await em.query(
            `UPDATE case_file SET risk_override_level = NULL, risk_override_reason = NULL, risk_override_by = NULL, risk_override_at = NULL,
                    version = version + 1 WHERE id = $1`,
            [id],
          );
          await event('risk_override_cleared', { previousLevel: row.riskOverrideLevel });
          return;
        }
        const reason = (dto.reason ?? '').trim();
        if (!reason) throw DomainError.validation([{ field: 'reason', reason: 'reason_required', message: 'An override needs a reason' }]);
        await em.query(
          `UPDATE case_file SET risk_override_level = $2, risk_override_reason = $3, risk_override_by = $4, risk_override_at = now(),
                  version = version + 1 WHERE id = $1`,
          [id, dto.level, reason, actor.kind === 'user' ? actor.id : null],
        );
        await event('risk_overridden', { level: dto.level, computedLevel: row.riskComputedLevel, reason });
      },
    );
  }

  close(actor: Actor, id: string, dto: CloseCaseDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(
      actor,
      id,
      { version: dto.version, audit: 'case.closed', context: ctx, details: { outcome: dto.outcome } },
      async ({ em, row, event }) => {
        await em.query(
          `UPDATE case_file SET status = 'closed', closed_at = now(), closed_stage = stage, outcome = $2, outcome_note = $3,
                  version = version + 1 WHERE id = $1`,
          [id, dto.outcome, dto.note?.trim() || null],
        );
        await event('closed', { outcome: dto.outcome, stage: row.stage, helpBeganStage: row.helpBeganStage });
      },
    );
  }

  async reopen(actor: Actor, id: string, dto: ReopenCaseDto, ctx: RequestContext): Promise<CaseDetail> {
    try {
      return await this.writer.change(
        actor,
        id,
        { version: dto.version, allowClosed: true, audit: 'case.reopened', context: ctx },
        async ({ em, row, event }) => {
          if (row.status === 'open') throw DomainError.conflict('The case is already open', { reason: 'case_open' });
          const other = await em.query(`SELECT id FROM case_file WHERE tenancy_id = $1 AND status = 'open' AND id <> $2`, [row.tenancyId, id]);
          if (other.length) throw DomainError.conflict('The tenancy has another open case', { reason: 'open_case_exists', caseId: other[0].id });
          await em.query(
            `UPDATE case_file SET status = 'open', closed_at = NULL, closed_stage = NULL, outcome = NULL, outcome_note = NULL,
                    version = version + 1 WHERE id = $1`,
            [id],
          );
          await event('reopened', { reason: dto.reason.trim(), previousOutcome: row.outcome });
        },
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw DomainError.conflict('The tenancy has another open case', { reason: 'open_case_exists' });
      throw e;
    }
  }
}
