import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, canSeeDepartment, DomainError, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { CprVault, PersonRepository } from '@forebyg/tenancies';
import { assertNoFutureFacts, isUniqueViolation } from './case-checks.js';
import { eventActorOf, recordCaseEvent } from './case-events.js';
import { CaseRefresher } from './case-refresher.js';
import { CaseViews, type CaseDetail } from './case-views.js';
import { CaseWriter } from './case-writer.js';
import type { IntakeDto } from './dto/index.js';

/**
 * Opening a case: the tenancy (an existing one in the user's departments, or a new one), the tenant (found by CPR
 * or created) in its household, the assignees, the stage and dates so far, and the first contact.
 */
@Injectable()
export class CaseIntakeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly views: CaseViews,
    private readonly writer: CaseWriter,
    private readonly refresher: CaseRefresher,
    private readonly persons: PersonRepository,
    private readonly vault: CprVault,
    private readonly audit: AuditService,
  ) {}

  async intake(actor: Actor, dto: IntakeDto, ctx: RequestContext): Promise<CaseDetail> {
    if (!dto.tenancyId === !dto.tenancy) {
      throw DomainError.validation([
        { field: 'tenancy', reason: dto.tenancyId ? 'tenancy_ambiguous' : 'tenancy_required', message: 'Give either tenancyId or tenancy' },
      ]);
    }
    const who = eventActorOf(actor);
    const today = this.writer.today();
    assertNoFutureFacts(dto.dates, today);
    try {
      return await this.ds.transaction(async (em) => {
        const tenancy = await this.resolveTenancy(em, actor, dto);
        const open = await em.query(`SELECT id FROM case_file WHERE tenancy_id = $1 AND status = 'open'`, [tenancy.id]);
        if (open.length) throw DomainError.conflict('The tenancy already has an open case', { reason: 'open_case_exists', caseId: open[0].id });

        let personId: string | null = null;
        if (dto.tenant) {
          const protectedCpr = dto.tenant.cpr ? this.vault.protect(dto.tenant.cpr, 'tenant.cpr') : null;
          const existing = protectedCpr
            ? await em.query('SELECT id FROM person WHERE organisation_id = $1 AND cpr_blind_index = $2', [actor.organisationId, protectedCpr.blindIndex])
            : [];
          personId =
            existing[0]?.id ??
            (await this.persons.insert(em, {
              organisationId: actor.organisationId,
              name: dto.tenant.name.trim(),
              cpr: protectedCpr,
              phone: dto.tenant.phone ?? null,
              email: dto.tenant.email ?? null,
              preferredLanguage: dto.tenant.preferredLanguage,
            }));
          await this.persons.addToHousehold(em, tenancy.id, personId as string, 'tenant');
          if (!existing[0]) {
            await this.audit.record({ action: 'person.created', actor, personId, entityType: 'person', entityId: personId, context: ctx }, em);
          }
        }

        const counsellorId = dto.assignedCounsellorId ?? (actor.kind === 'user' && actor.role === 'counsellor' ? actor.id : null);
        const caseworkerId = dto.responsibleCaseworkerId ?? (actor.kind === 'user' && actor.role === 'caseworker' ? actor.id : null);
        if (counsellorId) await this.writer.assertAssignable(em, actor, counsellorId, 'counsellor', tenancy.departmentId, 'assignedCounsellorId');
        if (caseworkerId) await this.writer.assertAssignable(em, actor, caseworkerId, 'caseworker', tenancy.departmentId, 'responsibleCaseworkerId');

        const stage = dto.stage ?? 'arrears';
        const d = dto.dates ?? {};
        const [created] = await em.query(
          `INSERT INTO case_file (organisation_id, department_id, tenancy_id, case_number, origin, stage, opened_stage,
              assigned_counsellor_id, responsible_caseworker_id, arrears_ore, children_in_household,
              oldest_due_date, demand_sent_date, termination_date, legal_handover_date, court_filed_date, eviction_date)
           VALUES ($1, $2, $3, to_char(now() AT TIME ZONE 'Europe/Copenhagen', 'YYYY') || '-' || lpad(nextval('case_number_seq')::text, 6, '0'),
                   'manual', $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           RETURNING id`,
          [
            actor.organisationId,
            tenancy.departmentId,
            tenancy.id,
            stage,
            counsellorId,
            caseworkerId,
            dto.arrearsOre ?? 0,
            dto.childrenInHousehold ?? 0,
            d.oldestDueDate ?? null,
            d.demandSentDate ?? null,
            d.terminationDate ?? null,
            d.legalHandoverDate ?? null,
            d.courtFiledDate ?? null,
            d.evictionDate ?? null,
          ],
        );
        const caseId: string = created.id;
        await recordCaseEvent(em, caseId, who, 'opened', { stage, origin: 'manual' });
        if (dto.firstContact) {
          await this.writer.insertContact(em, actor, caseId, { ...dto.firstContact, direction: 'inbound', at: new Date() });
        }
        await this.refresher.refresh(em, caseId, who);
        await this.audit.record({ action: 'case.created', actor, personId, entityType: 'case', entityId: caseId, context: ctx }, em);
        return this.views.detail(em, actor, caseId, today);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw DomainError.conflict('The tenancy already has an open case', { reason: 'open_case_exists' });
      throw e;
    }
  }

  private async resolveTenancy(em: EntityManager, actor: Actor, dto: IntakeDto): Promise<{ id: string; departmentId: string }> {
    if (dto.tenancyId) {
      const params: unknown[] = [actor.organisationId, dto.tenancyId];
      const scope = actor.departmentIds === 'all' ? 'TRUE' : (params.push(actor.departmentIds), 'department_id = ANY($3::uuid[])');
      const rows = await em.query(`SELECT id, department_id AS "departmentId" FROM tenancy WHERE organisation_id = $1 AND id = $2 AND ${scope}`, params);
      if (!rows[0]) throw DomainError.validation([{ field: 'tenancyId', reason: 'not_found', message: 'No such tenancy in your departments' }]);
      return rows[0];
    }
    const t = dto.tenancy!;
    const dept = await em.query('SELECT id FROM department WHERE id = $1 AND organisation_id = $2', [t.departmentId, actor.organisationId]);
    if (!dept[0] || !canSeeDepartment(actor, t.departmentId)) {
      throw DomainError.validation([{ field: 'tenancy.departmentId', reason: 'unknown_department', message: 'Not one of your departments' }]);
    }
    const number = t.tenancyNumber.trim();
    const existing = await em.query(
      'SELECT id, department_id AS "departmentId" FROM tenancy WHERE organisation_id = $1 AND tenancy_number = $2',
      [actor.organisationId, number],
    );
    if (existing[0]) {
      if (existing[0].departmentId !== t.departmentId) {
        throw DomainError.validation([
          { field: 'tenancy.tenancyNumber', reason: 'tenancy_number_taken', message: 'This tenancy number belongs to another department' },
        ]);
      }
      return existing[0];
    }
    const [row] = await em.query(
      `INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address, unit, postal_code, monthly_rent_ore)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, department_id AS "departmentId"`,
      [actor.organisationId, t.departmentId, number, t.address.trim(), t.unit ?? null, t.postalCode ?? null, t.monthlyRentOre ?? null],
    );
    return row;
  }
}
