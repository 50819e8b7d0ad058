import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { DepartmentRepository, DepartmentView, LeadCandidate } from './department.repository.js';

/** The department lead (afdelingsleder), who gets the cases escalated two weeks running: set by admins. */
@Injectable()
export class DepartmentLeadService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly departments: DepartmentRepository,
    private readonly audit: AuditService,
  ) {}

  /** The users who may lead the department (404 outside the organisation). */
  async candidates(actor: Actor, departmentId: string): Promise<LeadCandidate[]> {
    if (!(await this.departments.findView(actor, departmentId))) throw DomainError.notFound('Department');
    return this.departments.leadCandidates(actor.organisationId, departmentId);
  }

  /** Sets or (with null) clears the lead; a change is audited with the previous and the new lead's ids. */
  async setLead(actor: Actor, departmentId: string, leadUserId: string | null, ctx: RequestContext): Promise<DepartmentView> {
    const lead = leadUserId?.toLowerCase() ?? null;
    return this.ds.transaction(async (em) => {
      const current = await this.departments.lockLead(em, actor.organisationId, departmentId);
      if (!current) throw DomainError.notFound('Department');
      if (lead !== null && !(await this.departments.isEligibleLead(em, actor.organisationId, departmentId, lead))) {
        throw DomainError.validation([
          {
            field: 'leadUserId',
            reason: 'not_eligible_lead',
            message: 'The lead must be an active user of the organisation who works in this department and reads cases',
          },
        ]);
      }
      if (current.leadUserId !== lead) {
        await this.departments.setLead(em, departmentId, lead);
        await this.audit.record(
          {
            action: 'department.lead_changed',
            actor,
            entityType: 'department',
            entityId: departmentId,
            context: ctx,
            details: { previousLeadUserId: current.leadUserId, leadUserId: lead },
          },
          em,
        );
      }
      return (await this.departments.findView(actor, departmentId, em))!;
    });
  }
}
