import { Module } from '@nestjs/common';
import { CprVault } from './cpr-vault.js';
import { PersonRepository } from './person.repository.js';
import { PersonsService } from './persons.service.js';
import { TenanciesController } from './tenancies.controller.js';
import { TenancyRepository } from './tenancy.repository.js';

@Module({
  controllers: [TenanciesController],
  providers: [CprVault, PersonRepository, TenancyRepository, PersonsService],
  exports: [CprVault, PersonRepository, TenancyRepository, PersonsService],
})
export class TenanciesModule {}
