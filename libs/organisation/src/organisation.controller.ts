import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, pageRequest, RequirePermission } from '@forebyg/core';
import { DEPARTMENT_SORTS, DepartmentRepository } from './department.repository.js';
import { MunicipalityRepository } from './municipality.repository.js';
import { DepartmentQueryDto } from './organisation.dto.js';

@ApiTags('organisation')
@Controller('api/v1')
export class OrganisationController {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly municipalities: MunicipalityRepository,
  ) {}

  /** The departments the caller may work in (all of the organisation's for an admin). */
  @Get('departments')
  @RequirePermission('departments:read')
  listDepartments(@CurrentActor() actor: Actor, @Query() query: DepartmentQueryDto) {
    return this.departments.listVisible(actor, pageRequest(query, DEPARTMENT_SORTS, 'code'), query);
  }

  @Get('municipalities')
  @RequirePermission('municipalities:read')
  async listMunicipalities() {
    const items = await this.municipalities.listAll();
    return { items, page: 1, pageSize: items.length, total: items.length };
  }
}
