import { Module } from '@nestjs/common';
import { DepartmentLeadService } from './department-lead.service.js';
import { DepartmentRepository } from './department.repository.js';
import { MunicipalityRepository } from './municipality.repository.js';
import { OrganisationController } from './organisation.controller.js';

@Module({
  controllers: [OrganisationController],
  providers: [DepartmentRepository, DepartmentLeadService, MunicipalityRepository],
  exports: [DepartmentRepository, MunicipalityRepository],
})
export class OrganisationModule {}
