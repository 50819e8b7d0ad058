import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, pageRequest, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { DepartmentLeadService } from './department-lead.service.js';
import { DEPARTMENT_SORTS, DepartmentRepository } from './department.repository.js';
import { MunicipalityRepository } from './municipality.repository.js';
import { DepartmentQueryDto, SetDepartmentLeadDto } from './organisation.dto.js';

@ApiTags('organisation')
@Controller('api/v1')
export class OrganisationController {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly leads: DepartmentLeadService,
    private readonly municipalities: MunicipalityRepository,
  ) {}

  /** The departments the caller may work in (all of the organisation's for an admin, with each one's lead). */
  @Get('departments')
  @RequirePermission('departments:read')
  listDepartments(@CurrentActor() actor: Actor, @Query() query: DepartmentQueryDto) {
    return this.departments.listVisible(actor, pageRequest(query, DEPARTMENT_SORTS, 'code'), query);
  }

  /** Set or clear the department's lead (admins). */
  @Patch('departments/:id')
  @RequirePermission('users:manage')
  setDepartmentLead(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: SetDepartmentLeadDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.leads.setLead(actor, id, dto.leadUserId, ctx);
  }

  /** The users who may lead the department, in one page (admins). */
  @Get('departments/:id/lead-candidates')
  @RequirePermission('users:manage')
  async leadCandidates(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return onePage(await this.leads.candidates(actor, id));
  }

  @Get('municipalities')
  @RequirePermission('municipalities:read')
  async listMunicipalities() {
    return onePage(await this.municipalities.listAll());
  }
}

/** A whole list in the one list shape. */
function onePage<T>(items: T[]) {
  return { items, page: 1, pageSize: items.length, total: items.length };
}
