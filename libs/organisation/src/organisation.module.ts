import { Module } from '@nestjs/common';
import { DepartmentRepository } from './department.repository.js';
import { MunicipalityRepository } from './municipality.repository.js';
import { OrganisationController } from './organisation.controller.js';

@Module({
  controllers: [OrganisationController],
  providers: [DepartmentRepository, MunicipalityRepository],
  exports: [DepartmentRepository, MunicipalityRepository],
})
export class OrganisationModule {}
